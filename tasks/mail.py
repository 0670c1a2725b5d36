"""Mail tasks: deliver a batch of outbox rows; sweep the outbox for rows left pending and the
attachment files of old mails."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from app import clock, mail, uploads


async def deliver_mail(ctx: dict[str, Any], *, mail_ids: list[int]) -> dict[str, int]:
    outcomes = await mail.deliver(ctx["database"], ctx["settings"], mail_ids)
    return dict(Counter(outcome.value for outcome in outcomes.values()))


async def sweep_mail_attachments(ctx: dict[str, Any]) -> int:
    """Daily: the files that went with mails older than mail.attachment_keep_days."""
    settings = ctx["settings"]
    return uploads.remove_file_sets_before(settings, clock.now() - timedelta(days=settings.mail.attachment_keep_days))


async def sweep_outbox(ctx: dict[str, Any], *, grace_seconds: int | None = None) -> int:
    requeued = await mail.requeue_pending(ctx["database"], ctx["settings"], grace_seconds=grace_seconds)
    return len(requeued)
