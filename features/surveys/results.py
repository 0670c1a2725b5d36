"""Results: per question counts, percentages, the 5-point average and the free texts; the
cross-tabulation by one attribute; the CSV of every answer; the chart as inline SVG."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from xml.etree import ElementTree

import pygal
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.exports import csv_bytes
from features.surveys import service
from features.surveys.models import QuestionKind, SurveyAnswer, SurveyQuestion, SurveyResponse

_SVG = "{http://www.w3.org/2000/svg}"
COLORS = ("#1f5fa8", "#c0561a", "#2e7d32", "#7b3fa0", "#a11d4a", "#00796b")
NO_ANSWER = "（無回答）"
NO_ATTRIBUTE = "（不明）"
SMALL_GROUPS = "その他（回答者3人未満の区分をまとめて表示）"
MIN_ANONYMOUS_GROUP = 3
LABEL_CHARS = 24


@dataclass(frozen=True)
class QuestionResult:
    id: int
    position: int  # 1-based number shown as 問1, 問2, …
    section: str
    text: str
    kind: str
    answered: int  # respondents who answered this question
    options: tuple[tuple[str, int, float], ...]  # (label, count, percent of `answered`)
    average: float | None  # scale5 only
    free_texts: tuple[str, ...]


@dataclass(frozen=True)
class SurveyResults:
    survey_id: int
    title: str
    invited: int
    responses: int
    questions: tuple[QuestionResult, ...]
    attribute_keys: tuple[str, ...]  # what the responses can be cross-tabulated by

    @property
    def response_rate(self) -> float | None:
        return None if not self.invited else round(self.responses * 100 / self.invited, 1)


@dataclass(frozen=True)
class CrossTab:
    question: QuestionResult
    columns: tuple[str, ...]  # the options
    rows: tuple[tuple[str, tuple[int, ...], int], ...]  # (attribute value, counts per option, respondents)


def _percent(count: int, total: int) -> float:
    return 0.0 if not total else round(count * 100 / total, 1)


def scale_label(value: int) -> str:
    return f"{value}：{service.SCALE_LABELS[value - 1]}"


def option_labels(question: SurveyQuestion) -> tuple[str, ...]:
    if question.kind == QuestionKind.SCALE5:
        return tuple(scale_label(v) for v in range(1, 6))
    return tuple(json.loads(question.choices or "[]"))


def _values(question: SurveyQuestion, raw: str) -> list[str]:
    """The option labels one answer counts for (scale "4" → "4：ややそう思う")."""
    if not raw:
        return []
    if question.kind == QuestionKind.MULTIPLE:
        return list(json.loads(raw))
    if question.kind == QuestionKind.SCALE5:
        return [scale_label(int(raw))]
    return [raw]


async def _load(db: AsyncSession, survey_id: int):
    questions = await service.questions_of(db, survey_id)
    responses = list((await db.execute(select(SurveyResponse).where(SurveyResponse.survey_id == survey_id))).scalars())
    answers = (
        await db.execute(
            select(SurveyAnswer.response_id, SurveyAnswer.question_id, SurveyAnswer.value)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.survey_id == survey_id)
        )
    ).all()
    by_response: dict[str, dict[int, str]] = defaultdict(dict)
    for response_id, question_id, value in answers:
        by_response[response_id][question_id] = value
    return questions, responses, by_response


def _question_result(position: int, question: SurveyQuestion, values: list[str]) -> QuestionResult:
    """`values`: the raw answers of this question, one per respondent who answered it."""
    answered = [v for v in values if v not in ("", "[]")]
    labels = option_labels(question)
    counts: Counter[str] = Counter()
    for raw in answered:
        counts.update(_values(question, raw))
    average = None
    if question.kind == QuestionKind.SCALE5 and answered:
        average = round(sum(int(v) for v in answered) / len(answered), 2)
    free = tuple(answered) if question.kind == QuestionKind.TEXT else ()
    options = (
        ()
        if question.kind == QuestionKind.TEXT
        else tuple((label, counts[label], _percent(counts[label], len(answered))) for label in labels)
    )
    return QuestionResult(
        id=question.id,
        position=position,
        section=question.section,
        text=question.text,
        kind=question.kind,
        answered=len(answered),
        options=options,
        average=average,
        free_texts=free,
    )


async def survey_results(db: AsyncSession, survey_id: int) -> SurveyResults:
    survey = await service.get_survey(db, survey_id)
    if survey is None:
        raise service.SurveyError("アンケートが見つかりません。")
    questions, responses, by_response = await _load(db, survey_id)
    invited = (await service.counts_for(db, [survey_id])).get(survey_id, (0, 0))[0]
    results = tuple(
        _question_result(i, q, [by_response[r.id].get(q.id, "") for r in responses])
        for i, q in enumerate(questions, start=1)
    )
    keys: dict[str, None] = {}
    for response in responses:
        keys.update(dict.fromkeys(json.loads(response.attributes or "{}")))
    return SurveyResults(
        survey_id=survey_id,
        title=survey.title,
        invited=invited,
        responses=len(responses),
        questions=results,
        attribute_keys=tuple(keys),
    )


async def crosstab(db: AsyncSession, survey_id: int, attribute: str) -> list[CrossTab]:
    """For each choice or scale question: how each value of `attribute` answered it. In an
    anonymous survey, values with fewer than 3 respondents are pooled (and left out if the pool
    is still under 3): a group of one would show how that person answered."""
    questions, responses, by_response = await _load(db, survey_id)
    groups: dict[str, list[SurveyResponse]] = defaultdict(list)
    for response in responses:
        groups[json.loads(response.attributes or "{}").get(attribute) or NO_ATTRIBUTE].append(response)
    survey = await service.get_survey(db, survey_id)
    if survey is not None and survey.anonymous:
        # A group of one or two would show how those people answered: such groups are pooled.
        small = [value for value, members in groups.items() if len(members) < MIN_ANONYMOUS_GROUP]
        pooled = [r for value in small for r in groups.pop(value)]
        if len(pooled) >= MIN_ANONYMOUS_GROUP:  # still fewer: left out altogether
            groups[SMALL_GROUPS] = pooled
    tables = []
    for position, question in enumerate(questions, start=1):
        if question.kind == QuestionKind.TEXT:
            continue
        overall = _question_result(position, question, [by_response[r.id].get(question.id, "") for r in responses])
        labels = option_labels(question)
        rows = []
        for value in sorted(groups, key=lambda v: (v == SMALL_GROUPS, v == NO_ATTRIBUTE, v)):
            counts: Counter[str] = Counter()
            respondents = 0
            for response in groups[value]:
                raw = by_response[response.id].get(question.id, "")
                if raw in ("", "[]"):
                    continue
                respondents += 1
                counts.update(_values(question, raw))
            rows.append((value, tuple(counts[label] for label in labels), respondents))
        tables.append(CrossTab(question=overall, columns=labels, rows=tuple(rows)))
    return tables


async def results_csv(db: AsyncSession, survey_id: int) -> tuple[bytes, int]:
    """Every response as a row: 回答日, the attributes, one column per question (formula-safe).
    Rows are sorted by their random ids, not by when they came in."""
    questions, responses, by_response = await _load(db, survey_id)
    keys: dict[str, None] = {}
    for response in responses:
        keys.update(dict.fromkeys(json.loads(response.attributes or "{}")))
    header = ["回答日", *keys, *(f"問{i} {q.text}" for i, q in enumerate(questions, start=1))]
    rows = []
    for response in sorted(responses, key=lambda r: r.id):
        attributes = json.loads(response.attributes or "{}")
        cells: list[object] = [response.answered_on.isoformat(), *(attributes.get(k, "") for k in keys)]
        for question in questions:
            raw = by_response[response.id].get(question.id, "")
            cells.append("／".join(_values(question, raw)) if question.kind == QuestionKind.MULTIPLE else raw)
        rows.append(cells)
    return csv_bytes(header, rows), len(rows)


def results_chart_svg(question_result: QuestionResult) -> str:
    """A horizontal bar chart of one question's counts, drawn by pygal as inline SVG. Its <style>
    and <script> are removed (the CSP allows neither inline) and colours set as attributes; the
    same numbers are in the table the page shows next to it."""
    # long options are shortened in the chart; the table beside it has them whole
    labels = [
        label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        for label, _, _ in question_result.options
    ]
    chart = pygal.HorizontalBar(
        js=[],
        css=[],
        disable_xml_declaration=True,
        width=640,
        height=max(160, 48 * max(1, len(question_result.options)) + 60),
        show_legend=False,
        truncate_label=-1,
        # pygal sizes the label margin for Latin letters; Japanese ones are about twice as wide
        margin_left=6 * max((len(label) for label in labels), default=0),
        include_x_axis=True,
        min_scale=1,
        max_scale=6,
        no_data_text="データなし",
    )
    # pygal draws the first label at the bottom: reversed, the chart reads top-down like the table
    chart.x_labels = list(reversed(labels))
    chart.add("回答数", [count for _, count, _ in reversed(question_result.options)])
    return _clean(chart.render(is_unicode=True), question_result)


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _clean(svg: str, question_result: QuestionResult) -> str:
    question_id = question_result.id
    ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ElementTree.fromstring(svg)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{_SVG}style", f"{_SVG}script", f"{_SVG}desc", f"{_SVG}title") or "tooltip" in _classes(
                child
            ):
                parent.remove(child)
    for element in root.iter():
        classes = _classes(element)
        tag = element.tag.removeprefix(_SVG)
        if tag == "rect" and "background" in classes:
            element.set("fill", "#ffffff")
        elif tag == "rect" and "rect" in classes:
            element.set("fill", COLORS[0])
        elif tag == "path" and ("guide" in classes or "axis" in classes or "line" in classes):
            element.set("fill", "none")
            element.set("stroke", "#8a8a8a" if "major" in classes else "#d0d0d0")
        elif tag == "text":
            element.set("fill", "#333333")
            element.set("font-size", "12")
    # the anchors pygal's stylesheet gave: the option labels end at the axis, the numbers centre
    for group in root.iter(f"{_SVG}g"):
        classes = _classes(group)
        if "axis" in classes and ("y" in classes or "x" in classes):
            for text in group.iter(f"{_SVG}text"):
                text.set("text-anchor", "end" if "y" in classes else "middle")
    root.set("role", "img")
    root.set("aria-labelledby", f"q{question_id}-title")
    root.set("aria-describedby", f"q{question_id}-table")
    root.set("font-family", "sans-serif")
    root.set("class", "survey-chart")
    root.attrib.pop("id", None)
    title = ElementTree.Element(f"{_SVG}title", {"id": f"q{question_id}-title"})
    title.text = f"問{question_result.position}の回答数のグラフ"
    root.insert(0, title)
    return re.sub(r"<!--.*?-->", "", ElementTree.tostring(root, encoding="unicode"), flags=re.S)
