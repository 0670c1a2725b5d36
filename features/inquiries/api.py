"""The inquiries slice's public face: all that other slices may use of it (the contact form opens
cases; the reports read the counters)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from features.inquiries import service, stats

CATEGORIES = service.CATEGORIES  # the FAQ slice's categories, in its order


async def open_case(
    db: AsyncSession, *, name: str, email: str, category: str, body: str, user_id: int | None = None
) -> int:
    """A new case (新規) from the contact form, with the message as its first timeline entry; the id
    (受付番号). An unknown category is filed under その他. Mails are the caller's."""
    return (await service.open_case(db, name=name, email=email, category=category, body=body, user_id=user_id)).id


async def count_cases(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """{"total": int, "by_category": {category: int}} of the cases received in [start, end)."""
    return await stats.count_cases(db, start, end)


async def response_times(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """{"answered", "unanswered", "median_business_days", "p90_business_days"} of the cases received in
    [start, end): business days from receipt to the first reply (None when none was answered)."""
    return await stats.response_times(db, start, end)


__all__ = ["CATEGORIES", "count_cases", "open_case", "response_times"]
