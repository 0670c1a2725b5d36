"""The mail-consultation slice's public face: all that other slices may use of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from features.mail_consultation import counters, service
from features.mail_consultation.counters import count_mail_consultation_figures  # the reports

CATEGORIES = service.CATEGORIES


async def count_mail_consultations(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """{"received": int, "answered": int, "median_business_days": float | int | None} for [start, end)."""
    return await counters.count_mail_consultations(db, start, end)


__all__ = ["CATEGORIES", "count_mail_consultation_figures", "count_mail_consultations"]
