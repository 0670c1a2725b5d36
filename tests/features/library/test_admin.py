"""The secretariat's pages over HTTP: registering an item with its file (and the refusals: 422 with
a Japanese message, nothing saved), editing, new versions, 確認済みにする (audited), the list and
its 要確認 filter as a page and as an htmx fragment."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

from sqlalchemy import select

from app.audit import AuditEvent
from features.library import samples
from features.library.models import LibraryItem
from tests.features.library.helpers import (
    as_office,
    as_persona,
    count_items,
    item_row,
    make_item,
    pdf,
    personas,
    post,
    versions,
)

FIELDS = {
    "title": "講師依頼状テンプレート",
    "category": "template",
    "audience": "staff",
    "description": "依頼状のひな形",
}


def _upload(data: bytes, name: str, content_type: str = "application/octet-stream") -> dict:
    return {"file": (name, data, content_type)}


async def _stored_files(settings) -> list[str]:
    directory = settings.var_path / "uploads" / "library"
    return sorted(p.name for p in directory.iterdir()) if directory.is_dir() else []


async def test_staff_registers_an_item_with_a_word_template(client, database, settings):
    await as_office(client, database)
    docx = samples.docx_document(["講師ご依頼のお願い"])
    response = await post(client, "/admin/library", FIELDS, _upload(docx, "講師依頼状.docx"))
    assert response.status_code == 303, response.text
    page = (await client.get(response.headers["location"])).text
    assert "「講師依頼状テンプレート」をライブラリに登録しました。" in page
    assert "講師依頼状.docx" in page and "Word" in page and "第1版" in page
    assert 'library-thumb--icon' in page  # no thumbnail for a Word file: the generic icon
    [item_id] = [int(response.headers["location"].rsplit("/", 1)[1])]
    item = await item_row(database, item_id)
    assert item.audience == "staff" and item.last_confirmed_on is not None
    async with database.session(write=False) as db:
        actions = [
            e.action for e in await db.scalars(select(AuditEvent).where(AuditEvent.target_type == "library_item"))
        ]
    assert actions == ["library_item_created"]


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("design.ai", b"%!PS-Adobe")
    return out.getvalue()


async def test_refused_uploads_rerender_422_in_japanese_and_save_nothing(client, database, settings):
    await as_office(client, database)
    settings.library.max_file_mb = 1
    cases = [
        ({}, "ファイルを選択してください。"),
        (_upload(_zip(), "novelty.zip"), "PDF・画像（JPEG・PNG）・Word・Excel・PowerPointのファイルを選択してください"),
        (
            _upload(b"%PDF-1.7\n<html><script>alert(1)</script>", "fake.pdf"),
            "PDFファイルとして内容を確認できませんでした",
        ),
        (_upload(b"<html></html>", "page.html"), "内容を確認できませんでした"),
        (_upload(b"", "empty.pdf"), "ファイルが空です。"),
        (_upload(b"%PDF-1.4" + b"0" * (1024 * 1024 + 10), "big.pdf"), "ファイルのサイズは1つ1MBまでです。"),
    ]
    for files, message in cases:
        response = await post(client, "/admin/library", FIELDS, files or None)
        assert response.status_code == 422, (message, response.status_code)
        assert message in response.text, message
        assert 'id="error-summary"' in response.text and 'aria-invalid="true"' in response.text
        assert 'value="講師依頼状テンプレート"' in response.text  # values kept
    missing = await post(
        client, "/admin/library", {"title": "", "category": "x", "audience": "everyone"}, _upload(pdf(), "a.pdf")
    )
    assert missing.status_code == 422
    for message in ("タイトルを入力してください。", "種類を選択してください。", "公開範囲を選択してください。"):
        assert message in missing.text
    assert await count_items(database) == 0 and await _stored_files(settings) == []


async def test_a_new_version_becomes_current_and_the_old_one_stays_for_staff(client, database, settings):
    item = await make_item(
        database, settings, title="PARTNERパンフレット", audience="organizations", filename="パンフ.pdf"
    )
    cookies = await personas(client, database, ("secretariat", "organization"))
    await as_persona(client, cookies, "secretariat")
    refused = await post(
        client, f"/admin/library/{item.id}/versions", {"note": "改訂メモ"}, _upload(b"GIF89a", "x.gif")
    )
    assert refused.status_code == 422 and "改訂メモ</textarea>" in refused.text
    assert len(await versions(database, item.id)) == 1
    new = pdf("PARTNERパンフレット 2027")
    response = await post(
        client, f"/admin/library/{item.id}/versions", {"note": "2027年度版に更新"}, _upload(new, "パンフ_2027.pdf")
    )
    assert response.status_code == 303
    page = (await client.get(f"/admin/library/{item.id}")).text
    assert "第2版を登録しました。これが現在の版です。" in page and "2027年度版に更新" in page
    assert (await item_row(database, item.id)).current_version == 2
    assert (await client.get(f"/library/files/{item.id}")).content == new
    old = await client.get(f"/library/files/{item.id}/versions/1")
    assert (
        old.status_code == 200
        and old.content != new
        and "%E3%83%91%E3%83%B3%E3%83%95.pdf" in old.headers["content-disposition"]
    )
    await as_persona(client, cookies, "organization")
    assert (await client.get(f"/library/files/{item.id}")).content == new
    assert (await client.get(f"/library/files/{item.id}/versions/1")).status_code == 404
    assert (await client.get(f"/library/files/{item.id}/versions/2")).status_code == 404


async def test_editing_makes_an_item_public_and_audits_the_change(client, database, settings):
    item = await make_item(database, settings, title="バナー", category="banner", audience="staff")
    await as_office(client, database)
    bad = await post(client, f"/admin/library/{item.id}", {**FIELDS, "title": "　", "audience": "public"})
    assert bad.status_code == 422 and "タイトルを入力してください。" in bad.text
    ok = await post(
        client, f"/admin/library/{item.id}", {"title": "PARTNERバナー", "category": "banner", "audience": "public"}
    )
    assert ok.status_code == 303
    assert (await item_row(database, item.id)).audience == "public"
    async with database.session(write=False) as db:
        event = await db.scalar(select(AuditEvent).where(AuditEvent.action == "library_item_updated"))
    assert "公開範囲:事務局内→公開" in event.detail
    assert "PARTNERバナー" in (await client.get("/pr-tools")).text


async def test_confirming_sets_today_and_is_audited(client, database, settings, frozen_clock):
    frozen_clock.current = datetime(2026, 12, 7, 15, 30, tzinfo=UTC)  # 2026-12-08 00:30 JST
    item = await make_item(database, settings)
    async with database.session() as db:
        (await db.get(LibraryItem, item.id)).last_confirmed_on = date(2025, 1, 10)
    await as_office(client, database)
    assert "要確認" in (await client.get(f"/admin/library/{item.id}")).text
    response = await post(client, f"/admin/library/{item.id}/confirm")
    assert response.status_code == 303
    assert (await item_row(database, item.id)).last_confirmed_on == date(2026, 12, 8)
    page = (await client.get(response.headers["location"])).text
    assert "最終確認日：2026年12月8日" in page
    async with database.session(write=False) as db:
        event = await db.scalar(select(AuditEvent).where(AuditEvent.action == "library_item_confirmed"))
    assert event.target_id == str(item.id) and "2026-12-08" in event.detail


async def test_the_list_filters_as_a_page_and_as_a_fragment(client, database, settings, frozen_clock):
    fresh = await make_item(database, settings, title="新しいパンフレット")
    stale = await make_item(database, settings, title="古いポスター", category="poster")
    async with database.session() as db:
        (await db.get(LibraryItem, stale.id)).last_confirmed_on = date(2024, 1, 1)
    await as_office(client, database)
    page = await client.get("/admin/library")
    assert page.status_code == 200 and "新しいパンフレット" in page.text and "古いポスター" in page.text
    assert "ライブラリ管理" in (await client.get("/mypage")).text
    due = await client.get("/admin/library?due=1")
    assert "古いポスター" in due.text and "新しいパンフレット" not in due.text and "要確認の資料 1件" in due.text
    fragment = await client.get(
        "/admin/library?category=poster", headers={"HX-Request": "true", "HX-Target": "library-rows"}
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "古いポスター" in fragment.text and "新しいパンフレット" not in fragment.text
    assert f"/admin/library/{fresh.id}" not in fragment.text


async def test_a_body_over_the_limit_is_refused_413_before_it_is_read(client, database, settings):
    from features.library.routes_admin import UPLOAD_LIMIT

    await as_office(client, database)
    response = await post(client, "/admin/library", FIELDS, _upload(b"%PDF-" + b"0" * UPLOAD_LIMIT, "huge.pdf"))
    assert response.status_code == 413 and "上限" in response.text
    assert await count_items(database) == 0 and await _stored_files(settings) == []
