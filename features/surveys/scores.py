"""Quarter over quarter: each program's rounds with the mean of its 満足度 question (1–5), how many
answered it, and the response rate — for the reports slice through api.program_scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.surveys import programs, service
from features.surveys.models import SurveyAnswer, SurveyProgram, SurveyProgramRound, SurveyResponse


@dataclass(frozen=True)
class ProgramScore:
    program: str  # the program's key ("partner", "jobs", …)
    title: str  # e.g. "PARTNER利用満足度アンケート"
    quarter_start: date  # the quarter asked about (its first day, JST)
    quarter_label: str  # "2026年度Q3"
    mean_score: float | None  # the 満足度 question's mean, 1–5 (None without answers)
    answers: int  # respondents who answered the 満足度 question
    responses: int  # respondents
    invited: int
    response_rate: float | None  # percent of the invited


async def program_scores(db: AsyncSession, first: date, end: date) -> list[ProgramScore]:
    """The rounds about quarters beginning in [first, end) (JST days), by program then quarter."""
    found = (
        await db.execute(
            select(SurveyProgramRound, SurveyProgram.key)
            .join(SurveyProgram, SurveyProgram.id == SurveyProgramRound.program_id)
            .where(
                SurveyProgramRound.quarter_start >= first,
                SurveyProgramRound.quarter_start < end,
                SurveyProgramRound.survey_id.is_not(None),
            )
            .order_by(SurveyProgram.id, SurveyProgramRound.quarter_start)
        )
    ).all()
    survey_ids = [row.survey_id for row, _ in found]
    counts = await service.counts_for(db, survey_ids)
    question_ids = [row.score_question_id for row, _ in found if row.score_question_id]
    means: dict[int, tuple[float | None, int]] = {}
    if question_ids:
        statement = (
            select(SurveyAnswer.question_id, func.avg(cast(SurveyAnswer.value, Integer)), func.count())
            .where(SurveyAnswer.question_id.in_(question_ids), SurveyAnswer.value.in_(["1", "2", "3", "4", "5"]))
            .group_by(SurveyAnswer.question_id)
        )
        means = {qid: (float(avg) if avg is not None else None, n) for qid, avg, n in await db.execute(statement)}
    responses = dict(
        (
            await db.execute(
                select(SurveyResponse.survey_id, func.count())
                .where(SurveyResponse.survey_id.in_(survey_ids or [0]))
                .group_by(SurveyResponse.survey_id)
            )
        ).all()
    )
    templates = {}
    for key, program in (await programs.programs(db)).items():
        template = await service.get_survey(db, program.template_survey_id)
        templates[key] = template.title if template else programs.BY_KEY[key].title
    scores = []
    for row, key in found:
        mean, answered = means.get(row.score_question_id, (None, 0))
        invited = counts.get(row.survey_id, (0, 0))[0]
        answered_survey = responses.get(row.survey_id, 0)
        scores.append(
            ProgramScore(
                program=key,
                title=templates.get(key, programs.BY_KEY[key].title),
                quarter_start=row.quarter_start,
                quarter_label=programs.quarter_short(row.quarter_start),
                mean_score=None if mean is None else round(mean, 2),
                answers=answered,
                responses=answered_survey,
                invited=invited,
                response_rate=None if not invited else round(answered_survey * 100 / invited, 1),
            )
        )
    return scores
