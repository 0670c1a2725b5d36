"""Counts of the desk for reports and the 集計 page: cases by category, first-reply times in
business days (median and 90th percentile), the most asked categories, forged inbound replies."""

from __future__ import annotations

import math
import statistics
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.inquiries.models import InboundRejection, InquiryCase
from features.inquiries.service import CATEGORIES


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """[start, end) of a calendar month in Japan time, as UTC instants."""
    start = datetime(year, month, 1, tzinfo=clock.JST)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=clock.JST)
    return start.astimezone(UTC), end.astimezone(UTC)


def months_back(today: date, count: int) -> tuple[int, int]:
    """The (year, month) `count` months before today's month (0: this month)."""
    index = today.year * 12 + today.month - 1 - count
    return index // 12, index % 12 + 1


async def count_cases(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """Cases received in [start, end): {"total": n, "by_category": {category: n}} with every
    category present (0 when none)."""
    rows = await db.execute(
        select(InquiryCase.category, func.count())
        .where(InquiryCase.created_at >= start, InquiryCase.created_at < end)
        .group_by(InquiryCase.category)
    )
    by_category = dict.fromkeys(CATEGORIES, 0)
    for category, count in rows.all():
        by_category[category] = by_category.get(category, 0) + count
    return {"total": sum(by_category.values()), "by_category": by_category}


def _p90(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[max(math.ceil(0.9 * len(ordered)) - 1, 0)]  # nearest rank


async def response_times(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """Of the cases received in [start, end): how many got a first reply, how many did not yet, and
    the business days from receipt to first reply — median and 90th percentile (nearest rank),
    None when none was answered."""
    rows = await db.execute(
        select(InquiryCase.created_at, InquiryCase.first_replied_at).where(
            InquiryCase.created_at >= start, InquiryCase.created_at < end
        )
    )
    days, unanswered = [], 0
    for received, replied in rows.all():
        if replied is None:
            unanswered += 1
        else:
            days.append(clock.business_days_between(clock.to_jst(received).date(), clock.to_jst(replied).date()))
    return {
        "answered": len(days),
        "unanswered": unanswered,
        "median_business_days": statistics.median(days) if days else None,
        "p90_business_days": _p90(days) if days else None,
    }


async def top_categories(db: AsyncSession, start: datetime, end: datetime, limit: int = 3) -> list[tuple[str, int]]:
    counts = (await count_cases(db, start, end))["by_category"]
    ranked = sorted(((c, n) for c, n in counts.items() if n), key=lambda item: (-item[1], CATEGORIES.index(item[0])))
    return ranked[:limit]


async def forged_replies(db: AsyncSession, start: datetime | None = None, end: datetime | None = None) -> int:
    where = []
    if start is not None:
        where.append(InboundRejection.received_at >= start)
    if end is not None:
        where.append(InboundRejection.received_at < end)
    return await db.scalar(select(func.count()).select_from(InboundRejection).where(*where)) or 0
