"""New matches of a saved 求人情報を探す / 研修・イベント・セミナー search (the saved_searches slice's
alerts). A saved search is the page's own query string; it is parsed here exactly as the page
parses it and matched with the page's own condition (service.search_condition), so an alert can
never announce what the page would not show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.reference import COUNTRIES, SECTORS
from features.accounts import api as accounts
from features.postings import forms, service
from features.postings.models import Posting, PostingKind

ROUTES = {PostingKind.JOB: "postings:job", PostingKind.EVENT: "postings:event"}


@dataclass(frozen=True)
class NewMatch:
    """One posting as an alert mail lists it; the link is `route` with `params`."""

    title: str
    organization: str
    route: str
    params: tuple[tuple[str, int], ...]
    published_at: datetime


@dataclass(frozen=True)
class NewMatches:
    items: tuple[NewMatch, ...]  # the newest first, at most `limit`
    total: int  # all new matches


def _one(query: dict[str, list[str]], name: str) -> str:
    return (query.get(name) or [""])[0]


def search_filters(kind: str, query: str) -> service.SearchFilters:
    """The filters the page builds from this query string (routes_public.search_jobs / search_events)."""
    q = parse_qs(query or "", keep_blank_values=True)
    keyword = _one(q, "keyword").strip()[:100]
    sector = _one(q, "sector")
    sector = sector if sector in dict(SECTORS) else ""
    if kind == PostingKind.EVENT:
        event_type = _one(q, "event_type")
        return service.SearchFilters(
            kind=PostingKind.EVENT,
            keyword=keyword,
            category=event_type if event_type in forms.EVENT_TYPES else "",
            sector=sector,
        )
    country = _one(q, "country")
    employment_type = _one(q, "employment_type")
    return service.SearchFilters(
        kind=PostingKind.JOB,
        keyword=keyword,
        sector=sector,
        country=country if country in dict(COUNTRIES) else "",
        job_type=_one(q, "job_type").strip()[:100],
        employment_type=employment_type if employment_type in forms.EMPLOYMENT_TYPES else "",
        flexible_work=tuple(v for v in q.get("flexible_work", []) if v in dict(forms.FLEXIBLE_WORK)),
    )


async def new_matches(
    db: AsyncSession,
    kind: str,
    query: str,
    since: datetime,
    until: datetime,
    *,
    limit: int,
    jocv_viewer: bool = False,
) -> NewMatches:
    """Postings this search finds now that were first published in (since, until]."""
    if kind not in ROUTES:
        raise ValueError(f"no alerts for postings of kind {kind!r}")
    where = and_(
        service.search_condition(search_filters(kind, query), jocv_viewer=jocv_viewer),
        Posting.published_at > since,
        Posting.published_at <= until,
    )
    total = (await db.execute(select(func.count()).select_from(Posting).where(where))).scalar_one()
    if not total:
        return NewMatches((), 0)
    rows = await db.execute(
        select(Posting).where(where).order_by(Posting.published_at.desc(), Posting.id.desc()).limit(limit)
    )
    postings = list(rows.scalars())
    organizations = await accounts.organizations_by_ids(db, {p.organization_id for p in postings})
    return NewMatches(
        tuple(
            NewMatch(
                title=p.title,
                organization=organizations[p.organization_id].name if p.organization_id in organizations else "",
                route=ROUTES[kind],
                params=(("posting_id", p.id),),
                published_at=p.published_at,
            )
            for p in postings
        ),
        total,
    )
