"""Mail tasks: deliver a batch of outbox rows; sweep the outbox for rows left pending."""

from __future__ import annotations

from collections import Counter
from typing import Any

from app import mail


async def deliver_mail(ctx: dict[str, Any], *, mail_ids: list[int]) -> dict[str, int]:
    outcomes = await mail.deliver(ctx["database"], ctx["settings"], mail_ids)
    return dict(Counter(outcome.value for outcome in outcomes.values()))


async def sweep_outbox(ctx: dict[str, Any], *, grace_seconds: int | None = None) -> int:
    requeued = await mail.requeue_pending(ctx["database"], ctx["settings"], grace_seconds=grace_seconds)
    return len(requeued)
