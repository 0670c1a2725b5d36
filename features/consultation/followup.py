"""キャリア相談フォローアンケート (seed 000 §6.8.2): once a year, on the day the setting names
([consultation] followup_survey_month_day, Japan time), a survey of the surveys slice goes to the
people who had a consultation in the current 年度 (not cancelled, not 無断欠席). Idempotent: the
survey is found again by its owner key, and start_survey never invites anyone twice.

The same people are offered to the survey builder as a target list ("対面相談を利用した人 (YYYY年度)").
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.consultation.counters import consulted_user_ids, fiscal_year, fiscal_year_bounds
from features.surveys import api as surveys

CATEGORY_ATTRIBUTE = "相談区分"
OPEN_DAYS = 30
_KEY = re.compile(r"consultation:(\d{4})")

QUESTIONS = (
    surveys.QuestionSpec(
        "scale5", "対面相談（キャリア相談）の内容にどの程度満足しましたか。", section="対面相談について"
    ),
    surveys.QuestionSpec(
        "single",
        "相談は、その後の進路やキャリアを考えるうえで役に立ちましたか。",
        choices=("とても役に立った", "役に立った", "あまり役に立たなかった", "役に立たなかった"),
        section="対面相談について",
    ),
    surveys.QuestionSpec(
        "single",
        "相談の後、国際協力の仕事や活動に向けて行動しましたか。",
        choices=("公募・求人に応募した", "応募を準備している", "情報収集をしている", "特に行動していない"),
        section="相談後の状況",
    ),
    surveys.QuestionSpec(
        "multiple",
        "現在の状況に当てはまるものをすべて選んでください。",
        choices=(
            "JICA専門家・JICA海外協力隊として活動中",
            "国際協力団体（NGO・開発コンサルタント等）で勤務中",
            "国際機関で勤務中",
            "その他の企業・団体で勤務中",
            "就職・転職活動中",
            "進学・研修中",
        ),
        required=False,
        section="相談後の状況",
    ),
    surveys.QuestionSpec(
        "single",
        "また対面相談を利用したいと思いますか。",
        choices=("はい", "いいえ", "わからない"),
        section="今後について",
    ),
    surveys.QuestionSpec(
        "text", "キャリア相談へのご意見・ご要望をお書きください。", required=False, section="今後について"
    ),
)


def owner_key(year: int) -> str:
    return f"consultation:followup:{year}"


async def recipients_for_year(db: AsyncSession, year: int) -> list[surveys.Recipient]:
    start, end = fiscal_year_bounds(year)
    consulted = await consulted_user_ids(db, start, end)
    emails = await accounts.active_emails_of_users(db, set(consulted))
    names = await accounts.codes_and_names(db, set(consulted))
    return [
        surveys.Recipient(
            email=emails[user_id],
            name=names.get(user_id, ("", ""))[1],
            user_id=user_id,
            attributes={CATEGORY_ATTRIBUTE: category},
        )
        for user_id, category in consulted.items()
        if user_id in emails  # 退会 or suspended accounts get no survey
    ]


async def send_followup_survey(db: AsyncSession, settings: Settings) -> int:
    """Daily; acts on the set day only. Returns how many people were newly invited."""
    today = clock.today_jst()
    if f"{today:%m-%d}" != settings.consultation.followup_survey_month_day:
        return 0
    year = fiscal_year(today)
    summary = await surveys.survey_summary_for_owner(db, owner_key(year))
    if summary is None:
        survey_id = await surveys.create_survey(
            db,
            settings,
            title=f"キャリア相談フォローアンケート（{year}年度）",
            description=(
                f"{year}年度にPARTNERの対面相談（キャリア相談）をご利用いただいた方にお送りしています。"
                "今後のキャリア相談の改善に活用します（所要時間3分程度）。"
            ),
            questions=QUESTIONS,
            owner=owner_key(year),
            closes_at=clock.now() + timedelta(days=OPEN_DAYS),
        )
    elif summary.status == "終了":
        return 0
    else:
        survey_id = summary.id
    return await surveys.start_survey(db, settings, survey_id, await recipients_for_year(db, year))


async def survey_audiences(db: AsyncSession, settings: Settings) -> list[surveys.Audience]:
    year = fiscal_year(clock.today_jst())
    return [
        surveys.Audience(key=f"consultation:{y}", label=f"対面相談を利用した人 ({y}年度)") for y in (year, year - 1)
    ]


async def survey_recipients(db: AsyncSession, settings: Settings, key: str) -> list[surveys.Recipient] | None:
    match = _KEY.fullmatch(key or "")
    if match is None:
        return None  # not one of ours
    return await recipients_for_year(db, int(match[1]))
