"""Report periods in Japan time: 週 (Monday–Sunday), 月, 四半期 (fiscal: 第1四半期 = April–June) and
年度 (April–March). A period is named by its kind and its first day; the counters get its bounds as
aware UTC datetimes [start, end) — a Sunday 23:59 JST entry is in that week, Monday 00:00 JST is not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from app.clock import JST


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


KIND_LABELS = {
    PeriodKind.WEEK: "週",
    PeriodKind.MONTH: "月",
    PeriodKind.QUARTER: "四半期",
    PeriodKind.YEAR: "年度",
}


def fiscal_year(day: date) -> int:
    """年度: April to March, named by the year it starts in (2026年3月 is 2025年度)."""
    return day.year if day.month >= 4 else day.year - 1


def _add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month (day is a month's first)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _months(kind: PeriodKind) -> int:
    return {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[kind]


def period_start(kind: PeriodKind, day: date) -> date:
    """The first day of the period of `kind` that holds `day`."""
    if kind is PeriodKind.WEEK:
        return day - timedelta(days=day.weekday())
    if kind is PeriodKind.MONTH:
        return day.replace(day=1)
    if kind is PeriodKind.QUARTER:
        # Fiscal quarters start in April, July, October and January: calendar quarters renumbered.
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(fiscal_year(day), 4, 1)


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=JST).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    first: date  # the first day (JST)

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> Period:
        return cls(kind, period_start(kind, day))

    @classmethod
    def last_complete(cls, kind: PeriodKind, today: date) -> Period:
        """The latest period of `kind` that has ended before `today` (the report's default)."""
        return cls.containing(kind, today).shifted(-1)

    @property
    def end_day(self) -> date:
        """The first day after the period."""
        if self.kind is PeriodKind.WEEK:
            return self.first + timedelta(days=7)
        return _add_months(self.first, _months(self.kind))

    @property
    def last(self) -> date:
        return self.end_day - timedelta(days=1)

    @property
    def start(self) -> datetime:
        """Monday/first-of-month 00:00 JST, in UTC."""
        return _midnight_utc(self.first)

    @property
    def end(self) -> datetime:
        """The next period's start (exclusive), in UTC."""
        return _midnight_utc(self.end_day)

    def shifted(self, steps: int) -> Period:
        if self.kind is PeriodKind.WEEK:
            return Period(self.kind, self.first + timedelta(days=7 * steps))
        return Period(self.kind, _add_months(self.first, _months(self.kind) * steps))

    def previous(self) -> Period:
        return self.shifted(-1)

    def year_earlier(self) -> Period:
        """The same period a year before: for a week, the week holding the same date a year back
        (29 February → 28 February)."""
        if self.kind is PeriodKind.WEEK:
            try:
                day = self.first.replace(year=self.first.year - 1)
            except ValueError:  # 29 February
                day = date(self.first.year - 1, 2, 28)
            return Period.containing(self.kind, day)
        return Period(self.kind, _add_months(self.first, -12))

    def key(self) -> str:
        """The query-string value naming the period (its first day)."""
        return self.first.isoformat()

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.WEEK:
            return f"{_ja(self.first)}〜{_ja(self.last)}の週"
        if self.kind is PeriodKind.MONTH:
            return f"{self.first.year}年{self.first.month}月"
        fy = fiscal_year(self.first)
        if self.kind is PeriodKind.QUARTER:
            number = (self.first.month - 4) % 12 // 3 + 1
            return f"{fy}年度 第{number}四半期（{self.first.month}月〜{self.last.month}月）"
        return f"{fy}年度（{fy}年4月〜{fy + 1}年3月）"

    @property
    def short_label(self) -> str:
        """For a chart axis and the comparison columns."""
        if self.kind is PeriodKind.WEEK:
            return f"{self.first.year}/{self.first.month}/{self.first.day}週"
        if self.kind is PeriodKind.MONTH:
            return f"{self.first.year}年{self.first.month}月"
        fy = fiscal_year(self.first)
        if self.kind is PeriodKind.QUARTER:
            return f"{fy}年度Q{(self.first.month - 4) % 12 // 3 + 1}"
        return f"{fy}年度"


def _ja(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def parse(kind_text: str | None, first_text: str | None, today: date) -> Period:
    """The period the query names; anything unknown falls back to the kind's (or the month's) last
    complete period, and a named day is moved to the start of its period. Never in the future."""
    try:
        kind = PeriodKind(kind_text or PeriodKind.MONTH)
    except ValueError:
        kind = PeriodKind.MONTH
    default = Period.last_complete(kind, today)
    try:
        chosen = Period.containing(kind, date.fromisoformat(first_text or ""))
    except ValueError:
        return default
    current = Period.containing(kind, today)
    return chosen if chosen.first <= current.first else default
