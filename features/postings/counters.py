"""Counters for the reports (000 §8.2): postings submitted and approved in [start, end) by kind,
what waits for the secretariat now, and the business days from 申請 to 承認 (median and 90th
percentile, nearest rank) of the postings approved in the period. A resubmission moves submitted_at
and a revision's approval moves approved_at: each posting counts once, by its latest such event."""

from __future__ import annotations

import math
import statistics
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.postings.models import Posting, PostingKind, PostingStatus, RevisionState


def _p90(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[max(math.ceil(0.9 * len(ordered)) - 1, 0)]


async def _by_kind(db: AsyncSession, *conditions) -> dict[str, int]:
    counts = dict.fromkeys((k.value for k in PostingKind), 0)
    for kind, n in await db.execute(select(Posting.kind, func.count()).where(*conditions).group_by(Posting.kind)):
        counts[kind] = counts.get(kind, 0) + n
    return counts


async def count_postings(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """{"submitted": {kind: n}, "approved": {kind: n}, "stopped": {kind: n}, "pending_now": {kind: n},
    "approval": {"count", "median_business_days", "p90_business_days"}} — kinds are PostingKind values."""
    submitted = await _by_kind(db, Posting.submitted_at >= start, Posting.submitted_at < end)
    approved = await _by_kind(db, Posting.approved_at >= start, Posting.approved_at < end)
    stopped = await _by_kind(db, Posting.stopped_at >= start, Posting.stopped_at < end)
    pending = await _by_kind(
        db, (Posting.status == PostingStatus.PENDING) | (Posting.revision_state == RevisionState.PENDING)
    )
    rows = await db.execute(
        select(Posting.submitted_at, Posting.approved_at).where(
            Posting.approved_at >= start, Posting.approved_at < end, Posting.submitted_at.is_not(None)
        )
    )
    days = [
        clock.business_days_between(clock.to_jst(sent).date(), clock.to_jst(done).date())
        for sent, done in rows
        if sent <= done
    ]
    return {
        "submitted": submitted,
        "approved": approved,
        "stopped": stopped,
        "pending_now": pending,
        "approval": {
            "count": len(days),
            "median_business_days": statistics.median(days) if days else None,
            "p90_business_days": _p90(days) if days else None,
        },
    }
