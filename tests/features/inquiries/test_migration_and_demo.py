"""Migration 0030 on existing contact-form rows (both engines), and the demo desk."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from app.cli import downgrade_database, upgrade_database
from features.inquiries import service
from features.inquiries.demo import seed_demo
from features.inquiries.models import CaseStatus, EventKind, InquiryCase, InquiryEvent, ReplyTemplate

OLD_ROWS = [
    ("登録・ログインについて", "登録"),
    ("求人・研修情報の掲載について", "求人掲載"),
    ("キャリア相談について", "相談"),
    ("システムの不具合について", "その他"),
    ("その他", "その他"),
]


async def _execute(url: str, statement: str, rows: list[dict] | None = None) -> list:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            result = await connection.execute(text(statement), rows or {})
            return list(result.all()) if result.returns_rows else []
    finally:
        await engine.dispose()


async def test_existing_inquiries_become_new_cases_with_mapped_categories(empty_db_url):
    await asyncio.to_thread(upgrade_database, empty_db_url, "0027_mailing_authors")
    received = datetime(2026, 10, 1, 1, 0, tzinfo=UTC)
    await _execute(
        empty_db_url,
        "INSERT INTO inquiry (name, email, category, body, created_at) VALUES (:n, :e, :c, :b, :t)",
        [
            {"n": f"旧 {i}", "e": f"old{i}@example.jp", "c": old, "b": f"本文{i}", "t": received}
            for i, (old, _) in enumerate(OLD_ROWS)
        ],
    )
    await asyncio.to_thread(upgrade_database, empty_db_url)
    rows = await _execute(empty_db_url, "SELECT category, status, waiting_since, user_id FROM inquiry ORDER BY id")
    assert [r[0] for r in rows] == [new for _, new in OLD_ROWS]
    assert {r[1] for r in rows} == {"new"} and all(r[3] is None for r in rows)
    events = await _execute(empty_db_url, "SELECT case_id, kind, body FROM inquiry_event ORDER BY case_id, id")
    assert Counter(kind for _, kind, _ in events) == {"received": 5, "note": 5}
    assert events[0][1:] == ("received", "本文0") and "窓口の導入前" in events[1][2]
    await asyncio.to_thread(downgrade_database, empty_db_url, "0027_mailing_authors")
    back = await _execute(empty_db_url, "SELECT category FROM inquiry ORDER BY id")
    assert [r[0] for r in back] == [
        "登録・ログインについて",
        "求人・研修情報の掲載について",
        "キャリア相談について",
        "その他",
        "その他",
    ]


async def test_demo_desk_has_every_state_overdue_cases_members_and_templates(
    demo_copy, database, settings, frozen_clock
):
    await demo_copy(database, settings)
    async with database.session() as db:
        await seed_demo(db, random.Random(1), settings)  # a second run adds nothing
    async with database.session(write=False) as db:
        cases = list((await db.execute(select(InquiryCase))).scalars())
        templates = await db.scalar(select(func.count()).select_from(ReplyTemplate))
        kinds = Counter((await db.execute(select(InquiryEvent.kind))).scalars())
        desk = await service.desk(db, settings, service.DeskFilters())
    assert len(cases) == 30 and templates == 3
    assert set(Counter(c.status for c in cases)) == set(CaseStatus)
    assert sum(1 for c in cases if c.user_id) == 4
    assert any(row.overdue for row in desk.items) and not all(row.overdue for row in desk.items)
    assert kinds[EventKind.REPLY] >= 16 and kinds[EventKind.NOTE] >= 5 and kinds[EventKind.RECEIVED] > 30
    assert all(c.first_replied_at for c in cases if c.status in (CaseStatus.ANSWERED, CaseStatus.CLOSED))
