"""定期アンケート (000 §1.5, §2.5.1–2.5.2, §3.4, §4.4): five recurring surveys, one round per quarter.

Each program's question set is a 下書き survey of the engine (edited with the usual builder); a
round copies it, opens it on the program's day after the quarter, invites the program's target
list for that quarter and closes after its days; the engine's hourly reminder job sends the one
reminder to those who have not answered. The daily job `open_due_rounds` opens what is due: a
round is claimed by the unique (program, quarter) row, and the engine invites nobody twice.

Quarters are fiscal (第1四半期 = April–June) and bounded in Japan time, like the reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.postings import api as postings
from features.surveys import invitations as engine_invitations
from features.surveys import service
from features.surveys.models import (
    QuestionKind,
    Survey,
    SurveyProgram,
    SurveyProgramRound,
    SurveyQuestion,
    SurveyStatus,
)
from features.surveys.service import QuestionSpec, Recipient
from features.talent import api as talent

SATISFACTION = "満足度"  # the section of the score question in the default question sets
MAX_OPEN_DAY = 28
MAX_DAYS = 90


@dataclass(frozen=True)
class ProgramSpec:
    key: str
    title: str
    audience: str  # who is asked, as the pages say it
    questions: tuple[QuestionSpec, ...]


def _questions(subject: str, score: str, extra: tuple[QuestionSpec, ...]) -> tuple[QuestionSpec, ...]:
    return (
        QuestionSpec("scale5", score, section=SATISFACTION),
        *extra,
        QuestionSpec(
            "text", f"{subject}について、ご意見・ご要望をお聞かせください。", required=False, section="ご意見"
        ),
    )


_USE = ("毎月", "四半期に数回", "年に数回", "ほとんど利用していない")
PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        "partner",
        "PARTNER利用満足度アンケート",
        "承認済みのすべての登録団体",
        _questions(
            "PARTNER",
            "PARTNERの利用に満足している。",
            (
                QuestionSpec("single", "PARTNERをどのくらい利用していますか。", _USE, section="ご利用について"),
                QuestionSpec(
                    "multiple",
                    "よく利用する機能を選んでください。",
                    ("求人情報の掲載", "研修・セミナー情報の掲載", "人材閲覧・オファーメール", "団体向けコンテンツ"),
                    required=False,
                    section="ご利用について",
                ),
            ),
        ),
    ),
    ProgramSpec(
        "jobs",
        "求人情報利用アンケート",
        "四半期中に求人情報を掲載した団体",
        _questions(
            "求人情報の掲載",
            "求人情報の掲載に満足している。",
            (
                QuestionSpec("scale5", "掲載の申請から公開までの手続きはわかりやすかった。", section=SATISFACTION),
                QuestionSpec(
                    "single",
                    "掲載した求人への応募はありましたか。",
                    ("十分あった", "少しあった", "なかった"),
                    section="掲載の結果",
                ),
            ),
        ),
    ),
    ProgramSpec(
        "events",
        "研修・セミナー利用アンケート",
        "四半期中に研修・イベント・セミナー情報を掲載した団体",
        _questions(
            "研修・セミナー情報の掲載",
            "研修・イベント・セミナー情報の掲載に満足している。",
            (
                QuestionSpec(
                    "single",
                    "PARTNERからの参加申込・問い合わせはありましたか。",
                    ("多かった", "少しあった", "なかった", "わからない"),
                    section="掲載の結果",
                ),
            ),
        ),
    ),
    ProgramSpec(
        "talent",
        "人材閲覧機能利用満足度アンケート",
        "四半期中に人材閲覧を利用した団体（人材詳細の閲覧・気になる）",
        _questions(
            "人材閲覧機能",
            "人材閲覧機能に満足している。",
            (
                QuestionSpec("scale5", "検索条件で求める人材を絞り込めた。", section=SATISFACTION),
                QuestionSpec(
                    "single",
                    "オファーメールを送った人材から返信はありましたか。",
                    ("あった", "なかった", "オファーメールは送っていない"),
                    section="ご利用の結果",
                ),
            ),
        ),
    ),
    ProgramSpec(
        "individuals",
        "PARTNER利用アンケート（個人）",
        "四半期中（またはその後）にログインした登録者",
        _questions(
            "PARTNER",
            "PARTNERの利用に満足している。",
            (
                QuestionSpec(
                    "multiple",
                    "利用した機能を選んでください。",
                    ("求人情報の検索", "研修・セミナー情報", "キャリア相談", "人材セミナー", "メール配信"),
                    required=False,
                    section="ご利用について",
                ),
                QuestionSpec(
                    "single",
                    "PARTNERを知人に勧めたいと思いますか。",
                    ("はい", "いいえ", "わからない"),
                    section="ご利用について",
                ),
            ),
        ),
    ),
)
BY_KEY = {spec.key: spec for spec in PROGRAMS}


# -- quarters ---------------------------------------------------------------------------


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def next_quarter(first: date) -> date:
    return date(first.year + 1, 1, 1) if first.month == 10 else date(first.year, first.month + 3, 1)


def previous_quarter(first: date) -> date:
    return date(first.year - 1, 10, 1) if first.month == 1 else date(first.year, first.month - 3, 1)


def quarter_bounds(first: date) -> tuple[datetime, datetime]:
    """[start, end) of the quarter beginning on `first`, midnight Japan time, as aware UTC."""

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=clock.JST).astimezone(UTC)

    return midnight(first), midnight(next_quarter(first))


def quarter_label(first: date) -> str:
    """2026年10月1日 → 2026年度 第3四半期（10月〜12月）."""
    fiscal = first.year if first.month >= 4 else first.year - 1
    number = (first.month - 4) % 12 // 3 + 1
    return f"{fiscal}年度 第{number}四半期（{first.month}月〜{first.month + 2}月）"


def quarter_short(first: date) -> str:
    fiscal = first.year if first.month >= 4 else first.year - 1
    return f"{fiscal}年度Q{(first.month - 4) % 12 // 3 + 1}"


def round_window(program: SurveyProgram, first: date) -> tuple[datetime, datetime]:
    """When the round about the quarter beginning `first` opens (its day of the month after the
    quarter, 00:00 JST) and closes (answer_days later), as aware UTC."""
    following = next_quarter(first)
    opens = datetime.combine(following.replace(day=program.open_day), time(0), tzinfo=clock.JST).astimezone(UTC)
    return opens, opens + timedelta(days=program.answer_days)


# -- target lists -------------------------------------------------------------------------


async def organization_recipients(db: AsyncSession, only: set[int] | None) -> list[Recipient]:
    organizations = [o for o in await accounts.approved_organizations(db) if only is None or o.id in only]
    emails = await accounts.active_emails_of_users(db, {o.user_id for o in organizations})
    return [
        Recipient(
            email=emails[o.user_id],
            name=f"{o.name} {o.contact_name}".strip(),
            user_id=o.user_id,
            attributes={"団体種別": o.org_type},
        )
        for o in organizations
        if o.user_id in emails
    ]


async def recipients(db: AsyncSession, key: str, first: date) -> list[Recipient]:
    """The program's target list for the quarter beginning `first` (each person or organization once)."""
    start, end = quarter_bounds(first)
    if key == "partner":
        return await organization_recipients(db, None)
    if key == "jobs":
        return await organization_recipients(
            db, await postings.organizations_with_postings(db, (postings.PostingKind.JOB,), start, end)
        )
    if key == "events":
        return await organization_recipients(
            db, await postings.organizations_with_postings(db, (postings.PostingKind.EVENT,), start, end)
        )
    if key == "talent":
        return await organization_recipients(db, await talent.organizations_using_talent(db, start, end))
    if key == "individuals":
        people = await accounts.individuals_active_since(db, start)
        return [Recipient(email=email, name=name, user_id=user_id) for user_id, email, name in people]
    raise LookupError(key)


AUDIENCE_PREFIX = "program:"  # + "<key>:<quarter's first day>"


async def survey_audiences(db: AsyncSession, settings: Settings) -> list:
    """The builder's 対象者リスト (provides["survey_audiences"]): each program's list for the current
    and the previous quarter, so any survey can go to, say, the organizations that posted 求人."""
    from features.surveys.api import Audience

    current = quarter_start(clock.today_jst())
    return [
        Audience(
            key=f"{AUDIENCE_PREFIX}{spec.key}:{first.isoformat()}", label=f"{spec.audience}：{quarter_label(first)}"
        )
        for first in (current, previous_quarter(current))
        for spec in PROGRAMS
    ]


async def survey_recipients(db: AsyncSession, settings: Settings, key: str) -> list[Recipient] | None:
    program, _, day = key.removeprefix(AUDIENCE_PREFIX).partition(":")
    if not key.startswith(AUDIENCE_PREFIX) or program not in BY_KEY:
        return None
    try:
        first = quarter_start(date.fromisoformat(day))
    except ValueError:
        return None
    return await recipients(db, program, first)


# -- programs -------------------------------------------------------------------------------


async def programs(db: AsyncSession) -> dict[str, SurveyProgram]:
    rows = await db.execute(select(SurveyProgram).order_by(SurveyProgram.id))
    return {p.key: p for p in rows.scalars()}


async def program_by_id(db: AsyncSession, program_id: int) -> SurveyProgram | None:
    return await db.get(SurveyProgram, program_id)


def _insert(db: AsyncSession):
    dialect = db.bind.dialect.name if db.bind else "sqlite"
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


async def ensure_programs(db: AsyncSession, settings: Settings) -> int:
    """Create the programs that do not exist yet (with their default question sets and the settings'
    schedule). Returns how many were created; a concurrent run creates each once (unique key)."""
    existing = await programs(db)
    created = 0
    for spec in PROGRAMS:
        if spec.key in existing:
            continue
        template_id = await service.create_survey(
            db,
            settings,
            title=spec.title,
            description=(
                "PARTNERをご利用いただきありがとうございます。サービス改善のため、アンケートにご協力ください"
                "（所要時間：約3分）。"
            ),
            questions=spec.questions,
            owner=f"program:{spec.key}",
            max_reminders=1,
            reminder_gap_days=settings.surveys.program_reminder_days,
        )
        now = clock.now()
        statement = (
            _insert(db)(SurveyProgram.__table__)
            .values(
                key=spec.key,
                template_survey_id=template_id,
                enabled=True,
                open_day=settings.surveys.program_open_day,
                reminder_days=settings.surveys.program_reminder_days,
                answer_days=settings.surveys.program_answer_days,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["key"])
        )
        if (await db.execute(statement)).rowcount == 1:
            created += 1
        else:  # another run made it first: its template stands, this one goes
            await db.execute(delete(SurveyQuestion).where(SurveyQuestion.survey_id == template_id))
            await db.execute(delete(Survey).where(Survey.id == template_id))
    return created


def check_schedule(open_day: int, reminder_days: int, answer_days: int) -> None:
    if not 1 <= open_day <= MAX_OPEN_DAY:
        raise service.SurveyError(f"開始日は1〜{MAX_OPEN_DAY}日で指定してください。")
    if not 1 <= answer_days <= MAX_DAYS:
        raise service.SurveyError(f"回答期間は1〜{MAX_DAYS}日で指定してください。")
    if not 1 <= reminder_days < answer_days:
        raise service.SurveyError("リマインドは回答期間の日数より前の日にしてください。")


async def save_schedule(
    db: AsyncSession, program_id: int, *, enabled: bool, open_day: int, reminder_days: int, answer_days: int
) -> None:
    """The program's schedule for the rounds still to open (an open round keeps its own)."""
    program = await program_by_id(db, program_id)
    if program is None:
        raise LookupError(program_id)
    check_schedule(open_day, reminder_days, answer_days)
    program.enabled, program.open_day = enabled, open_day
    program.reminder_days, program.answer_days = reminder_days, answer_days
    program.updated_at = clock.now()
    await db.flush()


# -- rounds ---------------------------------------------------------------------------------


async def _claim(db: AsyncSession, program: SurveyProgram, first: date) -> bool:
    statement = (
        _insert(db)(SurveyProgramRound.__table__)
        .values(program_id=program.id, quarter_start=first, targets=0, opened_at=clock.now())
        .on_conflict_do_nothing(index_elements=["program_id", "quarter_start"])
    )
    return (await db.execute(statement)).rowcount == 1


async def open_round(
    db: AsyncSession, settings: Settings, program: SurveyProgram, first: date, people: list[Recipient] | None = None
) -> int | None:
    """Open the round about the quarter beginning `first` if no run has: copy the question set,
    set the period and the one reminder, invite the target list (`people` given: the demo's). The
    survey id, or None."""
    if not await _claim(db, program, first):
        return None
    spec = BY_KEY[program.key]
    template = await service.get_survey(db, program.template_survey_id)
    survey_id = await service.copy_survey(
        db,
        settings,
        program.template_survey_id,
        owner=f"program:{program.key}:{first.isoformat()}",
        title=f"{template.title if template else spec.title}（{quarter_label(first)}）"[:200],
    )
    survey = await service.get_survey(db, survey_id)
    _, closes = round_window(program, first)
    survey.opens_at = clock.now()
    survey.closes_at = max(closes, clock.now() + timedelta(days=1))
    survey.max_reminders, survey.reminder_gap_days = 1, program.reminder_days
    if people is None:
        people = await recipients(db, program.key, first)
    score = next((q.id for q in await service.questions_of(db, survey_id) if q.kind == QuestionKind.SCALE5), None)
    await engine_invitations.start_survey(db, settings, survey_id, people, audience_key=f"program:{program.key}")
    await db.execute(
        update(SurveyProgramRound)
        .where(SurveyProgramRound.program_id == program.id, SurveyProgramRound.quarter_start == first)
        .values(survey_id=survey_id, targets=len(people), score_question_id=score)
        .execution_options(synchronize_session=False)
    )
    return survey_id


async def open_due_rounds(db: AsyncSession, settings: Settings) -> int:
    """Daily job: make sure the programs exist, then open each enabled program's round about the
    previous quarter once its day has come (and while its answer period has not passed). Returns
    how many rounds opened; a second run the same day opens none."""
    await ensure_programs(db, settings)
    now = clock.now()
    first = previous_quarter(quarter_start(clock.today_jst()))
    opened = 0
    for program in (await programs(db)).values():
        if not program.enabled:
            continue
        opens, closes = round_window(program, first)
        if not opens <= now < closes:
            continue
        if await open_round(db, settings, program, first) is not None:
            opened += 1
    return opened


@dataclass(frozen=True)
class RoundStats:
    id: int
    program_key: str
    quarter_start: date
    survey_id: int | None
    status: str
    opens_at: datetime | None
    closes_at: datetime | None
    targets: int
    invited: int
    answered: int

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter_start)

    @property
    def response_rate(self) -> float | None:
        return None if not self.invited else round(self.answered * 100 / self.invited, 1)


async def rounds(db: AsyncSession, program_ids: list[int] | None = None, limit: int = 40) -> list[RoundStats]:
    """Rounds, newest quarter first, with targets, invited, answered (one grouped count query)."""
    statement = (
        select(SurveyProgramRound, SurveyProgram.key)
        .join(SurveyProgram, SurveyProgram.id == SurveyProgramRound.program_id)
        .order_by(SurveyProgramRound.quarter_start.desc(), SurveyProgram.id)
        .limit(limit)
    )
    if program_ids is not None:
        statement = statement.where(SurveyProgramRound.program_id.in_(program_ids))
    found = (await db.execute(statement)).all()
    survey_ids = [r.survey_id for r, _ in found if r.survey_id]
    counts = await service.counts_for(db, survey_ids)
    surveys = {}
    if survey_ids:
        surveys = {s.id: s for s in (await db.execute(select(Survey).where(Survey.id.in_(survey_ids)))).scalars()}
    stats = []
    for row, key in found:
        survey = surveys.get(row.survey_id)
        invited, answered = counts.get(row.survey_id, (0, 0))
        stats.append(
            RoundStats(
                id=row.id,
                program_key=key,
                quarter_start=row.quarter_start,
                survey_id=row.survey_id,
                status=str(service.effective_status(survey)) if survey else str(SurveyStatus.DRAFT),
                opens_at=survey.opens_at if survey else None,
                closes_at=survey.closes_at if survey else None,
                targets=row.targets,
                invited=invited,
                answered=answered,
            )
        )
    return stats
