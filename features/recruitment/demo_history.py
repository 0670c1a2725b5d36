"""The demo's 公募案件アクセス数 before the demo's own sixty days (issue 16 item 7): for each of the
demo's 公募 that was public earlier, one count row per Japan-time day from its publication — many
詳細表示 while it was open (most when new, again just before the deadline), a few この案件に応募する
応募開始 and 応募完了 — and a trickle of views afterwards while the detail stayed readable (締切, 選考中, the
archive), scaled by the calendar of app/demo_calendar.py. Only days before the demo's window
(features/recruitment/demo_applications.py writes those), so no count is added twice and none lies after the clock."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.demo_calendar import day_weight, history_days, insert_dicts
from features.recruitment.demo_posts import COUNT_DAYS
from features.recruitment.models import Koubo, KouboDailyCount, NoticeStatus

SEEN = (NoticeStatus.APPROVED, NoticeStatus.SCREENING, NoticeStatus.CLOSED, NoticeStatus.ARCHIVED)


async def seed_history(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    days = history_days()
    if not days:
        return
    window = clock.today_jst() - timedelta(days=COUNT_DAYS - 1)  # the demo's own days start here
    first = days[0]
    rows = await db.execute(
        select(Koubo.id, Koubo.published_at, Koubo.deadline_at, Koubo.archived_at, Koubo.hidden)
        .where(Koubo.status.in_(SEEN), Koubo.published_at.is_not(None), Koubo.deadline_at.is_not(None))
        .order_by(Koubo.id)
    )
    counts = []
    for koubo_id, published_at, deadline_at, archived_at, hidden in rows.all():
        published, deadline = clock.to_jst(published_at).date(), clock.to_jst(deadline_at).date()
        hidden_from = clock.to_jst(archived_at).date() + timedelta(days=7) if hidden and archived_at else None
        popularity = rng.uniform(0.5, 2.0)
        day = max(first, published)
        while day < window and (hidden_from is None or day < hidden_from):
            weight = day_weight(day, first, len(days))
            if day <= deadline:
                fresh = max(0.0, 1 - (day - published).days / 40)
                closing = 1.0 if (deadline - day).days > 3 else 1.6
                views = int(rng.randint(15, 45) * popularity * (0.6 + fresh) * closing * weight)
                clicks = int(views * rng.uniform(0.05, 0.15))
                started = int(clicks * rng.uniform(0.3, 0.7))
                submitted = int(started * rng.uniform(0.3, 0.8))
            else:
                views, clicks, started, submitted = int(rng.randint(0, 6) * weight), 0, 0, 0
            if views:
                counts.append(
                    dict(
                        koubo_id=koubo_id,
                        day=day,
                        views=views,
                        apply_clicks=clicks,
                        started=started,
                        submitted=submitted,
                    )
                )
            day += timedelta(days=1)
    # New rows only (days before the demo's window): one executemany rather than an upsert per day.
    await insert_dicts(db, KouboDailyCount, counts)
