"""The survey engine's rules: building (editable while 下書き, frozen once 実施中), the status read
from the period, and lists. Invitations, answering once by token, reminders and erasure are in
invitations.py."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.forms import clean_text
from features.surveys.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)

KIND_LABELS = {
    QuestionKind.SINGLE: "単一選択",
    QuestionKind.MULTIPLE: "複数選択",
    QuestionKind.SCALE5: "5段階評価",
    QuestionKind.TEXT: "自由記述",
}
SCALE_LABELS = ("そう思わない", "あまりそう思わない", "どちらともいえない", "ややそう思う", "そう思う")
MAX_QUESTIONS = 60
MAX_CHOICES = 20
MAX_REMINDERS = 5
MAX_GAP_DAYS = 60
TEXT_ANSWER_MAX = 2000


class SurveyError(Exception):
    """A rule refused the change; the message is Japanese and safe to show."""


class AlreadyAnswered(SurveyError):
    def __init__(self) -> None:
        super().__init__("回答済みです。ご協力ありがとうございました。")


class OutsidePeriod(SurveyError):
    def __init__(self) -> None:
        super().__init__("回答期間外です。")


@dataclass(frozen=True)
class QuestionSpec:
    kind: str  # "single" | "multiple" | "scale5" | "text"
    text: str
    choices: tuple[str, ...] = ()  # for single/multiple (scale5 has fixed labels 1–5)
    required: bool = True
    section: str = ""  # consecutive questions with the same section are grouped


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    user_id: int | None = None  # None for people without an account (e.g. seminar guests)
    attributes: Mapping[str, str] = field(default_factory=dict)  # e.g. {"年齢帯": "30代"} for cross-tabs


# -- status ---------------------------------------------------------------------------


def effective_status(survey: Survey, now: datetime | None = None) -> str:
    """What the survey is now: 実施中 ends by itself at closes_at."""
    now = now or clock.now()
    if survey.status == SurveyStatus.OPEN and survey.closes_at is not None and now >= survey.closes_at:
        return SurveyStatus.CLOSED
    return survey.status


def accepting_answers(survey: Survey, now: datetime | None = None) -> bool:
    now = now or clock.now()
    if effective_status(survey, now) != SurveyStatus.OPEN:
        return False
    return survey.opens_at is None or now >= survey.opens_at


# -- building -------------------------------------------------------------------------


def check_question(spec: QuestionSpec) -> QuestionSpec:
    """The question cleaned, or SurveyError saying what is wrong."""
    kind = spec.kind
    if kind not in set(QuestionKind):
        raise SurveyError("質問の種類は一覧から選択してください。")
    text = clean_text(spec.text, multiline=True)
    if not text:
        raise SurveyError("質問文を入力してください。")
    if len(text) > 500:
        raise SurveyError("質問文は500文字以内で入力してください。")
    section = clean_text(spec.section)
    if len(section) > 200:
        raise SurveyError("セクション名は200文字以内で入力してください。")
    choices = tuple(c for c in (clean_text(c) for c in spec.choices) if c)
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(choices) < 2:
            raise SurveyError("選択式の質問には選択肢を2つ以上入力してください。")
        if len(choices) > MAX_CHOICES:
            raise SurveyError(f"選択肢は{MAX_CHOICES}個までです。")
        if len(set(choices)) != len(choices):
            raise SurveyError("同じ選択肢が2回入力されています。")
        if any(len(c) > 200 for c in choices):
            raise SurveyError("選択肢は200文字以内で入力してください。")
    else:
        choices = ()
    return QuestionSpec(kind=kind, text=text, choices=choices, required=bool(spec.required), section=section)


def check_settings(
    *,
    title: str,
    description: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
    max_reminders: int,
    reminder_gap_days: int,
) -> tuple[str, str]:
    title = clean_text(title)
    description = clean_text(description, multiline=True)
    if not title:
        raise SurveyError("タイトルを入力してください。")
    if len(title) > 200:
        raise SurveyError("タイトルは200文字以内で入力してください。")
    if len(description) > 5000:
        raise SurveyError("説明は5000文字以内で入力してください。")
    check_period(opens_at, closes_at)
    check_reminders(max_reminders, reminder_gap_days)
    return title, description


def check_period(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise SurveyError("回答期間の終了は開始より後の日時にしてください。")


def check_reminders(max_reminders: int, reminder_gap_days: int) -> None:
    if not 0 <= max_reminders <= MAX_REMINDERS:
        raise SurveyError(f"リマインドの回数は0〜{MAX_REMINDERS}回で指定してください。")
    if not 1 <= reminder_gap_days <= MAX_GAP_DAYS:
        raise SurveyError(f"リマインドの間隔は1〜{MAX_GAP_DAYS}日で指定してください。")


async def create_survey(
    db: AsyncSession,
    settings: Settings,
    *,
    title: str,
    description: str,
    questions: Sequence[QuestionSpec],
    owner: str,
    anonymous: bool = False,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    max_reminders: int = 2,
    reminder_gap_days: int = 3,
    created_by: int | None = None,
) -> int:
    title, description = check_settings(
        title=title,
        description=description,
        opens_at=opens_at,
        closes_at=closes_at,
        max_reminders=max_reminders,
        reminder_gap_days=reminder_gap_days,
    )
    if len(questions) > MAX_QUESTIONS:
        raise SurveyError(f"質問は{MAX_QUESTIONS}問までです。")
    specs = [check_question(q) for q in questions]  # all checked before anything is written
    now = clock.now()
    survey = Survey(
        title=title,
        description=description,
        owner=(owner or "")[:120],
        anonymous=anonymous,
        opens_at=opens_at,
        closes_at=closes_at,
        max_reminders=max_reminders,
        reminder_gap_days=reminder_gap_days,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )
    db.add(survey)
    await db.flush()
    for position, spec in enumerate(specs):
        db.add(_question_row(survey.id, position, spec))
    await db.flush()
    return survey.id


def _question_row(survey_id: int, position: int, spec: QuestionSpec) -> SurveyQuestion:
    return SurveyQuestion(
        survey_id=survey_id,
        position=position,
        section=spec.section,
        kind=spec.kind,
        text=spec.text,
        choices=json.dumps(list(spec.choices), ensure_ascii=False),
        required=spec.required,
    )


def spec_of(question: SurveyQuestion) -> QuestionSpec:
    return QuestionSpec(
        kind=question.kind,
        text=question.text,
        choices=tuple(json.loads(question.choices or "[]")),
        required=question.required,
        section=question.section,
    )


async def get_survey(db: AsyncSession, survey_id: int, *, lock: bool = False) -> Survey | None:
    statement = select(Survey).where(Survey.id == survey_id)
    if lock:
        statement = statement.with_for_update()
    return (await db.execute(statement)).scalar_one_or_none()


async def questions_of(db: AsyncSession, survey_id: int) -> list[SurveyQuestion]:
    statement = select(SurveyQuestion).where(SurveyQuestion.survey_id == survey_id)
    return list((await db.execute(statement.order_by(SurveyQuestion.position, SurveyQuestion.id))).scalars())


async def _editable(db: AsyncSession, survey_id: int) -> Survey:
    survey = await get_survey(db, survey_id, lock=True)
    if survey is None:
        raise LookupError(survey_id)
    if survey.status != SurveyStatus.DRAFT:
        raise SurveyError(
            "実施中・終了のアンケートの質問は変更できません（複製して新しいアンケートを作成してください）。"
        )
    return survey


async def update_settings(
    db: AsyncSession,
    survey_id: int,
    *,
    title: str,
    description: str,
    anonymous: bool,
    opens_at: datetime | None,
    closes_at: datetime | None,
    max_reminders: int,
    reminder_gap_days: int,
) -> None:
    """下書き: everything; 実施中: only closes_at and the reminders (what the invited were told stays)."""
    survey = await get_survey(db, survey_id, lock=True)
    if survey is None:
        raise LookupError(survey_id)
    status = effective_status(survey)
    if status == SurveyStatus.DRAFT:
        survey.title, survey.description = check_settings(
            title=title,
            description=description,
            opens_at=opens_at,
            closes_at=closes_at,
            max_reminders=max_reminders,
            reminder_gap_days=reminder_gap_days,
        )
        survey.anonymous = anonymous
        survey.opens_at = opens_at
    elif status == SurveyStatus.OPEN:
        check_period(survey.opens_at, closes_at)
        check_reminders(max_reminders, reminder_gap_days)
        if closes_at is not None and closes_at <= clock.now():
            raise SurveyError("回答期間の終了は現在より後の日時にしてください（すぐ終える場合は「終了する」）。")
    else:
        raise SurveyError("終了したアンケートは変更できません。")
    survey.closes_at = closes_at
    survey.max_reminders = max_reminders
    survey.reminder_gap_days = reminder_gap_days
    survey.updated_at = clock.now()
    await db.flush()


async def add_question(db: AsyncSession, survey_id: int, spec: QuestionSpec) -> int:
    survey = await _editable(db, survey_id)
    spec = check_question(spec)
    count = await db.scalar(select(func.count()).where(SurveyQuestion.survey_id == survey.id))
    if count >= MAX_QUESTIONS:
        raise SurveyError(f"質問は{MAX_QUESTIONS}問までです。")
    last = await db.scalar(select(func.max(SurveyQuestion.position)).where(SurveyQuestion.survey_id == survey.id))
    row = _question_row(survey.id, (last if last is not None else -1) + 1, spec)
    db.add(row)
    survey.updated_at = clock.now()
    await db.flush()
    return row.id


async def _question(db: AsyncSession, survey_id: int, question_id: int) -> SurveyQuestion:
    question = await db.get(SurveyQuestion, question_id)
    if question is None or question.survey_id != survey_id:
        raise LookupError(question_id)
    return question


async def update_question(db: AsyncSession, survey_id: int, question_id: int, spec: QuestionSpec) -> None:
    await _editable(db, survey_id)
    question = await _question(db, survey_id, question_id)
    spec = check_question(spec)
    question.kind, question.text, question.section, question.required = (
        spec.kind,
        spec.text,
        spec.section,
        spec.required,
    )
    question.choices = json.dumps(list(spec.choices), ensure_ascii=False)
    await db.flush()


async def remove_question(db: AsyncSession, survey_id: int, question_id: int) -> None:
    await _editable(db, survey_id)
    await db.delete(await _question(db, survey_id, question_id))
    await db.flush()


async def move_question(db: AsyncSession, survey_id: int, question_id: int, step: int) -> None:
    """Swap with the neighbour above (step -1) or below (+1); at an end nothing moves."""
    await _editable(db, survey_id)
    questions = await questions_of(db, survey_id)
    index = next((i for i, q in enumerate(questions) if q.id == question_id), None)
    if index is None:
        raise LookupError(question_id)
    other = index + step
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for position, question in enumerate(questions):
        question.position = position
    await db.flush()


async def copy_survey(
    db: AsyncSession, settings: Settings, survey_id: int, *, owner: str, title: str | None = None
) -> int:
    """A new 下書き with the same questions and settings (period cleared: it is a new run)."""
    source = await get_survey(db, survey_id)
    if source is None:
        raise SurveyError("複製元のアンケートが見つかりません。")
    new_id = await create_survey(
        db,
        settings,
        title=title if title is not None else f"{source.title}（複製）"[:200],
        description=source.description,
        questions=[spec_of(q) for q in await questions_of(db, survey_id)],
        owner=owner,
        anonymous=source.anonymous,
        max_reminders=source.max_reminders,
        reminder_gap_days=source.reminder_gap_days,
        created_by=source.created_by,
    )
    copy = await get_survey(db, new_id)
    copy.copied_from_id = source.id
    await db.flush()
    return new_id


async def close_survey(db: AsyncSession, survey_id: int) -> None:
    survey = await get_survey(db, survey_id, lock=True)
    if survey is None:
        raise LookupError(survey_id)
    if survey.status != SurveyStatus.OPEN:
        raise SurveyError("実施中のアンケートだけを終了できます。")
    now = clock.now()
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = now
    if survey.closes_at is None or survey.closes_at > now:
        survey.closes_at = now
    survey.updated_at = now
    await db.flush()


def is_program_template(survey: Survey) -> bool:
    """A 定期アンケート's question set (owner "program:<key>"): edited, never started or deleted itself."""
    return survey.owner.startswith("program:") and survey.owner.count(":") == 1


async def delete_draft(db: AsyncSession, survey_id: int) -> None:
    survey = await _editable(db, survey_id)
    if is_program_template(survey):
        raise SurveyError("定期アンケートの質問（ひな形）は削除できません。")
    for question in await questions_of(db, survey_id):
        await db.delete(question)
    await db.flush()
    await db.delete(survey)
    await db.flush()


# -- answers --------------------------------------------------------------------------


async def store_response(
    db: AsyncSession,
    survey_id: int,
    answers: Mapping[int, str],
    *,
    invitation_id: int | None,
    answered_on: date,
    attributes: str,
) -> None:
    """One response and its answers (already validated against the questions). Its id is random:
    nothing orders the responses or joins one to who sent it unless invitation_id does."""
    response = SurveyResponse(
        id=uuid.uuid4().hex,
        survey_id=survey_id,
        invitation_id=invitation_id,
        answered_on=answered_on,
        attributes=attributes,
    )
    db.add(response)
    await db.flush()
    for question_id, value in answers.items():
        db.add(SurveyAnswer(response_id=response.id, question_id=question_id, value=value))
    await db.flush()


# -- lists ----------------------------------------------------------------------------


async def counts_for(db: AsyncSession, survey_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """(invited, answered) per survey, in one grouped query."""
    if not survey_ids:
        return {}
    statement = (
        select(
            SurveyInvitation.survey_id,
            func.count(),
            func.count().filter(SurveyInvitation.answered.is_(True)),
        )
        .where(SurveyInvitation.survey_id.in_(list(survey_ids)))
        .group_by(SurveyInvitation.survey_id)
    )
    return {sid: (invited, answered) for sid, invited, answered in (await db.execute(statement)).all()}


async def reminder_counts(db: AsyncSession, survey_id: int) -> dict[int, int]:
    """How many people have had at least n reminders, per n (1 → 12 people, 2 → 5 people)."""
    statement = (
        select(SurveyInvitation.reminders_sent, func.count())
        .where(SurveyInvitation.survey_id == survey_id, SurveyInvitation.reminders_sent > 0)
        .group_by(SurveyInvitation.reminders_sent)
    )
    exact = dict((await db.execute(statement)).all())
    top = max(exact, default=0)
    return {n: sum(c for sent, c in exact.items() if sent >= n) for n in range(1, top + 1)}


async def list_surveys(db: AsyncSession, page: int, per_page: int = 20) -> tuple[list[Survey], int]:
    total = await db.scalar(select(func.count()).select_from(Survey))
    statement = select(Survey).order_by(Survey.created_at.desc(), Survey.id.desc())
    rows = list((await db.execute(statement.offset((page - 1) * per_page).limit(per_page))).scalars())
    return rows, total or 0


async def latest_for_owner(db: AsyncSession, owner: str) -> Survey | None:
    statement = select(Survey).where(Survey.owner == owner).order_by(Survey.id.desc()).limit(1)
    return (await db.execute(statement)).scalar_one_or_none()
