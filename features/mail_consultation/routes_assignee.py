"""メール相談: the assignee's pages — the counselor's 担当メール相談 (list, case, draft, notes,
attachment) and the JICA contact's page behind a mailed link (no account) — each drafting the
answer the secretariat approves."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit
from app.deps import AppSettings, DbSession
from app.security import client_ip
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts.api import Role
from features.mail_consultation import service, states
from features.mail_consultation.models import MailConsultation
from features.mail_consultation.pages import (
    NOT_FOUND,
    STAFF,
    attachment,
    audit_read,
    drafting_context,
    posted_text,
    staff_name,
    store_draft,
    uid,
)
from features.mail_consultation.states import Actor

# -- the counselor ------------------------------------------------------------------------------


def _counselor_uid(request: Request) -> int:
    """キャリア相談員: the counselor role, or a secretariat account granted the permission."""
    session = current_session(request)
    if session.get("role") != Role.COUNSELOR and not session.get("counselor"):
        raise PermissionDeniedException("キャリア相談員のページです。")
    return session["uid"]


@get("/counselor/mail-consultations", name="mail_consultation:counselor_list", guards=STAFF)
async def list_assigned(request: Request, db: DbSession, settings: AppSettings) -> Template:
    cases = await service.cases_assigned_to(db, _counselor_uid(request))
    return render(
        request,
        "mail_consultation/counselor_list.html.jinja",
        {
            "rows": [
                (c, service.age_in_business_days(c), service.is_overdue(c, settings), states.label(c.status))
                for c in cases
            ],
            "target": settings.mail_consultation.target_business_days,
        },
    )


async def _assigned_case(request: Request, db, case_id: int) -> MailConsultation:
    uid = _counselor_uid(request)
    case = await service.case_by_id(db, case_id)
    if case is None or case.assignee_user_id != uid:
        if case is not None:
            await audit.record_refused_access(request, db, "mail_consultation", case_id)
        raise NotFoundException(NOT_FOUND)
    return case


async def _counselor_page(
    request: Request, db, settings, case: MailConsultation, *, errors=None, values=None, status_code=200, template_id=""
) -> Template:
    context = await drafting_context(db, case, Actor.ASSIGNEE, errors=errors, values=values, template_id=template_id)
    return render(
        request,
        "mail_consultation/counselor_case.html.jinja",
        {**context, "send_back": await service.last_send_back(db, case.id)},
        status_code=status_code,
    )


@get(
    "/counselor/mail-consultations/{case_id:int}",
    name="mail_consultation:counselor_case",
    guards=STAFF,
    opt={"writes": True},
)
async def show_assigned_case(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int], template: FromQuery[str] = ""
) -> Template:
    case = await _assigned_case(request, db, case_id)
    await audit_read(request, db, case)
    return await _counselor_page(request, db, settings, case, template_id=template)


async def _counselor_draft(request: Request, db, settings, case_id: int, *, submit: bool) -> Template | Response:
    case = await _assigned_case(request, db, case_id)
    text, refused = await store_draft(request, db, settings, case, Actor.ASSIGNEE, staff_name(request), submit=submit)
    if refused:
        return await _counselor_page(
            request, db, settings, case, errors={"draft": refused}, values={"draft": text}, status_code=422
        )
    flash(request, "回答案を事務局に送りました。" if submit else "回答案を保存しました。")
    target = "mail_consultation:counselor_list" if submit else "mail_consultation:counselor_case"
    params = {} if submit else {"case_id": case.id}
    return see_other(request, request.app.route_reverse(target, **params))


@post("/counselor/mail-consultations/{case_id:int}/draft", name="mail_consultation:counselor_save_draft", guards=STAFF)
async def save_counselor_draft(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    return await _counselor_draft(request, db, settings, case_id, submit=False)


@post(
    "/counselor/mail-consultations/{case_id:int}/submit", name="mail_consultation:counselor_submit_draft", guards=STAFF
)
async def submit_counselor_draft(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    return await _counselor_draft(request, db, settings, case_id, submit=True)


@post("/counselor/mail-consultations/{case_id:int}/notes", name="mail_consultation:counselor_add_note", guards=STAFF)
async def add_counselor_note(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    case = await _assigned_case(request, db, case_id)
    body = await posted_text(request, "note")
    try:
        await service.add_note(db, case, uid(request), staff_name(request), body)
    except service.CaseError as error:
        return await _counselor_page(
            request, db, settings, case, errors={"note": error.message}, values={"note": body}, status_code=422
        )
    flash(request, "内部メモを追加しました。")
    return see_other(request, request.app.route_reverse("mail_consultation:counselor_case", case_id=case.id))


@get(
    "/counselor/mail-consultations/{case_id:int}/attachment",
    name="mail_consultation:counselor_attachment",
    guards=STAFF,
    opt={"writes": True},
)
async def download_assigned_attachment(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Response:
    case = await _assigned_case(request, db, case_id)
    await audit_read(request, db, case, "mail_consultation_attachment_read")
    return attachment(settings, case)


# -- the JICA contact (no account: a personal link) ----------------------------------------------


async def _jica_case(db, token: str) -> MailConsultation:
    case = await service.case_for_token(db, token)
    if case is None:
        raise NotFoundException("このリンクは無効です。回答案の受付が終わったか、担当が変更されました。")
    return case


def _jica_page(request: Request, case, token: str, *, draft: str, error: str = "", status_code: int = 200) -> Template:
    return render(
        request,
        "mail_consultation/jica.html.jinja",
        {"case": case, "token": token, "draft": draft, "error": error},
        status_code=status_code,
        headers={"Referrer-Policy": "no-referrer"},
    )


@get("/mail-consultation/jica/{token:str}", name="mail_consultation:jica_form", opt={"writes": True})
async def show_jica_form(request: Request, db: DbSession, token: FromPath[str]) -> Template:
    case = await _jica_case(db, token)
    await audit.record(
        db,
        "mail_consultation_read",
        actor_user_id=None,
        target_type="mail_consultation",
        target_id=case.id,
        detail=f"JICA関係者 {case.jica_email}",
        client_ip=client_ip(request.scope, request.app.state.settings),
    )
    return _jica_page(request, case, token, draft=case.draft)


async def _jica_draft(request: Request, db, settings, token: str, *, submit: bool) -> Template | Response:
    case = await _jica_case(db, token)
    text, refused = await store_draft(
        request, db, settings, case, Actor.ASSIGNEE, f"{case.jica_name}（JICA）", submit=submit
    )
    if refused:
        return _jica_page(request, case, token, draft=text, error=refused, status_code=422)
    if submit:
        return see_other(request, request.app.route_reverse("mail_consultation:jica_done"))
    flash(request, "回答案を保存しました。")
    return see_other(request, request.app.route_reverse("mail_consultation:jica_form", token=token))


@post("/mail-consultation/jica/{token:str}/save", name="mail_consultation:jica_save")
async def save_jica_draft(
    request: Request, db: DbSession, settings: AppSettings, token: FromPath[str]
) -> Template | Response:
    return await _jica_draft(request, db, settings, token, submit=False)


@post("/mail-consultation/jica/{token:str}", name="mail_consultation:jica_submit")
async def submit_jica_draft(
    request: Request, db: DbSession, settings: AppSettings, token: FromPath[str]
) -> Template | Response:
    return await _jica_draft(request, db, settings, token, submit=True)


@get("/mail-consultation/jica-done", name="mail_consultation:jica_done")
async def show_jica_done(request: Request) -> Template:
    return render(request, "mail_consultation/jica_done.html.jinja", {})


ROUTES = [
    list_assigned,
    show_assigned_case,
    save_counselor_draft,
    submit_counselor_draft,
    add_counselor_note,
    download_assigned_attachment,
    show_jica_form,
    save_jica_draft,
    submit_jica_draft,
    show_jica_done,
]
