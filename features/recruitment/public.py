"""The public side of 公募: 公募情報 (search), each 公募's page, 過去の公募案件, the feed and the top
page's 新着. Every query goes through features.recruitment.visibility: one rule for all of them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.clock import JST, to_jst
from app.db import contains_pattern
from app.pagination import Page
from features.recruitment import visibility
from features.recruitment.models import Koubo, KouboType

PER_PAGE = 20
DOMESTIC = "domestic"  # the 国・地域 choice 国内
TERMS = (("long", "長期（1年以上）"), ("short", "短期（1年未満）"))
SORTS = (("deadline", "締切が近い順"), ("new", "新着順"))


@dataclass(frozen=True)
class KouboFilters:
    keyword: str = ""
    koubo_type: str = ""
    country: str = ""  # a country code, or DOMESTIC
    sector: str = ""
    language: str = ""
    term: str = ""  # long | short
    sort: str = "deadline"  # deadline | new
    page: int = 1


@dataclass(frozen=True)
class ArchiveFilters:
    keyword: str = ""
    year: int | None = None  # the year of the 応募締切 (Japan time)
    koubo_type: str = ""
    country: str = ""
    sector: str = ""
    page: int = 1


def _common(keyword: str, koubo_type: str, country: str, sector: str) -> list:
    conditions = []
    for word in keyword.lower().split()[:5]:  # every word, as a substring (Japanese has no spaces)
        conditions.append(Koubo.search_text.like(contains_pattern(word), escape="\\"))
    if koubo_type:
        conditions.append(Koubo.koubo_type == koubo_type)
    if country == DOMESTIC:
        conditions.append(Koubo.domestic.is_(True))
    elif country:
        conditions.append(and_(Koubo.domestic.is_(False), Koubo.country == country))
    if sector:
        conditions.append(Koubo.sector == sector)
    return conditions


def _newest():
    return func.coalesce(Koubo.published_at, Koubo.publish_at, Koubo.approved_at, Koubo.created_at)


async def _page(db: AsyncSession, where, order: tuple, page: int) -> Page[Koubo]:
    total = (await db.execute(select(func.count()).select_from(Koubo).where(where))).scalar_one()
    rows = await db.execute(select(Koubo).where(where).order_by(*order).offset((page - 1) * PER_PAGE).limit(PER_PAGE))
    return Page(items=list(rows.scalars()), page=page, per_page=PER_PAGE, total=total)


def search_condition(filters: KouboFilters, now: datetime):
    """What 公募情報 finds for these filters (the saved-search alerts match with the same
    condition: features/recruitment/alerts.py)."""
    conditions = [
        visibility.public_koubo(now),
        *_common(filters.keyword, filters.koubo_type, filters.country, filters.sector),
    ]
    if filters.language:
        conditions.append(Koubo.language_codes.like(contains_pattern(f" {filters.language} "), escape="\\"))
    if filters.term:
        conditions.append(Koubo.long_term.is_(filters.term == "long"))
    return and_(*conditions)


async def search(db: AsyncSession, filters: KouboFilters, now: datetime) -> Page[Koubo]:
    where = search_condition(filters, now)
    if filters.sort == "new":
        order = (_newest().desc(), Koubo.id.desc())
    else:  # 締切が近い順: the open ones first, the nearest deadline first; then those already closed
        passed = case((Koubo.deadline_at.is_(None), 2), (Koubo.deadline_at < now, 1), else_=0)
        order = (passed, Koubo.deadline_at.asc(), Koubo.id.desc())
    return await _page(db, where, order, filters.page)


async def search_archive(db: AsyncSession, filters: ArchiveFilters) -> Page[Koubo]:
    conditions = [
        visibility.archived_koubo(),
        *_common(filters.keyword, filters.koubo_type, filters.country, filters.sector),
    ]
    if filters.year:
        # the year of the deadline in Japan time (1 January 08:00 JST is stored on 31 December)
        start = datetime(filters.year, 1, 1, tzinfo=JST).astimezone(UTC)
        end = datetime(filters.year + 1, 1, 1, tzinfo=JST).astimezone(UTC)
        conditions.append(and_(Koubo.deadline_at >= start, Koubo.deadline_at < end))
    order = (Koubo.deadline_at.desc(), Koubo.id.desc())
    return await _page(db, and_(*conditions), order, filters.page)


async def archive_years(db: AsyncSession) -> list[int]:
    """The years the archive has 公募 for (newest first), for the 年 filter."""
    rows = await db.execute(
        select(Koubo.deadline_at).where(visibility.archived_koubo(), Koubo.deadline_at.is_not(None))
    )
    return sorted({to_jst(value).year for value in rows.scalars()}, reverse=True)


async def koubo_types(db: AsyncSession) -> list[str]:
    rows = await db.execute(
        select(KouboType.name).where(KouboType.active.is_(True)).order_by(KouboType.position, KouboType.id)
    )
    return list(rows.scalars())


async def findable(db: AsyncSession, koubo_id: int, now: datetime) -> Koubo | None:
    row = await db.execute(select(Koubo).where(Koubo.id == koubo_id, visibility.findable_koubo(now)))
    return row.scalar_one_or_none()


@dataclass(frozen=True)
class Chain:
    repeats: Koubo | None  # the earlier 公募 this one repeats (when findable)
    repeated_by: list[Koubo]  # the later 公募 that repeat this one (findable ones only)


async def repeat_chain(db: AsyncSession, koubo: Koubo, now: datetime) -> Chain:
    earlier = await findable(db, koubo.repeat_of_id, now) if koubo.repeat_of_id else None
    rows = await db.execute(
        select(Koubo).where(Koubo.repeat_of_id == koubo.id, visibility.findable_koubo(now)).order_by(Koubo.id)
    )
    return Chain(repeats=earlier, repeated_by=list(rows.scalars()))


async def latest(db: AsyncSession, now: datetime, limit: int = 5) -> list[Koubo]:
    """The newest public 公募 (the top page's 新着の公募情報, the feed)."""
    rows = await db.execute(
        select(Koubo).where(visibility.public_koubo(now)).order_by(_newest().desc(), Koubo.id.desc()).limit(limit)
    )
    return list(rows.scalars())


def json_list(text: str) -> list:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []
