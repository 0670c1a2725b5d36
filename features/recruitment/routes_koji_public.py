"""公示案件, the public: 公示情報 (/koji, /koji/{id}, the files, the Atom feed)."""

from __future__ import annotations

from datetime import date

from litestar import Request, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.templating import render
from features.recruitment import forms_koji as forms
from features.recruitment import koji as service
from features.recruitment.pages_koji import (
    COUNTRY_LABELS,
    NOT_PUBLIC,
    detail_context,
    download_file,
    organization_by_id,
)

# -- the public: 公示情報 -----------------------------------------------------------------------


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


@get("/koji", name="recruitment:koji_search")
async def search_koji(
    request: Request,
    db: DbSession,
    keyword: FromQuery[str] = "",
    country: FromQuery[str] = "",
    work_type: FromQuery[str] = "",
    contract_type: FromQuery[str] = "",
    deadline_from: FromQuery[str] = "",
    deadline_to: FromQuery[str] = "",
    sort: FromQuery[str] = "new",
    page: FromQuery[str | None] = None,
) -> Template:
    filters = service.SearchFilters(
        keyword=keyword.strip()[:100],
        country=country if country in COUNTRY_LABELS else "",
        work_type=work_type if work_type in forms.WORK_TYPES else "",
        contract_type=contract_type if contract_type in forms.CONTRACT_TYPES else "",
        deadline_from=_day(deadline_from),
        deadline_to=_day(deadline_to),
        sort="deadline" if sort == "deadline" else "new",
        page=page_number(page),
    )
    result = await service.search(db, filters)
    params = {
        "keyword": filters.keyword,
        "country": filters.country,
        "work_type": filters.work_type,
        "contract_type": filters.contract_type,
        "deadline_from": filters.deadline_from.isoformat() if filters.deadline_from else "",
        "deadline_to": filters.deadline_to.isoformat() if filters.deadline_to else "",
        "sort": filters.sort,
    }  # for the pager: every filter is kept from page to page
    return render(
        request,
        "recruitment/koji/search.html.jinja",
        {
            "page": result,
            "filters": filters,
            "params": params,
            "choices": forms.CHOICES,
            "country_labels": COUNTRY_LABELS,
        },
        fragments={"search-results": "search_results"},
    )


@get("/koji/{koji_id:int}", name="recruitment:koji_detail")
async def show_koji(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    koji = await service.public(db, koji_id)
    if koji is None:  # a draft, one under review or stopped, or of an organization that left
        raise NotFoundException(NOT_PUBLIC)
    organization = await organization_by_id(db, koji.organization_id)
    files = await service.files_of(db, koji.id)
    return render(
        request,
        "recruitment/koji/detail.html.jinja",
        detail_context(service.values_of(koji), files, koji, organization),
    )


@get("/koji/{koji_id:int}/files/{file_id:int}", name="recruitment:koji_file")
async def public_file(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    koji = await service.public(db, koji_id)
    if koji is None:
        raise NotFoundException(NOT_PUBLIC)
    return await download_file(db, settings, koji, file_id)


@get("/koji/feed.atom", name="recruitment:koji_feed", media_type="application/atom+xml")
async def koji_feed(db: DbSession, settings: AppSettings) -> Response:
    notices = await service.newest_public(db)
    return Response(service.atom(notices, settings), media_type="application/atom+xml")


koji_public_router = Router(
    path="/",
    route_handlers=[
        search_koji,
        show_koji,
        public_file,
        koji_feed,
    ],
)
