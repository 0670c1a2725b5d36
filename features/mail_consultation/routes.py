"""メール相談: the person's form and cases (mypage), the secretariat's queue and case page and
回答テンプレート; the counselor's 担当メール相談 and the JICA contact's page behind a mailed link
(both drafting an answer as the assignee) are in routes_assignee.py.

Thin handlers: parse → service → render / redirect. A refused move is a 409 with the service's
Japanese message; an invalid form re-renders with 422."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, uploads
from app.deps import AppSettings, DbSession
from app.forms import clean_text, first
from app.pagination import page_number
from app.reply_templates import template_routes
from app.sessions import flash
from app.templating import render, see_other
from features.mail_consultation import forms, service, states
from features.mail_consultation.models import CaseStatus, MailConsultation
from features.mail_consultation.pages import (
    INDIVIDUAL,
    NOT_FOUND,
    OFFICE,
    UPLOAD_LIMIT,
    attachment,
    audit_read,
    conflict,
    drafting_context,
    posted_text,
    staff_name,
    store_draft,
    uid,
)
from features.mail_consultation.routes_assignee import ROUTES as ASSIGNEE_ROUTES
from features.mail_consultation.states import Actor, TransitionRefused

# -- the person -------------------------------------------------------------------------------


def _question_form(request: Request, settings, values: dict, errors: dict, status_code: int = 200) -> Template:
    return render(
        request,
        "mail_consultation/new.html.jinja",
        {
            "values": values,
            "errors": errors,
            "categories": service.CATEGORIES,
            "body_max": settings.mail_consultation.body_max_chars,
            "subject_max": service.SUBJECT_MAX,
        },
        status_code=status_code,
    )


@get("/mypage/mail-consultations", name="mail_consultation:mine", guards=INDIVIDUAL)
async def list_my_cases(request: Request, db: DbSession) -> Template:
    cases = await service.cases_of(db, uid(request))
    return render(request, "mail_consultation/mine.html.jinja", {"cases": cases, "labels": states.PERSON_LABELS})


@get("/mypage/mail-consultations/new", name="mail_consultation:new", guards=INDIVIDUAL)
async def new_case(request: Request, settings: AppSettings) -> Template:
    return _question_form(request, settings, {}, {})


@post(
    "/mypage/mail-consultations",
    name="mail_consultation:submit",
    guards=INDIVIDUAL,
    request_max_body_size=UPLOAD_LIMIT,
)
async def submit_case(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    form = await request.form()
    result = forms.parse_question(form, settings.mail_consultation.body_max_chars)
    upload = form.get("attachment")
    data, filename = b"", ""
    if isinstance(upload, UploadFile) and upload.filename:
        data, filename = await upload.read(uploads.MAX_FILE_BYTES + 1), upload.filename
        try:
            uploads.check(data, filename)
        except uploads.UploadRejected as rejected:
            result.error("attachment", rejected.message)
    if not result.ok:
        return _question_form(request, settings, result.values, result.errors, status_code=422)
    stored = uploads.store(settings, data, filename, area=service.UPLOAD_AREA) if data else None
    case = await service.submit(
        db,
        settings,
        uid(request),
        category=result.values["category"],
        subject=result.values["subject"],
        body=result.values["body"],
        attachment=stored,
    )
    flash(request, "メール相談を送信しました。回答はメールボックスにお届けします。")
    return see_other(request, request.app.route_reverse("mail_consultation:my_case", case_id=case.id))


async def _my_case(request: Request, db, case_id: int) -> MailConsultation:
    case = await service.case_of_person(db, uid(request), case_id)
    if case is None:
        if await service.case_exists(db, case_id):
            await audit.record_refused_access(request, db, "mail_consultation", case_id)
        raise NotFoundException(NOT_FOUND)
    return case


@get("/mypage/mail-consultations/{case_id:int}", name="mail_consultation:my_case", guards=INDIVIDUAL)
async def show_my_case(request: Request, db: DbSession, case_id: FromPath[int]) -> Template:
    case = await _my_case(request, db, case_id)
    return render(
        request,
        "mail_consultation/my_case.html.jinja",
        {
            "case": case,
            "label": states.PERSON_LABELS[CaseStatus(case.status)],
            "may_complete": states.Move.COMPLETE in states.allowed(case.status, Actor.PERSON),
        },
    )


@post("/mypage/mail-consultations/{case_id:int}/complete", name="mail_consultation:my_complete", guards=INDIVIDUAL)
async def complete_my_case(request: Request, db: DbSession, case_id: FromPath[int]) -> Response:
    case = await _my_case(request, db, case_id)
    try:
        await service.complete(db, case, Actor.PERSON, "相談者")
    except TransitionRefused as error:
        raise conflict(error) from None
    flash(request, "相談を完了にしました。ご利用ありがとうございました。")
    return see_other(request, request.app.route_reverse("mail_consultation:my_case", case_id=case.id))


@get("/mypage/mail-consultations/{case_id:int}/attachment", name="mail_consultation:my_attachment", guards=INDIVIDUAL)
async def download_my_attachment(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Response:
    return attachment(settings, await _my_case(request, db, case_id))


# -- the secretariat ----------------------------------------------------------------------------


@get("/admin/mail-consultations", name="mail_consultation:queue", guards=OFFICE)
async def list_queue(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    status: FromQuery[str] = "",
    assignee: FromQuery[str] = "",
    page: FromQuery[str] = "1",
) -> Template:
    status = status if status in {*CaseStatus, "all"} else ""
    counselors = await service.counselors(db)
    if assignee not in {"", "none", "jica", *(str(cid) for cid, _ in counselors)}:
        assignee = ""
    rows = await service.queue(db, settings, status=status, assignee=assignee, page=page_number(page))
    return render(
        request,
        "mail_consultation/queue.html.jinja",
        {
            "page": rows,
            "status": status,
            "assignee": assignee,
            "filters": {"status": status, "assignee": assignee},
            "status_options": [(s.value, states.label(s)) for s in CaseStatus],
            "counselors": counselors,
            "target": settings.mail_consultation.target_business_days,
        },
        fragments={"queue-rows": "queue_rows"},
    )


async def _office_case(db, case_id: int) -> MailConsultation:
    case = await service.case_by_id(db, case_id)
    if case is None:
        raise NotFoundException(NOT_FOUND)
    return case


async def _office_page(
    request: Request,
    db,
    settings,
    case: MailConsultation,
    *,
    errors: dict | None = None,
    values: dict | None = None,
    status_code: int = 200,
    template_id: str = "",
) -> Template:
    context = await drafting_context(db, case, Actor.SECRETARIAT, errors=errors, values=values, template_id=template_id)
    return render(
        request,
        "mail_consultation/admin_case.html.jinja",
        {
            **context,
            "overdue": case.status in states.OPEN_STATES and service.is_overdue(case, settings),
            "target": settings.mail_consultation.target_business_days,
            "assignee": await service.assignee_name(db, case),
            "person": await service.person_label(db, case.user_id),
            "counselors": await service.counselors(db),
            "events": await service.events_of(db, case.id),
        },
        status_code=status_code,
    )


@get(
    "/admin/mail-consultations/{case_id:int}",
    name="mail_consultation:admin_case",
    guards=OFFICE,
    opt={"writes": True},
)
async def show_office_case(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int], template: FromQuery[str] = ""
) -> Template:
    case = await _office_case(db, case_id)
    await audit_read(request, db, case)
    return await _office_page(request, db, settings, case, template_id=template)


def _back_to_case(request: Request, case: MailConsultation, message: str) -> Response:
    flash(request, message)
    return see_other(request, request.app.route_reverse("mail_consultation:admin_case", case_id=case.id))


@post(
    "/admin/mail-consultations/{case_id:int}/assign-counselor", name="mail_consultation:assign_counselor", guards=OFFICE
)
async def assign_counselor(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    case = await _office_case(db, case_id)
    raw = clean_text(first((await request.form()).dict(), "counselor_id"))
    if not raw.isdigit():
        errors = {"counselor_id": "キャリア相談員を選択してください。"}
        return await _office_page(request, db, settings, case, errors=errors, status_code=422)
    try:
        await service.assign_counselor(db, settings, case, int(raw), staff_name(request))
    except service.CaseError as error:
        return await _office_page(request, db, settings, case, errors={"counselor_id": error.message}, status_code=422)
    except TransitionRefused as error:
        raise conflict(error) from None
    return _back_to_case(request, case, "担当のキャリア相談員を割り当てました。")


@post("/admin/mail-consultations/{case_id:int}/assign-jica", name="mail_consultation:assign_jica", guards=OFFICE)
async def assign_jica(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    case = await _office_case(db, case_id)
    result = forms.parse_jica((await request.form()).dict())
    if not result.ok:
        return await _office_page(
            request, db, settings, case, errors=result.errors, values=result.values, status_code=422
        )
    try:
        await service.assign_jica(
            db, settings, case, result.values["jica_name"], result.values["jica_email"], staff_name(request)
        )
    except TransitionRefused as error:
        raise conflict(error) from None
    return _back_to_case(request, case, "JICA関係者に回答案の作成を依頼するメールを送りました。")


async def _office_draft(request: Request, db, settings, case_id: int, *, submit: bool) -> Template | Response:
    case = await _office_case(db, case_id)
    text, refused = await store_draft(
        request, db, settings, case, Actor.SECRETARIAT, staff_name(request), submit=submit
    )
    if refused:
        return await _office_page(
            request, db, settings, case, errors={"draft": refused}, values={"draft": text}, status_code=422
        )
    return _back_to_case(request, case, "回答案を事務局確認にしました。" if submit else "回答案を保存しました。")


@post("/admin/mail-consultations/{case_id:int}/draft", name="mail_consultation:admin_save_draft", guards=OFFICE)
async def save_office_draft(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    """The secretariat pastes a draft a JICA contact sent by ordinary mail."""
    return await _office_draft(request, db, settings, case_id, submit=False)


@post(
    "/admin/mail-consultations/{case_id:int}/submit-draft", name="mail_consultation:admin_submit_draft", guards=OFFICE
)
async def submit_office_draft(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    return await _office_draft(request, db, settings, case_id, submit=True)


@post("/admin/mail-consultations/{case_id:int}/approve", name="mail_consultation:approve", guards=OFFICE)
async def approve_answer(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    case = await service.locked_case(db, case_id)
    if case is None:
        raise NotFoundException(NOT_FOUND)
    text = await posted_text(request, "answer")
    try:
        await service.approve(db, settings, case, text, staff_name(request))
    except service.CaseError as error:
        return await _office_page(
            request, db, settings, case, errors={"answer": error.message}, values={"answer": text}, status_code=422
        )
    except TransitionRefused as error:
        raise conflict(error) from None
    return _back_to_case(request, case, "回答を承認し、相談者のメールボックスに送信しました。")


@post("/admin/mail-consultations/{case_id:int}/send-back", name="mail_consultation:send_back", guards=OFFICE)
async def send_back(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    case = await _office_case(db, case_id)
    comment = await posted_text(request, "comment")
    try:
        await service.send_back(db, settings, case, comment, staff_name(request))
    except service.CaseError as error:
        return await _office_page(
            request, db, settings, case, errors={"comment": error.message}, values={"comment": comment}, status_code=422
        )
    except TransitionRefused as error:
        raise conflict(error) from None
    return _back_to_case(request, case, "回答案を差し戻しました。")


@post("/admin/mail-consultations/{case_id:int}/complete", name="mail_consultation:admin_complete", guards=OFFICE)
async def complete_case(request: Request, db: DbSession, case_id: FromPath[int]) -> Response:
    case = await _office_case(db, case_id)
    try:
        await service.complete(db, case, Actor.SECRETARIAT, staff_name(request))
    except TransitionRefused as error:
        raise conflict(error) from None
    return _back_to_case(request, case, "相談を完了にしました。")


@post("/admin/mail-consultations/{case_id:int}/notes", name="mail_consultation:admin_add_note", guards=OFFICE)
async def add_office_note(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Template | Response:
    case = await _office_case(db, case_id)
    body = await posted_text(request, "note")
    try:
        await service.add_note(db, case, uid(request), staff_name(request), body)
    except service.CaseError as error:
        return await _office_page(
            request, db, settings, case, errors={"note": error.message}, values={"note": body}, status_code=422
        )
    return _back_to_case(request, case, "内部メモを追加しました。")


@get(
    "/admin/mail-consultations/{case_id:int}/attachment",
    name="mail_consultation:admin_attachment",
    guards=OFFICE,
    opt={"writes": True},
)
async def download_office_attachment(
    request: Request, db: DbSession, settings: AppSettings, case_id: FromPath[int]
) -> Response:
    case = await _office_case(db, case_id)
    await audit_read(request, db, case, "mail_consultation_attachment_read")
    return attachment(settings, case)


# -- 回答テンプレート ------------------------------------------------------------------------------


TEMPLATE_ROUTES = template_routes(
    service.REPLY_TEMPLATES,
    path="/admin/mail-consultation-templates",
    slice_name="mail_consultation",
    pages=("mail_consultation/templates.html.jinja", "mail_consultation/template_edit.html.jinja"),
    guards=OFFICE,
)


router = Router(
    path="",
    route_handlers=[
        list_my_cases,
        new_case,
        submit_case,
        show_my_case,
        complete_my_case,
        download_my_attachment,
        list_queue,
        show_office_case,
        assign_counselor,
        assign_jica,
        save_office_draft,
        submit_office_draft,
        approve_answer,
        send_back,
        complete_case,
        add_office_note,
        download_office_attachment,
        *TEMPLATE_ROUTES,
        *ASSIGNEE_ROUTES,
    ],
)
