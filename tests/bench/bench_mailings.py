"""メール配信: one mailing to 20,000 individuals — from approval to the last mail accepted by a local
SMTP server (steps and deliveries through saq on a real Redis) beside aiosmtplib sending the same
messages straight to it — and the audience count (the compose page's live count) over 100,000
people, p95, beside the same SQL straight through the driver."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, select, update

from app import clock
from app.cli import upgrade_database
from app.config import Settings
from app.db import create_database
from app.mail import OutboxMail
from app.queue import build_queue, use_queue
from features.accounts.models import Individual, Role
from features.mailings import audience as audiences
from features.mailings import engine, service
from features.mailings.models import AudienceKind
from tasks.worker import build_worker
from tests.bench.bench_offer_mail import _baseline, _wait_for
from tests.bench.bench_talent import _percentiles
from tests.bench.talent_data import generate
from tests.conftest import make_settings
from tests.features.accounts.helpers import make_user
from tests.services import SmtpSink, start_redis

RECIPIENTS = int(os.environ.get("BENCH_MAILING_RECIPIENTS", "20000"))
PEOPLE = int(os.environ.get("BENCH_TALENT_COUNT", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
BODY = (
    "{氏名} 様（登録コード：{登録コード}）\n\n国際協力人材セミナーのご案内です。\n"
    + "セミナーの概要は次のとおりです。\n" * 20
)
AUDIENCES = (
    audiences.Audience(kind=AudienceKind.INDIVIDUALS),
    audiences.Audience(kind=AudienceKind.INDIVIDUALS, prefectures=("東京都", "神奈川県"), age_bands=("30", "40")),
    audiences.Audience(
        kind=AudienceKind.INDIVIDUALS, sector="health", min_years=3, language="en", min_level="B", wish_location="海外"
    ),
    audiences.Audience(kind=AudienceKind.INDIVIDUALS, jocv=True, sector="education"),
)


async def _everyone_current(database) -> None:
    """The generator spreads registrations over four years (half expired): here all are current."""
    async with database.session() as db:
        await db.execute(update(Individual).values(expires_at=datetime.now(UTC) + timedelta(days=365)))


async def bench_send(work: Path, redis_url: str, sink: SmtpSink) -> dict:
    url = f"sqlite+aiosqlite:///{work / 'mailing.sqlite3'}"
    await asyncio.to_thread(upgrade_database, url)
    settings = make_settings(url, work)
    settings.queue.url = redis_url
    settings.mail.transport, settings.mail.smtp_port = "smtp", sink.port
    database = create_database(settings)
    await generate(database, RECIPIENTS)
    await _everyone_current(database)
    writer = await make_user(database, "writer@example.org", Role.SECRETARIAT, password_hash="x")
    approver = await make_user(database, "approver@example.org", Role.SECRETARIAT, password_hash="x")
    draft = service.Draft("【PARTNER】セミナーのご案内", BODY, "guide", audiences.Audience())
    async with database.session() as db:
        expected = await audiences.count(db, draft.audience)  # active: the 2% suspended are excluded
        mailing = await service.create_draft(db, writer.id, draft)
        await service.submit(db, mailing, writer.id, draft)
    queue = build_queue(settings)
    await queue.connect()
    use_queue(queue)
    worker = build_worker(settings, database, queue, shutdown_grace_s=1)
    worker.SIGNALS = []
    worker_task = asyncio.create_task(worker.start())
    try:
        await asyncio.sleep(1)  # the worker's start-up sweep
        started = time.perf_counter()
        async with database.session() as db:
            await service.approve(db, settings, await service.mailing_by_id(db, mailing.id), approver.id, None)
        finished = await _wait_for(sink, expected, timeout=1200)
    finally:
        await worker.stop()
        worker_task.cancel()
        use_queue(None)
        await queue.disconnect()
    assert len({m.message_id for m in sink.messages}) == len(sink.messages) == expected, "a mail lost or doubled"
    async with database.session(write=False) as db:
        figures = (await engine.figures(db, [mailing.id]))[mailing.id]
        rows = list(
            await db.scalars(
                select(OutboxMail).where(OutboxMail.campaign == engine.campaign(mailing.id)).order_by(OutboxMail.id)
            )
        )
    await database.dispose()
    sink.clear()
    seconds = await _baseline(settings, rows, settings.queue.concurrency)
    assert len(sink.messages) == expected
    return {
        "recipients": figures.recipients,
        "sent": expected,
        "suppressed": figures.suppressed,
        "window": finished - started,
        "ours": expected / (finished - started),
        "baseline": expected / seconds,
        "baseline_window": seconds,
        "batch": settings.mailings.batch_size,
        "concurrency": settings.queue.concurrency,
    }


async def _measure_count(database, raw_execute) -> dict:
    """Each audience shape, RUNS times: our count (a session each) beside the SQL it sends, straight
    through the driver (`raw_execute(statement, parameters)`)."""
    captured: list[tuple[str, object]] = []

    @event.listens_for(database.engine.sync_engine, "before_cursor_execute")
    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT COUNT"):
            captured.append((statement, parameters))

    results = []
    for audience in AUDIENCES:
        async with database.session(write=False) as db:
            captured.clear()
            total = await audiences.count(db, audience)  # warm-up, and the SQL it sends
        statement, parameters = captured[-1]
        ours, raw = [], []
        for _ in range(RUNS):
            began = time.perf_counter()
            async with database.session(write=False) as db:
                await audiences.count(db, audience)
            ours.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            await raw_execute(statement, parameters)
            raw.append((time.perf_counter() - began) * 1000)
        results.append((audiences.describe(audience), total, _percentiles(ours), _percentiles(raw)))
    return {"rows": results}


async def _database(url: str):
    await asyncio.to_thread(upgrade_database, url)
    settings = Settings()
    settings.database.url = url
    database = create_database(settings)
    await generate(database, PEOPLE)
    return database


async def bench_count_sqlite(work: Path) -> dict:
    """No ANALYZE here: production SQLite keeps no statistics, so the plans must be good without."""
    import aiosqlite

    database = await _database(f"sqlite+aiosqlite:///{work / 'audience.sqlite3'}")
    connection = await aiosqlite.connect(str(work / "audience.sqlite3"))

    async def raw(statement, parameters) -> None:
        await (await connection.execute(statement, parameters)).fetchall()

    try:
        return await _measure_count(database, raw)
    finally:
        await connection.close()
        await database.dispose()


async def bench_count_postgres() -> dict:
    import asyncpg

    from tests.services import start_postgres

    server = start_postgres()
    try:
        server.psql("CREATE DATABASE audience")
        database = await _database(server.url("audience"))
        connection = await asyncpg.connect(server.url("audience", driver="postgresql"))
        # What autovacuum does after a bulk load in production (statistics, and the visibility
        # map that lets the audience indexes answer without the table).
        await connection.execute("VACUUM ANALYZE")

        async def raw(statement, parameters) -> None:
            await connection.fetch(statement, *parameters)

        try:
            return await _measure_count(database, raw)
        finally:
            await connection.close()
            await database.dispose()
    finally:
        server.stop()


def _print_counts(counted: dict) -> None:
    worst = 0.0
    for name, figures in counted.items():
        print(f"Audience count over {PEOPLE:,} people ({name}), {RUNS} runs: p50 / p95 ms, ours vs the driver")
        for label, total, (median, p95), (raw_median, raw_p95) in figures["rows"]:
            worst = max(worst, p95)
            print(
                f"  {total:7,}  {median:6.1f} / {p95:6.1f}   driver {raw_median:6.1f} / {raw_p95:6.1f}"
                f"   ratio p95 {p95 / raw_p95:4.2f}   {label}"
            )
    print(f"  worst p95: {worst:.1f} ms  (target < 100 ms on each engine)")


def main() -> dict:
    clock.set_clock(None)
    work = Path(tempfile.mkdtemp(prefix="partner-mailing-bench-"))
    redis, sink = start_redis(), SmtpSink().start()
    try:
        sent = asyncio.run(bench_send(work, redis.url, sink))
        counted = {"sqlite": asyncio.run(bench_count_sqlite(work)), "postgresql": asyncio.run(bench_count_postgres())}
    finally:
        sink.stop()
        redis.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"メール配信 to {sent['recipients']:,} individuals (SQLite, saq on Redis, batch {sent['batch']},"
        f" worker concurrency {sent['concurrency']}; {sent['suppressed']} excluded as suspended)"
    )
    print(f"  approval → last mail accepted   {sent['ours']:8.0f} mail/s  ({sent['sent']:,} in {sent['window']:.2f} s)")
    print(
        f"  aiosmtplib direct               {sent['baseline']:8.0f} mail/s  ({sent['sent']:,} in"
        f" {sent['baseline_window']:.2f} s, {sent['concurrency']} senders)"
    )
    print(f"  ratio (mailing / baseline throughput): {sent['ours'] / sent['baseline']:.2f}  (target ≥ 0.5)")
    _print_counts(counted)
    return {"send": sent, "count": counted}


if __name__ == "__main__":
    main()
