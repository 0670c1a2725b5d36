"""The report: for a chosen period, each section's figures beside the previous period and the same
period a year earlier. The sections come from a tuple of builders (features/reports/sections.py),
each calling the counters one slice publishes in its api.py; a builder that returns None is left out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from features.reports import charts
from features.reports.periods import Period

Number = int | float | None


@dataclass(frozen=True)
class Comparison:
    current: Period
    previous: Period
    year_ago: Period
    # One report build's counter results, by counter (see measure): sections reading the same
    # counter share one measurement. Emptied when the build ends.
    measured: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, period: Period) -> Comparison:
        return cls(period, period.previous(), period.year_earlier())

    @property
    def periods(self) -> tuple[Period, Period, Period]:
        return (self.current, self.previous, self.year_ago)


def _format(value: Number, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}{unit}"
    return f"{int(value):,}{unit}"


def _change(current: Number, other: Number, unit: str) -> str:
    if current is None or other is None:
        return "—"
    diff = current - other
    if diff == 0:
        return "±0"
    sign = "+" if diff > 0 else "−"
    text = _format(abs(diff), unit)
    if other:
        text += f"（{sign}{abs(diff) / other * 100:.0f}%）"
    return sign + text


@dataclass(frozen=True)
class Figure:
    label: str
    current: Number
    previous: Number
    year_ago: Number
    unit: str = "件"
    charted: bool = True  # a stock (有効登録者数) would dwarf the flows in the same chart

    @property
    def values(self) -> tuple[str, str, str]:
        return (_format(self.current, self.unit), _format(self.previous, self.unit), _format(self.year_ago, self.unit))

    @property
    def change_previous(self) -> str:
        return _change(self.current, self.previous, self.unit)

    @property
    def change_year(self) -> str:
        return _change(self.current, self.year_ago, self.unit)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: tuple[Figure, ...]
    comparison: Comparison
    link_route: str = ""  # the list these figures count (url_for name), if there is one
    link_label: str = ""
    notes: tuple[str, ...] = ()

    @property
    def table_id(self) -> str:
        return f"table-{self.key}"

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    def chart_svg(self) -> str:
        """The chart of the charted figures ("" when none is); the table is its text alternative."""
        shown = [f for f in self.figures if f.charted]
        if not shown:
            return ""
        names = ("当期", "前期", "前年同期")
        series = [
            (f"{name}（{period.short_label}）", [getattr(f, attr) for f in shown])
            for name, period, attr in zip(
                names, self.comparison.periods, ("current", "previous", "year_ago"), strict=True
            )
        ]
        return charts.comparison_chart_svg(
            [f.label for f in shown],
            series,
            chart_id=self.chart_id,
            title=f"{self.title}：{self.comparison.current.short_label}と前期・前年同期の比較",
            described_by=self.table_id,
        )


Counter = Callable[[AsyncSession, datetime, datetime], Awaitable[Any]]
Builder = Callable[[AsyncSession, Comparison], Awaitable[Section | None]]


async def measure(db: AsyncSession, counter: Counter, comparison: Comparison) -> tuple[Any, Any, Any]:
    """One counter's result for the period, the previous one and the same period a year earlier,
    measured once per report build however many sections read it."""
    if counter not in comparison.measured:
        comparison.measured[counter] = tuple([await counter(db, p.start, p.end) for p in comparison.periods])
    return comparison.measured[counter]


def figure(label: str, results: Sequence[Any], pick: Callable[[Any], Number], **options) -> Figure:
    current, previous, year_ago = (pick(r) for r in results)
    return Figure(label, current, previous, year_ago, **options)


async def build_report(db: AsyncSession, period: Period, builders: Sequence[Builder]) -> list[Section]:
    comparison = Comparison.of(period)
    sections = []
    try:
        for build in builders:
            section = await build(db, comparison)
            if section is not None:
                sections.append(section)
    finally:
        comparison.measured.clear()  # the sections keep the comparison, not the counters' results
    return sections


def is_complete(period: Period, today: date) -> bool:
    return period.end_day <= today
