"""The report's 利用アンケート section (000 §2.5, §3.4, §4.4, §1.5): each 定期アンケート's mean
満足度 (1–5), answers and response rate for the quarters in the period, beside the previous period and
a year earlier, and a line chart of the score over the last quarters. Only the surveys slice's
published `program_scores` is read. Shown for a quarter or a fiscal year (rounds are quarterly)."""

from __future__ import annotations

from dataclasses import dataclass

import pygal
from sqlalchemy.ext.asyncio import AsyncSession

from features.reports.periods import Period, PeriodKind
from features.reports.service import Comparison, Figure, Section
from features.seminars.api import clean_chart_svg
from features.surveys import api as surveys

TREND_QUARTERS = 6
POINTS = "点"


@dataclass(frozen=True)
class _Totals:
    score: float | None
    answers: int
    rate: float | None


def _totals(scores: list) -> _Totals:
    """Several rounds (a fiscal year's four) pooled: the mean over every answer, the rate over every invitation."""
    answers = sum(s.answers for s in scores)
    weighted = sum(s.mean_score * s.answers for s in scores if s.mean_score is not None)
    invited = sum(s.invited for s in scores)
    responses = sum(s.responses for s in scores)
    return _Totals(
        score=round(weighted / answers, 2) if answers else None,
        answers=answers,
        rate=round(responses * 100 / invited, 1) if invited else None,
    )


@dataclass(frozen=True)
class TrendSection(Section):
    """A Section whose chart is the 満足度 trend over the last quarters (a line per program); the
    trend's numbers are also in the notes, and the period's in the table."""

    trend_labels: tuple[str, ...] = ()
    trend: tuple[tuple[str, tuple[float | None, ...]], ...] = ()

    def chart_svg(self) -> str:
        if not self.trend or not any(v is not None for _, values in self.trend for v in values):
            return ""
        chart = pygal.Line(
            js=[],
            css=[],
            disable_xml_declaration=True,
            width=720,
            height=360,
            show_legend=True,
            legend_at_bottom=True,
            legend_at_bottom_columns=1,
            truncate_legend=-1,
            range=(1, 5),
            y_labels=[1, 2, 3, 4, 5],
            include_x_axis=False,
            allow_interruptions=True,
            no_data_text="データなし",
            margin_right=48,  # the last quarter's label is centred on the edge
        )
        chart.x_labels = list(self.trend_labels)
        for title, values in self.trend:
            chart.add(title, list(values))
        svg = chart.render(is_unicode=True)
        return clean_chart_svg(
            svg,
            chart_id=self.chart_id,
            title=f"{self.title}：満足度（1〜5点）の推移",
            described_by=self.table_id,
        ).replace('class="seminar-chart"', 'class="report-chart"', 1)


def _quarters_ending(period: Period, count: int) -> list[Period]:
    last = Period.containing(PeriodKind.QUARTER, period.last)
    return [last.shifted(-n) for n in reversed(range(count))]


async def survey_scores(db: AsyncSession, comparison: Comparison) -> Section | None:
    if comparison.current.kind not in (PeriodKind.QUARTER, PeriodKind.YEAR):
        return None
    results = [await surveys.program_scores(db, p.first, p.end_day) for p in comparison.periods]
    quarters = _quarters_ending(comparison.current, TREND_QUARTERS)
    trend_scores = await surveys.program_scores(db, quarters[0].first, quarters[-1].end_day)
    titles: dict[str, str] = {}
    for score in [s for r in results for s in r] + trend_scores:
        titles.setdefault(score.program, score.title)
    if not titles:
        return None
    figures = []
    for key, title in titles.items():
        totals = [_totals([s for s in r if s.program == key]) for r in results]
        figures += [
            Figure(f"{title}：満足度（平均）", *(t.score for t in totals), unit=POINTS),
            Figure(f"{title}：回答数", *(t.answers for t in totals), unit="件", charted=False),
            Figure(f"{title}：回答率", *(t.rate for t in totals), unit="%", charted=False),
        ]
    trend = []
    notes = []
    for key, title in titles.items():
        by_quarter = {s.quarter_start: s.mean_score for s in trend_scores if s.program == key}
        values = tuple(by_quarter.get(q.first) for q in quarters)
        trend.append((title, values))
        shown = "、".join(
            f"{q.short_label} {'—' if v is None else f'{v:.2f}'}" for q, v in zip(quarters, values, strict=True)
        )
        notes.append(f"満足度の推移（{title}）：{shown}")
    notes.append(
        "満足度は各アンケートの最初の5段階評価（1〜5点）の平均です。回答率は案内した人数に対する回答者の割合です。"
    )
    return TrendSection(
        "surveys",
        "利用アンケート（満足度）",
        tuple(figures),
        comparison,
        link_route="surveys:admin_programs",
        link_label="定期アンケート",
        notes=tuple(notes),
        trend_labels=tuple(q.short_label for q in quarters),
        trend=tuple(trend),
    )
