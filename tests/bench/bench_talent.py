"""Talent search among 100,000 registrants (SQLite and PostgreSQL) beside the same SQL run
straight through the driver, and the résumé PDF beside fpdf2 with the font already loaded."""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.cli import upgrade_database
from app.config import Settings
from app.db import create_database
from features.talent import service
from tests.bench.talent_data import generate

COUNT = int(os.environ.get("BENCH_TALENT_COUNT", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
FILTERS = service.TalentFilters(
    keyword="保健", sector="health", min_years=3, language="en", min_level="B", wish_location="海外"
)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


async def _measure(database, raw_execute) -> dict:
    ours, raw = [], []
    async with database.session(write=False) as db:
        await service.search(db, FILTERS)  # warm-up
    for _ in range(RUNS):
        started = time.perf_counter()
        async with database.session(write=False) as db:
            page = await service.search(db, FILTERS)
        ours.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        await raw_execute()
        raw.append((time.perf_counter() - started) * 1000)
    return {"total": page.total, "ours": _percentiles(ours), "raw": _percentiles(raw)}


def _statements(dialect) -> list[str]:
    """The SQL our search sends (the page with its window count), with literal values for the raw driver."""
    _count, page = service.search_statements(dialect.name, FILTERS)
    return [str(page.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))]


async def bench_sqlite(work: Path) -> dict:
    url = f"sqlite+aiosqlite:///{work / 'talent.sqlite3'}"
    await asyncio.to_thread(upgrade_database, url)
    settings = Settings()
    settings.database.url = url
    database = create_database(settings)
    await generate(database, COUNT)
    import aiosqlite

    statements = _statements(sqlite.dialect())
    connection = await aiosqlite.connect(str(work / "talent.sqlite3"))

    async def raw() -> None:
        for statement in statements:
            await (await connection.execute(statement)).fetchall()

    try:
        return await _measure(database, raw)
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
        await generate(database, COUNT)
        import asyncpg

        connection = await asyncpg.connect(server.url("bench", driver="postgresql"))
        await connection.execute("ANALYZE")
        statements = _statements(postgresql.dialect())

        async def raw() -> None:
            for statement in statements:
                await connection.fetch(statement)

        try:
            return await _measure(database, raw)
        finally:
            await connection.close()
            await database.dispose()
    finally:
        server.stop()


def bench_pdf() -> dict:
    import noto_cjk_sans_jp_regular
    from fpdf import FPDF

    from features.talent import pdf

    person = {"registration_code": "P1234567", "lines": [("氏名", "山田 花子（ヤマダ ハナコ）"), ("居住地", "東京都")]}
    rows = {
        "career": [
            {"organization": f"特定非営利活動法人 アジア教育支援の会 {i}", "duties": "教員研修の企画と運営。" * 8}
            for i in range(12)
        ],
        "project": [
            {"name": f"カンボジア 初等教育改善プロジェクト {i}", "country": "KH", "role": "業務調整"} for i in range(10)
        ],
    }
    pdf.render(person, None, rows, expert=True)  # warm-up: the font is parsed here, once
    lines = [f"{k}：{v}" for k, v in person["lines"]] + [
        "　".join(f"{v}" for v in r.values()) for s in rows.values() for r in s
    ]
    baseline_pdf = FPDF(format="A4")
    baseline_pdf.add_font("noto", fname=str(noto_cjk_sans_jp_regular.FONT_PATH))  # loaded before timing

    ours, base = [], []
    for _ in range(5):
        started = time.perf_counter()
        body = pdf.render(person, None, rows, expert=True)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        document = FPDF(format="A4")
        document.fonts["noto"] = baseline_pdf.fonts["noto"]
        import copy

        document.fonts["noto"] = copy.copy(baseline_pdf.fonts["noto"])
        import io

        from fontTools import ttLib

        document.fonts["noto"].ttfont = ttLib.TTFont(
            io.BytesIO(open(noto_cjk_sans_jp_regular.FONT_PATH, "rb").read()), lazy=True
        )
        from fpdf.fonts import SubsetMap

        document.fonts["noto"].subset = SubsetMap(document.fonts["noto"])
        document.add_page()
        document.set_font("noto", size=10.5)
        for line in lines:
            document.multi_cell(0, 6.5, line, new_x="LMARGIN", new_y="NEXT")
        document.output()
        base.append(time.perf_counter() - started)
    import io as _io

    from pypdf import PdfReader

    return {
        "pages": len(PdfReader(_io.BytesIO(body)).pages),
        "ours": statistics.median(ours),
        "baseline": statistics.median(base),
    }


def main() -> dict:
    clock.set_clock(None)
    work = Path(tempfile.mkdtemp(prefix="partner-talent-bench-"))
    results = {
        "sqlite": asyncio.run(bench_sqlite(work)),
        "postgresql": asyncio.run(bench_postgres()),
        "pdf": bench_pdf(),
    }
    print(f"talent search: {COUNT:,} registrants, 3 filters + keyword 「保健」, {RUNS} runs")
    for engine in ("sqlite", "postgresql"):
        r = results[engine]
        (p50, p95), (raw50, raw95) = r["ours"], r["raw"]
        print(
            f"  {engine:10} {r['total']:6,} found  ours p50 {p50:7.1f} ms  p95 {p95:7.1f} ms"
            f"  |  raw driver p50 {raw50:7.1f} ms"
            f"  p95 {raw95:7.1f} ms  |  ratio p95 {p95 / raw95:4.2f}"
        )
    p = results["pdf"]
    print(
        f"résumé PDF ({p['pages']} pages): ours {p['ours'] * 1000:6.0f} ms,"
        f" fpdf2 with the font loaded {p['baseline'] * 1000:6.0f} ms,"
        f" ratio {p['ours'] / p['baseline']:4.2f}"
    )
    return results


if __name__ == "__main__":
    main()
