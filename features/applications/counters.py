"""Counter for the reports (000 §8.2): applications sent in [start, end) (aware UTC bounds) and the
outcomes reached in it, from the status history — each application counted once per status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.applications.models import Application, ApplicationEvent, ApplicationStatus

# The statuses an application moves to after 応募受付, in the order of the report's table.
OUTCOMES = (
    ApplicationStatus.SCREENING,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.HIRED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.DECLINED,
    ApplicationStatus.WITHDRAWN,
)


async def count_applications(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """{"submitted": n, "outcomes": {status label: n}} — applications sent (応募する) in the period,
    and for each later status how many applications reached it in the period (zeros too)."""
    submitted = await db.scalar(
        select(func.count())
        .select_from(Application)
        .where(Application.submitted_at >= start, Application.submitted_at < end)
    )
    outcomes = dict.fromkeys((s.value for s in OUTCOMES), 0)
    rows = await db.execute(
        select(ApplicationEvent.status, func.count(distinct(ApplicationEvent.application_id)))
        .where(
            ApplicationEvent.created_at >= start,
            ApplicationEvent.created_at < end,
            ApplicationEvent.status.in_(list(outcomes)),
        )
        .group_by(ApplicationEvent.status)
    )
    for status, n in rows:
        outcomes[status] = n
    return {"submitted": submitted or 0, "outcomes": outcomes}
