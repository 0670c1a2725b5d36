"""The monthly report over 18 months of history for 100,000 registrants (SQLite and PostgreSQL):
the time to build its figures (service.build_report with the page's builders) beside the very
same SQL statements — captured from that build — replayed through the bare driver in the same run
(target: within 2×), and the time to build the report's PDF and Excel."""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import event

from app import clock
from app.cli import upgrade_database
from app.config import Settings
from app.db import create_database
from features.reports import service
from features.reports.document_pdf import build_pdf
from features.reports.document_xlsx import build_xlsx
from features.reports.periods import Period, PeriodKind
from features.reports.sections import BUILDERS
from tests.bench.history import record
from tests.bench.report_data import default_end, generate

COUNT = int(os.environ.get("BENCH_REPORTS_COUNT", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS_REPORTS", "7"))
MONTH = Period(PeriodKind.MONTH, date(2026, 11, 1))


async def _build(database):
    async with database.session(write=False) as db:
        return await service.build_report(db, MONTH, BUILDERS)


async def _captured(database) -> list[tuple[str, tuple]]:
    """The statements (and parameters, as the driver got them) one build of the report sends."""
    seen: list[tuple[str, tuple]] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):  # not BEGIN (SQLite) and the like
            seen.append((statement, tuple(parameters or ())))

    for engine in {database.engine, database.write_engine}:
        event.listen(engine.sync_engine, "before_cursor_execute", listen)
    try:
        await _build(database)
    finally:
        for engine in {database.engine, database.write_engine}:
            event.remove(engine.sync_engine, "before_cursor_execute", listen)
    return seen


async def _measure(database, raw_run) -> dict:
    sections = await _build(database)  # warm-up (and the figures the documents are made of)
    ours, raw = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        await _build(database)
        ours.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        await raw_run()
        raw.append((time.perf_counter() - started) * 1000)
    return {"ours_ms": statistics.median(ours), "raw_ms": statistics.median(raw), "sections": sections}


async def bench_sqlite(work: Path) -> dict:
    url = f"sqlite+aiosqlite:///{work / 'reports.sqlite3'}"
    await asyncio.to_thread(upgrade_database, url)
    settings = Settings()
    settings.database.url = url
    database = create_database(settings)
    counts = await generate(database, COUNT, end=default_end())
    import aiosqlite

    statements = await _captured(database)
    connection = await aiosqlite.connect(str(work / "reports.sqlite3"))

    async def raw() -> None:
        for statement, parameters in statements:
            await (await connection.execute(statement, parameters)).fetchall()

    try:
        return {**await _measure(database, raw), "statements": len(statements), "counts": counts}
    finally:
        await connection.close()
        await database.dispose()


async def bench_postgres() -> dict:
    from tests.services import start_postgres

    server = start_postgres()
    try:
        server.psql("CREATE DATABASE bench")
        url = server.url("bench")
        await asyncio.to_thread(upgrade_database, url)
        settings = Settings()
        settings.database.url = url
        database = create_database(settings)
        counts = await generate(database, COUNT, end=default_end())
        import asyncpg

        statements = await _captured(database)
        connection = await asyncpg.connect(server.url("bench", driver="postgresql"))

        async def raw() -> None:
            for statement, parameters in statements:
                await connection.fetch(statement, *parameters)

        try:
            return {**await _measure(database, raw), "statements": len(statements), "counts": counts}
        finally:
            await connection.close()
            await database.dispose()
    finally:
        server.stop()


def bench_documents(sections) -> dict:
    build_pdf("月次報告", MONTH, sections)  # warm-up: the font is parsed once per process
    pdf, xlsx = [], []
    for _ in range(3):
        started = time.perf_counter()
        body = build_pdf("月次報告", MONTH, sections)
        pdf.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        build_xlsx("月次報告", MONTH, sections)
        xlsx.append((time.perf_counter() - started) * 1000)
    return {"pdf_ms": statistics.median(pdf), "xlsx_ms": statistics.median(xlsx), "pdf_bytes": len(body)}


def main() -> dict:
    clock.set_clock(None)
    work = Path(tempfile.mkdtemp(prefix="partner-reports-bench-"))
    results = {"sqlite": asyncio.run(bench_sqlite(work)), "postgresql": asyncio.run(bench_postgres())}
    documents = bench_documents(results["sqlite"]["sections"])
    counts = results["sqlite"]["counts"]
    print(
        f"monthly report ({MONTH.label}): {counts['registrants']:,} registrants, {counts['organizations']:,}"
        f" organizations, {counts['postings']:,} postings, {counts['applications']:,} applications over 18 months"
    )
    figures: dict = {"registrants": COUNT}
    for engine in ("sqlite", "postgresql"):
        r = results[engine]
        ratio = r["ours_ms"] / r["raw_ms"] if r["raw_ms"] else float("nan")
        print(
            f"  {engine:10} figures {r['ours_ms']:8.1f} ms  |  the same {r['statements']} statements through the"
            f" driver {r['raw_ms']:8.1f} ms  |  ratio {ratio:4.2f} (target ≤ 2)"
        )
        figures[engine] = {"build_ms": round(r["ours_ms"], 1), "raw_ms": round(r["raw_ms"], 1)}
        figures[engine]["ratio"] = round(ratio, 2)
    print(
        f"  documents  PDF {documents['pdf_ms']:6.0f} ms ({documents['pdf_bytes']:,} bytes)"
        f"  Excel {documents['xlsx_ms']:6.0f} ms"
    )
    figures["pdf_ms"] = round(documents["pdf_ms"])
    figures["xlsx_ms"] = round(documents["xlsx_ms"])
    record("reports", figures)
    return results


if __name__ == "__main__":
    main()
