"""Erasing a person or retiring an organization touches every slice that holds their data.

Each slice registers what it must do; the accounts slice calls these when a person leaves
(退会), when a registration has been expired past its retention period, and when the
secretariat confirms an organization's 無効登録. The frame names no slice here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings

Hook = Callable[[AsyncSession, Settings, int], Awaitable[None]]
_person_erasers: list[Hook] = []
_organization_retirers: list[Hook] = []


def on_person_erased(hook: Hook) -> Hook:
    """Register `hook(db, settings, user_id)`: delete or anonymize this person's data in your slice."""
    _person_erasers.append(hook)
    return hook


def on_organization_retired(hook: Hook) -> Hook:
    """Register `hook(db, settings, user_id)`: withdraw this organization's postings and the like."""
    _organization_retirers.append(hook)
    return hook


async def erase_person(db: AsyncSession, settings: Settings, user_id: int) -> None:
    for hook in _person_erasers:
        await hook(db, settings, user_id)


async def retire_organization(db: AsyncSession, settings: Settings, user_id: int) -> None:
    for hook in _organization_retirers:
        await hook(db, settings, user_id)
