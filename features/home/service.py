"""Queries of the secretariat's news: only what is published by now is ever shown."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.pagination import Page
from features.home.models import SiteNews

NEWS_PER_PAGE = 10


def _visible():
    return SiteNews.published_at <= clock.now()


async def latest_news(db: AsyncSession, limit: int = 5) -> list[SiteNews]:
    rows = await db.execute(
        select(SiteNews).where(_visible()).order_by(SiteNews.published_at.desc(), SiteNews.id.desc()).limit(limit)
    )
    return list(rows.scalars())


async def news_page(db: AsyncSession, page: int, per_page: int = NEWS_PER_PAGE) -> Page[SiteNews]:
    total = (await db.execute(select(func.count()).select_from(SiteNews).where(_visible()))).scalar_one()
    rows = await db.execute(
        select(SiteNews)
        .where(_visible())
        .order_by(SiteNews.published_at.desc(), SiteNews.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return Page(items=list(rows.scalars()), page=page, per_page=per_page, total=total)


async def get_news(db: AsyncSession, news_id: int) -> SiteNews | None:
    row = await db.get(SiteNews, news_id)
    if row is None or row.published_at > clock.now():
        return None
    return row
