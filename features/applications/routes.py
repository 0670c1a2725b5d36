"""この案件に応募する (individuals), 応募履歴, and the organization's 応募一覧 and 応募編集."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Response, Template

from app import audit, slices, uploads
from app.deps import AppSettings, DbSession
from app.forms import clean_text, first
from app.security import client_ip, require_role
from app.sessions import current_session, flash
from app.templating import render, see_other, to_mailer
from features.accounts import api as accounts
from features.accounts.api import RegistrationKind, Role, approved_organization
from features.applications import service
from features.applications.models import ApplicationStatus
from features.postings import api as postings
from features.postings.api import BY_SLUG, KINDS
from features.talent import api as talent

INDIVIDUAL = [require_role(Role.INDIVIDUAL)]
ORGANIZATION = [require_role(Role.ORGANIZATION)]
UPLOAD_LIMIT = 60 * 1024 * 1024  # the whole form: up to a handful of 10 MB files
WITHDRAWN_NOT_SHOWN = "この応募は取り下げられたため、応募書類・履歴書PDFは表示できません。"


async def _posting_to_apply(request: Request, db, posting_id: int):
    user_id = current_session(request)["uid"]
    individual = await accounts.individual_of(db, user_id)
    if individual is None or individual.kind != RegistrationKind.FULL:
        raise PermissionDeniedException(
            "Web応募は国際協力人材登録の方ができます。マイページの「登録内容の確認/更新」で"
            "登録種別を国際協力人材登録に変更してから応募してください。"
        )
    posting = await postings.open_for_web_application(
        db, posting_id, jocv_viewer=individual.jocv_verified_at is not None
    )
    if posting is None:
        raise NotFoundException("この案件はWeb応募を受け付けていないか、応募期間が終了しました。")
    return user_id, posting, postings.application_terms(posting)


def _form(
    request: Request, posting, terms: postings.ApplicationTerms, errors: dict, message: str = "", status_code: int = 200
) -> Template:
    return render(
        request,
        "applications/apply.html.jinja",
        {
            "posting": posting,
            "terms": terms,
            "slots": service.required_slots(terms),
            "errors": errors,
            "message": message,
            "spec": KINDS[posting.kind],
        },
        status_code=status_code,
    )


@get("/apply/{posting_id:int}", name="applications:apply", guards=INDIVIDUAL)
async def show_application_form(request: Request, db: DbSession, posting_id: FromPath[int]) -> Template:
    user_id, posting, terms = await _posting_to_apply(request, db, posting_id)
    application = await service.existing(db, posting.id, user_id)
    if application is not None and application.status != ApplicationStatus.DRAFT:
        raise PermissionDeniedException("この案件にはすでに応募しています。応募履歴をご確認ください。")
    return _form(request, posting, terms, {})


@post("/apply/{posting_id:int}", name="applications:prepare", guards=INDIVIDUAL, request_max_body_size=UPLOAD_LIMIT)
async def prepare_application(
    request: Request, db: DbSession, settings: AppSettings, posting_id: FromPath[int]
) -> Template | Response:
    """確認: check and keep the documents, then show what will be sent."""
    user_id, posting, terms = await _posting_to_apply(request, db, posting_id)
    form = await request.form()
    message = clean_text(form.get("message") if isinstance(form.get("message"), str) else "", multiline=True)[:2000]
    errors: dict[str, str] = {}
    documents: dict[str, service.Document] = {}
    for slot, label, required in service.required_slots(terms):
        upload = form.get(f"file-{slot}")
        if not isinstance(upload, UploadFile) or not upload.filename:
            if required:
                errors[f"file-{slot}"] = f"「{label}」のファイルを選択してください。"
            continue
        data = await upload.read(uploads.MAX_FILE_BYTES + 1)
        try:
            uploads.check(data, upload.filename)  # every file is checked before any is written
            documents[slot] = service.Document(label, data, upload.filename)
        except uploads.UploadRejected as rejected:
            errors[f"file-{slot}"] = f"「{label}」：{rejected.message}"
    if errors:
        return _form(request, posting, terms, errors, message, status_code=422)
    try:
        application = await service.prepare(db, settings, posting, user_id, documents, message)
    except service.ApplicationError as error:
        raise PermissionDeniedException(error.message) from None
    return render(
        request,
        "applications/confirm.html.jinja",
        {
            "posting": posting,
            "terms": terms,
            "application": application,
            "files": await service.files_of(db, application.id),
            "spec": KINDS[posting.kind],
        },
    )


@post("/apply/{posting_id:int}/submit", name="applications:submit", guards=INDIVIDUAL)
async def submit_application(
    request: Request, db: DbSession, settings: AppSettings, posting_id: FromPath[int]
) -> Response:
    user_id, posting, terms = await _posting_to_apply(request, db, posting_id)  # the deadline is checked again here
    application = await service.existing(db, posting.id, user_id)
    if application is None:
        raise NotFoundException("応募の準備が見つかりません。もう一度、応募フォームからお進みください。")
    try:
        await service.submit(db, settings, application, posting, terms)
    except service.ApplicationError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, "応募しました。応募先の団体にお知らせし、確認のメールをお送りしました。")
    return see_other(request, request.app.route_reverse("applications:history"))


@get("/mypage/applications", name="applications:history", guards=INDIVIDUAL)
async def list_my_applications(request: Request, db: DbSession) -> Template:
    applications = await service.of_applicant(db, current_session(request)["uid"])
    titles = await postings.titles_of(db, {a.posting_id for a in applications})
    return render(
        request,
        "applications/history.html.jinja",
        {"applications": applications, "titles": titles, "withdrawable": service.WITHDRAWABLE},
    )


@post("/mypage/applications/{application_id:int}/withdraw", name="applications:withdraw", guards=INDIVIDUAL)
async def withdraw_application(request: Request, db: DbSession, application_id: FromPath[int]) -> Response:
    user_id = current_session(request)["uid"]
    application = next((a for a in await service.of_applicant(db, user_id) if a.id == application_id), None)
    if application is None:  # someone else's application is simply not there
        raise NotFoundException("応募が見つかりません。")
    try:
        await service.withdraw(db, application)
        flash(request, "応募を取り下げました。")
    except service.ApplicationError as error:
        flash(request, error.message, "error")
    return see_other(request, request.app.route_reverse("applications:history"))


# -- the organization -------------------------------------------------------------------------


@get("/applications", name="applications:overview", guards=ORGANIZATION)
async def list_postings_with_applications(request: Request, db: DbSession) -> Template:
    """気になる/応募一覧 → 応募一覧: (A) choose a 求人情報 or 研修・イベント・セミナー情報, (B) its applicants."""
    organization = await approved_organization(request, db)
    own = await postings.own_with_applications(db, organization.id)
    return render(
        request,
        "applications/overview.html.jinja",
        {"postings": own, "counts": await service.counts_by_posting(db, [p.id for p in own]), "kinds": KINDS},
    )


@get("/postings/{slug:str}/{posting_id:int}/applications", name="applications:for_posting", guards=ORGANIZATION)
async def list_applicants(request: Request, db: DbSession, slug: FromPath[str], posting_id: FromPath[int]) -> Template:
    spec = BY_SLUG.get(slug)
    organization, posting = await _own_posting(request, db, posting_id)
    if spec is None or posting.kind != spec.kind:
        raise NotFoundException("応募一覧が見つかりません。")
    applications = await service.for_posting(db, organization.id, posting.id)
    user_ids = {a.user_id for a in applications if service.shares_person(a)}  # withdrawn: no person
    return render(
        request,
        "applications/applicants.html.jinja",
        {
            "spec": spec,
            "posting": posting,
            "applications": applications,
            "people": await accounts.individual_summaries(db, user_ids),
            "public": await talent.visible_user_ids(db, user_ids),
            "heading": "求人応募一覧" if spec.slug == "jobs" else "研修・イベント・セミナー応募一覧",
        },
    )


@post("/postings/{slug:str}/{posting_id:int}/applications/mailto", name="applications:mailto", guards=ORGANIZATION)
async def open_mailer(request: Request, db: DbSession, slug: FromPath[str], posting_id: FromPath[int]) -> Response:
    """メーラーを起動する: the checked applicants' addresses in a mailto: link (RFC 6068, UTF-8)."""
    organization, posting = await _own_posting(request, db, posting_id)
    chosen = {int(v) for v in (await request.form()).getall("to", []) if str(v).isdigit()}
    applications = [
        a
        for a in await service.for_posting(db, organization.id, posting.id)
        if a.id in chosen and service.shares_person(a)
    ]
    if not applications:
        flash(request, "メールを送る応募者を選択してください。", "error")
        return see_other(
            request, request.app.route_reverse("applications:for_posting", slug=slug, posting_id=posting_id)
        )
    emails = await accounts.emails_of_users(db, {a.user_id for a in applications})  # one query, not one per applicant
    addresses = [emails[a.user_id] for a in applications if a.user_id in emails]
    return to_mailer(mailto_url(addresses, f"【{posting.title}】ご応募について"))


def mailto_url(addresses: list[str], subject: str) -> str:
    from urllib.parse import quote

    # Several people: blind copies, so applicants do not see each other's addresses.
    return f"mailto:?bcc={','.join(quote(a, safe='@') for a in addresses)}&subject={quote(subject)}"


async def _own_posting(request: Request, db, posting_id: int):
    organization = await approved_organization(request, db)
    posting = await postings.own_posting(db, organization.id, posting_id)
    if posting is None:
        if await postings.exists(db, posting_id):  # another organization's
            await audit.record_refused_access(request, db, "posting", posting_id)
        raise NotFoundException("応募一覧が見つかりません。")
    return organization, posting


async def _own_application(request: Request, db, application_id: int):
    organization = await approved_organization(request, db)
    application = await service.for_organization(db, organization.id, application_id)
    if application is None:
        if await service.belongs_to_another_organization(db, organization.id, application_id):
            await audit.record_refused_access(request, db, "application", application_id)
        raise NotFoundException("応募が見つかりません。")
    return organization, application


@get("/applications/{application_id:int}", name="applications:edit", guards=ORGANIZATION)
async def edit_application(request: Request, db: DbSession, application_id: FromPath[int]) -> Template:
    _, application = await _own_application(request, db, application_id)
    posting = await postings.own_posting(db, application.organization_id, application.posting_id)
    context = {
        "application": application,
        "posting": posting,
        "spec": KINDS[posting.kind],
        "history": await service.history_of(db, application.id),
        "shared": service.shares_person(application),
    }
    if context["shared"]:  # after 取り下げ the page says so and shows nothing of the person
        context.update(
            {
                "person": (await accounts.individual_summaries(db, {application.user_id}))[application.user_id],
                "files": await service.documents_for_organization(db, application),
                "moves": service.ORGANIZATION_MOVES.get(application.status, ()),
                "threads": await slices.ask(
                    "correspondence", db, application.organization_id, application.user_id, default=[]
                ),
            }
        )
    return render(request, "applications/edit.html.jinja", context)


@get(
    "/applications/{application_id:int}/resume.pdf",
    name="applications:resume_pdf",
    guards=ORGANIZATION,
    opt={"writes": True},
)
async def download_resume(
    request: Request, db: DbSession, settings: AppSettings, application_id: FromPath[int]
) -> Response:
    """履歴書PDF: generated from what the applicant registered on PARTNER; each download is audited."""
    organization, application = await _own_application(request, db, application_id)
    if not service.shares_person(application):
        raise NotFoundException(WITHDRAWN_NOT_SHOWN)
    posting = await postings.own_posting(db, organization.id, application.posting_id)
    expert = postings.application_terms(posting).expert_resume
    body, code = await talent.resume_pdf_for_organization(
        db, application.user_id, expert=expert, contact=service.shares_person(application)
    )
    await talent.record_view(
        db,
        "resume_pdf",
        current_session(request)["uid"],
        organization.id,
        application.user_id,
        client_ip(request.scope, settings),
    )
    name = f"{'専門家履歴書' if expert else '一般履歴書'}_{code}.pdf"
    return Response(body, media_type="application/pdf", headers=uploads.attachment_headers(name))


@post("/applications/{application_id:int}/status", name="applications:move", guards=ORGANIZATION)
async def move_application(request: Request, db: DbSession, application_id: FromPath[int]) -> Response:
    _, application = await _own_application(request, db, application_id)
    new_status = first((await request.form()).dict(), "status")
    try:
        await service.move(db, application, new_status, current_session(request)["uid"])
        flash(request, f"選考状況を「{new_status}」にしました。")
    except service.ApplicationError as error:
        flash(request, error.message, "error")
    return see_other(request, request.app.route_reverse("applications:edit", application_id=application.id))


@get("/applications/{application_id:int}/files/{file_id:int}", name="applications:file", guards=ORGANIZATION)
async def download_file(
    request: Request, db: DbSession, settings: AppSettings, application_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    _, application = await _own_application(request, db, application_id)
    found = next((f for f in await service.documents_for_organization(db, application) if f.id == file_id), None)
    if found is None:
        raise NotFoundException("書類が見つかりません。" if service.shares_person(application) else WITHDRAWN_NOT_SHOWN)
    return Response(
        uploads.read(settings, found.stored_name),
        media_type=found.content_type,
        headers=uploads.attachment_headers(found.original_name),
    )


router = Router(
    path="/",
    route_handlers=[
        show_application_form,
        prepare_application,
        submit_application,
        list_my_applications,
        withdraw_application,
        list_postings_with_applications,
        list_applicants,
        open_mailer,
        edit_application,
        download_resume,
        move_application,
        download_file,
    ],
)
