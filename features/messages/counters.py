"""Counter for the reports (000 §8.2): オファーメール sent in [start, end) (aware UTC bounds) and the
replies to offers written in it, and how many of the period's offers have been answered (by now)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.messages.models import Direction, MailMode, Message, MessageThread


def _in_offer_threads(direction: str):
    return (
        select(func.count())
        .select_from(Message)
        .join(MessageThread, MessageThread.id == Message.thread_id)
        .where(MessageThread.mode == MailMode.OFFER, Message.direction == direction)
    )


async def count_offers(db: AsyncSession, start: datetime, end: datetime) -> dict[str, int]:
    """{"sent": n, "replies": n, "answered": n}: offer messages to people sent in the period, replies
    from people in offer threads written in the period, and the offer threads begun in the period
    that have at least one reply."""
    sent = await db.scalar(
        _in_offer_threads(Direction.TO_PERSON).where(Message.created_at >= start, Message.created_at < end)
    )
    replies = await db.scalar(
        _in_offer_threads(Direction.TO_ORGANIZATION).where(Message.created_at >= start, Message.created_at < end)
    )
    answered = await db.scalar(
        select(func.count(distinct(MessageThread.id)))
        .select_from(MessageThread)
        .join(Message, Message.thread_id == MessageThread.id)
        .where(
            MessageThread.mode == MailMode.OFFER,
            MessageThread.created_at >= start,
            MessageThread.created_at < end,
            Message.direction == Direction.TO_ORGANIZATION,
        )
    )
    return {"sent": sent or 0, "replies": replies or 0, "answered": answered or 0}
