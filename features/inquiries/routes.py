"""The secretariat's 問い合わせ対応 desk: the list of cases, a case with its timeline and the moves
(対応開始, 担当者, 返信, 受信したメールを追加, メモ, クローズ, 再開, FAQ化).

Thin handlers: parse → service → render / redirect. A refused move is a 409 with the service's
Japanese message; an invalid form re-renders the case page with 422."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, clock
from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.security import client_ip, require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts.api import Role
from features.inquiries import forms, service, states, stats
from features.inquiries.models import CaseStatus, InquiryCase
from features.inquiries.states import Actor, TransitionRefused

OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "お問い合わせが見つかりません。"


def _uid(request: Request) -> int:
    return current_session(request)["uid"]


def _name(request: Request) -> str:
    return current_session(request).get("display_name") or "事務局"


def _conflict(error: TransitionRefused | service.CaseError) -> HTTPException:
    return HTTPException(status_code=409, detail=error.message)


# -- the desk ---------------------------------------------------------------------------------------


@get("/admin/inquiries", name="inquiries:desk", guards=OFFICE)
async def list_cases(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    status: FromQuery[str] = "",
    category: FromQuery[str] = "",
    assignee: FromQuery[str] = "",
    overdue: FromQuery[str] = "",
    page: FromQuery[str] = "1",
) -> Template:
    staff = await service.staff_members(db)
    filters = service.DeskFilters(
        status=status if status in {*CaseStatus, "all"} else "",
        category=category if category in service.CATEGORIES else "",
        assignee=assignee if assignee in {"none", *(str(uid) for uid, _ in staff)} else "",
        overdue=overdue == "1",
    )
    rows = await service.desk(db, settings, filters, page_number(page))
    today = clock.today_jst()
    frequent = [
        (label, await stats.top_categories(db, stats.month_bounds(*stats.months_back(today, back))[0], end))
        for label, back, end in (
            ("今月", 0, stats.month_bounds(today.year, today.month)[1]),
            ("過去3か月", 2, stats.month_bounds(today.year, today.month)[1]),
        )
    ]
    return render(
        request,
        "inquiries/desk.html.jinja",
        {
            "page": rows,
            "filters": filters,
            "query": filters.query(),
            "status_options": [(s.value, states.label(s)) for s in CaseStatus],
            "categories": service.CATEGORIES,
            "staff": staff,
            "target": settings.inquiries.target_business_days,
            "frequent": frequent,
        },
        fragments={"desk-rows": "desk_rows"},
    )


async def _case(db, case_id: int) -> InquiryCase:
    case = await service.case_by_id(db, case_id)
    if case is None:
        raise NotFoundException(NOT_FOUND)
    return case


async def _case_page(
    request: Request,
    db,
    settings,
    case: InquiryCase,
    *,
    errors: dict | None = None,
    values: dict | None = None,
    status_code: int = 200,
    template_id: str = "",
) -> Template:
    templates, chosen = await service.REPLY_TEMPLATES.offered(db, template_id)
    values = dict(values or {})
    if chosen is not None and "reply" not in values:
        values["reply"] = chosen.body
    glance = await service.registration(db, case)
    default_audience = {"individual": "individual", "organization": "organization"}.get(glance.role if glance else "")
    return render(
        request,
        "inquiries/case.html.jinja",
        {
            "case": case,
            "label": states.label(case.status),
            "moves": [m.value for m in states.allowed(case.status, Actor.STAFF)],
            "is_open": service.is_open(case),
            "age": service.age_in_business_days(case),
            "overdue": service.is_overdue(case, settings),
            "target": settings.inquiries.target_business_days,
            "assignee": await service.assignee_name(db, case),
            "staff": [(str(uid), name) for uid, name in await service.staff_members(db)],
            "templates": templates,
            "kind_labels": service.EVENT_LABELS,
            "timeline": await service.timeline(db, case.id),
            "glance": glance,
            "may_make_faq": service.may_make_faq(case),
            "audiences": list(service.AUDIENCES.items()),
            "default_audience": default_audience or "both",
            "errors": errors or {},
            "values": values,
        },
        status_code=status_code,
    )


@get("/admin/inquiries/{case_id:int}", name="inquiries:case", guards=OFFICE, opt={"writes": True})
async def show_case(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int], template: FromQuery[str] = ""
) -> Template:
    case = await _case(db, case_id)
    await audit.record(  # the inquirer's name, address and words: who read them, and when
        db,
        "inquiry_read",
        actor_user_id=_uid(request),
        target_type="inquiry",
        target_id=case.id,
        client_ip=client_ip(request.scope, settings),
    )
    return await _case_page(request, db, settings, case, template_id=template)


def _back(request: Request, case: InquiryCase, message: str) -> Response:
    flash(request, message)
    return see_other(request, request.app.route_reverse("inquiries:case", case_id=case.id))


@post("/admin/inquiries/{case_id:int}/start", name="inquiries:start", guards=OFFICE)
async def start_case(request: Request, db: DbSession, case_id: FromPath[int]) -> Response:
    case = await _case(db, case_id)
    try:
        await service.start(db, case, _uid(request), _name(request))
    except TransitionRefused as error:
        raise _conflict(error) from None
    return _back(request, case, "対応中にしました。")


@post("/admin/inquiries/{case_id:int}/close", name="inquiries:close", guards=OFFICE)
async def close_case(request: Request, db: DbSession, case_id: FromPath[int]) -> Response:
    case = await _case(db, case_id)
    try:
        await service.close(db, case, _uid(request), _name(request))
    except TransitionRefused as error:
        raise _conflict(error) from None
    return _back(request, case, "クローズしました。")


@post("/admin/inquiries/{case_id:int}/reopen", name="inquiries:reopen", guards=OFFICE)
async def reopen_case(request: Request, db: DbSession, case_id: FromPath[int]) -> Response:
    case = await _case(db, case_id)
    try:
        await service.reopen(db, case, _uid(request), _name(request))
    except TransitionRefused as error:
        raise _conflict(error) from None
    return _back(request, case, "対応中に戻しました。")


@post("/admin/inquiries/{case_id:int}/assign", name="inquiries:assign", guards=OFFICE)
async def assign_case(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    case = await _case(db, case_id)
    staff_ids = {uid for uid, _ in await service.staff_members(db)}
    assignee_id, error = forms.parse_assignee((await request.form()).dict(), staff_ids)
    if not error:
        try:
            await service.assign(db, case, assignee_id, _uid(request), _name(request))
        except service.CaseError as refused:
            error = refused.message
    if error:
        return await _case_page(request, db, settings, case, errors={"assignee_id": error}, status_code=422)
    return _back(request, case, "担当者を変更しました。")


@post("/admin/inquiries/{case_id:int}/reply", name="inquiries:reply", guards=OFFICE)
async def reply_case(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    case = await service.locked_case(db, case_id)
    if case is None:
        raise NotFoundException(NOT_FOUND)
    result = forms.parse_reply((await request.form()).dict())
    if result.ok:
        try:
            await service.reply(db, settings, case, result.values["reply"], _uid(request), _name(request))
        except service.CaseError as error:
            result.error("reply", error.message)
        except TransitionRefused as error:
            raise _conflict(error) from None
    if not result.ok:
        return await _case_page(
            request, db, settings, case, errors=result.errors, values=result.values, status_code=422
        )
    return _back(request, case, "返信をメールで送りました。")


@post("/admin/inquiries/{case_id:int}/received", name="inquiries:add_received", guards=OFFICE)
async def add_received_mail(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    case = await service.locked_case(db, case_id)
    if case is None:
        raise NotFoundException(NOT_FOUND)
    result = forms.parse_text((await request.form()).dict(), "received", "受信したメールの本文")
    if result.ok:
        try:
            await service.add_received(
                db,
                case,
                result.values["received"],
                actor=Actor.STAFF,
                actor_name=_name(request),
                actor_id=_uid(request),
            )
        except TransitionRefused as error:
            raise _conflict(error) from None
    if not result.ok:
        return await _case_page(
            request, db, settings, case, errors=result.errors, values=result.values, status_code=422
        )
    return _back(request, case, "受信したメールを履歴に追加しました。")


@post("/admin/inquiries/{case_id:int}/notes", name="inquiries:add_note", guards=OFFICE)
async def add_note(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    case = await _case(db, case_id)
    result = forms.parse_text((await request.form()).dict(), "note", "メモ", service.NOTE_MAX)
    if result.ok:
        await service.add_note(db, case, result.values["note"], _uid(request), _name(request))
        return _back(request, case, "メモを追加しました。")
    return await _case_page(request, db, settings, case, errors=result.errors, values=result.values, status_code=422)


@post("/admin/inquiries/{case_id:int}/faq", name="inquiries:make_faq", guards=OFFICE)
async def make_faq(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    case = await service.locked_case(db, case_id)
    if case is None:
        raise NotFoundException(NOT_FOUND)
    audience, error = forms.parse_audience((await request.form()).dict())
    if error:
        return await _case_page(request, db, settings, case, errors={"audience": error}, status_code=422)
    try:
        entry_id = await service.make_faq(db, case, audience, _uid(request), _name(request))
    except service.CaseError as refused:
        raise _conflict(refused) from None
    flash(request, "FAQの下書きを作成しました。個人が特定できる内容を削除してから公開してください。")
    return see_other(request, request.app.route_reverse("faq:admin_edit", entry_id=entry_id))
