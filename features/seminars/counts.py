"""Counting for reports: registrations and seminars held in a period (the reports slice calls these)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.seminars.models import RegistrationStatus, Seminar, SeminarRegistration, SeminarStatus


async def count_registrations(db: AsyncSession, period: tuple[datetime, datetime]) -> dict[str, int]:
    """Seminars starting in [start, end) that were announced and not cancelled, and their registrations by status
    (confirmed / waiting / cancelled), with how many were marked 出席."""
    start, end = period
    seminar_ids = select(Seminar.id).where(
        Seminar.starts_at >= start,
        Seminar.starts_at < end,
        Seminar.status.notin_((SeminarStatus.PLANNING, SeminarStatus.CANCELLED)),
    )
    result = {"seminars": await db.scalar(select(func.count()).select_from(seminar_ids.subquery())) or 0}
    rows = await db.execute(
        select(SeminarRegistration.status, func.count())
        .where(SeminarRegistration.seminar_id.in_(seminar_ids))
        .group_by(SeminarRegistration.status)
    )
    by_status = dict(rows.all())
    for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.CANCELLED):
        result[status.value] = by_status.get(status, 0)
    result["attended"] = (
        await db.scalar(
            select(func.count()).where(
                SeminarRegistration.seminar_id.in_(seminar_ids), SeminarRegistration.attended.is_(True)
            )
        )
        or 0
    )
    return result
