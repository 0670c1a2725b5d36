"""New public 公募 for PARTNERニュース: those that appeared in a time window, as
app.newsfeed.NewsfeedItem (never a row of this slice)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import urls
from app.newsfeed import NewsfeedItem
from features.accounts import api as accounts
from features.recruitment import visibility
from features.recruitment.models import Koubo


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _appeared(koubo: Koubo) -> datetime:
    """When the public first saw it: the publication task's record, or before it has run the later
    of 掲載開始日時 and approval."""
    if koubo.published_at is not None:
        return _aware(koubo.published_at)
    approved = _aware(koubo.approved_at or koubo.created_at)
    return max(_aware(koubo.publish_at), approved) if koubo.publish_at else approved


async def appeared_between(db: AsyncSession, since: datetime | None, until: datetime) -> list[NewsfeedItem]:
    """公募 public at `until` that appeared in [since, until), oldest first."""
    condition = visibility.public_koubo(until)
    if since is not None:
        condition = and_(
            condition,
            or_(
                Koubo.published_at >= since,
                and_(
                    Koubo.published_at.is_(None),
                    or_(Koubo.publish_at >= since, Koubo.approved_at >= since, Koubo.created_at >= since),
                ),
            ),
        )
    rows = list((await db.scalars(select(Koubo).where(condition))).all())
    names = {
        o.id: o.name for o in (await accounts.organizations_by_ids(db, {k.organization_id for k in rows})).values()
    }
    items = [
        NewsfeedItem(
            title=koubo.title,
            organization=names.get(koubo.organization_id, ""),
            path=urls.path_for("recruitment:koubo_detail", koubo_id=koubo.id),
            published_at=_appeared(koubo),
            source=f"recruitment:koubo:{koubo.id}",
        )
        for koubo in rows
    ]
    return sorted(
        (i for i in items if (since is None or i.published_at >= since) and i.published_at < until),
        key=lambda i: (i.published_at, i.source),
    )
