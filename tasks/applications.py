"""Scheduled work of the applications slice: the documents nobody may keep any longer."""

from __future__ import annotations

from typing import Any

from features.applications import service


async def clean_up_application_files(ctx: dict[str, Any]) -> dict[str, int]:
    """Daily: documents of applications withdrawn past the retention, then files no row points to."""
    async with ctx["database"].session() as db:
        withdrawn = await service.delete_withdrawn_documents(db, ctx["settings"])
    async with ctx["database"].session(write=False) as db:
        orphans = await service.sweep_orphan_files(db, ctx["settings"])
    return {"withdrawn_documents": withdrawn, "orphan_files": orphans}
