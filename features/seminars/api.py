"""The seminars slice's public face: all that other slices may use of it (the top page, reports).

The follow-up part of this slice (analysis, check-in, materials, survey, report) uses the
documented functions of service.py and registration.py directly; other slices use only this."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from features.seminars import counts, service
from features.seminars.charts import clean_svg as clean_chart_svg  # the reports draw charts the same way
from features.seminars.newsfeed import announced_between as new_seminars  # PARTNERニュース


@dataclass(frozen=True)
class SeminarSummary:
    id: int
    kind: str  # "talent" | "organization"
    title: str
    starts_at: datetime | None
    venue_name: str
    accepting: bool  # 申込受付中 now


async def upcoming_seminars(db: AsyncSession, now: datetime, limit: int = 5) -> list[SeminarSummary]:
    """Public seminars still to come, soonest first."""
    return [
        SeminarSummary(
            id=s.id,
            kind=s.kind,
            title=s.title,
            starts_at=s.starts_at,
            venue_name=s.venue_name or ("オンライン" if s.online_url else ""),
            accepting=service.accepts_registrations(s, now),
        )
        for s in (await service.public_seminars(db, now))[:limit]
    ]


count_registrations = counts.count_registrations

__all__ = ["SeminarSummary", "clean_chart_svg", "count_registrations", "new_seminars", "upcoming_seminars"]
