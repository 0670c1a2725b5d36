"""The secretariat's seminar pages (/admin/seminars…), the people side: 参加者管理 (registrations,
cancelling one), bulk messages, and the organizations' 出欠確認. Planning, programme, speakers,
counselors, states and PDFs are in routes_admin.py. Thin handlers: the rules are in the services."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit
from app.deps import AppSettings, DbSession
from app.pagination import Page, page_number
from app.sessions import flash
from app.templating import is_htmx, render, see_other
from features.seminars import forms, messaging, registration, service
from features.seminars.admin_pages import OFFICE, admin_labels, refused, seminar_or_404, uid, url_for
from features.seminars.models import (
    ORG_ANSWER_LABELS,
    REGISTRATION_STATUS_LABELS,
    RegistrationStatus,
    SeminarKind,
)
from features.seminars.states import TransitionRefused

# -- participants, messages -----------------------------------------------------------------------

REG_PER_PAGE = 100


@get("/{seminar_id:int}/registrations", name="seminars:admin_registrations", guards=OFFICE)
async def admin_registrations(
    request: Request,
    db: DbSession,
    seminar_id: FromPath[int],
    status: FromQuery[str] = "",
    page: FromQuery[str | None] = None,
) -> Template:
    seminar = await seminar_or_404(db, seminar_id)
    status = status if status in REGISTRATION_STATUS_LABELS else ""
    rows = await service.list_registrations(db, seminar.id, [status] if status else list(RegistrationStatus))
    number = page_number(page)
    shown = Page(
        items=rows[(number - 1) * REG_PER_PAGE : number * REG_PER_PAGE],
        total=len(rows),
        page=number,
        per_page=REG_PER_PAGE,
    )
    await audit.record(
        db,
        "seminar_registrations_viewed",
        actor_user_id=uid(request),
        target_type="seminar",
        target_id=seminar.id,
        detail=f"status={status or 'all'} page={number}",
    )
    return render(
        request,
        "seminars/admin/registrations.html.jinja",
        {
            "seminar": seminar,
            "page": shown,
            "status": status,
            "counts": (await service.registration_counts(db, [seminar.id]))[seminar.id],
            **admin_labels(),
        },
        fragments={"registration-list": "registration_list"},
    )


@post(
    "/{seminar_id:int}/registrations/{registration_id:int}/cancel",
    name="seminars:admin_cancel_registration",
    guards=OFFICE,
)
async def admin_cancel_registration(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int], registration_id: FromPath[int]
) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    rows = await service.list_registrations(db, seminar.id)
    if registration_id not in {r.id for r in rows}:
        raise NotFoundException("申込が見つかりません。")
    try:
        await registration.cancel(db, settings, registration_id)
    except registration.RegistrationRefused as error:
        raise HTTPException(status_code=409, detail=error.message) from None
    await audit.record(
        db,
        "seminar_registration_cancelled",
        actor_user_id=uid(request),
        target_type="seminar_registration",
        target_id=registration_id,
    )
    flash(request, "申込をキャンセルしました（キャンセル待ちの方がいれば繰り上げました）。")
    return see_other(request, url_for(request, "seminars:admin_registrations", seminar_id=seminar_id))


async def _messages_page(request, db, seminar, values, errors, status_code=200) -> Template:
    progress = await messaging.messages_of(db, seminar.id)
    return render(
        request,
        "seminars/admin/messages.html.jinja",
        {
            "seminar": seminar,
            "values": values,
            "errors": errors,
            "progress": progress,
            "sending": any(not p.done for p in progress),
            "audiences": [
                (a, f"{label}（{await messaging.audience_count(db, seminar.id, a)}名）")
                for a, label in messaging.AUDIENCE_LABELS.items()
            ],
            **admin_labels(),
        },
        fragments={"message-progress": "message_progress"},
        status_code=status_code,
    )


@get("/{seminar_id:int}/messages", name="seminars:admin_messages", guards=OFFICE)
async def admin_messages(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    seminar = await seminar_or_404(db, seminar_id)
    return await _messages_page(request, db, seminar, {"audience": "confirmed"}, {})


@post("/{seminar_id:int}/messages", name="seminars:admin_send_message", guards=OFFICE)
async def admin_send_message(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]
) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    form = forms.parse_message((await request.form()).dict())
    if form.ok:
        try:
            message = await messaging.send_message(
                db, settings, seminar, **form.values["clean"], actor_user_id=uid(request)
            )
        except TransitionRefused as error:
            form.error("audience", error.message)
    if not form.ok:
        return await _messages_page(request, db, seminar, form.values, form.errors, 422)
    flash(request, f"{message.total}名へのメッセージを送信キューに入れました。")
    return see_other(request, url_for(request, "seminars:admin_messages", seminar_id=seminar_id))


# -- 出欠確認 -------------------------------------------------------------------------------


@get("/{seminar_id:int}/attendance", name="seminars:admin_attendance", guards=OFFICE)
async def admin_attendance(
    request: Request,
    db: DbSession,
    seminar_id: FromPath[int],
    answer: FromQuery[str] = "",
    page: FromQuery[str | None] = None,
) -> Template:
    seminar = await seminar_or_404(db, seminar_id)
    if seminar.kind != SeminarKind.ORGANIZATION:
        raise NotFoundException("出欠確認は国際協力団体セミナーだけにあります。")
    answer = answer if answer in ORG_ANSWER_LABELS else ""
    return render(
        request,
        "seminars/admin/attendance.html.jinja",
        {
            "seminar": seminar,
            "page": await messaging.attendance_list(db, seminar, answer=answer, page=page_number(page)),
            "answer": answer,
            "totals": await messaging.attendance_totals(db, seminar),
            **admin_labels(),
        },
        fragments={"attendance-list": "attendance_list"},
    )


@post("/{seminar_id:int}/attendance/{organization_id:int}", name="seminars:admin_record_answer", guards=OFFICE)
async def admin_record_answer(
    request: Request, db: DbSession, seminar_id: FromPath[int], organization_id: FromPath[int]
) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    form = forms.parse_answer((await request.form()).dict())
    if not form.ok:
        raise HTTPException(status_code=422, detail=next(iter(form.errors.values())))
    clean = form.values["clean"]
    try:
        row = await messaging.record_answer(db, seminar, organization_id, clean["answer"], clean["memo"], uid(request))
    except LookupError:
        raise NotFoundException("団体が見つかりません。") from None
    except TransitionRefused as error:
        raise refused(error) from None
    if is_htmx(request):
        return render(
            request,
            "seminars/admin/attendance.html.jinja",
            {"seminar": seminar, "row": row, "saved": True, **admin_labels()},
            block="attendance_row",
        )
    flash(request, f"{row.name}の回答を「{ORG_ANSWER_LABELS[row.answer]}」で記録しました。")
    return see_other(
        request, url_for(request, "seminars:admin_attendance", seminar_id=seminar_id) + f"#org-{organization_id}"
    )


admin_people_router = Router(
    path="/admin/seminars",
    route_handlers=[
        admin_registrations,
        admin_cancel_registration,
        admin_messages,
        admin_send_message,
        admin_attendance,
        admin_record_answer,
    ],
)
