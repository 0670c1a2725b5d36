"""報告書 over HTTP and in its files: 「報告書を作成」 (htmx progress fragment, polling until 完了;
without JavaScript a 303 to a page that refreshes itself), the downloads, 過去の報告書, bad
periods, a failure, staff only — and the PDF's text (pypdf) and the workbook (openpyxl) hold the
page's sections and figures."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from features.reports import documents, service
from features.reports.models import ReportDocument
from features.reports.periods import Period, PeriodKind
from features.reports.sections import BUILDERS
from tests.features.library.helpers import as_office, as_persona, personas, post
from tests.features.reports.test_documents import quick_files  # noqa: F401 (a fixture)
from tests.features.reports.test_page import _registrants, _row, _section

PROGRESS = {"HX-Request": "true", "HX-Target": "document-progress"}
POLL = {"HX-Request": "true", "HX-Target": "document-status"}
NOVEMBER = {"kind": "month", "period": "2026-11-01"}


async def _build(database, settings, document_id: int) -> str:
    async with database.session() as db:
        return await documents.build_document(db, settings, document_id)


async def _count(database) -> int:
    async with database.session(write=False) as db:
        return await db.scalar(select(func.count()).select_from(ReportDocument))


@pytest.mark.usefixtures("quick_files")
async def test_create_poll_and_download_the_report(client, database, settings, frozen_clock):
    await _registrants(database, frozen_clock)  # Monday 7 December 2026: the page shows November
    await as_office(client, database)
    page = (await client.get("/admin/reports")).text
    assert "まだ報告書はありません" in page
    form = re.search(r'<form id="document-form" method="post" action="/admin/reports/documents".*?</form>', page, re.S)
    assert 'name="_csrf_token"' in form.group(0)
    assert 'name="kind" value="month" form="document-form"' in page
    assert 'name="period" value="2026-11-01" form="document-form"' in page
    assert re.search(r'<button type="submit" id="create-document" form="document-form">報告書を作成', page)

    started = await post(client, "/admin/reports/documents", NOVEMBER, **PROGRESS)
    assert started.status_code == 200
    fragment = started.text
    assert "<html" not in fragment and 'id="document-status"' in fragment
    assert "月次報告（2026年11月）を作成しています" in fragment and "<progress" in fragment
    document_id = int(re.search(r'hx-get="/admin/reports/documents/(\d+)"', fragment).group(1))
    assert 'hx-trigger="load delay:1s"' in fragment and 'hx-swap="outerHTML"' in fragment
    # A second click while it builds shows the same build.
    again = await post(client, "/admin/reports/documents", NOVEMBER, **PROGRESS)
    assert f"/admin/reports/documents/{document_id}" in again.text and await _count(database) == 1
    polled = await client.get(f"/admin/reports/documents/{document_id}", headers=POLL)
    assert "作成しています" in polled.text and "hx-get" in polled.text
    assert (await client.get(f"/admin/reports/documents/{document_id}/pdf")).status_code == 404  # not yet

    assert await _build(database, settings, document_id) == "完了"
    done = (await client.get(f"/admin/reports/documents/{document_id}", headers=POLL)).text
    assert "<html" not in done and "hx-get" not in done  # the polling stops
    assert f'href="/admin/reports/documents/{document_id}/pdf"' in done
    assert f'href="/admin/reports/documents/{document_id}/xlsx"' in done
    pdf = await client.get(f"/admin/reports/documents/{document_id}/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "attachment" in pdf.headers["content-disposition"]
    assert "20261101-20261130.pdf" in pdf.headers["content-disposition"]
    xlsx = await client.get(f"/admin/reports/documents/{document_id}/xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert "spreadsheetml" in xlsx.headers["content-type"]

    listed = (await client.get("/admin/reports")).text
    assert "過去の報告書" in listed and f'href="/admin/reports/documents/{document_id}"' in listed
    assert "報告書を作り直す" in listed and "office@example.jp" in listed  # who made it
    assert (await client.get("/admin/reports/documents/999999")).status_code == 404
    assert (await client.get("/admin/reports/documents/999999/xlsx")).status_code == 404


async def test_without_javascript_the_button_leads_to_a_page_that_refreshes(client, database, frozen_clock):
    frozen_clock.current = frozen_clock.current.replace(year=2026, month=12, day=7)
    await as_office(client, database)
    response = await post(client, "/admin/reports/documents", {"kind": "week", "period": "2026-11-30"})
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/admin/reports/documents/\d+", location)
    page = (await client.get(location)).text
    assert "<h1>週次報告（2026年11月30日〜2026年12月6日の週）</h1>" in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'role="status"' in page and 'aria-live="polite"' in page
    assert 'href="/admin/reports?kind=week&amp;period=2026-11-30"' in page or "kind=week" in page


async def test_a_period_the_button_cannot_name_is_refused(client, database, frozen_clock):
    frozen_clock.current = frozen_clock.current.replace(year=2026, month=12, day=7)
    await as_office(client, database)
    for data in (
        {},
        {"kind": "decade", "period": "2026-11-01"},
        {"kind": "month", "period": "2026-11-05"},  # not a month's first day
        {"kind": "month", "period": "2027-01-01"},  # in the future
        {"kind": "week", "period": "yesterday"},
    ):
        response = await post(client, "/admin/reports/documents", data)
        assert response.status_code == 422, data
        assert "期間を読み取れませんでした" in response.text
    assert await _count(database) == 0


async def test_a_failed_build_says_so(client, database, settings, frozen_clock, monkeypatch):
    frozen_clock.current = frozen_clock.current.replace(year=2026, month=12, day=7)
    await as_office(client, database)
    started = await post(client, "/admin/reports/documents", NOVEMBER, **PROGRESS)
    document_id = int(re.search(r"/admin/reports/documents/(\d+)", started.text).group(1))

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(documents, "build_pdf", broken)
    assert await _build(database, settings, document_id) == "失敗"
    failed = (await client.get(f"/admin/reports/documents/{document_id}", headers=POLL)).text
    assert "作成できませんでした" in failed and "OSError" in failed and "hx-get" not in failed
    assert (await client.get(f"/admin/reports/documents/{document_id}/pdf")).status_code == 404


async def test_the_files_hold_the_pages_sections_and_figures(client, database, settings, frozen_clock):
    await _registrants(database, frozen_clock)
    await as_office(client, database)
    page = (await client.get("/admin/reports?kind=month&period=2026-11-01")).text
    november = Period(PeriodKind.MONTH, frozen_clock.current.replace(day=1).date().replace(month=11))
    async with database.session() as db:
        document_id = await documents.request_document(db, settings, november, user_id=None)
    assert await _build(database, settings, document_id) == "完了"
    async with database.session(write=False) as db:
        sections = await service.build_report(db, november, BUILDERS)
        pdf_bytes, _ = await documents.document_file(db, settings, document_id, "pdf")
        xlsx_bytes, _ = await documents.document_file(db, settings, document_id, "xlsx")

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
    squashed = re.sub(r"[\s\x00]", "", text)  # pypdf leaves NULs between the CID font's characters
    assert "月次報告" in squashed and "2026年11月" in squashed
    # pypdf 7 misreads some glyphs of a large CJK subset (付 as 月); poppler's pdftotext, what viewers
    # use to copy text, reads every one: each section and figure label must be in the file as text.
    poppler = subprocess.run(["pdftotext", "-", "-"], input=pdf_bytes, capture_output=True, check=True).stdout
    every_glyph = re.sub(r"\s", "", poppler.decode())
    for section in sections:
        assert section.title in every_glyph, section.title
        for figure in section.figures:
            assert re.sub(r"\s", "", figure.label) in every_glyph, figure.label
    page_row = _row(_section(page, "registrations"), "新規登録（国際協力人材登録）")
    assert "新規登録（国際協力人材登録）" + "".join(page_row[:2]) in squashed  # 2人 1人 as on the page

    book = load_workbook(io.BytesIO(xlsx_bytes))
    assert book.sheetnames == [s.title for s in sections]
    for section in sections:
        rows = list(book[section.title].iter_rows(min_row=3, max_row=2 + len(section.figures), values_only=True))
        assert rows == [(f.label, f.current, f.previous, f.year_ago, f.unit) for f in section.figures]
    registrations = book["個人の登録"]
    assert [c.value for c in registrations[2]][:4] == [
        "項目",
        "当期（2026年11月）",
        "前期（2026年10月）",
        "前年同期（2025年11月）",
    ]
    row = next(r for r in registrations.iter_rows(values_only=True) if r[0] == "新規登録（国際協力人材登録）")
    assert [f"{row[1]}人", f"{row[2]}人"] == page_row[:2] and f"{row[3]}人" == page_row[3]


async def test_only_the_secretariat_makes_or_reads_reports(client, database, settings, frozen_clock):
    frozen_clock.current = frozen_clock.current.replace(year=2026, month=12, day=7)
    cookies = await personas(client, database, ("individual", "organization", "counselor", "secretariat"))
    await as_persona(client, cookies, "secretariat")
    started = await post(client, "/admin/reports/documents", NOVEMBER, **PROGRESS)
    document_id = int(re.search(r"/admin/reports/documents/(\d+)", started.text).group(1))
    for name in ("individual", "organization", "counselor"):
        await as_persona(client, cookies, name)
        assert (await post(client, "/admin/reports/documents", NOVEMBER)).status_code == 403
        for suffix in ("", "/pdf", "/xlsx"):
            assert (await client.get(f"/admin/reports/documents/{document_id}{suffix}")).status_code == 403
    assert await _count(database) == 1
