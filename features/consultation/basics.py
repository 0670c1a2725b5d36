"""対面相談: what every part of the slice shares: 相談区分, slot lengths and places, the refusal a
rule raises, and dates and times told in Japan time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from app import clock
from features.consultation.models import Place

CATEGORIES = ("進路", "応募書類", "語学", "帰国後の進路", "その他")  # 相談区分
LENGTHS = (30, 45, 60, 90)  # minutes a counselor may offer
PLACES = (Place.HQ.value, Place.ONLINE.value)
WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")
MAX_PATTERN_DAYS = 190  # a weekly pattern covers at most about half a year


class ConsultationError(Exception):
    """A refused request; the message is Japanese and safe to show. status: 403, 404, 409 or 422."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def when_label(starts_at: datetime, ends_at: datetime) -> str:
    """2026年12月7日（月）14:00〜15:00, in Japan time."""
    start, end = clock.to_jst(starts_at), clock.to_jst(ends_at)
    return f"{start.year}年{start.month}月{start.day}日（{WEEKDAYS[start.weekday()]}）{start:%H:%M}〜{end:%H:%M}"


def time_label(starts_at: datetime, ends_at: datetime) -> str:
    return f"{clock.to_jst(starts_at):%H:%M}〜{clock.to_jst(ends_at):%H:%M}"


def jst_datetime(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=clock.JST).astimezone(UTC)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
