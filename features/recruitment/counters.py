"""Counters for the reports (000 §8.2): 公募案件アクセス数 in [start, end) — the Japan-time days of
the period summed from the daily count rows (features/recruitment/counts.py records them: one row
per 公募 and day, anonymous, crawlers ignored), and the most viewed 公募 of the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.recruitment.models import Koubo, KouboDailyCount

TOP = 5


@dataclass(frozen=True)
class KouboAccess:
    koubo_id: int
    number: str
    title: str
    views: int
    submitted: int


async def count_koubo_access(
    db: AsyncSession, start: datetime, end: datetime, top: int = TOP, koubo_ids: list[int] | None = None
) -> dict:
    """{"views", "apply_clicks", "started", "submitted": totals, "koubo": 公募 viewed at least once,
    "top": [KouboAccess] most viewed first (ties by 公募番号)} for the Japan-time days of [start, end).
    With `koubo_ids`, "top" holds those 公募 instead (the report compares the current top 公募 with
    their earlier periods)."""
    first, after = clock.to_jst(start).date(), clock.to_jst(end).date()
    c = KouboDailyCount
    in_period = (c.day >= first, c.day < after)
    views, clicks, started, submitted, koubo = (
        await db.execute(
            select(
                func.coalesce(func.sum(c.views), 0),
                func.coalesce(func.sum(c.apply_clicks), 0),
                func.coalesce(func.sum(c.started), 0),
                func.coalesce(func.sum(c.submitted), 0),
                func.count(func.distinct(c.koubo_id)).filter(c.views > 0),
            ).where(*in_period)
        )
    ).one()
    ranked = (
        select(c.koubo_id, func.sum(c.views).label("views"), func.sum(c.submitted).label("submitted"))
        .where(*in_period)
        .group_by(c.koubo_id)
        .subquery()
    )
    rows = await db.execute(
        select(Koubo.id, Koubo.number, Koubo.title, ranked.c.views, ranked.c.submitted)
        .join(ranked, ranked.c.koubo_id == Koubo.id)
        .where(ranked.c.views > 0 if koubo_ids is None else Koubo.id.in_(koubo_ids))
        .order_by(ranked.c.views.desc(), Koubo.number, Koubo.id)
        .limit(top if koubo_ids is None else len(koubo_ids) or 1)
    )
    return {
        "views": int(views),
        "apply_clicks": int(clicks),
        "started": int(started),
        "submitted": int(submitted),
        "koubo": int(koubo),
        "top": [KouboAccess(i, number or "", title, int(v or 0), int(s or 0)) for i, number, title, v, s in rows],
    }
