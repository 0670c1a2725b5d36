"""New matches of a saved 公募情報 search (the saved_searches slice's alerts). The saved search is
the page's own query string, parsed here as routes_public.koubo_search parses it and matched with
public.search_condition — the page's condition, visibility included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.reference import COUNTRIES, LANGUAGES, SECTORS
from features.accounts import api as accounts
from features.recruitment import public
from features.recruitment.models import Koubo

ROUTE = "recruitment:koubo_detail"


@dataclass(frozen=True)
class NewKoubo:
    """One 公募 as an alert mail lists it; the link is `route` with `params`."""

    title: str
    organization: str
    route: str
    params: tuple[tuple[str, int], ...]
    published_at: datetime


@dataclass(frozen=True)
class NewKouboMatches:
    items: tuple[NewKoubo, ...]  # the newest first, at most `limit`
    total: int


def _one(query: dict[str, list[str]], name: str, allowed) -> str:
    value = (query.get(name) or [""])[0]
    return value if value in allowed else ""


async def search_filters(db: AsyncSession, query: str) -> public.KouboFilters:
    q = parse_qs(query or "", keep_blank_values=True)
    return public.KouboFilters(
        keyword=(q.get("keyword") or [""])[0].strip()[:100],
        koubo_type=_one(q, "koubo_type", await public.koubo_types(db)),
        country=_one(q, "country", {public.DOMESTIC, *dict(COUNTRIES)}),
        sector=_one(q, "sector", dict(SECTORS)),
        language=_one(q, "language", dict(LANGUAGES)),
        term=_one(q, "term", dict(public.TERMS)),
    )


async def new_koubo_matches(
    db: AsyncSession, query: str, since: datetime, until: datetime, *, limit: int
) -> NewKouboMatches:
    """Public 公募 this search finds at `until` that were first published in (since, until]."""
    where = and_(
        public.search_condition(await search_filters(db, query), until),
        Koubo.published_at > since,
        Koubo.published_at <= until,
    )
    total = (await db.execute(select(func.count()).select_from(Koubo).where(where))).scalar_one()
    if not total:
        return NewKouboMatches((), 0)
    rows = await db.execute(
        select(Koubo).where(where).order_by(Koubo.published_at.desc(), Koubo.id.desc()).limit(limit)
    )
    found = list(rows.scalars())
    organizations = await accounts.organizations_by_ids(db, {k.organization_id for k in found})
    return NewKouboMatches(
        tuple(
            NewKoubo(
                title=k.title,
                organization=organizations[k.organization_id].name if k.organization_id in organizations else "",
                route=ROUTE,
                params=(("koubo_id", k.id),),
                published_at=k.published_at,
            )
            for k in found
        ),
        total,
    )
