"""Erasing a person or retiring an organization touches every slice that holds their data.

Each slice declares its hooks in its `SLICE` (app/slices.py); the accounts slice calls these
when a person leaves (退会), when a registration has been expired past its retention period,
and when the secretariat confirms an organization's 無効登録. A process that has not installed
the slices fails here instead of silently erasing nothing.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app import slices
from app.config import Settings


async def erase_person(db: AsyncSession, settings: Settings, user_id: int) -> None:
    for hook in slices.person_erasers():
        await hook(db, settings, user_id)


async def retire_organization(db: AsyncSession, settings: Settings, user_id: int) -> None:
    for hook in slices.organization_retirers():
        await hook(db, settings, user_id)
