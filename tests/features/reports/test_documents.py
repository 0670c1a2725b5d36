"""報告書 built by the scheduled job: which periods are due when (週次 on Monday, 月次・四半期 on the
first business day after), each report exactly once as the clock walks over a month's turn and a
year's, the on-demand build of a running period rebuilt once it is over, and the recipients'
mail (a link, never the figures)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app import uploads
from app.clock import JST
from app.mail import OutboxMail
from features.reports import documents
from features.reports.models import DocumentStatus, ReportDocument
from features.reports.periods import Period, PeriodKind


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=JST).astimezone(UTC)


@pytest.fixture
def quick_files(monkeypatch):
    """The schedule's tests don't need real renderings (test_document_contents checks them): the
    font subsetting takes seconds per PDF."""
    monkeypatch.setattr(documents, "build_pdf", lambda title, period, sections: b"%PDF-1.7 " + title.encode())
    monkeypatch.setattr(documents, "build_xlsx", lambda title, period, sections: b"PK " + period.key().encode())


async def _rows(database) -> list[ReportDocument]:
    async with database.session(write=False) as db:
        return list(await db.scalars(select(ReportDocument).order_by(ReportDocument.id)))


async def _run_job(database, settings) -> int:
    async with database.session() as db:
        return await documents.generate_due_reports(db, settings)


def test_due_days_follow_mondays_and_first_business_days():
    november = Period(PeriodKind.MONTH, date(2026, 11, 1))
    assert documents.due_day(november) == date(2026, 12, 1)  # a Tuesday
    # 1 January is a holiday and 2–3 January 2027 a weekend: 月次・四半期報告 on Monday the 4th.
    december = Period(PeriodKind.MONTH, date(2026, 12, 1))
    assert documents.due_day(december) == date(2027, 1, 4)
    assert documents.due_day(Period(PeriodKind.QUARTER, date(2026, 10, 1))) == date(2027, 1, 4)
    assert documents.due_day(Period(PeriodKind.WEEK, date(2026, 12, 28))) == date(2027, 1, 4)
    due = documents.due_periods(date(2027, 1, 2))
    assert [(p.kind, p.first) for p in due] == [
        (PeriodKind.WEEK, date(2026, 12, 21)),
    ]  # December and 第3四半期 wait for the first business day
    due = documents.due_periods(date(2027, 1, 4))
    assert [(p.kind, p.first) for p in due] == [
        (PeriodKind.WEEK, date(2026, 12, 28)),
        (PeriodKind.MONTH, date(2026, 12, 1)),
        (PeriodKind.QUARTER, date(2026, 10, 1)),
    ]


async def test_each_report_is_built_exactly_once_as_the_clock_walks(database, settings, frozen_clock, quick_files):
    settings.reports.recipients = ["chief@example.jp", "office@example.jp"]
    frozen_clock.current = _at(2026, 12, 26, 0, 5)  # Saturday
    assert await _run_job(database, settings) == 3  # the week of 14 December, November, 第2四半期
    assert await _run_job(database, settings) == 0  # the job firing twice builds nothing more
    built_on: dict[tuple[str, date], date] = {}
    while frozen_clock.current < _at(2027, 1, 12):
        for row in await _rows(database):
            built_on.setdefault((row.kind, row.period_first), frozen_clock.current.astimezone(JST).date())
        frozen_clock.advance(hours=6)  # 06:05, 12:05, 18:05 and 00:05 in Japan
        await _run_job(database, settings)
    rows = await _rows(database)
    assert len(rows) == len({(r.kind, r.period_first) for r in rows})
    assert {(r.kind, r.period_first): built_on.get((r.kind, r.period_first)) for r in rows} == {
        ("week", date(2026, 12, 14)): date(2026, 12, 26),
        ("month", date(2026, 11, 1)): date(2026, 12, 26),
        ("quarter", date(2026, 7, 1)): date(2026, 12, 26),
        ("week", date(2026, 12, 21)): date(2026, 12, 28),  # the run at Monday 00:05
        ("week", date(2026, 12, 28)): date(2027, 1, 4),
        ("month", date(2026, 12, 1)): date(2027, 1, 4),  # not on the holidays before it
        ("quarter", date(2026, 10, 1)): date(2027, 1, 4),
        ("week", date(2027, 1, 4)): date(2027, 1, 11),
    }
    assert {r.status for r in rows} == {DocumentStatus.DONE}
    assert all(r.automatic and r.created_by is None for r in rows)
    for row in rows:  # both files are there and are what they claim to be
        assert uploads.read(settings, row.pdf_name, documents.AREA).startswith(b"%PDF")
        assert uploads.read(settings, row.xlsx_name, documents.AREA).startswith(b"PK")
        assert row.pdf_size > 0 and row.xlsx_size > 0
    async with database.session(write=False) as db:
        mails = list(await db.scalars(select(OutboxMail).order_by(OutboxMail.id)))
    assert len(mails) == 2 * len(rows)  # one per report and recipient, never again
    assert {m.to_address for m in mails} == {"chief@example.jp", "office@example.jp"}


async def test_the_mail_carries_a_link_and_no_figures(database, settings, frozen_clock, quick_files):
    from tests.features.reports.test_page import _registrants

    await _registrants(database, frozen_clock)  # now Monday 7 December 2026
    assert await _run_job(database, settings) == 3
    rows = {r.kind: r for r in await _rows(database)}
    async with database.session(write=False) as db:
        mails = list(await db.scalars(select(OutboxMail)))
    assert {m.to_address for m in mails} == {settings.mail.secretariat_address}  # the default recipient
    monthly = next(m for m in mails if "月次報告" in m.subject)
    assert "2026年11月" in monthly.subject
    assert f"http://testserver.local/admin/reports/documents/{rows['month'].id}" in monthly.body
    # The page's figures are not in it: no counts, no labels of the sections.
    assert "新規登録" not in monthly.body and "個人の登録" not in monthly.body
    assert "人" not in monthly.body and "件" not in monthly.body


async def test_an_early_report_is_built_again_when_its_period_ends(database, settings, frozen_clock, quick_files):
    frozen_clock.current = _at(2026, 12, 15, 10)
    december = Period(PeriodKind.MONTH, date(2026, 12, 1))
    async with database.session() as db:
        document_id = await documents.request_document(db, settings, december, user_id=None)
    async with database.session() as db:
        assert await documents.build_document(db, settings, document_id) == DocumentStatus.DONE
    [row] = await _rows(database)
    first_pdf = row.pdf_name
    assert not row.automatic
    async with database.session(write=False) as db:
        assert list(await db.scalars(select(OutboxMail))) == []  # on demand: no mail, the asker has it
    frozen_clock.current = _at(2027, 1, 4, 0, 5)
    await _run_job(database, settings)
    again = next(r for r in await _rows(database) if r.kind == "month" and r.period_first == december.first)
    assert again.id == document_id and again.automatic and again.status == DocumentStatus.DONE
    assert again.pdf_name != first_pdf
    assert not (uploads.upload_dir(settings, documents.AREA) / first_pdf).exists()  # the old files go


async def test_a_lost_build_is_picked_up_and_a_failure_kept(database, settings, frozen_clock, quick_files, monkeypatch):
    frozen_clock.current = _at(2026, 12, 15, 10)
    november = Period(PeriodKind.MONTH, date(2026, 11, 1))
    async with database.session() as db:
        lost = await documents.request_document(db, settings, november, user_id=None)
    frozen_clock.advance(minutes=20)  # its queued job never ran

    def broken(*args, **kwargs):
        raise RuntimeError("no font")

    monkeypatch.setattr(documents, "build_pdf", broken)
    await _run_job(database, settings)
    row = next(r for r in await _rows(database) if r.id == lost)
    assert row.status == DocumentStatus.FAILED and row.error == "RuntimeError"
    monkeypatch.setattr(documents, "build_pdf", lambda *args: b"%PDF-1.7")
    async with database.session() as db:  # 「報告書を作成」 again
        assert await documents.request_document(db, settings, november, user_id=None) == lost
        assert await documents.build_document(db, settings, lost) == DocumentStatus.DONE
