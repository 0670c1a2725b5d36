"""メール相談利用アンケート (seed 000 §6.8.1): once a quarter, for the previous quarter, a survey
to the people whose question was answered in it (each once), through the surveys slice. Also the
audiences the survey builder offers ("people answered in a quarter")."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.mail_consultation import counters
from features.mail_consultation.models import QuarterSurvey
from features.surveys import api as surveys

AUDIENCE_PREFIX = "mail_consultation:answered:"  # + "2026Q3"

QUESTIONS = (
    surveys.QuestionSpec("scale5", "メール相談の回答は、あなたの疑問の解決に役立ちましたか。", section="回答について"),
    surveys.QuestionSpec("scale5", "回答までの日数は適切でしたか。", section="回答について"),
    surveys.QuestionSpec("scale5", "回答の内容はわかりやすかったですか。", section="回答について"),
    surveys.QuestionSpec(
        "single",
        "メール相談を知ったきっかけを教えてください。",
        choices=("PARTNERのサイト", "セミナー", "JICAの案内", "知人の紹介", "その他"),
        section="ご利用について",
    ),
    surveys.QuestionSpec(
        "multiple",
        "今後利用したいPARTNERのサービスを選んでください（複数選択可）。",
        choices=("メール相談", "対面相談", "国際協力人材セミナー", "求人情報の検索"),
        required=False,
        section="ご利用について",
    ),
    surveys.QuestionSpec(
        "single",
        "またメール相談を利用したいと思いますか。",
        choices=("はい", "いいえ", "わからない"),
        section="ご利用について",
    ),
    surveys.QuestionSpec("text", "メール相談へのご意見・ご要望をお聞かせください。", required=False, section="ご意見"),
)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(day: date) -> tuple[int, int]:
    year, quarter = quarter_of(day)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def quarter_key(year: int, quarter: int) -> str:
    return f"{year}Q{quarter}"


def quarter_bounds(year: int, quarter: int) -> tuple[datetime, datetime]:
    """[start, end) of a quarter in Japan time, as UTC datetimes."""
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=clock.JST)
    end = (
        datetime(year + 1, 1, 1, tzinfo=clock.JST)
        if quarter == 4
        else datetime(year, 3 * quarter + 1, 1, tzinfo=clock.JST)
    )
    return start.astimezone(UTC), end.astimezone(UTC)


def _parse_key(key: str) -> tuple[int, int] | None:
    if not key.startswith(AUDIENCE_PREFIX):
        return None
    raw = key.removeprefix(AUDIENCE_PREFIX)
    year, sep, quarter = raw.partition("Q")
    if not (sep and year.isdigit() and quarter in {"1", "2", "3", "4"}):
        return None
    return int(year), int(quarter)


async def recipients_for_quarter(db: AsyncSession, year: int, quarter: int) -> list[surveys.Recipient]:
    """Each person answered in the quarter, once, while they may still be mailed."""
    start, end = quarter_bounds(year, quarter)
    user_ids = await counters.answered_user_ids(db, start, end)
    emails = await accounts.active_emails_of_users(db, set(user_ids))
    names = await accounts.codes_and_names(db, set(user_ids))
    return [
        surveys.Recipient(email=emails[uid], name=names.get(uid, ("", ""))[1], user_id=uid)
        for uid in user_ids
        if uid in emails
    ]


async def survey_audiences(db: AsyncSession, settings: Settings) -> list[surveys.Audience]:
    """The last four quarters, newest first."""
    year, quarter = quarter_of(clock.today_jst())
    found = []
    for _ in range(4):
        found.append(
            surveys.Audience(
                key=AUDIENCE_PREFIX + quarter_key(year, quarter),
                label=f"メール相談で回答を受けた人：{year}年 第{quarter}四半期",
            )
        )
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return found


async def survey_recipients(db: AsyncSession, settings: Settings, key: str) -> list[surveys.Recipient] | None:
    parsed = _parse_key(key)
    if parsed is None:
        return None
    return await recipients_for_quarter(db, *parsed)


async def _claim_quarter(db: AsyncSession, key: str) -> bool:
    """Insert the quarter's row unless it exists (ON CONFLICT DO NOTHING): True for the one run
    that claimed it, so two workers running the job at once create one survey."""
    dialect = db.bind.dialect.name if db.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(QuarterSurvey.__table__)
        .values(quarter=key, survey_id=0, invited=0, created_at=clock.now())
        .on_conflict_do_nothing(index_elements=["quarter"])
    )
    return (await db.execute(statement)).rowcount == 1


async def send_quarter_survey(db: AsyncSession, settings: Settings) -> int:
    """Daily job: from the first day of a quarter on, once, the survey for the previous quarter.
    Returns how many were invited (0 when already done or nobody was answered)."""
    year, quarter = previous_quarter(clock.today_jst())
    key = quarter_key(year, quarter)
    owner = f"mail_consultation:{key}"
    if await surveys.survey_summary_for_owner(db, owner) is not None:
        return 0
    recipients = await recipients_for_quarter(db, year, quarter)
    if not recipients or not await _claim_quarter(db, key):
        return 0  # nobody to ask (tomorrow's run looks again), or another run has it
    survey_id = await surveys.create_survey(
        db,
        settings,
        title=f"メール相談利用アンケート（{year}年 第{quarter}四半期）",
        description=(
            "PARTNERのメール相談をご利用いただきありがとうございました。"
            "今後のサービス改善のため、アンケートにご協力ください（所要時間：約3分）。"
        ),
        questions=QUESTIONS,
        owner=owner,
        created_by=None,
    )
    invited = await surveys.start_survey(db, settings, survey_id, recipients, audience_key=AUDIENCE_PREFIX + key)
    await db.execute(
        update(QuarterSurvey).where(QuarterSurvey.quarter == key).values(survey_id=survey_id, invited=invited)
    )
    return invited
