"""The recruitment slice's public face: all that other slices may use of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from features.recruitment import public
from features.recruitment.alerts import NewKoubo, NewKouboMatches, new_koubo_matches
from features.recruitment.counters import KouboAccess, count_koubo_access  # the reports
from features.recruitment.newsfeed import appeared_between as new_koubo  # PARTNERニュース


@dataclass(frozen=True)
class KouboSummary:
    """A public 公募 as another slice shows it (the top page's 新着の公募情報)."""

    id: int
    number: str
    title: str
    koubo_type: str
    country: str  # a country code ("" when domestic)
    domestic: bool
    prefecture: str
    deadline_at: datetime | None


async def latest_koubo(db: AsyncSession, now: datetime, limit: int = 5) -> list[KouboSummary]:
    """The newest public 公募, newest first."""
    return [
        KouboSummary(
            id=k.id,
            number=k.number or "",
            title=k.title,
            koubo_type=k.koubo_type,
            country="" if k.domestic else k.country,
            domestic=k.domestic,
            prefecture=k.prefecture,
            deadline_at=k.deadline_at,
        )
        for k in await public.latest(db, now, limit)
    ]


__all__: list[str] = [
    "KouboAccess",
    "KouboSummary",
    "NewKoubo",
    "NewKouboMatches",
    "count_koubo_access",
    "latest_koubo",
    "new_koubo",
    "new_koubo_matches",
]
