"""Scheduled work of the accounts slice: reminders, クリーニング, retention."""

from __future__ import annotations

from typing import Any

from features.accounts import lifecycle


async def send_expiry_reminders(ctx: dict[str, Any]) -> int:
    async with ctx["database"].session() as db:
        return await lifecycle.send_expiry_reminders(db, ctx["settings"])


async def purge_unfinished_registrations(ctx: dict[str, Any]) -> int:
    async with ctx["database"].session() as db:
        return await lifecycle.purge_unfinished(db, ctx["settings"])


async def erase_long_expired_registrations(ctx: dict[str, Any]) -> int:
    async with ctx["database"].session() as db:
        return await lifecycle.erase_long_expired(db, ctx["settings"])
