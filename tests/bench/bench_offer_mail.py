"""One オファーメール to 1,000 recipients: the POST /mail/send round trip, then delivery through saq on a
real Redis into a local SMTP server, beside aiosmtplib sending the same messages straight to it."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from pathlib import Path

import aiosmtplib
import httpx
from sqlalchemy import func, select

from app import clock
from app.cli import upgrade_database
from app.db import create_database
from app.mail import BATCH_SIZE, OutboxMail, build_message
from app.queue import build_queue, use_queue
from features.accounts import service as accounts
from features.accounts.models import Individual, Role
from features.messages.models import Message
from features.talent.models import Resume, Visibility
from tasks.worker import build_worker
from tests.bench.talent_data import generate
from tests.bench.wrk import serve as _serve
from tests.conftest import csrf_headers, make_settings
from tests.features.accounts.helpers import log_in, make_user
from tests.services import SmtpSink, start_redis

RECIPIENTS = int(os.environ.get("BENCH_OFFER_RECIPIENTS", "1000"))
assert RECIPIENTS <= 1000, "one send takes at most 1,000 recipients (the form and offer_recipients cut the rest)"
ORGANIZATION = "offer-bench@example.org"
NOTICES = OutboxMail.to_address != ORGANIZATION  # every outbox row but the organization's login code
SUBJECT = "【オファー】カンボジア 初等教育改善プロジェクト 業務調整員のご案内"
BODY = (
    "{氏名} 様\n\nPARTNERで公開されている履歴書を拝見し、ご連絡しました。\n"
    + "案件の概要と応募方法は次のとおりです。\n" * 20
)


async def _findable_codes(database, count: int) -> list[str]:
    """The registration codes an organization may offer to (public résumé, active, unexpired)."""
    async with database.session(write=False) as db:
        rows = await db.execute(
            select(Individual.registration_code)
            .join(Resume, Resume.user_id == Individual.user_id)
            .where(Resume.visibility == Visibility.PUBLIC, accounts.findable(Individual.user_id))
            .order_by(Individual.id)
            .limit(count)
        )
        return list(rows.scalars())


async def _count(database, model, *where) -> int:
    async with database.session(write=False) as db:
        return (await db.execute(select(func.count()).select_from(model).where(*where))).scalar_one()


async def _wait_for(sink: SmtpSink, count: int, timeout: float = 600.0) -> float:
    deadline = time.monotonic() + timeout
    while len(sink.messages) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(sink.messages)} of {count} mails arrived within {timeout:.0f}s")
        await asyncio.sleep(0.005)
    return time.perf_counter()


async def _baseline(settings, rows: list[OutboxMail], concurrency: int) -> float:
    """The same messages with aiosmtplib alone, sent the way app.mail.deliver sends them: in batches of
    BATCH_SIZE, one connection per batch, and with as many senders as the worker runs jobs at once."""
    batches = iter([rows[start : start + BATCH_SIZE] for start in range(0, len(rows), BATCH_SIZE)])

    async def sender() -> None:
        for batch in batches:  # one shared iterator: each sender takes the next batch when free
            async with aiosmtplib.SMTP(
                hostname=settings.mail.smtp_host, port=settings.mail.smtp_port, timeout=settings.mail.smtp_timeout
            ) as smtp:
                for row in batch:
                    await smtp.send_message(build_message(settings, row))

    started = time.perf_counter()
    await asyncio.gather(*(sender() for _ in range(concurrency)))
    return time.perf_counter() - started


async def _send_and_deliver(settings, database, codes: list[str], port: int, sink: SmtpSink) -> dict:
    """Log in, POST /mail/send, and wait until the worker has delivered every notice."""
    queue = build_queue(settings)
    await queue.connect()
    use_queue(queue)  # the worker's start-up sweep enqueues through it
    worker = build_worker(settings, database, queue, shutdown_grace_s=1)
    worker.SIGNALS = []
    worker_task = asyncio.create_task(worker.start())
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            await log_in(client, database, ORGANIZATION)
            await _wait_for(sink, 1)  # the one-time code went through the same path; then start clean
            sink.clear()
            form = {"mode": "offer", "to": codes, "subject": SUBJECT, "body": BODY}
            started = time.perf_counter()
            response = await client.post("/mail/send", data=form, headers=csrf_headers(client))
            request_done = time.perf_counter()
            assert response.status_code == 303, response.text[:2000]
            early = len(sink.messages)  # delivered while the request was still enqueuing
            finished = await _wait_for(sink, RECIPIENTS)
    finally:
        await worker.stop()
        worker_task.cancel()
        use_queue(None)
        await queue.disconnect()
    assert len(sink.messages) == len({m.message_id for m in sink.messages}) == RECIPIENTS, "a notice lost or doubled"
    return {
        "request_ms": (request_done - started) * 1000,
        "early": early,
        "window": finished - request_done,
        "ours": (RECIPIENTS - early) / (finished - request_done),
    }  # only what arrived after the request


async def bench(work: Path, redis_url: str, sink: SmtpSink) -> dict:
    url = f"sqlite+aiosqlite:///{work / 'offer.sqlite3'}"
    await asyncio.to_thread(upgrade_database, url)
    settings = make_settings(url, work)
    settings.queue.url = redis_url
    settings.mail.transport, settings.mail.smtp_port = "smtp", sink.port
    database = create_database(settings)  # the worker's (and the bench's); the web server opens its own
    await generate(database, RECIPIENTS * 4)  # about a third are findable (public, active, unexpired)
    codes = await _findable_codes(database, RECIPIENTS)
    assert len(codes) == RECIPIENTS, f"only {len(codes)} findable registrants"
    await make_user(database, ORGANIZATION, Role.ORGANIZATION)

    # The web server is its own process (uvicorn, as in production), so POST /mail/send is a real HTTP
    # round trip. (Litestar's AsyncTestClient would block this loop for the whole request, freezing a
    # worker on it mid-transaction.) The worker runs on this event loop as tests/tasks/test_mail_delivery.py
    # runs it, and the baseline sends from this same loop: both share the interpreter with the SMTP sink.
    server, port = _serve(
        "app:create_app",
        {
            "PARTNER_APP_DEBUG": "true",
            "PARTNER_DATABASE_URL": url,
            "PARTNER_APP_VAR_DIR": str(work / "var"),
            "PARTNER_QUEUE_URL": redis_url,
            "PARTNER_QUEUE_RUN_WORKER_IN_APP": "false",
            "PARTNER_MAIL_OFFER_DAILY_LIMIT": str(RECIPIENTS * 10),
        },
    )
    try:
        result = await _send_and_deliver(settings, database, codes, port, sink)
    finally:
        server.terminate()
        server.wait()
    result["messages"] = await _count(database, Message)
    result["outbox"] = await _count(database, OutboxMail, NOTICES)
    async with database.session(write=False) as db:
        rows = list((await db.execute(select(OutboxMail).where(NOTICES).order_by(OutboxMail.id))).scalars())
    await database.dispose()
    sink.clear()
    seconds = await _baseline(settings, rows, settings.queue.concurrency)
    assert len(sink.messages) == RECIPIENTS
    return {
        **result,
        "baseline": RECIPIENTS / seconds,
        "baseline_window": seconds,
        "concurrency": settings.queue.concurrency,
    }


def main() -> dict:
    clock.set_clock(None)
    work = Path(tempfile.mkdtemp(prefix="partner-offer-bench-"))
    redis, sink = start_redis(), SmtpSink().start()
    try:
        r = asyncio.run(bench(work, redis.url, sink))
    finally:
        sink.stop()
        redis.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"オファーメール to {RECIPIENTS:,} recipients (SQLite, saq on Redis, worker concurrency {r['concurrency']})")
    print(
        f"  POST /mail/send      {r['request_ms']:8.0f} ms      {r['messages']:,} messages,"
        f" {r['outbox']:,} outbox rows written"
    )
    print(
        f"  delivery via saq     {r['ours']:8.0f} mail/s"
        f"  ({RECIPIENTS - r['early']:,} in {r['window']:.2f} s after the request;"
        f" {r['early']} already during it)"
    )
    print(
        f"  aiosmtplib direct    {r['baseline']:8.0f} mail/s  ({RECIPIENTS:,} in {r['baseline_window']:.2f} s,"
        f" {r['concurrency']} senders, a connection per {BATCH_SIZE} messages)"
    )
    print(f"  ratio (delivery / baseline throughput): {r['ours'] / r['baseline']:.2f}  (target ≥ 0.5)")
    return r


if __name__ == "__main__":
    main()
