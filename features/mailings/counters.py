"""Counters for the reports (000 §8.2): メール配信 that started sending in [start, end) — how many
mailings, by category (案内メール / PARTNERニュース / …) — and their recipients: written to the
outbox, or left out at send time (配信停止, 不達, 物故, 退会 …). Bounce and 配信停止 rates come from
the bounces and mail_preferences slices' own counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.mailings.models import Mailing, MailingRecipient, MailingStatus, RecipientStatus


async def count_mailings(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """{"mailings": {category: n}, "queued": n, "suppressed": n} — mailings (not cancelled) whose
    sending started in the period, and their recipients by outcome."""
    started = (Mailing.started_at >= start, Mailing.started_at < end, Mailing.status != MailingStatus.CANCELLED)
    mailings: dict[str, int] = {}
    for category, n in await db.execute(
        select(Mailing.category, func.count()).where(*started).group_by(Mailing.category)
    ):
        mailings[category] = n
    outcomes = dict(
        (
            await db.execute(
                select(MailingRecipient.status, func.count())
                .join(Mailing, Mailing.id == MailingRecipient.mailing_id)
                .where(*started)
                .group_by(MailingRecipient.status)
            )
        ).all()
    )
    return {
        "mailings": mailings,
        "queued": outcomes.get(RecipientStatus.QUEUED, 0),
        "suppressed": outcomes.get(RecipientStatus.SUPPRESSED, 0),
    }
