"""Mail through saq on every backend: embedded, a real Redis, a real PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager

import pytest
from litestar.testing import AsyncTestClient

from app import create_app
from app.mail import BATCH_SIZE, MailStatus, OutboxMail, queue_mail, queue_mails
from app.queue import build_queue, use_queue
from tasks.worker import build_worker
from tests import services
from tests.services import wait_for_mail


@pytest.fixture
def smtp_settings(settings, smtp):
    settings.mail.transport = "smtp"
    settings.mail.smtp_port = smtp.port
    settings.mail.smtp_timeout = 5
    settings.mail.retry_delay = 0
    settings.queue.sweep_seconds = 1
    return settings


@asynccontextmanager
async def running_worker(settings, database):
    queue = build_queue(settings)
    await queue.connect()
    use_queue(queue)
    worker = build_worker(settings, database, queue, shutdown_grace_s=1)
    worker.SIGNALS = []
    task = asyncio.create_task(worker.start())
    try:
        yield queue
    finally:
        await worker.stop()
        task.cancel()
        use_queue(None)
        await queue.disconnect()


async def send_three(database, settings) -> list[OutboxMail]:
    async with database.session() as db:
        return [
            await queue_mail(db, settings, to=f"user{i}@example.org", subject=f"お知らせ{i}", body=f"{i}番目の本文")
            for i in range(3)
        ]


async def statuses(database, mails) -> list[str]:
    async with database.session(write=False) as db:
        return [(await db.get(OutboxMail, m.id)).status for m in mails]


async def assert_delivered_once(database, smtp, mails):
    await wait_for_mail(smtp, len(mails))
    for _ in range(500):  # the row is marked sent just after the SMTP server accepted it
        if set(await statuses(database, mails)) == {MailStatus.SENT}:
            break
        await asyncio.sleep(0.01)
    assert set(await statuses(database, mails)) == {MailStatus.SENT}
    ids = [m.message_id for m in smtp.messages]
    assert sorted(ids) == sorted(m.message_id for m in mails)  # each exactly once


async def test_embedded_queue_delivers(database, smtp_settings, smtp):
    smtp_settings.queue.url = "embedded"
    async with running_worker(smtp_settings, database):
        mails = await send_three(database, smtp_settings)
        await assert_delivered_once(database, smtp, mails)


async def test_a_message_to_many_is_delivered_once_in_batches(database, smtp_settings, smtp, redis_server):
    smtp_settings.queue.url = redis_server.url
    smtp_settings.queue.name = f"q{uuid.uuid4().hex[:8]}"
    async with running_worker(smtp_settings, database):
        async with database.session() as db:
            mails = await queue_mails(
                db, smtp_settings, [(f"talent{i}@example.org", "オファー", "本文") for i in range(BATCH_SIZE * 2 + 1)]
            )
        await assert_delivered_once(database, smtp, mails)


async def test_redis_queue_delivers(database, smtp_settings, smtp, redis_server):
    smtp_settings.queue.url = redis_server.url
    smtp_settings.queue.name = f"q{uuid.uuid4().hex[:8]}"
    async with running_worker(smtp_settings, database):
        mails = await send_three(database, smtp_settings)
        await assert_delivered_once(database, smtp, mails)


async def test_postgres_queue_delivers(database, smtp_settings, smtp, postgres_server):
    name = f"q_{uuid.uuid4().hex[:10]}"
    postgres_server.psql(f"CREATE DATABASE {name}")
    smtp_settings.queue.url = postgres_server.url(name, driver="postgresql")
    async with running_worker(smtp_settings, database):
        mails = await send_three(database, smtp_settings)
        await assert_delivered_once(database, smtp, mails)


async def test_mail_written_while_redis_is_down_is_delivered_after_recovery(database, smtp_settings, smtp):
    redis = services.start_redis()
    port = redis.port
    smtp_settings.queue.url = redis.url
    smtp_settings.queue.name = f"q{uuid.uuid4().hex[:8]}"
    try:
        queue = build_queue(smtp_settings)
        await queue.connect()
        use_queue(queue)
        redis.stop()
        mails = await send_three(database, smtp_settings)  # commit succeeds; enqueue fails quietly
        assert set(await statuses(database, mails)) == {MailStatus.PENDING}
        use_queue(None)
        redis = services.start_redis(port)
        await queue.disconnect()
        # A worker starting after the outage sweeps the outbox and sends everything once.
        async with running_worker(smtp_settings, database):
            await assert_delivered_once(database, smtp, mails)
    finally:
        redis.stop()


async def test_worker_inside_the_web_server_delivers(settings, smtp):
    settings.mail.transport = "smtp"
    settings.mail.smtp_port = smtp.port
    settings.queue.run_worker_in_app = True
    application = create_app(settings)
    async with AsyncTestClient(application, base_url="http://testserver.local") as client:
        assert (await client.get("/healthz")).json()["queue"] == "ok"
        database = application.state.database
        # Mail queued on the server's own event loop, as a request handler would.
        mails = await asyncio.to_thread(client.blocking_portal.call, send_three, database, settings)
        received = await wait_for_mail(smtp, 3)
        assert sorted(m.message_id for m in received) == sorted(m.message_id for m in mails)
