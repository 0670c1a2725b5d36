"""The public pages of the postings slice: 求人情報を探す, 研修・イベント・セミナー, 団体からのお知らせ,
each posting's page (with its view count) and the jobs' Atom feed."""

from __future__ import annotations

from litestar import Request, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import slices
from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.reference import COUNTRIES, SECTORS
from app.sessions import current_session
from app.templating import render
from features.accounts import api as accounts
from features.accounts.api import Role
from features.postings import display, feeds, forms, service, views
from features.postings.kinds import KINDS, KindSpec
from features.postings.models import PostingKind


async def _save_search_url(request: Request, db, scope: str, params: dict) -> str | None:
    """The 条件を保存 link, when the saved_searches slice is installed and offers it to this user
    (hook "save_search_link"(db, user_id, role, scope, filters) -> a path or None)."""
    session = current_session(request)
    return await slices.ask(
        "save_search_link", db, session.get("uid"), session.get("role"), scope, params, default=None
    )


async def _jocv_viewer(request: Request, db) -> bool:
    session = current_session(request)
    if session.get("role") in (Role.SECRETARIAT, Role.COUNSELOR):
        return True
    return await accounts.is_verified_jocv(db, session.get("uid")) if session.get("role") == Role.INDIVIDUAL else False


# The view count: rendered views are written by the handler, views served by the page cache by its hook.
COUNTED = {"writes": True, "page_cache_hit": views.count_cached_view}


@get("/jobs", name="postings:search")
async def search_jobs(
    request: Request,
    db: DbSession,
    keyword: FromQuery[str] = "",
    sector: FromQuery[str] = "",
    country: FromQuery[str] = "",
    job_type: FromQuery[str] = "",
    employment_type: FromQuery[str] = "",
    sort: FromQuery[str] = "new",
    page: FromQuery[str | None] = None,
) -> Template:
    flexible = tuple(v for v in request.query_params.getall("flexible_work", []) if v in dict(forms.FLEXIBLE_WORK))
    filters = service.SearchFilters(
        kind=PostingKind.JOB,
        keyword=keyword.strip()[:100],
        sector=sector if sector in dict(SECTORS) else "",
        country=country if country in dict(COUNTRIES) else "",
        job_type=job_type.strip()[:100],
        employment_type=employment_type if employment_type in forms.EMPLOYMENT_TYPES else "",
        flexible_work=flexible,
        sort="deadline" if sort == "deadline" else "new",
        page=page_number(page),
    )
    result = await service.search(db, filters, jocv_viewer=await _jocv_viewer(request, db))
    organizations = await accounts.organizations_by_ids(db, {p.organization_id for p in result.items})
    params = {
        "keyword": filters.keyword,
        "sector": filters.sector,
        "country": filters.country,
        "job_type": filters.job_type,
        "employment_type": filters.employment_type,
        "flexible_work": flexible,
        "sort": filters.sort,
    }  # for the pager
    return render(
        request,
        "postings/search_jobs.html.jinja",
        {
            "page": result,
            "filters": filters,
            "organizations": organizations,
            "choices": forms.CHOICES,
            "params": params,
            "flexible": flexible,
            "sector_labels": dict(SECTORS),
            "country_labels": dict(COUNTRIES),
            "save_search_url": await _save_search_url(request, db, "jobs", params),
        },
        fragments={"search-results": "search_results"},
    )


async def _show_public(request: Request, db, spec: KindSpec, posting_id: int) -> Template:
    posting = await service.public_posting(db, posting_id, spec.kind, jocv_viewer=await _jocv_viewer(request, db))
    if posting is None:
        raise NotFoundException(f"この{spec.noun}は掲載されていないか、掲載期間が終了しました。")
    await service.count_view(db, posting.id)
    organization = (await accounts.organizations_by_ids(db, {posting.organization_id}))[posting.organization_id]
    values = service.values_of(posting, "content")
    context = display.detail_context(spec, values, organization, posting)
    if spec.kind == PostingKind.JOB:
        context["json_ld"] = feeds.job_posting_json_ld(posting, values, organization)
    return render(request, "postings/detail.html.jinja", context)


@get("/jobs/{posting_id:int}", name="postings:job", opt=COUNTED)  # the view count
async def show_job(request: Request, db: DbSession, posting_id: FromPath[int]) -> Template:
    return await _show_public(request, db, KINDS[PostingKind.JOB], posting_id)


@get("/events", name="postings:events")
async def search_events(
    request: Request,
    db: DbSession,
    keyword: FromQuery[str] = "",
    event_type: FromQuery[str] = "",
    sector: FromQuery[str] = "",
    sort: FromQuery[str] = "date",
    page: FromQuery[str | None] = None,
) -> Template:
    filters = service.SearchFilters(
        kind=PostingKind.EVENT,
        keyword=keyword.strip()[:100],
        category=event_type if event_type in forms.EVENT_TYPES else "",
        sector=sector if sector in dict(SECTORS) else "",
        sort="new" if sort == "new" else "date",
        page=page_number(page),
    )
    result = await service.search(db, filters, jocv_viewer=False)
    organizations = await accounts.organizations_by_ids(db, {p.organization_id for p in result.items})
    params = {
        "keyword": filters.keyword,
        "event_type": filters.category,
        "sector": filters.sector,
        "sort": filters.sort,
    }
    return render(
        request,
        "postings/search_events.html.jinja",
        {
            "page": result,
            "filters": filters,
            "organizations": organizations,
            "choices": forms.CHOICES,
            "params": params,
            "sector_labels": dict(SECTORS),
            "contents": {p.id: service.values_of(p, "content") for p in result.items},
            "venue_labels": dict(forms.VENUE_KINDS),
            "save_search_url": await _save_search_url(request, db, "events", params),
        },
        fragments={"search-results": "search_results"},
    )


@get("/events/{posting_id:int}", name="postings:event", opt=COUNTED)
async def show_event(request: Request, db: DbSession, posting_id: FromPath[int]) -> Template:
    return await _show_public(request, db, KINDS[PostingKind.EVENT], posting_id)


@get("/notices", name="postings:notices")
async def list_notices(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    filters = service.SearchFilters(kind=PostingKind.NOTICE, page=page_number(page))
    result = await service.search(db, filters, jocv_viewer=False)
    organizations = await accounts.organizations_by_ids(db, {p.organization_id for p in result.items})
    return render(
        request,
        "postings/notices.html.jinja",
        {"page": result, "organizations": organizations},
        fragments={"notice-list": "notice_list"},
    )


@get("/notices/{posting_id:int}", name="postings:notice", opt=COUNTED)
async def show_notice(request: Request, db: DbSession, posting_id: FromPath[int]) -> Template:
    return await _show_public(request, db, KINDS[PostingKind.NOTICE], posting_id)


@get("/jobs/feed.atom", name="postings:feed", media_type="application/atom+xml")
async def job_feed(request: Request, db: DbSession, settings: AppSettings) -> Response:
    postings = await service.newly_published(db)
    organizations = await accounts.organizations_by_ids(db, {p.organization_id for p in postings})
    return Response(feeds.atom(postings, organizations, settings), media_type="application/atom+xml")


public_router = Router(
    path="/",
    route_handlers=[search_jobs, show_job, job_feed, search_events, show_event, list_notices, show_notice],
)
