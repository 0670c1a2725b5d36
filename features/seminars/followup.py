"""後処理: the seminar's survey (セミナー参加者アンケート) goes to the people marked 出席 — never to
absentees, waiting or cancelled registrations — through the survey engine (features.surveys.api).

The secretariat attaches a survey before or after the day: a new one from the standard
questions (create_survey) or a copy of an earlier one (copy_survey); its id is seminar.survey_id.
It is sent when the seminar becomes 開催済 (`on_held`, from the seminar's transition) or, when
nobody moved it, by the daily job the day after (`send_due_surveys`). Sending is idempotent: the
dispatch row says it went, and start_survey invites nobody twice, so 「再送信」 after a late
check-in invites only the newly marked attendees."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit, clock
from app.config import Settings
from features.seminars.models import (
    KIND_LABELS,
    RegistrationStatus,
    Seminar,
    SeminarRegistration,
    SeminarStatus,
)
from features.seminars.models_after import SeminarSurveyDispatch
from features.surveys import api as surveys

OWNER_PREFIX = "seminar:"
# Seminars whose attendees may receive the survey (a seminar still 受付終了 after its day counts:
# the job runs the day after whether or not someone pressed 開催済にする).
SENDABLE_STATES = (SeminarStatus.ANNOUNCED, SeminarStatus.CLOSED, SeminarStatus.HELD, SeminarStatus.DONE)
SURVEY_OPEN_DAYS = 14

_SATISFACTION = "満足度"
STANDARD_QUESTIONS: tuple[surveys.QuestionSpec, ...] = (
    surveys.QuestionSpec("scale5", "本日のセミナー全体の満足度を教えてください。", section=_SATISFACTION),
    surveys.QuestionSpec(
        "scale5", "セミナーの内容は、今後の進路を考える上で参考になりましたか。", section=_SATISFACTION
    ),
    surveys.QuestionSpec(
        "single",
        "セミナーの長さはいかがでしたか。",
        ("長い", "ちょうどよい", "短い"),
        section=_SATISFACTION,
    ),
    surveys.QuestionSpec(
        "multiple",
        "特に参考になったプログラムを選んでください（複数選択可）。",
        ("基調講演", "分科会", "パネルディスカッション", "キャリア相談", "ネットワーキング"),
        required=False,
        section="プログラム",
    ),
    surveys.QuestionSpec(
        "single",
        "今後、国際協力の仕事に応募したいと思いますか。",
        ("すぐに応募したい", "いずれ応募したい", "まだ分からない", "応募するつもりはない"),
        section="今後について",
    ),
    surveys.QuestionSpec(
        "text",
        "セミナーの感想や、今後取り上げてほしいテーマをご自由にお書きください。",
        required=False,
        section="今後について",
    ),
)


class FollowupError(Exception):
    def __init__(self, message: str, status_code: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


def owner_key(seminar_id: int) -> str:
    return f"{OWNER_PREFIX}{seminar_id}"


def _closes_at(seminar: Seminar):
    end = seminar.ends_at or seminar.starts_at or clock.now()
    return max(end, clock.now()) + timedelta(days=SURVEY_OPEN_DAYS)


def _check_attachable(seminar: Seminar) -> None:
    if seminar.status == SeminarStatus.CANCELLED:
        raise FollowupError("中止したセミナーにはアンケートを設定できません。")
    if seminar.survey_id is not None:
        raise FollowupError("このセミナーにはアンケートが設定済みです。")


async def attach_standard_survey(
    db: AsyncSession, settings: Settings, seminar: Seminar, *, actor_user_id: int | None
) -> int:
    """A new 下書き from the standard セミナー参加者アンケート, owned by this seminar."""
    _check_attachable(seminar)
    survey_id = await surveys.create_survey(
        db,
        settings,
        title=f"{seminar.title} 参加者アンケート"[:200],
        description=(
            f"{KIND_LABELS.get(seminar.kind, 'セミナー')}「{seminar.title}」にご参加いただき、ありがとうございました。"
            "今後のセミナーをよりよくするため、アンケートにご協力ください（所要時間：約3分）。"
        ),
        questions=STANDARD_QUESTIONS,
        owner=owner_key(seminar.id),
        closes_at=_closes_at(seminar),
        created_by=actor_user_id,
    )
    return await _attach(db, seminar, survey_id, actor_user_id)


async def attach_copy(
    db: AsyncSession, settings: Settings, seminar: Seminar, source_survey_id: int, *, actor_user_id: int | None
) -> int:
    """A copy of an earlier survey (its questions and settings), owned by this seminar."""
    _check_attachable(seminar)
    try:
        survey_id = await surveys.copy_survey(
            db, settings, source_survey_id, owner=owner_key(seminar.id), title=f"{seminar.title} 参加者アンケート"[:200]
        )
    except surveys.SurveyError as error:
        raise FollowupError(str(error), 422) from None
    return await _attach(db, seminar, survey_id, actor_user_id)


async def _attach(db: AsyncSession, seminar: Seminar, survey_id: int, actor_user_id: int | None) -> int:
    seminar.survey_id = survey_id
    seminar.updated_at = clock.now()
    await db.flush()
    await audit.record(
        db, "seminar_survey_attached", actor_user_id=actor_user_id, target_type="seminar", target_id=seminar.id
    )
    return survey_id


async def copy_sources(db: AsyncSession) -> list[surveys.SurveySummary]:
    """Earlier seminars' surveys, the choices for 「過去のアンケートを複製」."""
    return await surveys.surveys_for_owner_prefix(db, OWNER_PREFIX)


# -- sending ---------------------------------------------------------------------------------


async def attendees(db: AsyncSession, seminar_id: int) -> list[surveys.Recipient]:
    """The confirmed registrations marked 出席, with the attributes the results can be cut by."""
    rows = await db.scalars(
        select(SeminarRegistration)
        .where(
            SeminarRegistration.seminar_id == seminar_id,
            SeminarRegistration.status == RegistrationStatus.CONFIRMED,
            SeminarRegistration.attended.is_(True),
        )
        .order_by(SeminarRegistration.receipt_no, SeminarRegistration.id)
    )
    return [
        surveys.Recipient(
            email=r.email,
            name=r.name,
            user_id=r.user_id,
            attributes={
                "年齢帯": r.age_band or "未回答",
                "職業・所属": r.occupation or "未回答",
                "国際協力経験": r.experience or "未回答",
                "きっかけ": r.source or "未回答",
            },
        )
        for r in rows
    ]


async def dispatch_of(db: AsyncSession, seminar_id: int) -> SeminarSurveyDispatch | None:
    return await db.get(SeminarSurveyDispatch, seminar_id)


async def send_to_attendees(db: AsyncSession, settings: Settings, seminar: Seminar) -> int:
    """Invite every attendee not yet invited; returns how many were newly invited."""
    if seminar.survey_id is None:
        raise FollowupError("アンケートが設定されていません。先にアンケートを設定してください。", 422)
    if seminar.status not in SENDABLE_STATES:
        raise FollowupError("このセミナーの状態ではアンケートを送信できません。")
    recipients = await attendees(db, seminar.id)
    if not recipients:
        raise FollowupError("出席者がいません。受付で出席を記録してから送信してください。", 422)
    try:
        invited = await surveys.start_survey(
            db, settings, seminar.survey_id, recipients, audience_key=f"{owner_key(seminar.id)}:attended"
        )
    except surveys.SurveyError as error:
        raise FollowupError(str(error), 422) from None
    dispatch = await dispatch_of(db, seminar.id)
    if dispatch is None:
        db.add(
            SeminarSurveyDispatch(
                seminar_id=seminar.id, survey_id=seminar.survey_id, invited=invited, sent_at=clock.now()
            )
        )
    else:
        dispatch.invited += invited
    await db.flush()
    return invited


async def on_held(db: AsyncSession, settings: Settings, seminar: Seminar) -> int:
    """Called when the seminar becomes 開催済: send if a survey is attached and it has not gone
    yet. Nothing attached or nobody checked in is not an error here (the page says so)."""
    if seminar.survey_id is None or await dispatch_of(db, seminar.id) is not None:
        return 0
    if not await attendees(db, seminar.id):
        return 0
    try:
        return await send_to_attendees(db, settings, seminar)
    except FollowupError:  # e.g. the survey was closed by hand: the after page offers sending again
        return 0


async def send_due_surveys(db: AsyncSession, settings: Settings) -> int:
    """The daily job: every seminar whose day (Japan) is over, with a survey and attendees, whose
    survey has not gone yet. Each seminar in a savepoint, so one failing does not stop the rest;
    returns the number of people invited."""
    today_start = datetime.combine(clock.today_jst(), time(0, 0), clock.JST).astimezone(UTC)
    sent = select(SeminarSurveyDispatch.seminar_id)
    due = await db.scalars(
        select(Seminar)
        .where(
            Seminar.survey_id.is_not(None),
            Seminar.status.in_(SENDABLE_STATES),
            Seminar.ends_at.is_not(None),
            Seminar.ends_at < today_start,
            Seminar.id.not_in(sent),
        )
        .order_by(Seminar.id)
    )
    invited = 0
    for seminar in list(due):
        if not await attendees(db, seminar.id):
            continue
        try:
            async with db.begin_nested():
                invited += await send_to_attendees(db, settings, seminar)
        except (FollowupError, IntegrityError):
            continue  # a concurrent run sent it (the dispatch row exists), or the survey is closed
    return invited


# -- what the after page shows -----------------------------------------------------------------


async def survey_state(db: AsyncSession, seminar: Seminar):
    """(summary or None, dispatch or None, results or None) of the seminar's survey."""
    if seminar.survey_id is None:
        return None, None, None
    summary = await surveys.survey_summary(db, seminar.survey_id)
    results = await surveys.survey_results(db, seminar.survey_id) if summary else None
    return summary, await dispatch_of(db, seminar.id), results


# -- target lists for the survey builder (provides) ----------------------------------------------


async def survey_audiences(db: AsyncSession, settings: Settings) -> list[surveys.Audience]:
    rows = await db.scalars(
        select(Seminar)
        .where(Seminar.status.in_((SeminarStatus.HELD, SeminarStatus.DONE)))
        .order_by(Seminar.starts_at.desc())
        .limit(50)
    )
    audiences = []
    for seminar in rows:
        day = clock.to_jst(seminar.starts_at) if seminar.starts_at else None
        when = f"（{day.year}年{day.month}月{day.day}日）" if day else ""
        audiences.append(
            surveys.Audience(f"{OWNER_PREFIX}{seminar.id}:attended", f"セミナー出席者: {seminar.title}{when}")
        )
    return audiences


async def survey_recipients(db: AsyncSession, settings: Settings, key: str) -> list[surveys.Recipient] | None:
    if not key.startswith(OWNER_PREFIX) or not key.endswith(":attended"):
        return None
    middle = key[len(OWNER_PREFIX) : -len(":attended")]
    if not middle.isdigit():
        return None
    return await attendees(db, int(middle))
