"""求人情報掲載 / 求人情報一覧 (organizations), the secretariat's review, 求人情報を探す (public)."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.forms import FormResult, first, text_field
from app.pagination import page_number
from app.reference import COUNTRIES, LANGUAGE_LEVELS, LANGUAGES, SECTORS
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import service as accounts
from features.accounts.models import OrganizationStatus, Role
from features.postings import feeds, forms, service
from features.postings.models import Posting

ORGANIZATION = [require_role(Role.ORGANIZATION)]
OFFICE = [require_role(Role.SECRETARIAT)]
CHOICES = {
    "sectors": SECTORS, "countries": COUNTRIES, "languages": LANGUAGES, "language_levels": LANGUAGE_LEVELS,
    "employment_types": forms.EMPLOYMENT_TYPES, "flexible_work": forms.FLEXIBLE_WORK,
    "location_kinds": forms.LOCATION_KINDS, "application_methods": forms.APPLICATION_METHODS,
    "resume_types": forms.RESUME_TYPES, "resume_items": forms.RESUME_ITEMS,
}


async def _organization(request: Request, db):
    organization = await accounts.organization_of(db, current_session(request)["uid"])
    if organization is None or organization.status != OrganizationStatus.APPROVED:
        raise PermissionDeniedException("求人情報を掲載できるのは、事務局の承認を受けた団体だけです。")
    return organization


async def _own(request: Request, db, posting_id: int):
    organization = await _organization(request, db)
    posting = await service.own_posting(db, organization.id, posting_id)
    if posting is None:  # another organization's posting looks exactly like a missing one
        raise NotFoundException("求人情報が見つかりません。")
    return organization, posting


def _form(request: Request, organization, posting: Posting | None, values: dict, errors: dict, status_code: int = 200):
    return render(request, "postings/job_form.html.jinja", {
        "posting": posting, "values": values, "errors": errors, "choices": CHOICES, "labels": forms.LABELS,
        "may_request_expert": accounts.may_request_expert_resume(organization),
        "slots": range(forms.DOCUMENT_SLOTS), "action_url": f"/postings/jobs/{posting.id}" if posting else "/postings/jobs",
    }, fragments={"job-form": "job_form"}, status_code=status_code)


def _detail_context(values: dict, organization, posting: Posting | None = None, *, preview: bool = False) -> dict:
    return {"values": values, "shown": service.shown(values), "organization": organization, "posting": posting,
            "preview": preview, "labels": forms.LABELS}


@get("/postings/jobs/new", name="postings:new_job", guards=ORGANIZATION)
async def new_job(request: Request, db: DbSession) -> Template:
    organization = await _organization(request, db)
    return _form(request, organization, None, {"application_method": "web", "resume_type": "general"}, {})


@get("/postings/jobs/{posting_id:int}/edit", name="postings:edit_job", guards=ORGANIZATION)
async def edit_job(request: Request, db: DbSession, posting_id: FromPath[int]) -> Template:
    organization, posting = await _own(request, db, posting_id)
    return _form(request, organization, posting, service.values_of(posting), {})


async def _handle(request: Request, db, settings, organization, posting: Posting | None) -> Template | Response:
    data = (await request.form()).dict()
    action = first(data, "action")
    may_expert = accounts.may_request_expert_resume(organization)
    complete = action in ("confirm", "submit")
    form = forms.parse_job(data, complete=complete, may_request_expert=may_expert)
    if not form.ok or action == "back":
        return _form(request, organization, posting, form.values, form.errors, status_code=422 if not form.ok else 200)
    try:
        if action == "preview":  # 掲載後に表示される内容を確認する: nothing is stored
            return render(request, "postings/job_detail.html.jinja", _detail_context(form.values, organization, posting,
                                                                                       preview=True))
        if action == "confirm":
            return render(request, "postings/job_confirm.html.jinja", {
                **_detail_context(form.values, organization, posting), "form_values": form.values,
                "action_url": f"/postings/jobs/{posting.id}" if posting else "/postings/jobs",
            })
        if action == "submit":
            posting = await service.submit(db, settings, organization, posting, form.values)
            return see_other(request, f"/postings/jobs/{posting.id}/done")
        posting = await service.save_draft(db, organization, posting, form.values)
    except service.TransitionError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, "一時保存しました。")
    return see_other(request, f"/postings/jobs/{posting.id}/edit")


@post("/postings/jobs", name="postings:create_job", guards=ORGANIZATION)
async def create_job(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    return await _handle(request, db, settings, await _organization(request, db), None)


@post("/postings/jobs/{posting_id:int}", name="postings:update_job", guards=ORGANIZATION)
async def update_job(request: Request, db: DbSession, settings: AppSettings, posting_id: FromPath[int]) -> Template | Response:
    organization, posting = await _own(request, db, posting_id)
    return await _handle(request, db, settings, organization, posting)


@get("/postings/jobs/{posting_id:int}/done", name="postings:job_done", guards=ORGANIZATION)
async def job_done(request: Request, db: DbSession, posting_id: FromPath[int]) -> Template:
    _, posting = await _own(request, db, posting_id)
    return render(request, "postings/job_done.html.jinja", {"posting": posting, "values": service.values_of(posting),
                                                             "target": service.business_days_after(service.today_jst())})


@get("/postings/jobs/{posting_id:int}/preview", name="postings:job_preview", guards=ORGANIZATION)
async def preview_job(request: Request, db: DbSession, posting_id: FromPath[int]) -> Template:
    organization, posting = await _own(request, db, posting_id)
    return render(request, "postings/job_detail.html.jinja",
                  _detail_context(service.values_of(posting), organization, posting, preview=True))


@get("/postings/jobs", name="postings:jobs", guards=ORGANIZATION)
async def list_jobs(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    organization = await _organization(request, db)
    result = await service.own_postings(db, organization.id, page_number(page))
    rows = [(p, service.display_status(p)) for p in result.items]
    return render(request, "postings/job_list.html.jinja", {
        "page": result, "rows": rows, "labels": service.STATUS_LABELS, "tones": service.STATUS_TONES,
    }, fragments={"job-list": "job_list"})


@post("/postings/jobs/{posting_id:int}/copy", name="postings:copy_job", guards=ORGANIZATION)
async def copy_job(request: Request, db: DbSession, posting_id: FromPath[int]) -> Response:
    organization, posting = await _own(request, db, posting_id)
    copied = await service.copy(db, organization, posting)
    flash(request, "求人情報をコピーしました。募集期間と掲載希望日時を入力してください。")
    return see_other(request, f"/postings/jobs/{copied.id}/edit")


@get("/postings/jobs/{posting_id:int}/stop", name="postings:stop_job_confirm", guards=ORGANIZATION)
async def confirm_stop(request: Request, db: DbSession, posting_id: FromPath[int]) -> Template:
    _, posting = await _own(request, db, posting_id)
    return render(request, "postings/job_stop.html.jinja", {"posting": posting})


@post("/postings/jobs/{posting_id:int}/stop", name="postings:stop_job", guards=ORGANIZATION)
async def stop_job(request: Request, db: DbSession, settings: AppSettings, posting_id: FromPath[int]) -> Response:
    organization, posting = await _own(request, db, posting_id)
    try:
        await service.stop(db, settings, organization, posting)
    except service.TransitionError as error:
        flash(request, error.message, "error")
        return see_other(request, "/postings/jobs")
    flash(request, f"「{posting.title}」の掲載を中止しました。")
    return see_other(request, "/postings/jobs")


# -- the secretariat ----------------------------------------------------------------------


@get("/admin/postings", name="postings:review_queue", guards=OFFICE)
async def review_queue(request: Request, db: DbSession) -> Template:
    postings = await service.review_queue(db)
    organizations = await accounts.organizations_by_ids(db, {p.organization_id for p in postings})
    rows = [(p, organizations[p.organization_id], service.values_of(p),
             service.business_days_after(p.submitted_at.astimezone(service.JST).date())) for p in postings]
    return render(request, "postings/admin_queue.html.jinja", {"rows": rows})


async def _review_page(request: Request, db, posting_id: int, errors=None, status_code=200) -> Template:
    posting = await db.get(Posting, posting_id)
    if posting is None:
        raise NotFoundException("求人情報が見つかりません。")
    organization = (await accounts.organizations_by_ids(db, {posting.organization_id}))[posting.organization_id]
    draft = service.values_of(posting)
    revision = posting.revision_state == "pending"
    return render(request, "postings/admin_posting.html.jinja", {
        **_detail_context(draft, organization, posting), "revision": revision,
        "diff": service.differences(service.values_of(posting, "content"), draft) if revision else [],
        "pending": posting.status == "pending" or revision, "errors": errors or {},
    }, status_code=status_code)


@get("/admin/postings/{posting_id:int}", name="postings:review", guards=OFFICE)
async def review_posting(request: Request, db: DbSession, posting_id: FromPath[int]) -> Template:
    return await _review_page(request, db, posting_id)


@post("/admin/postings/{posting_id:int}/approve", name="postings:approve", guards=OFFICE)
async def approve_posting(request: Request, db: DbSession, settings: AppSettings, posting_id: FromPath[int]) -> Response:
    posting = await db.get(Posting, posting_id)
    if posting is None:
        raise NotFoundException("求人情報が見つかりません。")
    try:
        await service.approve(db, settings, posting)
    except service.TransitionError as error:
        flash(request, error.message, "error")
        return see_other(request, f"/admin/postings/{posting_id}")
    flash(request, f"「{posting.title}」を承認しました。")
    return see_other(request, "/admin/postings")


@post("/admin/postings/{posting_id:int}/return", name="postings:return", guards=OFFICE)
async def return_posting(request: Request, db: DbSession, settings: AppSettings, posting_id: FromPath[int]) -> Template | Response:
    form = FormResult()
    reason = text_field(form, (await request.form()).dict(), "reason", "差戻しの理由", required=True, max_length=2000,
                        multiline=True)
    if not form.ok:
        return await _review_page(request, db, posting_id, form.errors, status_code=422)
    posting = await db.get(Posting, posting_id)
    if posting is None:
        raise NotFoundException("求人情報が見つかりません。")
    try:
        await service.return_posting(db, settings, posting, reason)
    except service.TransitionError as error:
        flash(request, error.message, "error")
        return see_other(request, f"/admin/postings/{posting_id}")
    flash(request, "差戻しました。理由をメールで送信しました。")
    return see_other(request, "/admin/postings")


# -- the public -----------------------------------------------------------------------------


async def _jocv_viewer(request: Request, db) -> bool:
    session = current_session(request)
    if session.get("role") in (Role.SECRETARIAT, Role.COUNSELOR):
        return True
    return await accounts.is_verified_jocv(db, session.get("uid")) if session.get("role") == Role.INDIVIDUAL else False


@get("/jobs", name="postings:search")
async def search_jobs(request: Request, db: DbSession, keyword: FromQuery[str] = "", sector: FromQuery[str] = "",
                      country: FromQuery[str] = "", job_type: FromQuery[str] = "", employment_type: FromQuery[str] = "",
                      sort: FromQuery[str] = "new", page: FromQuery[str | None] = None) -> Template:
    flexible = tuple(v for v in request.query_params.getall("flexible_work", []) if v in dict(forms.FLEXIBLE_WORK))
    filters = service.SearchFilters(
        keyword=keyword.strip()[:100], sector=sector if sector in dict(SECTORS) else "",
        country=country if country in dict(COUNTRIES) else "", job_type=job_type.strip()[:100],
        employment_type=employment_type if employment_type in forms.EMPLOYMENT_TYPES else "",
        flexible_work=flexible, sort="deadline" if sort == "deadline" else "new", page=page_number(page),
    )
    result = await service.search(db, filters, jocv_viewer=await _jocv_viewer(request, db))
    organizations = await accounts.organizations_by_ids(db, {p.organization_id for p in result.items})
    params = {k: v for k, v in {"keyword": filters.keyword, "sector": filters.sector, "country": filters.country,
                                "job_type": filters.job_type, "employment_type": filters.employment_type,
                                "sort": filters.sort}.items() if v}
    query = "&".join([*(f"{k}={v}" for k, v in params.items()), *(f"flexible_work={c}" for c in flexible)])
    return render(request, "postings/search.html.jinja", {
        "page": result, "filters": filters, "organizations": organizations, "choices": CHOICES, "params": params,
        "flexible": flexible, "query": query, "sector_labels": dict(SECTORS), "country_labels": dict(COUNTRIES),
    }, fragments={"search-results": "search_results"})


@get("/jobs/{posting_id:int}", name="postings:job")
async def show_job(request: Request, db: DbSession, posting_id: FromPath[int]) -> Template:
    posting = await service.public_posting(db, posting_id, jocv_viewer=await _jocv_viewer(request, db))
    if posting is None:
        raise NotFoundException("この求人情報は掲載されていないか、募集期間が終了しました。")
    await service.count_view(db, posting.id)
    organization = (await accounts.organizations_by_ids(db, {posting.organization_id}))[posting.organization_id]
    values = service.values_of(posting, "content")
    return render(request, "postings/job_detail.html.jinja", {
        **_detail_context(values, organization, posting), "json_ld": feeds.job_posting_json_ld(posting, values, organization),
    })


@get("/jobs/feed.atom", name="postings:feed", media_type="application/atom+xml")
async def job_feed(request: Request, db: DbSession, settings: AppSettings) -> Response:
    postings = await service.newly_published(db)
    organizations = await accounts.organizations_by_ids(db, {p.organization_id for p in postings})
    return Response(feeds.atom(postings, organizations, settings.app.base_url), media_type="application/atom+xml")


router = Router(path="/", route_handlers=[
    new_job, edit_job, create_job, update_job, job_done, preview_job, list_jobs, copy_job, confirm_stop, stop_job,
    review_queue, review_posting, approve_posting, return_posting, search_jobs, show_job, job_feed,
])
