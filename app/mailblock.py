"""Addresses no mail of any kind may reach — today, registrants recorded as 物故 (000 §1.7). Unlike
a bounce suppression (features/bounces), which spares transactional mail, a blocked address gets
nothing: the outbox row is written with status "blocked" (kept, so what was held back can be
seen) and never delivered. The accounts slice blocks and unblocks; the outbox only asks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.models import Field, SQLModel


class MailBlock(SQLModel, table=True):
    __tablename__ = "mail_block"

    address: str = Field(primary_key=True, max_length=320)  # lower-cased
    reason: str = Field(max_length=40)
    created_at: datetime


async def block(db: AsyncSession, address: str, reason: str) -> None:
    key = address.strip().lower()
    if await db.get(MailBlock, key) is None:
        db.add(MailBlock(address=key, reason=reason, created_at=clock.now()))
        await db.flush()


async def unblock(db: AsyncSession, address: str) -> None:
    await db.execute(delete(MailBlock).where(MailBlock.address == address.strip().lower()))


async def blocked_among(db: AsyncSession, addresses: Iterable[str]) -> set[str]:
    """The lower-cased addresses of these that are blocked (one query)."""
    keys = {a.strip().lower() for a in addresses}
    if not keys:
        return set()
    return set(await db.scalars(select(MailBlock.address).where(MailBlock.address.in_(keys))))
