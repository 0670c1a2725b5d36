"""The mail_preferences slice's public face: all that other slices may use of it.

PLACEHOLDER until the mail_preferences branch lands (it replaces this file): everyone gets
everything and no unsubscribe header is built yet."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings


class Category(StrEnum):
    GUIDE = "guide"  # 案内メール
    NEWS = "news"  # PARTNERニュース
    ALERTS = "alerts"  # 新着情報のお知らせ


async def opted_out(db: AsyncSession, settings: Settings, user_ids: Collection[int], category: Category) -> set[int]:
    """Of these users, those who must not get mail of this category (their switch or its default)."""
    return set()


def unsubscribe_headers(settings: Settings, user_id: int, category: Category) -> dict[str, str]:
    """List-Unsubscribe (https + mailto) and List-Unsubscribe-Post for one recipient and category."""
    return {}


def unsubscribe_url(settings: Settings, user_id: int, category: Category) -> str:
    """The signed one-click page for one recipient and category (also written into the mail's body)."""
    return ""


__all__ = ["Category", "opted_out", "unsubscribe_headers", "unsubscribe_url"]
