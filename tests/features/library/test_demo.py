"""Demo library: templates, a 事務局内 manual with two versions, a pamphlet PDF with its rendered
thumbnail, banners in the usual sizes on the public 広報ツール page, one item overdue for review."""

from __future__ import annotations

import random

from sqlalchemy import select

from app import clock
from features.library import api
from features.library.demo import seed_demo
from features.library.models import LibraryItem
from tests.features.library.helpers import count_items, versions


async def test_the_demo_library_is_complete_and_loads_once(client, database, settings, frozen_clock):
    async with database.session() as db:
        await seed_demo(db, random.Random(1), settings)
    total = await count_items(database)
    async with database.session() as db:
        await seed_demo(db, random.Random(1), settings)  # idempotent
    assert await count_items(database) == total >= 10
    async with database.session(write=False) as db:
        items = {i.title: i for i in await db.scalars(select(LibraryItem))}
        counts = await api.count_items(db)
        assert await api.items_due_for_review(db, clock.today_jst()) == 1
    assert counts["category"]["文書テンプレート"] == 2 and counts["category"]["バナー"] == 4
    assert counts["audience"]["事務局内"] >= 2
    pamphlet = items["PARTNERパンフレット（2026年度版）"]
    [pdf] = await versions(database, pamphlet.id)
    assert pdf.content_type == "application/pdf" and pdf.thumbnail_name
    manual = items["事務局業務マニュアル（ライブラリ・広報）"]
    assert manual.audience == "staff" and manual.current_version == 2
    assert [v.original_name for v in await versions(database, manual.id)][0] == "事務局業務マニュアル.pdf"
    template = await versions(database, items["講師依頼状テンプレート"].id)
    assert template[0].original_name == "講師依頼状テンプレート.docx"
    page = (await client.get("/pr-tools")).text
    for size in ("234×60", "468×60", "728×90", "300×250"):
        assert f"{size}ピクセル" in page
    assert "PARTNERパンフレット（2026年度版）" in page and "団体登録のご案内リーフレット" not in page
    assert "事務局業務マニュアル" not in page
