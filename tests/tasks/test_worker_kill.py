"""Fault test: the worker is SIGKILLed mid-delivery, restarted, and every mail arrives once."""

from __future__ import annotations

import asyncio
import signal
import threading
import uuid
from collections import Counter

from sqlalchemy import select

from app.mail import MailStatus, OutboxMail, queue_mail
from app.queue import build_queue, use_queue
from tests.tasks.helpers import start_worker as start_worker_process
from tests.tasks.helpers import wait_until

MAILS = 3


def start_worker(settings, smtp, log_path):
    return start_worker_process(
        settings,
        log_path,
        PARTNER_MAIL_TRANSPORT="smtp",
        PARTNER_MAIL_SMTP_PORT=str(smtp.port),
        PARTNER_MAIL_SMTP_TIMEOUT="30",
        PARTNER_MAIL_JOB_TIMEOUT=str(settings.mail.job_timeout),
        PARTNER_MAIL_RETRY_DELAY="0",
    )


async def test_sigkill_mid_delivery_then_restart_delivers_each_mail_once(
    database, settings, smtp, redis_server, tmp_path
):
    settings.queue.url = redis_server.url
    settings.queue.name = f"kill{uuid.uuid4().hex[:8]}"
    settings.mail.job_timeout = 3  # a delivery running longer counts as stuck (short for the test)
    queue = build_queue(settings)
    await queue.connect()
    use_queue(queue)
    try:
        async with database.session() as db:
            mails = [
                await queue_mail(db, settings, to=f"talent{i}@example.org", subject=f"オファーメール{i}", body="本文")
                for i in range(MAILS)
            ]
    finally:
        use_queue(None)
        await queue.disconnect()

    # The SMTP server holds every DATA: the worker is inside the SMTP transaction.
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

    # The connection died before the server accepted anything: the held messages are lost.
    held = smtp.hold
    smtp.hold = None
    held.set()
    assert smtp.messages == []
    async with database.session(write=False) as db:
        rows = list((await db.execute(select(OutboxMail))).scalars())
    assert any(r.status == MailStatus.SENDING for r in rows)  # killed mid-delivery

    second = start_worker(settings, smtp, log)
    try:
        await wait_until(lambda: len(smtp.messages) >= MAILS, timeout=90)
        await wait_until_all_sent(database, timeout=30)
    finally:
        second.kill()  # everything is verified sent; no need to wait for a graceful stop
        second.wait(timeout=20)

    counts = Counter(m.message_id for m in smtp.messages)
    assert counts == Counter({m.message_id: 1 for m in mails}), log.read_text()


async def wait_until_all_sent(database, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        async with database.session(write=False) as db:
            statuses = set((await db.execute(select(OutboxMail.status))).scalars())
        if statuses == {MailStatus.SENT}:
            return
        if loop.time() > deadline:
            raise AssertionError(f"outbox statuses: {statuses}")
        await asyncio.sleep(0.1)
