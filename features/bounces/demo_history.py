"""The demo's bounces of the history's bulk mail (issue 16 item 7). The mailings slice's history
runs after this slice's (slice order) and decides which of its back-dated outbox rows bounced; it
hands them here (api.record_history_bounces), and this slice writes its own rows: one BounceEvent
each and the address state as features/bounces/service.py would have left it (a hard bounce
suppresses at once, soft ones add to the score once a day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.demo_calendar import insert_dicts
from features.bounces.models import BouncedAddress, BounceEvent, BounceKind

DIAGNOSTICS = {
    BounceKind.HARD: ("5.1.1", "550 5.1.1 <{address}>: Recipient address rejected: User unknown"),
    BounceKind.SOFT: ("4.2.2", "452 4.2.2 The email account that you tried to reach is over quota."),
}


@dataclass(frozen=True)
class HistoryBounce:
    outbox_id: int
    address: str
    hard: bool  # else soft
    received_at: datetime


async def record_history_bounces(db: AsyncSession, settings: Settings, bounces: list[HistoryBounce]) -> None:
    """Back-dated bounce notifications, oldest first."""
    events, addresses = [], {}
    for bounce in sorted(bounces, key=lambda b: b.received_at):
        address = bounce.address.lower()
        kind = BounceKind.HARD if bounce.hard else BounceKind.SOFT
        status, diagnostic = DIAGNOSTICS[kind]
        events.append(
            dict(
                outbox_id=bounce.outbox_id,
                recipient=f"bounce+{bounce.outbox_id}@partner.localhost",
                address=address,
                kind=kind.value,
                status=status,
                diagnostic=diagnostic.format(address=address),
                raw="",
                received_at=bounce.received_at,
            )
        )
        row = addresses.setdefault(
            address,
            dict(
                address=address,
                kind=kind.value,
                first_seen=bounce.received_at,
                count=0,
                score=0,
                last_scored_on=None,
                suppressed_at=None,
                release_reason="",
            ),
        )
        row.update(
            count=row["count"] + 1,
            last_seen=bounce.received_at,
            last_status=status,
            diagnostic=diagnostic.format(address=address),
        )
        if bounce.hard:
            row["kind"] = BounceKind.HARD.value
            row["suppressed_at"] = row["suppressed_at"] or bounce.received_at
        else:
            day = clock.to_jst(bounce.received_at).date()
            if row["last_scored_on"] != day:
                row["score"] += settings.bounces.soft_score_per_day
                row["last_scored_on"] = day
            if row["suppressed_at"] is None and row["score"] >= settings.bounces.soft_threshold:
                row["suppressed_at"] = bounce.received_at
    await insert_dicts(db, BounceEvent, events)
    await insert_dicts(db, BouncedAddress, list(addresses.values()))
