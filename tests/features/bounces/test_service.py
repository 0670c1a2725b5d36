"""Bounce parsing of real-world DSN samples, forged VERP, and scoring with a controlled clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.mail import queue_mail
from app.mail_addresses import verp_sender
from features.bounces import api, service

SAMPLES = Path(__file__).parent / "samples"
RCPT = "Taro@Example.NET"


async def _row(database, settings, to=RCPT):
    async with database.session() as db:
        return await queue_mail(db, settings, to=to, subject="お知らせ", body="本文", campaign="mailing:1")


def _sample(name: str, verp: str) -> bytes:
    return (SAMPLES / name).read_bytes().replace(b"{VERP}", verp.encode()).replace(b"{RCPT}", RCPT.encode())


@pytest.mark.parametrize(
    ("name", "kind", "status"),
    [
        ("postfix_user_unknown.eml", "hard", "5.1.1"),
        ("exim_failed.eml", "hard", "5.1.1"),
        ("gmail_over_quota.eml", "soft", "4.2.2"),
        ("outlook_recipient_not_found.eml", "hard", "5.1.10"),
        ("auto_reply.eml", "ignored", ""),
    ],
)
async def test_real_world_samples_parse(database, settings, frozen_clock, name, kind, status):
    row = await _row(database, settings)
    async with database.session() as db:
        outcome = await service.process_message(db, settings, _sample(name, verp_sender(settings, row.id)))
    assert (outcome.kind, outcome.status) == (kind, status)
    async with database.session(write=False) as db:
        suppressed = await api.suppressed_addresses(db, [RCPT])
    assert suppressed == ({"taro@example.net"} if kind == "hard" else set())


async def test_forged_verp_is_counted_and_ignored(database, settings, frozen_clock):
    row = await _row(database, settings)
    good = verp_sender(settings, row.id)
    forged = good[: good.index(".") + 1] + "000000000000" + good[good.index("@") :]
    async with database.session() as db:
        outcome = await service.process_message(db, settings, _sample("postfix_user_unknown.eml", forged))
        unknown = await service.process_message(
            db, settings, _sample("postfix_user_unknown.eml", verp_sender(settings, row.id + 999))
        )
    assert outcome.kind == unknown.kind == "forged"
    async with database.session(write=False) as db:
        assert await service.forged_count(db) == 2
        assert await api.suppressed_addresses(db, [RCPT]) == set()


async def test_soft_bounces_score_once_a_day_until_the_threshold(database, settings, frozen_clock):
    settings.bounces.soft_threshold = 3
    row = await _row(database, settings)
    raw = _sample("gmail_over_quota.eml", verp_sender(settings, row.id))
    for day in range(3):
        for _ in range(2):  # twice the same day: scored once
            async with database.session() as db:
                await service.process_message(db, settings, raw)
        async with database.session(write=False) as db:
            suppressed = await api.suppressed_addresses(db, [RCPT.upper()])
        assert suppressed == (set() if day < 2 else {"taro@example.net"})
        frozen_clock.advance(days=1)
