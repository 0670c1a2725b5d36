"""認知度アンケート (000 §8.8.2): a public, anonymous survey anyone answers at /survey/awareness,
without login. It is an ordinary survey of the engine (owner "awareness", anonymous, opened with no
invitations), so the secretariat builds it and reads its results with the usual pages.

One answer per browser: a random cookie (app/browser_voter.py), of which the database keeps only
an HMAC with the site's secret in a row unique on (survey, voter) — no time, no address, nothing
joining it to the response, whose id is random and which carries only the day. Bots: a honeypot
field a person never sees, and a form-issued timestamp signed with the secret that must be old
enough (a person reads and chooses) and not too old; the per-address rate limit lives in
app/ratelimit (shared by all processes).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.browser_voter import BrowserVoter
from app.config import Settings
from features.surveys import invitations as engine_invitations
from features.surveys import service
from features.surveys.models import Survey, SurveyPublicVoter, SurveyResponse, SurveyStatus
from features.surveys.service import QuestionSpec

OWNER = "awareness"
COOKIE = "partner_survey_voter"
VOTER = BrowserVoter(COOKIE, "survey-voter")
HONEYPOT = "website"  # the field a person never sees (hidden); a bot filling every field fills it

QUESTIONS = (
    QuestionSpec(
        "single",
        "PARTNER（国際協力キャリア総合情報サイト）を知っていますか。",
        ("知っている", "名前だけ知っている", "知らない"),
        section="PARTNERについて",
    ),
    QuestionSpec(
        "multiple",
        "PARTNERを何で知りましたか（知っている方）。",
        ("JICAのウェブサイト", "SNS", "セミナー・イベント", "大学・学校", "知人・友人", "検索エンジン", "その他"),
        required=False,
        section="PARTNERについて",
    ),
    QuestionSpec(
        "single",
        "国際協力の仕事に関心がありますか。",
        ("とても関心がある", "少し関心がある", "あまり関心がない", "関心がない"),
        section="あなたについて",
    ),
    QuestionSpec(
        "single",
        "年代を教えてください。",
        ("10代", "20代", "30代", "40代", "50代", "60代以上"),
        required=False,
        section="あなたについて",
    ),
    QuestionSpec("text", "PARTNERに期待することがあればお聞かせください。", required=False, section="ご意見"),
)
DESCRIPTION = (
    "国際協力に関わる仕事の情報サイト「PARTNER」の認知度についてお聞きします（所要時間：約1分）。"
    "お名前・メールアドレスなどの個人情報はお聞きしません。"
)


class FormRefused(service.SurveyError):
    """The form cannot be accepted as sent (a bot's, or an expired one); the message is Japanese."""


# -- the survey ------------------------------------------------------------------------------


async def current(db: AsyncSession) -> Survey | None:
    """The newest 認知度アンケート (any state), or None."""
    return await service.latest_for_owner(db, OWNER)


async def create_draft(db: AsyncSession, settings: Settings, created_by: int | None) -> int:
    """A new 下書き with the default questions (the secretariat edits it in the builder)."""
    return await service.create_survey(
        db,
        settings,
        title="PARTNER認知度アンケート",
        description=DESCRIPTION,
        questions=QUESTIONS,
        owner=OWNER,
        anonymous=True,
        max_reminders=0,
        created_by=created_by,
    )


async def publish(db: AsyncSession, settings: Settings, survey_id: int) -> None:
    """Open the 下書き to the public (実施中, nobody invited)."""
    survey = await service.get_survey(db, survey_id)
    if survey is None or survey.owner != OWNER:
        raise LookupError(survey_id)
    if survey.status != SurveyStatus.DRAFT:
        raise service.SurveyError("下書きの認知度アンケートだけを公開できます。")
    if not survey.anonymous:
        raise service.SurveyError("認知度アンケートは無記名にしてください（設定で「無記名」を選んでから公開します）。")
    await engine_invitations.start_survey(db, settings, survey_id, [], audience_key=OWNER)


# -- the browser ------------------------------------------------------------------------------


async def has_answered(db: AsyncSession, survey_id: int, voter: str | None) -> bool:
    if not voter:
        return False
    found = await db.scalar(
        select(SurveyPublicVoter.voter).where(
            SurveyPublicVoter.survey_id == survey_id, SurveyPublicVoter.voter == voter
        )
    )
    return found is not None


# -- the signed form stamp ---------------------------------------------------------------------


def _signature(settings: Settings, issued: str) -> str:
    digest = hmac.new(settings.app.secret_key.encode(), f"awareness-form:{issued}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def form_stamp(settings: Settings) -> str:
    """The hidden field the form carries: when it was shown, signed."""
    issued = str(int(clock.now().timestamp()))
    return f"{issued}.{_signature(settings, issued)}"


def check_form(settings: Settings, stamp: str, honeypot: str) -> None:
    """FormRefused unless the form is one of ours: honeypot empty, the stamp signed by us and shown
    at most `awareness_form_max_hours` ago (how soon it came back is `check_pace`)."""
    if honeypot.strip():
        raise FormRefused("送信内容を受け付けられませんでした。入力欄以外に値が入っています。")
    age = _age(settings, stamp)
    if age is None:
        raise FormRefused("フォームを確認できませんでした。ページを開き直して、もう一度送信してください。")
    if age > settings.surveys.awareness_form_max_hours * 3600:
        raise FormRefused("フォームの有効期限が切れました。お手数ですが、もう一度送信してください。")


def check_pace(settings: Settings, stamp: str) -> None:
    """FormRefused when the form came back sooner than a person could have read and answered it."""
    age = _age(settings, stamp)
    if age is None or age < settings.surveys.awareness_min_fill_seconds:
        raise FormRefused("送信が早すぎます。質問をお読みいただき、少し待ってからもう一度送信してください。")


def _age(settings: Settings, stamp: str) -> float | None:
    """Seconds since the stamp was issued, or None when it is not ours."""
    issued, _, signature = (stamp or "").partition(".")
    if not issued.isdigit() or len(issued) > 12 or not hmac.compare_digest(signature, _signature(settings, issued)):
        return None
    return clock.now().timestamp() - int(issued)


def kept_stamp(settings: Settings, stamp: str) -> str:
    """The stamp a re-shown form carries: the one it was sent with while still good (the time a
    person took keeps counting), else a fresh one."""
    age = _age(settings, stamp)
    if age is None or age > settings.surveys.awareness_form_max_hours * 3600:
        return form_stamp(settings)
    return stamp


# -- answering ---------------------------------------------------------------------------------


async def submit(db: AsyncSession, survey: Survey, voter: str, answers: Mapping[int, str]) -> None:
    """Store one anonymous answer; AlreadyAnswered when this browser has answered this survey (the
    ledger insert is ON CONFLICT DO NOTHING, so of two concurrent sends one counts)."""
    if not service.accepting_answers(survey):
        raise service.OutsidePeriod()
    dialect = db.bind.dialect.name if db.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    claimed = await db.execute(
        insert(SurveyPublicVoter.__table__)
        .values(survey_id=survey.id, voter=voter)
        .on_conflict_do_nothing(index_elements=["survey_id", "voter"])
    )
    if claimed.rowcount != 1:
        raise service.AlreadyAnswered()
    await service.store_response(
        db, survey.id, answers, invitation_id=None, answered_on=clock.today_jst(), attributes="{}"
    )


async def answer_count(db: AsyncSession, survey_id: int) -> int:
    return await db.scalar(select(func.count()).where(SurveyResponse.survey_id == survey_id)) or 0
