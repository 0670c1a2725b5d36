"""A survey with one question of each kind, its recipients, and the tokens mailed to them."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.mail import OutboxMail
from features.surveys.api import QuestionSpec, Recipient, create_survey, start_survey

QUESTIONS = (
    QuestionSpec("single", "セミナー全体の満足度", ("満足", "ふつう", "不満"), section="全体について"),
    QuestionSpec("multiple", "参考になったセッション", ("A", "B", "C"), required=False, section="全体について"),
    QuestionSpec("scale5", "講師の説明はわかりやすかった", section="講師について"),
    QuestionSpec("text", "ご意見・ご感想", required=False),
)


def people(count: int, *, start: int = 1) -> list[Recipient]:
    return [
        Recipient(
            email=f"p{n}@example.jp",
            name=f"参加者{n}",
            attributes={"年齢帯": "20代" if n % 2 else "30代"},
        )
        for n in range(start, start + count)
    ]


async def make_survey(database, settings, *, anonymous=False, questions=QUESTIONS, **kwargs) -> int:
    async with database.session() as db:
        return await create_survey(
            db,
            settings,
            title="国際協力人材セミナー参加者アンケート",
            description="今後の企画の参考にします。",
            questions=questions,
            owner=kwargs.pop("owner", "seminar:1"),
            anonymous=anonymous,
            **kwargs,
        )


async def start(database, settings, survey_id: int, recipients) -> int:
    async with database.session() as db:
        return await start_survey(db, settings, survey_id, recipients)


async def tokens(database) -> dict[str, str]:
    """address → the token in the newest survey mail to it (read from the outbox, as a person would)."""
    async with database.session(write=False) as db:
        mails = (await db.execute(select(OutboxMail).order_by(OutboxMail.id))).scalars().all()
    found = {}
    for mail in mails:
        match = re.search(r"/surveys/([A-Za-z0-9_-]+)", mail.body)
        if match:
            found[mail.to_address] = match[1]
    return found
