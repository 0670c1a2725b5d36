"""Counters for the reports (000 §8.2): bulk mail (メール配信, PARTNERニュース, 新着情報のお知らせ —
every outbox row with a campaign) sent in [start, end), and how many of those mails bounced (hard,
or any not forged). A mail is placed in the period it was queued in (the outbox's (status,
created_at) index; bulk mail leaves within minutes), and its bounce counts whenever it arrives."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.mail import MailStatus, OutboxMail
from features.bounces.models import BounceEvent, BounceKind


async def count_bulk_bounces(db: AsyncSession, start: datetime, end: datetime) -> dict[str, int]:
    """{"sent": bulk mails sent, "bounced": of them with a bounce, "hard": of them with a hard bounce}."""
    in_period = (
        OutboxMail.status == MailStatus.SENT,
        OutboxMail.created_at >= start,
        OutboxMail.created_at < end,
        OutboxMail.campaign.is_not(None),
    )
    sent = await db.scalar(select(func.count()).select_from(OutboxMail).where(*in_period))
    bounced, hard = (
        await db.execute(
            select(
                func.count(func.distinct(BounceEvent.outbox_id)),
                func.count(func.distinct(BounceEvent.outbox_id)).filter(BounceEvent.kind == BounceKind.HARD),
            )
            .join(OutboxMail, OutboxMail.id == BounceEvent.outbox_id)
            .where(*in_period, BounceEvent.kind != BounceKind.FORGED)
        )
    ).one()
    return {"sent": sent or 0, "bounced": bounced or 0, "hard": hard or 0}
