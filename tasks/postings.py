"""Scheduled work of the postings slice."""

from __future__ import annotations

from typing import Any

from features.postings import service


async def publish_due_postings(ctx: dict[str, Any]) -> int:
    """Note approved postings whose 掲載希望日時 has come, and tell their organizations."""
    async with ctx["database"].session() as db:
        return await service.mark_published(db, ctx["settings"])
