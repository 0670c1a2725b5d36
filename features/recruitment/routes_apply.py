"""この案件に応募する (国際協力人材登録 individuals), 公募の応募状況 with 辞退, and the JICA account's
応募一覧 (with CSV), 応募編集, documents and 履歴書PDF in the 専門家 format."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request, Router, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, clock, uploads
from app.deps import AppSettings, DbSession
from app.forms import clean_text, first
from app.pagination import page_number
from app.security import client_ip, require_role
from app.sessions import current_session, flash
from app.templating import render, see_other, to_login
from features.accounts import api as accounts
from features.accounts.api import Role
from features.recruitment import applying, applying_jica
from features.recruitment.applying import ApplyError, Who
from features.recruitment.counts import Measure, record
from features.recruitment.models import KouboApplicationStatus
from features.talent import api as talent

INDIVIDUAL = [require_role(Role.INDIVIDUAL)]
ORGANIZATION = [require_role(Role.ORGANIZATION)]
UPLOAD_LIMIT = 60 * 1024 * 1024  # the whole form: up to a handful of 10 MB files
ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png"


def _user_agent(request: Request) -> str | None:
    return request.headers.get("user-agent")


def _refused(request: Request, koubo, title: str, message: str, status_code: int, *, upgrade: bool = False) -> Template:
    """A refusal the person can act on (upgrade, 応募状況), as a page of its own with a 4xx."""
    return render(
        request,
        "recruitment/apply/refused.html.jinja",
        {"koubo": koubo, "title": title, "message": message, "upgrade": upgrade},
        status_code=status_code,
    )


SIMPLE_REFUSED = (
    "公募への応募は、国際協力人材登録の方ができます。簡易登録のままでは応募できません。"
    "マイページの「登録内容の確認/更新」で登録種別を「国際協力人材登録」に変更し、"
    "履歴書（専門家履歴書）を入力してから、もう一度この公募の「この案件に応募する」からお進みください。"
)
NOT_AN_INDIVIDUAL = (
    "公募への応募は、国際協力人材登録をした個人の方ができます。団体・事務局のアカウントでは応募できません。"
)
ALREADY_APPLIED = "この公募にはすでに応募しています。選考の状況はマイページの「公募の応募状況」でご確認ください。"


async def _who_applies(request: Request, db, koubo_id: int):
    """(koubo, individual) for a POST of the form (the guard has made sure of an individual),
    or a refusal page."""
    koubo = await applying.public_koubo(db, koubo_id)
    if koubo is None:
        raise NotFoundException("公募が見つかりません。")
    individual = await applying.individual_who_may_apply(db, current_session(request)["uid"])
    if individual is None:
        return koubo, None, _refused(request, koubo, "国際協力人材登録が必要です", SIMPLE_REFUSED, 403, upgrade=True)
    return koubo, individual, None


async def _form(request: Request, db, koubo, errors: dict, message: str = "", status_code: int = 200) -> Template:
    return render(
        request,
        "recruitment/apply/form.html.jinja",
        {
            "koubo": koubo,
            "slots": applying.document_slots(koubo),
            "errors": errors,
            "message": message,
            "accept": ACCEPT,
            # Not a refusal (the person may apply), but said plainly: JICA would get no 案件 history.
            "expert_ready": await talent.has_expert_resume(db, current_session(request)["uid"]),
        },
        status_code=status_code,
    )


@get("/koubo/{koubo_id:int}/apply", name="recruitment:apply", opt={"writes": True})
async def show_apply_form(
    request: Request, db: DbSession, koubo_id: FromPath[int], back: FromQuery[str] = ""
) -> Template | Response:
    """この案件に応募する: each press is counted (not 入力画面へ戻る, not a crawler), whoever pressed it."""
    koubo = await applying.public_koubo(db, koubo_id)
    if koubo is not None and applying.accepting(koubo) and not back:
        await record(db, koubo.id, Measure.APPLY_CLICKS, _user_agent(request))
    session = current_session(request)
    if not session.get("uid"):
        here = request.app.route_reverse("recruitment:apply", koubo_id=koubo_id)
        return to_login(request, f"{request.app.route_reverse('accounts:login')}?next={quote(here, safe='')}")
    if session.get("role") != Role.INDIVIDUAL:
        return _refused(request, koubo, "このアカウントでは応募できません", NOT_AN_INDIVIDUAL, 403)
    if koubo is None:
        raise NotFoundException("公募が見つかりません。")
    if await applying.individual_who_may_apply(db, session["uid"]) is None:
        return _refused(request, koubo, "国際協力人材登録が必要です", SIMPLE_REFUSED, 403, upgrade=True)
    try:
        applying.check_accepting(koubo)
    except ApplyError as error:
        return _refused(request, koubo, "応募を受け付けていません", error.message, 410)
    application = await applying.existing(db, koubo.id, session["uid"])
    if application is not None and application.status != KouboApplicationStatus.DRAFT:
        return _refused(request, koubo, "応募済みです", ALREADY_APPLIED, 403)
    return await _form(request, db, koubo, {}, application.message if application else "")


@post(
    "/koubo/{koubo_id:int}/apply",
    name="recruitment:apply_confirm",
    guards=INDIVIDUAL,
    request_max_body_size=UPLOAD_LIMIT,
)
async def confirm_application(
    request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int]
) -> Template | Response:
    """確認: every document is checked before any is written; then the draft keeps them."""
    koubo, individual, refusal = await _who_applies(request, db, koubo_id)
    if refusal:
        return refusal
    form = await request.form()
    raw_message = form.get("message")
    message = clean_text(raw_message if isinstance(raw_message, str) else "", multiline=True)
    errors: dict[str, str] = {}
    if len(message) > applying.MESSAGE_LIMIT:
        errors["message"] = f"メッセージは{applying.MESSAGE_LIMIT}文字以内で入力してください。"
    documents: dict[str, applying.Document] = {}
    for slot, label, required in applying.document_slots(koubo):
        upload = form.get(f"file-{slot}")
        if not isinstance(upload, UploadFile) or not upload.filename:
            if required:
                errors[f"file-{slot}"] = f"「{label}」のファイルを選択してください。"
            continue
        data = await upload.read(uploads.MAX_FILE_BYTES + 1)
        try:
            uploads.check(data, upload.filename)
            documents[slot] = applying.Document(label, data, upload.filename)
        except uploads.UploadRejected as rejected:
            errors[f"file-{slot}"] = f"「{label}」：{rejected.message}"
    try:
        applying.check_accepting(koubo)  # after the deadline no form is worth correcting
    except ApplyError as error:
        return _refused(request, koubo, "応募を受け付けていません", error.message, error.status_code)
    if errors:
        return await _form(request, db, koubo, errors, message, status_code=422)
    try:
        application = await applying.prepare(
            db, settings, koubo, individual.user_id, documents, message, _user_agent(request)
        )
    except ApplyError as error:
        return _refused(request, koubo, "応募できません", error.message, error.status_code)
    return render(
        request,
        "recruitment/apply/confirm.html.jinja",
        {"koubo": koubo, "application": application, "files": await applying.files_of(db, application.id)},
    )


@post("/koubo/{koubo_id:int}/apply/submit", name="recruitment:apply_submit", guards=INDIVIDUAL)
async def submit_application(
    request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int]
) -> Template | Response:
    """応募する: the deadline is checked again here, to the minute."""
    koubo, individual, refusal = await _who_applies(request, db, koubo_id)
    if refusal:
        return refusal
    try:
        await applying.submit(db, settings, koubo, individual.user_id, _user_agent(request))
    except ApplyError as error:
        return _refused(request, koubo, "応募できません", error.message, error.status_code)
    flash(request, "応募しました。確認のメールをお送りしました。選考の状況はこのページでご確認いただけます。")
    return see_other(request, request.app.route_reverse("recruitment:my_applications"))


@get("/mypage/koubo-applications", name="recruitment:my_applications", guards=INDIVIDUAL)
async def list_my_applications(request: Request, db: DbSession, page: FromQuery[str] = "1") -> Template:
    result = await applying.of_applicant(db, current_session(request)["uid"], page_number(page))
    return render(request, "recruitment/apply/mine.html.jinja", {"page": result})


@post(
    "/mypage/koubo-applications/{application_id:int}/decline",
    name="recruitment:apply_decline",
    guards=INDIVIDUAL,
)
async def decline_application(
    request: Request, db: DbSession, settings: AppSettings, application_id: FromPath[int]
) -> Response:
    user_id = current_session(request)["uid"]
    application = await applying.own_application(db, user_id, application_id)
    if application is None:  # someone else's application is simply not there
        raise NotFoundException("応募が見つかりません。")
    try:
        await applying.change_status(db, settings, application, KouboApplicationStatus.DECLINED, Who.APPLICANT, user_id)
        flash(request, "応募を辞退しました。")
    except ApplyError as error:
        flash(request, error.message, "error")
    return see_other(request, request.app.route_reverse("recruitment:my_applications"))


# -- the JICA account --------------------------------------------------------------------------


async def _own_koubo(request: Request, db, koubo_id: int):
    organization = await accounts.jica_organization(request, db)
    koubo = await applying_jica.own_koubo(db, organization.id, koubo_id)
    if koubo is None:
        if await applying_jica.koubo_exists(db, koubo_id):  # another organization's
            await audit.record_refused_access(request, db, "koubo", koubo_id)
        raise NotFoundException("公募が見つかりません。")
    return organization, koubo


async def _own_application(request: Request, db, application_id: int):
    organization = await accounts.jica_organization(request, db)
    application = await applying_jica.for_organization(db, organization.id, application_id)
    if application is None:
        if await applying_jica.belongs_to_another_organization(db, organization.id, application_id):
            await audit.record_refused_access(request, db, "koubo_application", application_id)
        raise NotFoundException("応募が見つかりません。")
    koubo = await applying_jica.own_koubo(db, organization.id, application.koubo_id)
    return organization, application, koubo


def _status_filter(raw: str) -> str:
    return raw if raw in applying.SUBMITTED_STATUSES else ""


@get("/jica/koubo/{koubo_id:int}/applications", name="recruitment:koubo_applicants", guards=ORGANIZATION)
async def list_applicants(
    request: Request, db: DbSession, koubo_id: FromPath[int], status: FromQuery[str] = "", page: FromQuery[str] = "1"
) -> Template:
    _, koubo = await _own_koubo(request, db, koubo_id)
    chosen = _status_filter(status)
    return render(
        request,
        "recruitment/apply/applicants.html.jinja",
        {
            "koubo": koubo,
            "page": await applying_jica.applicants(db, koubo, chosen, page_number(page)),
            "status": chosen,
            "statuses": applying.SUBMITTED_STATUSES,
            "counts": await applying_jica.status_counts(db, koubo.id),
            "filters": {"status": chosen},
        },
        fragments={"applicant-rows": "applicant_rows"},
    )


@get(
    "/jica/koubo/{koubo_id:int}/applications.csv",
    name="recruitment:koubo_applicants_csv",
    guards=ORGANIZATION,
    opt={"writes": True},
)
async def download_applicants(
    request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int], status: FromQuery[str] = ""
) -> Response:
    _, koubo = await _own_koubo(request, db, koubo_id)
    body, _ = await applying_jica.applicants_csv(
        db,
        koubo,
        _status_filter(status),
        actor_user_id=current_session(request)["uid"],
        client_ip=client_ip(request.scope, settings),
    )
    name = f"応募一覧_{koubo.number or koubo.id}_{clock.now().astimezone(clock.JST):%Y%m%d_%H%M}.csv"
    return Response(body, media_type="text/csv; charset=utf-8", headers=uploads.attachment_headers(name))


@get("/jica/koubo-applications/{application_id:int}", name="recruitment:koubo_application", guards=ORGANIZATION)
async def edit_application(request: Request, db: DbSession, application_id: FromPath[int]) -> Template:
    """応募編集: the applicant, the documents, the history, the status buttons and JICA's memo."""
    _, application, koubo = await _own_application(request, db, application_id)
    [applicant] = await applying_jica.with_people(db, [application])
    return render(
        request,
        "recruitment/apply/edit.html.jinja",
        {
            "koubo": koubo,
            "application": application,
            "applicant": applicant,
            "person": (await accounts.individual_summaries(db, {application.user_id})).get(application.user_id, {}),
            "files": await applying.files_of(db, application.id),
            "history": (await applying.histories_of(db, [application.id])).get(application.id, []),
            "moves": applying.moves_for(application.status, Who.JICA),
        },
    )


@post(
    "/jica/koubo-applications/{application_id:int}/status",
    name="recruitment:koubo_application_move",
    guards=ORGANIZATION,
)
async def move_application(
    request: Request, db: DbSession, settings: AppSettings, application_id: FromPath[int]
) -> Response:
    _, application, _koubo = await _own_application(request, db, application_id)
    new_status = first((await request.form()).dict(), "status")
    try:
        await applying.change_status(
            db, settings, application, str(new_status or ""), Who.JICA, current_session(request)["uid"]
        )
        flash(request, f"選考状況を「{new_status}」にしました。応募者にメールでお知らせしました。")
    except ApplyError as error:
        flash(request, error.message, "error")
    return see_other(request, request.app.route_reverse("recruitment:koubo_application", application_id=application.id))


@post(
    "/jica/koubo-applications/{application_id:int}/note",
    name="recruitment:koubo_application_note",
    guards=ORGANIZATION,
)
async def save_note(request: Request, db: DbSession, application_id: FromPath[int]) -> Response:
    _, application, _koubo = await _own_application(request, db, application_id)
    note = clean_text(first((await request.form()).dict(), "note") or "", multiline=True)
    if len(note) > applying.NOTE_LIMIT:
        flash(request, f"メモは{applying.NOTE_LIMIT}文字以内で入力してください。", "error")
    else:
        applying.save_note(application, note)
        flash(request, "メモを保存しました。")
    return see_other(request, request.app.route_reverse("recruitment:koubo_application", application_id=application.id))


@get(
    "/jica/koubo-applications/{application_id:int}/files/{file_id:int}",
    name="recruitment:koubo_application_file",
    guards=ORGANIZATION,
)
async def download_file(
    request: Request, db: DbSession, settings: AppSettings, application_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    _, application, _koubo = await _own_application(request, db, application_id)
    found = next((f for f in await applying.files_of(db, application.id) if f.id == file_id), None)
    if found is None:
        raise NotFoundException("書類が見つかりません。")
    try:
        body = applying.read_file(settings, found.stored_name)
    except FileNotFoundError:
        raise NotFoundException("書類のファイルが見つかりません。事務局にお問い合わせください。") from None
    return Response(body, media_type=found.content_type, headers=uploads.attachment_headers(found.original_name))


@get(
    "/jica/koubo-applications/{application_id:int}/resume.pdf",
    name="recruitment:koubo_application_resume",
    guards=ORGANIZATION,
    opt={"writes": True},
)
async def download_resume(
    request: Request, db: DbSession, settings: AppSettings, application_id: FromPath[int]
) -> Response:
    """履歴書PDF in the 専門家 format, from what the applicant registered; each download is audited."""
    organization, application, _koubo = await _own_application(request, db, application_id)
    body, code = await talent.resume_pdf_for_organization(db, application.user_id, expert=True, contact=True)
    await talent.record_view(
        db,
        "resume_pdf",
        current_session(request)["uid"],
        organization.id,
        application.user_id,
        client_ip(request.scope, settings),
    )
    return Response(body, media_type="application/pdf", headers=uploads.attachment_headers(f"専門家履歴書_{code}.pdf"))


router = Router(
    path="/",
    route_handlers=[
        show_apply_form,
        confirm_application,
        submit_application,
        list_my_applications,
        decline_application,
        list_applicants,
        download_applicants,
        edit_application,
        move_application,
        save_note,
        download_file,
        download_resume,
    ],
)
