"""事務局からのお知らせ as a section of PARTNERニュース (the hook "partner_news_sections")."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import urls
from app.newsfeed import NewsfeedItem
from features.home.models import SiteNews
from features.partner_news.api import NewsSection


async def partner_news_section(db: AsyncSession, since: datetime | None, until: datetime) -> NewsSection:
    condition = [SiteNews.published_at < until]
    if since is not None:
        condition.append(SiteNews.published_at >= since)
    rows = await db.scalars(select(SiteNews).where(*condition).order_by(SiteNews.published_at, SiteNews.id))
    items = tuple(
        NewsfeedItem(
            title=news.title,
            organization="PARTNER事務局",
            path=urls.path_for("home:news_detail", news_id=news.id),
            published_at=news.published_at if news.published_at.tzinfo else news.published_at.replace(tzinfo=UTC),
            source=f"home:news:{news.id}",
        )
        for news in rows
    )
    return NewsSection(key="secretariat", title="事務局からのお知らせ", order=50, items=items)
