"""The library slice's public face: counters for the reports (plain values only)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.library.models import AUDIENCE_LABELS, CATEGORY_LABELS, LibraryItem
from features.library.service import due_condition


async def count_items(db: AsyncSession) -> dict[str, dict[str, int]]:
    """{"category": {"文書テンプレート": n, …}, "audience": {"事務局内": n, …}} — every label, zeros too."""
    by_category = dict.fromkeys(CATEGORY_LABELS.values(), 0)
    for category, n in await db.execute(select(LibraryItem.category, func.count()).group_by(LibraryItem.category)):
        by_category[CATEGORY_LABELS.get(category, category)] = n
    by_audience = dict.fromkeys(AUDIENCE_LABELS.values(), 0)
    for audience, n in await db.execute(select(LibraryItem.audience, func.count()).group_by(LibraryItem.audience)):
        by_audience[AUDIENCE_LABELS.get(audience, audience)] = n
    return {"category": by_category, "audience": by_audience}


async def items_due_for_review(db: AsyncSession, today: date, months: int = 12) -> int:
    """要確認: items whose 最終確認日 is `months` months or more before `today`, or never set."""
    return await db.scalar(select(func.count()).where(due_condition(today, months))) or 0
