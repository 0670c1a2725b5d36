"""The mail_preferences slice's public face: all that other slices may use of it.

Bulk mail (mailings, PARTNERニュース, alerts) asks `opted_out` at send time and puts
`unsubscribe_headers` on every message (and `unsubscribe_url` in its body); transactional mail
never asks. The bounce MX hands mail for unsubscribe+TOKEN@… to the hook "unsubscribe_by_mail"
(slices.ask), which this slice provides.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from features.mail_preferences import service
from features.mail_preferences.counters import count_unsubscribes  # the reports
from features.mail_preferences.models import LABELS, Category


async def opted_out(db: AsyncSession, settings: Settings, user_ids: Collection[int], category: Category) -> set[int]:
    """Of these users, those who must not get mail of this category (their switch or its default)."""
    return await service.opted_out(db, settings, user_ids, category)


def unsubscribe_headers(settings: Settings, user_id: int, category: Category) -> dict[str, str]:
    """List-Unsubscribe (https + mailto) and List-Unsubscribe-Post for one recipient and category."""
    return service.unsubscribe_headers(settings, user_id, category)


def unsubscribe_url(settings: Settings, user_id: int, category: Category) -> str:
    """The signed one-click page for one recipient and category (also written into the mail's body)."""
    return service.unsubscribe_url(settings, user_id, category)


async def set_preference(db: AsyncSession, user_id: int, category: Category, on: bool) -> bool:
    """Switch one category for a 個人 or 団体 account (False when the account is not one)."""
    return await service.set_preference(db, user_id, category, on)


async def preferences_of(db: AsyncSession, settings: Settings, user_id: int) -> dict[Category, bool]:
    """Each category's effective switch for one user (their choice, else the default for their role)."""
    return await service.preferences_of(db, settings, user_id)


__all__ = [
    "LABELS",
    "Category",
    "count_unsubscribes",
    "opted_out",
    "preferences_of",
    "set_preference",
    "unsubscribe_headers",
    "unsubscribe_url",
]
