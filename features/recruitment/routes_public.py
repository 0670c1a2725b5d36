"""The public 公募 pages: 公募情報 (/koubo), each 公募's page with its view count, 過去の公募案件
and the Atom feed. Same conventions as 求人情報を探す: htmx in place, the URL follows, no JS needed."""

from __future__ import annotations

from litestar import Request, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import clock, slices
from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.reference import COUNTRIES, LANGUAGE_LEVELS, LANGUAGES, SECTORS
from app.sessions import current_session
from app.templating import render
from features.accounts import api as accounts
from features.recruitment import counts, feeds, koubo_views, public, states
from features.recruitment.models import NoticeStatus

COUNTRY_CHOICES = ((public.DOMESTIC, "国内"), *COUNTRIES)


def labels() -> dict:
    """What the list and detail templates show instead of codes."""
    return {
        "country_labels": dict(COUNTRIES),
        "sector_labels": dict(SECTORS),
        "language_labels": dict(LANGUAGES),
        "level_labels": dict(LANGUAGE_LEVELS),
    }


def _choice(value: str, allowed) -> str:
    return value if value in allowed else ""


def phase_of(now):
    return lambda k: states.phase(k.status, k.publish_at, k.deadline_at, now).value


@get("/koubo", name="recruitment:koubo_search")
async def koubo_search(
    request: Request,
    db: DbSession,
    keyword: FromQuery[str] = "",
    koubo_type: FromQuery[str] = "",
    country: FromQuery[str] = "",
    sector: FromQuery[str] = "",
    language: FromQuery[str] = "",
    term: FromQuery[str] = "",
    sort: FromQuery[str] = "deadline",
    page: FromQuery[str | None] = None,
) -> Template:
    now = clock.now()
    types = await public.koubo_types(db)
    filters = public.KouboFilters(
        keyword=keyword.strip()[:100],
        koubo_type=_choice(koubo_type, types),
        country=_choice(country, dict(COUNTRY_CHOICES)),
        sector=_choice(sector, dict(SECTORS)),
        language=_choice(language, dict(LANGUAGES)),
        term=_choice(term, dict(public.TERMS)),
        sort="new" if sort == "new" else "deadline",
        page=page_number(page),
    )
    result = await public.search(db, filters, now)
    params = {
        "keyword": filters.keyword,
        "koubo_type": filters.koubo_type,
        "country": filters.country,
        "sector": filters.sector,
        "language": filters.language,
        "term": filters.term,
        "sort": filters.sort,
    }  # for the pager: every filter survives paging
    session = current_session(request)  # 条件を保存, when the saved_searches slice offers it (hook)
    save_search_url = await slices.ask(
        "save_search_link", db, session.get("uid"), session.get("role"), "koubo", params, default=None
    )
    return render(
        request,
        "recruitment/public/search.html.jinja",
        {
            "page": result,
            "filters": filters,
            "params": params,
            "choices": {
                "koubo_types": types,
                "countries": COUNTRY_CHOICES,
                "sectors": SECTORS,
                "languages": LANGUAGES,
                "terms": public.TERMS,
                "sorts": public.SORTS,
            },
            "phase_of": phase_of(now),
            "save_search_url": save_search_url,
            **labels(),
        },
        fragments={"search-results": "search_results"},
    )


@get("/koubo/archive", name="recruitment:koubo_archive")
async def koubo_archive(
    request: Request,
    db: DbSession,
    keyword: FromQuery[str] = "",
    year: FromQuery[str] = "",
    koubo_type: FromQuery[str] = "",
    country: FromQuery[str] = "",
    sector: FromQuery[str] = "",
    page: FromQuery[str | None] = None,
) -> Template:
    years = await public.archive_years(db)
    types = await public.koubo_types(db)
    chosen_year = int(year) if year.isdigit() and int(year) in years else None
    filters = public.ArchiveFilters(
        keyword=keyword.strip()[:100],
        year=chosen_year,
        koubo_type=_choice(koubo_type, types),
        country=_choice(country, dict(COUNTRY_CHOICES)),
        sector=_choice(sector, dict(SECTORS)),
        page=page_number(page),
    )
    result = await public.search_archive(db, filters)
    params = {
        "keyword": filters.keyword,
        "year": str(filters.year or ""),
        "koubo_type": filters.koubo_type,
        "country": filters.country,
        "sector": filters.sector,
    }
    return render(
        request,
        "recruitment/public/archive.html.jinja",
        {
            "page": result,
            "filters": filters,
            "params": params,
            "choices": {
                "years": [(str(y), f"{y}年") for y in years],
                "koubo_types": types,
                "countries": COUNTRY_CHOICES,
                "sectors": SECTORS,
            },
            **labels(),
        },
        fragments={"search-results": "search_results"},
    )


@get("/koubo/{koubo_id:int}", name="recruitment:koubo_detail", opt={"writes": True})  # the view count
async def koubo_detail(request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int]) -> Template:
    now = clock.now()
    koubo = await public.findable(db, koubo_id, now)
    if koubo is None:
        raise NotFoundException("この公募案件は掲載されていないか、掲載を終了しました。")
    await counts.record(db, koubo.id, counts.Measure.VIEWS, request.headers.get("user-agent"))
    organization = (await accounts.organizations_by_ids(db, {koubo.organization_id})).get(koubo.organization_id)
    archived = koubo.status == NoticeStatus.ARCHIVED
    return render(
        request,
        "recruitment/public/detail.html.jinja",
        {
            "koubo": koubo,
            "body": koubo_views.view(koubo, now=now),  # the chain is shown with links, findable ones only
            "organization": organization,
            "archived": archived,
            "accepting": not archived
            and states.accepts_applications(koubo.status, koubo.publish_at, koubo.deadline_at, now),
            "phase": states.phase(koubo.status, koubo.publish_at, koubo.deadline_at, now).value,
            "chain": await public.repeat_chain(db, koubo, now),
            "json_ld": None if archived else feeds.job_posting_json_ld(koubo, organization, settings),
            "json_list": public.json_list,
            **labels(),
        },
    )


@get("/koubo/feed.atom", name="recruitment:koubo_feed", media_type="application/atom+xml")
async def koubo_feed(db: DbSession, settings: AppSettings) -> Response:
    koubos = await public.latest(db, clock.now(), limit=50)
    return Response(feeds.atom(koubos, settings), media_type="application/atom+xml")


public_router = Router(path="/", route_handlers=[koubo_search, koubo_archive, koubo_detail, koubo_feed])
