"""Counters for the reports (000 §8.2): メール相談 received in [start, end), answered in it, and
the business days (Japan-time dates, holidays skipped) from receipt to the answer — the first and
only reply the person gets — of those answered: median, 90th percentile (nearest rank) and how
many within the target ([mail_consultation] target_business_days). Also the simpler counts of
count_mail_consultations and who was answered (the 利用アンケート)."""

from __future__ import annotations

import functools
import math
import statistics
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import load_settings
from features.mail_consultation.models import MailConsultation
from features.mail_consultation.service import age_in_business_days


@functools.cache
def default_target() -> int:
    """The configured target (read once, as other slices read their settings at import)."""
    return load_settings().mail_consultation.target_business_days


def _p90(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[max(math.ceil(0.9 * len(ordered)) - 1, 0)]


async def count_mail_consultation_figures(
    db: AsyncSession, start: datetime, end: datetime, target_business_days: int | None = None
) -> dict:
    """{"received", "answered", "median_business_days", "p90_business_days", "within_target",
    "target_business_days"} (median and p90 None when nothing was answered)."""
    target = default_target() if target_business_days is None else target_business_days
    c = MailConsultation
    received = await db.scalar(select(func.count()).select_from(c).where(c.received_at >= start, c.received_at < end))
    rows = await db.execute(select(c.received_at, c.answered_at).where(c.answered_at >= start, c.answered_at < end))
    days = [
        clock.business_days_between(clock.to_jst(asked).date(), clock.to_jst(answered).date())
        for asked, answered in rows
    ]
    return {
        "received": received or 0,
        "answered": len(days),
        "median_business_days": statistics.median(days) if days else None,
        "p90_business_days": _p90(days) if days else None,
        "within_target": sum(1 for d in days if d <= target),
        "target_business_days": target,
    }


async def count_mail_consultations(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """For reports: cases received in [start, end), cases answered in it, and the median business
    days from receipt to answer of those answered (None when none was)."""
    received = await db.scalar(
        select(func.count())
        .select_from(MailConsultation)
        .where(MailConsultation.received_at >= start, MailConsultation.received_at < end)
    )
    answered = list(
        (
            await db.execute(
                select(MailConsultation).where(
                    MailConsultation.answered_at.is_not(None),
                    MailConsultation.answered_at >= start,
                    MailConsultation.answered_at < end,
                )
            )
        ).scalars()
    )
    days = [age_in_business_days(c) for c in answered]
    return {
        "received": received or 0,
        "answered": len(answered),
        "median_business_days": statistics.median(days) if days else None,
    }


async def answered_user_ids(db: AsyncSession, start: datetime, end: datetime) -> list[int]:
    """The people whose question was answered in [start, end) (each once), for the 利用アンケート."""
    rows = await db.execute(
        select(MailConsultation.user_id)
        .where(
            MailConsultation.answered_at.is_not(None),
            MailConsultation.answered_at >= start,
            MailConsultation.answered_at < end,
        )
        .distinct()
        .order_by(MailConsultation.user_id)
    )
    return list(rows.scalars())
