"""The weekly rhythm in Japan time ([partner_news] in litestar.toml): Thursday's assembly and
Friday's sending, as UTC cron lines for the worker and as moments for the jobs themselves."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from app.clock import JST


def parse_time(text: str) -> time:
    hours, _, minutes = text.partition(":")
    return time(int(hours), int(minutes or 0))


def weekly_cron_utc(weekday: int, at: str) -> str:
    """A saq cron line (UTC) for `weekday` (Monday = 0) at `at` ("HH:MM") in Japan time."""
    reference = date(2024, 1, 1) + timedelta(days=weekday)  # 2024-01-01 was a Monday
    moment = datetime.combine(reference, parse_time(at), tzinfo=JST).astimezone(UTC)
    return f"{moment.minute} {moment.hour} * * {(moment.weekday() + 1) % 7}"


def latest_occurrence(now: datetime, weekday: int, at: str) -> datetime:
    """The last moment at or before `now` that is `weekday` at `at` in Japan time."""
    local = now.astimezone(JST)
    day = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    moment = datetime.combine(day, parse_time(at), tzinfo=JST)
    if moment > local:
        moment -= timedelta(days=7)
    return moment.astimezone(UTC)


def next_occurrence(after: datetime, weekday: int, at: str) -> datetime:
    """The first moment after `after` that is `weekday` at `at` in Japan time."""
    return latest_occurrence(after, weekday, at) + timedelta(days=7)
