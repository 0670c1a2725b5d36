"""The surveys slice's public face: all that other slices may use of it (see the contract in
the README's surveys section). Plain values and small frozen dataclasses only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from app.urls import path_for
from features.surveys import invitations as _invitations
from features.surveys import results as _results
from features.surveys import service as _service
from features.surveys.invitations import start_survey
from features.surveys.models import Survey as _Survey
from features.surveys.models import SurveyInvitation as _Invitation
from features.surveys.results import CrossTab, QuestionResult, SurveyResults, results_chart_svg
from features.surveys.scores import ProgramScore, program_scores  # the reports: quarter over quarter
from features.surveys.service import (
    QuestionSpec,
    Recipient,
    SurveyError,
    copy_survey,
    create_survey,
)


@dataclass(frozen=True)
class Audience:
    """A target list a higher slice offers the survey builder (provides["survey_audiences"])."""

    key: str  # e.g. "seminar:12:attended"
    label: str  # e.g. "セミナー出席者: 国際協力人材セミナー東京（2026年11月21日）"


@dataclass(frozen=True)
class SurveySummary:
    id: int
    title: str
    status: str  # "下書き" | "実施中" | "終了"
    invited: int
    answered: int
    opens_at: datetime | None
    closes_at: datetime | None
    owner: str


async def _summary(db: AsyncSession, survey: _Survey | None) -> SurveySummary | None:
    if survey is None:
        return None
    invited, answered = (await _service.counts_for(db, [survey.id])).get(survey.id, (0, 0))
    return _summary_of(survey, invited, answered)


def _summary_of(survey: _Survey, invited: int, answered: int) -> SurveySummary:
    return SurveySummary(
        id=survey.id,
        title=survey.title,
        status=str(_service.effective_status(survey)),
        invited=invited,
        answered=answered,
        opens_at=survey.opens_at,
        closes_at=survey.closes_at,
        owner=survey.owner,
    )


async def survey_summary(db: AsyncSession, survey_id: int) -> SurveySummary | None:
    return await _summary(db, await _service.get_survey(db, survey_id))


async def survey_summary_for_owner(db: AsyncSession, owner: str) -> SurveySummary | None:
    """The newest survey with this owner key (e.g. "seminar:12"), or None."""
    return await _summary(db, await _service.latest_for_owner(db, owner))


async def surveys_for_owner_prefix(db: AsyncSession, prefix: str) -> list[SurveySummary]:
    """Every survey whose owner starts with `prefix` (e.g. "consultation:followup:"), newest first."""
    statement = select(_Survey).where(_Survey.owner.startswith(prefix, autoescape=True)).order_by(_Survey.id.desc())
    rows = list((await db.execute(statement)).scalars())
    counts = await _service.counts_for(db, [s.id for s in rows])  # one grouped query, not one per survey
    return [_summary_of(s, *counts.get(s.id, (0, 0))) for s in rows]


def admin_url(survey_id: int) -> str:
    """The secretariat's page of the survey (builder and links to results)."""
    return path_for("surveys:admin_detail", survey_id=survey_id)


def results_url(survey_id: int) -> str:
    return path_for("surveys:admin_results", survey_id=survey_id)


async def survey_results(db: AsyncSession, survey_id: int) -> SurveyResults:
    return await _results.survey_results(db, survey_id)


async def survey_crosstab(db: AsyncSession, survey_id: int, attribute: str) -> list[CrossTab]:
    return await _results.crosstab(db, survey_id, attribute)


__all__ = [
    "Audience",
    "CrossTab",
    "QuestionResult",
    "ProgramScore",
    "QuestionSpec",
    "Recipient",
    "SurveyError",
    "SurveyResults",
    "SurveySummary",
    "admin_url",
    "copy_survey",
    "program_scores",
    "create_survey",
    "results_chart_svg",
    "results_url",
    "start_survey",
    "survey_crosstab",
    "survey_results",
    "survey_summary",
    "survey_summary_for_owner",
    "surveys_for_owner_prefix",
]


async def answer_for_demo(
    db: AsyncSession,
    settings: Settings,
    survey_id: int,
    pick: Callable[[QuestionSpec], str | None],
    share: float,
) -> int:
    """Demo loaders only (a higher slice's past event with answers): answer the first `share` of the
    survey's invitations, through the same path as a person's link; pick(spec) gives each answer in
    the stored form (a choice, "1"–"5", a JSON list for multiple, text) or None to leave it blank.
    Returns how many answered."""
    questions = await _service.questions_of(db, survey_id)
    rows = await db.execute(select(_Invitation).where(_Invitation.survey_id == survey_id).order_by(_Invitation.id))
    invitations = list(rows.scalars())
    answered = 0
    for invitation in invitations[: int(len(invitations) * share)]:
        answers = {}
        for question in questions:
            value = pick(_service.spec_of(question))
            if value is not None:
                answers[question.id] = value
        await _invitations.submit_answers(db, _invitations.invitation_token(settings, invitation), answers)
        answered += 1
    return answered
