"""The demo's 配信停止 over the history (issue 16 item 7): per Japan-time day and category, as the
one-click link counts them — most for 案内メール, some for PARTNERニュース, a few for 新着情報のお知らせ
— on the calendar of app/demo_calendar.py (in the evening, when mail is read), about half a percent
of the history's bulk mail (features/mailings/demo_history.py). Counts only, as the real ones."""

from __future__ import annotations

import random
from collections import Counter

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.demo_calendar import insert_dicts, spread
from features.mail_preferences.models import Category, UnsubscribeDaily

UNSUBSCRIBES = {Category.GUIDE: 70, Category.NEWS: 45, Category.ALERTS: 20}  # over the whole history


async def seed_history(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    counts: Counter[tuple] = Counter()
    for category, total in UNSUBSCRIBES.items():
        for at in spread(rng, total, hours=(8, 24)):
            counts[clock.to_jst(at).date(), category.value] += 1
    rows = [dict(day=day, category=category, count=n) for (day, category), n in sorted(counts.items())]
    await insert_dicts(db, UnsubscribeDaily, rows)
