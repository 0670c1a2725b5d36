"""Demo 不達メールアドレス: a handful of bounces — a hard one (suppressed), a soft one below the
threshold, one suppressed after soft bounces, one released — and one forged notification.
Never talent@example.org (the flow every demo walks through must reach it)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.bounces.models import BouncedAddress, BounceEvent, BounceKind

# (address, kind, status, diagnostic, bounces, days ago first seen, suppressed, released reason)
DEMO = (
    (
        "talent103@example.net",
        BounceKind.HARD,
        "5.1.1",
        "550 5.1.1 <talent103@example.net>: Recipient address rejected: User unknown in virtual mailbox table",
        1,
        12,
        True,
        "",
    ),
    (
        "talent2@example.org",
        BounceKind.SOFT,
        "4.2.2",
        "452 4.2.2 The email account that you tried to reach is over quota.",
        2,
        6,
        False,
        "",
    ),
    ("talent107@example.net", BounceKind.SOFT, "4.4.1", "451 4.4.1 Connection timed out", 5, 20, True, ""),
    (
        "talent111@example.net",
        BounceKind.HARD,
        "5.2.1",
        "550 5.2.1 The email account that you tried to reach is disabled.",
        1,
        40,
        False,
        "本人から電話があり、アカウントを再開したと確認したため",
    ),
)


def _raw(address: str, status: str, diagnostic: str) -> str:
    return (
        "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"demo\"\n\n"
        "--demo\nContent-Type: text/plain\n\nI'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n\n"
        f"--demo\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
        f"Final-Recipient: rfc822; {address}\nAction: {'failed' if status.startswith('5') else 'delayed'}\n"
        f"Status: {status}\nDiagnostic-Code: smtp; {diagnostic}\n--demo--\n"
    )


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    now = clock.now()
    for address, kind, status, diagnostic, count, days, suppressed, released in DEMO:
        first = now - timedelta(days=days, hours=rng.randint(0, 10))
        last = now - timedelta(days=max(days - count, 0), hours=rng.randint(0, 5)) if count > 1 else first
        for i in range(count):
            db.add(
                BounceEvent(
                    address=address,
                    kind=kind,
                    status=status,
                    diagnostic=diagnostic,
                    raw=_raw(address, status, diagnostic),
                    received_at=first + (last - first) * (i / max(count - 1, 1)),
                )
            )
        db.add(
            BouncedAddress(
                address=address,
                kind=kind,
                last_status=status,
                diagnostic=diagnostic,
                first_seen=first,
                last_seen=last,
                count=count,
                score=0 if released else count * settings.bounces.soft_score_per_day,
                last_scored_on=clock.to_jst(last).date(),
                suppressed_at=last if suppressed else None,
                released_at=now - timedelta(days=days - 2) if released else None,
                release_reason=released,
            )
        )
    db.add(
        BounceEvent(
            recipient="bounce+999999.0123456789ab@partner.localhost",
            kind=BounceKind.FORGED,
            raw="From: spoof@example.com\nSubject: Undeliverable\n\n(forged)\n",
            received_at=now - timedelta(days=3),
        )
    )
    await db.flush()
