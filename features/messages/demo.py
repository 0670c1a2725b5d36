"""Demo mail: an offer to the demo talent with a reply, and templates for the demo organization."""

from __future__ import annotations

import random

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.accounts.api import OrganizationView as Organization
from features.messages import service
from features.messages.models import MailMode, Message
from features.messages.service import Party

TEMPLATES = [
    (
        "面接日程のご案内",
        "【面接日程のご案内】{氏名} 様",
        (
            "{氏名} 様\n\nこのたびはご応募いただきありがとうございます。\n"
            "書類選考の結果、面接にお進みいただくことになりました。\n"
            "ご都合のよい日時を、候補を3つほどお知らせください。\n\nどうぞよろしくお願いいたします。"
        ),
    ),
    (
        "オファー（保健分野）",
        "保健分野の案件のご案内",
        (
            "{氏名} 様\n\nPARTNERでご登録の履歴書を拝見し、ご連絡いたしました。\n当団体の母子保健プロジェクトで、"
            "業務調整員を募集しています。ご関心があれば、このメールにご返信ください。"
        ),
    ),
]


async def _organization(db: AsyncSession, email: str) -> Organization:
    return await accounts.organization_of(db, (await accounts.user_by_email(db, email)).id)


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    demo_org = await _organization(db, "org@example.org")
    for name, subject, body in TEMPLATES:
        await service.save_template(db, demo_org.id, name, subject, body)

    # みらい開発パートナーズ made the demo talent an offer, already read and answered.
    other_org = await _organization(db, "org2@example.org")
    talent = await accounts.individual_of(db, (await accounts.user_by_email(db, "talent@example.org")).id)
    recipients, _ = await service.offer_recipients(db, other_org, [talent.registration_code])
    await service.send(
        db,
        settings,
        other_org,
        MailMode.OFFER,
        service.MODE_CATEGORY[MailMode.OFFER],
        "ケニア 農村開発プロジェクトのご案内",
        TEMPLATES[1][2].replace("母子保健", "農村開発"),
        recipients,
    )
    await db.execute(update(Message).where(Message.user_id == talent.user_id).values(read_at=clock.now()))
    thread = (await service.threads_between(db, other_org.id, talent.user_id))[0]
    await service.reply(
        db,
        settings,
        thread,
        Party(user_id=talent.user_id),
        "ご連絡ありがとうございます。詳しいお話をうかがえればと思います。来週でしたらいつでも可能です。",
    )
