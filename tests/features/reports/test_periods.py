"""Report periods: Japan-time bounds, fiscal quarters and years, leap years, the default and parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.clock import JST
from features.reports.periods import Period, PeriodKind, fiscal_year, parse

WEEK, MONTH, QUARTER, YEAR = PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR


def _in(period: Period, moment: datetime) -> bool:
    return period.start <= moment < period.end


def test_a_week_runs_monday_to_sunday_in_japan_time():
    week = Period.containing(WEEK, date(2026, 12, 9))  # a Wednesday
    assert week.first == date(2026, 12, 7) and week.last == date(2026, 12, 13)
    assert week.start == datetime(2026, 12, 6, 15, 0, tzinfo=UTC)  # Monday 00:00 JST
    assert week.end == datetime(2026, 12, 13, 15, 0, tzinfo=UTC)
    sunday_late = datetime(2026, 12, 13, 23, 59, 59, tzinfo=JST)
    monday = datetime(2026, 12, 14, 0, 0, tzinfo=JST)
    assert _in(week, sunday_late)
    assert not _in(week, monday) and _in(week.shifted(1), monday)
    # Sunday 23:59 JST is still Sunday afternoon in UTC: the week is not the UTC calendar's.
    assert _in(week, datetime(2026, 12, 13, 14, 59, tzinfo=UTC))
    assert not _in(week, datetime(2026, 12, 13, 15, 0, tzinfo=UTC))
    assert Period.containing(WEEK, date(2026, 12, 13)) == week  # Sunday is the week's last day
    assert Period.containing(WEEK, date(2026, 12, 14)).first == date(2026, 12, 14)


def test_a_week_can_span_two_years():
    week = Period.containing(WEEK, date(2027, 1, 1))
    assert (week.first, week.last) == (date(2026, 12, 28), date(2027, 1, 3))


@pytest.mark.parametrize(
    ("day", "first", "last", "label"),
    [
        (date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30), "2026年度 第1四半期（4月〜6月）"),
        (date(2026, 6, 30), date(2026, 4, 1), date(2026, 6, 30), "2026年度 第1四半期（4月〜6月）"),
        (date(2026, 7, 1), date(2026, 7, 1), date(2026, 9, 30), "2026年度 第2四半期（7月〜9月）"),
        (date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31), "2026年度 第3四半期（10月〜12月）"),
        (date(2027, 1, 1), date(2027, 1, 1), date(2027, 3, 31), "2026年度 第4四半期（1月〜3月）"),
        (date(2027, 3, 31), date(2027, 1, 1), date(2027, 3, 31), "2026年度 第4四半期（1月〜3月）"),
    ],
)
def test_fiscal_quarters_start_in_april(day, first, last, label):
    quarter = Period.containing(QUARTER, day)
    assert (quarter.first, quarter.last, quarter.label) == (first, last, label)


def test_quarters_follow_each_other_across_the_fiscal_year():
    q4 = Period.containing(QUARTER, date(2027, 2, 10))
    assert q4.shifted(1).first == date(2027, 4, 1)
    assert q4.previous().first == date(2026, 10, 1)
    assert q4.year_earlier().first == date(2026, 1, 1)
    assert q4.year_earlier().label == "2025年度 第4四半期（1月〜3月）"
    # The quarter's last moment is 31 March 23:59:59 JST; 1 April 00:00 JST is the next fiscal year.
    assert _in(q4, datetime(2027, 3, 31, 23, 59, 59, tzinfo=JST))
    assert not _in(q4, datetime(2027, 4, 1, tzinfo=JST))


def test_a_fiscal_year_runs_april_to_march():
    assert fiscal_year(date(2027, 3, 31)) == 2026 and fiscal_year(date(2027, 4, 1)) == 2027
    year = Period.containing(YEAR, date(2027, 2, 1))
    assert (year.first, year.last) == (date(2026, 4, 1), date(2027, 3, 31))
    assert year.label == "2026年度（2026年4月〜2027年3月）"
    assert year.start == datetime(2026, 3, 31, 15, 0, tzinfo=UTC)
    assert year.previous().first == date(2025, 4, 1) == year.year_earlier().first


def test_months_and_leap_years():
    february = Period.containing(MONTH, date(2028, 2, 29))
    assert (february.first, february.last) == (date(2028, 2, 1), date(2028, 2, 29))
    assert february.year_earlier().last == date(2027, 2, 28)
    assert february.previous().first == date(2028, 1, 1)
    assert Period.containing(MONTH, date(2026, 12, 5)).shifted(1).first == date(2027, 1, 1)
    # 2027年度 (April 2027 – March 2028) holds 29 February 2028: 366 days.
    fy2027 = Period.containing(YEAR, date(2027, 4, 1))
    assert (fy2027.end - fy2027.start) == timedelta(days=366)
    assert (fy2027.previous().end - fy2027.previous().start) == timedelta(days=365)


def test_the_same_week_a_year_earlier_holds_the_same_date():
    week = Period.containing(WEEK, date(2026, 12, 9))
    assert week.year_earlier() == Period.containing(WEEK, date(2025, 12, 7))
    leap_week = Period.containing(WEEK, date(2028, 2, 29))  # Tuesday 29 February: the week starts 28 Feb
    assert leap_week.first == date(2028, 2, 28)
    assert leap_week.year_earlier() == Period.containing(WEEK, date(2027, 2, 28))
    monday_29 = Period(WEEK, date(2044, 2, 29))  # a week that starts on 29 February
    assert monday_29.year_earlier() == Period.containing(WEEK, date(2043, 2, 28))


def test_the_default_is_the_last_complete_period():
    today = date(2026, 12, 7)  # a Monday
    assert Period.last_complete(WEEK, today).first == date(2026, 11, 30)
    assert Period.last_complete(MONTH, today).first == date(2026, 11, 1)
    assert Period.last_complete(QUARTER, today).first == date(2026, 7, 1)
    assert Period.last_complete(YEAR, today).first == date(2025, 4, 1)


def test_parse_moves_a_day_to_its_period_and_refuses_the_future():
    today = date(2026, 12, 7)
    assert parse("quarter", "2026-05-20", today) == Period(QUARTER, date(2026, 4, 1))
    assert parse("week", "2026-12-07", today) == Period(WEEK, date(2026, 12, 7))  # the current one, in progress
    assert parse("week", "2026-12-14", today) == Period.last_complete(WEEK, today)  # the future: the default
    assert parse("month", "not-a-date", today) == Period(MONTH, date(2026, 11, 1))
    assert parse("decade", None, today) == Period(MONTH, date(2026, 11, 1))
    assert parse(None, None, today) == Period(MONTH, date(2026, 11, 1))
