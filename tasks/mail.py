"""Mail tasks: deliver one outbox row; sweep the outbox for rows left pending."""

from __future__ import annotations

from typing import Any

from app import mail


async def deliver_mail(ctx: dict[str, Any], *, mail_id: int) -> str:
    outcome = await mail.deliver(ctx["database"], ctx["settings"], mail_id)
    return outcome.value


async def sweep_outbox(ctx: dict[str, Any], *, grace_seconds: int | None = None) -> int:
    requeued = await mail.requeue_pending(ctx["database"], ctx["settings"], grace_seconds=grace_seconds)
    return len(requeued)
