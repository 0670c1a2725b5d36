"""One clock for the whole app, so tests can move time instead of sleeping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import jpholiday

JST = timezone(timedelta(hours=9), "JST")
_source: Callable[[], datetime] | None = None


def now() -> datetime:
    """Current time, timezone-aware UTC (SQLModel stores aware datetimes)."""
    if _source is not None:
        return _source()
    return datetime.now(UTC)


def set_clock(source: Callable[[], datetime] | None) -> None:
    """Tests only: replace the clock (None restores the real one)."""
    global _source
    _source = source


def today_jst() -> date:
    """The calendar day in Japan: deadlines, daily caps and view counts follow it."""
    return now().astimezone(JST).date()


def to_jst(value: datetime) -> datetime:
    """For display: Japan time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(JST)


def is_business_day(day: date) -> bool:
    """A weekday that is not a Japanese public holiday (the secretariat's working days)."""
    return day.weekday() < 5 and not jpholiday.is_holiday(day)


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start): the age of a
    case received on `start`, as the secretariat counts it on `end`."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        count += is_business_day(current)
    return count
