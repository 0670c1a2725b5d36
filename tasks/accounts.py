"""Scheduled work of the accounts slice: reminders, クリーニング, retention."""

from __future__ import annotations

from typing import Any

from features.accounts import lifecycle, reset


async def send_expiry_reminders(ctx: dict[str, Any]) -> int:
    async with ctx["database"].session() as db:
        return await lifecycle.send_expiry_reminders(db, ctx["settings"])


async def purge_unfinished_registrations(ctx: dict[str, Any]) -> int:
    async with ctx["database"].session() as db:
        return await lifecycle.purge_unfinished(db, ctx["settings"])


async def erase_long_expired_registrations(ctx: dict[str, Any]) -> int:
    async with ctx["database"].session() as db:
        return await lifecycle.erase_long_expired(db, ctx["settings"])


async def process_reset_request(ctx: dict[str, Any], *, request_id: int) -> bool:
    async with ctx["database"].session() as db:
        return await reset.process_reset_request(db, ctx["settings"], request_id)
