"""The report's charts: one grouped horizontal bar chart per section (当期・前期・前年同期), drawn on
the server by pygal and made CSP-safe and accessible the way the seminars' charts are (their
cleaner, from features/seminars/api.py): no <style>/<script>, role=img with a <title>, described
by the table of the same numbers (its text alternative)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pygal

from features.seminars.api import clean_chart_svg


def _longest(labels: Sequence[str]) -> int:
    return max((len(label) for label in labels), default=1)


def _ticks(highest: float) -> list[int]:
    """Whole-number ticks (counts and days have no 0.2): about five steps up to the highest value."""
    top = max(1, math.ceil(highest))
    step = max(1, math.ceil(top / 5))
    return list(range(0, top + step, step))


def comparison_chart_svg(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | int | None]]],
    *,
    chart_id: str,
    title: str,
    described_by: str,
) -> str:
    """Bars per label, one series per period. Japanese labels are wide: the left margin is made
    from the longest one (pygal measures them as narrow Latin letters)."""
    chart = pygal.HorizontalBar(
        js=[],
        css=[],
        disable_xml_declaration=True,
        width=720,
        height=max(180, 26 * len(labels) * len(series) + 90),
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,  # one per line: pygal measures Japanese as narrow letters
        truncate_legend=-1,
        margin_left=min(320, 14 * _longest(labels) + 16),
        truncate_label=-1,
        include_x_axis=True,
        min_scale=1,
        max_scale=6,
        no_data_text="データなし",
    )
    # pygal draws the first label at the bottom: reversed, the chart reads in the table's order.
    chart.x_labels = list(reversed(labels))
    chart.y_labels = _ticks(max((v for _, values in series for v in values if v is not None), default=0))
    for name, values in series:
        chart.add(name, [None if v is None else float(v) for v in reversed(values)])
    svg = chart.render(is_unicode=True)
    return clean_chart_svg(svg, chart_id=chart_id, title=title, described_by=described_by).replace(
        'class="seminar-chart"', 'class="report-chart"', 1
    )
