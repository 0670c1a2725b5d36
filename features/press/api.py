"""The press slice's public face: counters for the reports slice.

The 登録団体一覧 (features/accounts, below this slice) gets an organization's releases by asking
the hook "organization_press_releases" (public.organization_press_releases), never by import."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.press.models import PressRelease, ReleaseStatus


async def count_releases(db: AsyncSession, start: datetime, end: datetime) -> dict[str, int]:
    """What happened in [start, end): releases 申請 (submitted), 承認 (approved), 差戻し (returned)
    and 取り下げ (withdrawn) — each counted by the time of its latest such event — and how many are
    承認待ち and 公開中 now (end-of-period figures for the report's table)."""
    result: dict[str, int] = {}
    for key, column in (
        ("submitted", PressRelease.submitted_at),
        ("approved", PressRelease.approved_at),
        ("returned", PressRelease.returned_at),
        ("withdrawn", PressRelease.withdrawn_at),
    ):
        result[key] = await db.scalar(select(func.count()).where(column >= start, column < end)) or 0
    rows = await db.execute(
        select(PressRelease.status, func.count())
        .where(PressRelease.status.in_((ReleaseStatus.PENDING, ReleaseStatus.PUBLISHED)))
        .group_by(PressRelease.status)
    )
    now = dict(rows.all())
    result["pending"] = now.get(ReleaseStatus.PENDING.value, 0)
    result["published"] = now.get(ReleaseStatus.PUBLISHED.value, 0)
    return result


__all__ = ["count_releases"]
