"""Fault test: the worker (`python -m tasks.worker`, its own process) is SIGKILLed in the middle of a
mailing, restarted, and every recipient gets exactly one copy."""

from __future__ import annotations

import asyncio
import signal
import threading
import uuid
from collections import Counter

from sqlalchemy import select

from app.mail import MailStatus, OutboxMail
from app.queue import build_queue, use_queue
from features.mailings import api, service
from features.mailings.models import MailingStatus
from tests.features.mailings.helpers import approved_mailing, person, staff
from tests.tasks.helpers import start_worker as start_worker_process
from tests.tasks.helpers import wait_until

PEOPLE = 12


def start_worker(settings, smtp, log_path):
    return start_worker_process(
        settings,
        log_path,
        PARTNER_MAIL_TRANSPORT="smtp",
        PARTNER_MAIL_SMTP_PORT=str(smtp.port),
        PARTNER_MAIL_SMTP_TIMEOUT="30",
        PARTNER_MAIL_JOB_TIMEOUT=str(settings.mail.job_timeout),
        PARTNER_MAIL_RETRY_DELAY="0",
        PARTNER_MAILINGS_BATCH_SIZE="1",
        PARTNER_QUEUE_CONCURRENCY="4",
    )


async def test_sigkill_mid_mailing_then_restart_sends_each_person_one_copy(
    database, settings, smtp, redis_server, tmp_path
):
    settings.queue.url = redis_server.url
    settings.queue.name = f"mailkill{uuid.uuid4().hex[:8]}"
    settings.mail.job_timeout = 3  # a step or a delivery running longer counts as stuck (short for the test)
    writer, approver = await staff(database)
    for n in range(PEOPLE):
        await person(database, f"k{n}@example.jp")
    queue = build_queue(settings)
    await queue.connect()
    use_queue(queue)
    try:
        mailing_id = await approved_mailing(database, settings, writer, approver)  # the first step is queued
    finally:
        use_queue(None)
        await queue.disconnect()

    # The SMTP server holds every DATA: deliveries fill the worker's slots while steps still wait.
    smtp.hold = threading.Event()
    smtp.reject_held = True
    log = tmp_path / "worker.log"
    first = start_worker(settings, smtp, log)
    try:
        await wait_until(lambda: smtp.held >= 1)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL
    held = smtp.hold
    smtp.hold = None
    held.set()
    assert smtp.messages == []  # nothing was accepted before the kill
    async with database.session(write=False) as db:
        at_kill = await api.mailing_figures(db, mailing_id)
    assert at_kill.unprocessed > 0, at_kill  # the kill fell in the middle of the mailing

    second = start_worker(settings, smtp, log)
    try:
        await wait_until(lambda: len(smtp.messages) >= PEOPLE, timeout=120)
        await _wait_done(database, mailing_id, timeout=60)
    finally:
        second.kill()
        second.wait(timeout=20)
    counts = Counter(m.recipients[0] for m in smtp.messages)
    assert counts == Counter({f"k{n}@example.jp": 1 for n in range(PEOPLE)}), log.read_text()[-5000:]
    async with database.session(write=False) as db:
        figures = await api.mailing_figures(db, mailing_id)
        rows = list(await db.scalars(select(OutboxMail.to_address)))
    assert figures.recipients == figures.queued == figures.sent == PEOPLE
    assert sorted(rows) == sorted(f"k{n}@example.jp" for n in range(PEOPLE))  # one outbox row each


async def _wait_done(database, mailing_id: int, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        async with database.session(write=False) as db:
            mailing = await service.mailing_by_id(db, mailing_id)
            statuses = set(await db.scalars(select(OutboxMail.status)))
        if mailing.status == MailingStatus.DONE and statuses == {MailStatus.SENT}:
            return
        if loop.time() > deadline:
            raise AssertionError(f"mailing {mailing.status}, outbox {statuses}")
        await asyncio.sleep(0.1)
