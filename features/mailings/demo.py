"""Demo メール配信: a second secretariat account (admin2@example.org, so the four-eyes approval can
be tried), three past mailings sent through the real engine with their figures, and a few
templates with a version history."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.mail import MailStatus, OutboxMail
from features.accounts import api as accounts
from features.mailings import engine, library, service
from features.mailings.audience import Audience
from features.mailings.library import TemplateValues
from features.mailings.models import AudienceKind, Mailing, MailingRecipient

APPROVER = "admin2@example.org"

TEMPLATES = (
    (
        TemplateValues(
            "セミナーのご案内（個人向け）",
            "guide",
            "【PARTNER】国際協力人材セミナーのご案内",
            "{氏名} 様\n\n国際協力人材セミナーを開催します。\nお申し込みはPARTNERの「研修・イベント・セミナー」から。",
        ),
        (
            (
                "【PARTNER】国際協力人材セミナー（東京・オンライン）のご案内",
                "{氏名} 様（登録コード：{登録コード}）\n\n国際協力人材セミナーを東京とオンラインで開催します。\n"
                "お申し込みはPARTNERの「研修・イベント・セミナー」から。",
            ),
        ),
    ),
    (
        TemplateValues(
            "団体向けのお知らせ",
            "guide",
            "【PARTNER】団体ご担当者さまへのお知らせ",
            "{団体名}\n{氏名} 様\n\nPARTNERに求人情報を掲載いただきありがとうございます。",
        ),
        (),
    ),
    (
        TemplateValues(
            "キャリア相談デーのご案内",
            "guide",
            "【PARTNER】キャリア相談デーのご案内",
            "{氏名} 様\n\nキャリア相談員による相談デーを開催します。",
        ),
        (
            (
                "【PARTNER】キャリア相談デー（対面・オンライン）のご案内",
                "{氏名} 様\n\n相談デーを対面とオンラインで開催します。",
            ),
            ("【PARTNER】キャリア相談デーのご案内", "{氏名} 様\n\nキャリア相談員による相談デーを開催します。"),
        ),
    ),
)

PAST = (
    (
        "【PARTNER】国際協力人材セミナーのご案内",
        "{氏名} 様\n\n国際協力人材セミナーを開催します。",
        Audience(kind=AudienceKind.INDIVIDUALS),
        45,
    ),
    (
        "【PARTNER】団体向け説明会のご案内",
        "{団体名}\n{氏名} 様\n\n団体向けの説明会を開催します。",
        Audience(kind=AudienceKind.ORGANIZATIONS),
        30,
    ),
    (
        "【PARTNER】保健医療分野の求人特集",
        "{氏名} 様\n\n保健医療分野の求人を特集しました。",
        Audience(kind=AudienceKind.INDIVIDUALS, sector="health"),
        10,
    ),
)


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    admin = await accounts.user_by_email(db, "admin@example.org")
    if admin is None:
        return
    approver = await accounts.user_by_email(db, APPROVER) or await accounts.create_staff(
        db, settings, APPROVER, "PARTNER事務局 承認担当", accounts.Role.SECRETARIAT, password=accounts.DEMO_PASSWORD
    )
    now = clock.now()
    for first, changes in TEMPLATES:
        template = await library.create(db, admin.id, first)
        for n, (subject, body) in enumerate(changes, start=2):
            editor = approver.id if n % 2 == 0 else admin.id
            await library.update(db, template.id, editor, TemplateValues(first.name, first.category, subject, body))
    for subject, body, audience, days_ago in PAST:
        draft = service.Draft(subject, body, "guide", audience)
        mailing = await service.create_draft(db, admin.id, draft)
        await service.submit(db, mailing, admin.id, draft)
        await service.approve(db, settings, mailing, approver.id, None)
        while await engine.step(db, settings, mailing.id) in ("started", "batch"):
            pass
        sent_at = now - timedelta(days=days_ago, hours=rng.randint(0, 5))
        await db.execute(
            update(Mailing)
            .where(Mailing.id == mailing.id)
            .values(
                created_at=sent_at - timedelta(days=2),
                approved_at=sent_at - timedelta(hours=3),
                send_at=sent_at,
                started_at=sent_at,
                finished_at=sent_at + timedelta(minutes=4),
                updated_at=sent_at + timedelta(minutes=4),
            )
        )
        queued = list(
            await db.scalars(
                select(MailingRecipient.outbox_id).where(
                    MailingRecipient.mailing_id == mailing.id, MailingRecipient.outbox_id.is_not(None)
                )
            )
        )
        if queued:
            await db.execute(
                update(OutboxMail)
                .where(OutboxMail.id.in_(queued))
                .values(status=MailStatus.SENT, created_at=sent_at, sent_at=sent_at + timedelta(minutes=2))
            )
    await db.flush()
