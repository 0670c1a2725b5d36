"""The secretariat's seminars announced in a time window, for PARTNERニュース's 研修・イベント・セミナー
(app.newsfeed.NewsfeedItem, never a row of this slice)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import urls
from app.newsfeed import NewsfeedItem
from features.seminars import states
from features.seminars.models import Seminar


async def announced_between(db: AsyncSession, since: datetime | None, until: datetime) -> list[NewsfeedItem]:
    """Seminars on show at `until` (告知中 / 受付終了, not yet over) announced in [since, until), oldest first."""
    condition = [Seminar.status.in_(states.PUBLIC_STATES), Seminar.ends_at >= until, Seminar.announced_at < until]
    if since is not None:
        condition.append(Seminar.announced_at >= since)
    rows = await db.scalars(select(Seminar).where(*condition).order_by(Seminar.announced_at, Seminar.id))
    return [
        NewsfeedItem(
            title=seminar.title,
            organization="PARTNER事務局",
            path=urls.path_for("seminars:detail", seminar_id=seminar.id),
            published_at=seminar.announced_at
            if seminar.announced_at.tzinfo
            else seminar.announced_at.replace(tzinfo=UTC),
            source=f"seminars:seminar:{seminar.id}",
        )
        for seminar in rows
    ]
