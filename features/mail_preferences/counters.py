"""Counters for the reports (000 §8.2): 配信停止 — a category switched off from a mail (the
one-click link or the List-Unsubscribe mailto; a repeated click is not counted again) — per
Japan-time day and category, recorded as one upserted count row per day (never who)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.mail_preferences.models import Category, UnsubscribeDaily


async def record_unsubscribe(db: AsyncSession, category: Category, day: date | None = None, amount: int = 1) -> None:
    """Add to the day's (today's in Japan, or `day`'s: the demo history) 配信停止 count of a category."""
    dialect = db.bind.dialect.name if db.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = UnsubscribeDaily.__table__
    statement = insert(table).values(day=day or clock.today_jst(), category=Category(category).value, count=amount)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.day, table.c.category], set_={"count": table.c.count + amount}
    )
    await db.execute(statement)


async def count_unsubscribes(db: AsyncSession, start: datetime, end: datetime) -> dict[str, int]:
    """{category value: n} (every category, zeros too) for the Japan-time days of [start, end)."""
    first, after = clock.to_jst(start).date(), clock.to_jst(end).date()
    counts = dict.fromkeys((c.value for c in Category), 0)
    rows = await db.execute(
        select(UnsubscribeDaily.category, func.sum(UnsubscribeDaily.count))
        .where(UnsubscribeDaily.day >= first, UnsubscribeDaily.day < after)
        .group_by(UnsubscribeDaily.category)
    )
    for category, n in rows:
        counts[category] = counts.get(category, 0) + int(n or 0)
    return counts
