"""The content slice's public face for the slices above it (PARTNERニュース): plain values only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.newsfeed import NewsfeedItem
from app.urls import path_for
from features.content.models import KINDS, ContentItem, ContentStatus

NEWS_KINDS = ("column", "feature", "career", "guide")  # 案内ページ are not news


def title_of(item: ContentItem) -> str:
    if item.kind == "column" and item.series_number:
        return f"PARTNERコラム 第{item.series_number}号「{item.title}」"
    return f"【{KINDS[item.kind]}】{item.title}"


async def published_between(db: AsyncSession, since: datetime | None, until: datetime) -> list[NewsfeedItem]:
    """Articles that went 公開中 in [since, until), oldest first (still 公開中 now)."""
    where = [
        ContentItem.status == ContentStatus.PUBLISHED,
        ContentItem.kind.in_(NEWS_KINDS),
        ContentItem.published_at < until,
    ]
    if since is not None:
        where.append(ContentItem.published_at >= since)
    rows = await db.scalars(select(ContentItem).where(*where).order_by(ContentItem.published_at, ContentItem.id))
    return [
        NewsfeedItem(
            title=title_of(item),
            organization="",
            path=path_for("content:article", key=item.slug or str(item.id)),
            published_at=item.published_at,
            source=f"content:article:{item.id}",
        )
        for item in rows
    ]
