"""報告書 (000 §8.2): the report of one period as a PDF and an Excel workbook, built from the same
sections the page shows (service.build_report with the page's builders — no query of its own),
stored under var/uploads/report_documents and listed on the page.

One row per (kind, period) (`report_document`, unique): the scheduled job claims a due period with
INSERT … ON CONFLICT, so a job that fires twice — or two workers — builds it once; a period asked
for on demand while it was still running is built again by the job once it is over. A build marks
the row 完了 (or 失敗 with the error's class name) in the same transaction that writes its files'
names; the recipients of a scheduled report are mailed a link to its page, never the figures."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, uploads
from app.config import Settings
from app.db import after_commit
from app.mail import keyed_message_id, mail_queued, queue_template_mail
from app.queue import enqueue
from app.urls import absolute_url
from features.accounts import api as accounts
from features.reports import service
from features.reports.document_pdf import build_pdf
from features.reports.document_xlsx import build_xlsx
from features.reports.models import DocumentStatus, ReportDocument
from features.reports.periods import Period, PeriodKind
from features.reports.sections import BUILDERS

log = logging.getLogger("partner.reports")

AREA = "report_documents"
BUILD_TASK = "build_report_document"  # declared in the reports SLICE
STALE_AFTER = timedelta(minutes=15)  # a 生成中 row this old lost its job: the scheduled run builds it
LISTED = 30  # 過去の報告書 on the page
TITLES = {
    PeriodKind.WEEK: "週次報告",
    PeriodKind.MONTH: "月次報告",
    PeriodKind.QUARTER: "四半期報告",
    PeriodKind.YEAR: "年度報告",
}
SCHEDULED = (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER)


def period_of(document: ReportDocument) -> Period:
    return Period(PeriodKind(document.kind), document.period_first)


def title_of(document: ReportDocument) -> str:
    return TITLES[PeriodKind(document.kind)]


def file_name(document: ReportDocument, extension: str) -> str:
    period = period_of(document)
    return f"{title_of(document)}_{period.first:%Y%m%d}-{period.last:%Y%m%d}.{extension}"


# -- when a report is due -----------------------------------------------------------------------


def first_business_day_from(day: date) -> date:
    while not clock.is_business_day(day):
        day += timedelta(days=1)
    return day


def due_day(period: Period) -> date:
    """週次報告 on the Monday after the week; 月次・四半期報告 on the first business day after."""
    if period.kind is PeriodKind.WEEK:
        return period.end_day
    return first_business_day_from(period.end_day)


def due_periods(today: date) -> list[Period]:
    """The latest complete period of each scheduled kind whose report is due by `today`."""
    due = []
    for kind in SCHEDULED:
        period = Period.last_complete(kind, today)
        if due_day(period) <= today:
            due.append(period)
    return due


# -- claiming a period --------------------------------------------------------------------------


def _insert(db: AsyncSession):
    dialect = db.bind.dialect.name if db.bind else "sqlite"
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(ReportDocument.__table__)


def _fresh(now: datetime, **values) -> dict:
    return {
        "status": DocumentStatus.BUILDING,
        "requested_at": now,
        "finished_at": None,
        "error": "",
        **values,
    }


async def claim_scheduled(db: AsyncSession, period: Period) -> int | None:
    """The row of a due period, claimed for this run: None when it was already built (or asked)
    after the period ended — the report exists and nothing is built twice."""
    now = clock.now()
    table = ReportDocument.__table__
    values = _fresh(now, automatic=True, created_by=None)
    statement = (
        _insert(db)
        .values(kind=period.kind.value, period_first=period.first, created_at=now, **values)
        .on_conflict_do_update(
            index_elements=[table.c.kind, table.c.period_first],
            set_=values,
            where=table.c.requested_at < period.end,  # made on demand while the period was running
        )
        .returning(table.c.id)
    )
    return (await db.execute(statement)).scalar_one_or_none()


async def request_document(db: AsyncSession, settings: Settings, period: Period, user_id: int | None) -> int:
    """On demand: the period's row, building (again) unless a build is already under way; the build
    is queued after commit. Returns the row's id (a second click shows the same progress)."""
    now = clock.now()
    table = ReportDocument.__table__
    values = _fresh(now, automatic=False, created_by=user_id)
    statement = (
        _insert(db)
        .values(kind=period.kind.value, period_first=period.first, created_at=now, **values)
        .on_conflict_do_update(
            index_elements=[table.c.kind, table.c.period_first],
            set_=values,
            where=table.c.status != DocumentStatus.BUILDING,
        )
        .returning(table.c.id)
    )
    claimed = (await db.execute(statement)).scalar_one_or_none()
    if claimed is None:
        return await db.scalar(
            select(ReportDocument.id).where(
                ReportDocument.kind == period.kind.value, ReportDocument.period_first == period.first
            )
        )

    async def queue_build() -> None:
        await enqueue(BUILD_TASK, key=f"report:{settings.queue.name}:{claimed}:{now.timestamp()}", document_id=claimed)

    after_commit(db, queue_build)
    return claimed


# -- building -----------------------------------------------------------------------------------


async def _produce(db: AsyncSession, settings: Settings, document: ReportDocument) -> tuple[str, int, str, int]:
    period = period_of(document)
    title = title_of(document)
    sections = await service.build_report(db, period, BUILDERS)  # the page's sections
    pdf = build_pdf(title, period, sections)
    xlsx = build_xlsx(title, period, sections)
    pdf_name = uploads.store_derived(settings, pdf, AREA)
    xlsx_name = uploads.store_derived(settings, xlsx, AREA)
    return pdf_name, len(pdf), xlsx_name, len(xlsx)


async def build_document(db: AsyncSession, settings: Settings, document_id: int) -> str:
    """The queued task (and the scheduled job's own step): build a 生成中 row's files. Returns its
    status afterwards ("" when there was nothing to build). A failure marks the row 失敗 instead of
    retrying: the page offers to try again."""
    document = await db.get(ReportDocument, document_id)
    if document is None or document.status != DocumentStatus.BUILDING:
        return document.status if document else ""
    asked = document.requested_at
    old = [name for name in (document.pdf_name, document.xlsx_name) if name]
    try:
        pdf_name, pdf_size, xlsx_name, xlsx_size = await _produce(db, settings, document)
    except Exception as error:  # the counters or the renderers: keep the failure on the row
        log.exception("report document %s failed", document_id)
        await db.rollback()
        await db.execute(
            update(ReportDocument)
            .where(ReportDocument.id == document_id, ReportDocument.requested_at == asked)
            .values(status=DocumentStatus.FAILED, error=type(error).__name__[:200], finished_at=clock.now())
        )
        return DocumentStatus.FAILED
    done = await db.execute(
        update(ReportDocument)
        .where(
            ReportDocument.id == document_id,
            ReportDocument.status == DocumentStatus.BUILDING,
            ReportDocument.requested_at == asked,  # not asked again meanwhile
        )
        .values(
            status=DocumentStatus.DONE,
            pdf_name=pdf_name,
            pdf_size=pdf_size,
            xlsx_name=xlsx_name,
            xlsx_size=xlsx_size,
            finished_at=clock.now(),
            error="",
        )
    )
    if done.rowcount != 1:  # another build won: ours are orphans
        uploads.remove(settings, [pdf_name, xlsx_name], AREA)
        return DocumentStatus.BUILDING
    await _forget_after_commit(db, settings, old)
    if document.automatic:
        await mail_recipients(db, settings, document)
    return DocumentStatus.DONE


async def _forget_after_commit(db: AsyncSession, settings: Settings, names: list[str]) -> None:
    if not names:
        return

    async def remove() -> None:
        uploads.remove(settings, names, AREA)

    after_commit(db, remove)


def recipients(settings: Settings) -> list[str]:
    return [a for a in settings.reports.recipients if a] or (
        [settings.mail.secretariat_address] if settings.mail.secretariat_address else []
    )


async def mail_recipients(db: AsyncSession, settings: Settings, document: ReportDocument) -> int:
    """A link to the report's page for each recipient, once per report and address."""
    period = period_of(document)
    sent = 0
    for address in recipients(settings):
        to = hashlib.sha256(address.lower().encode()).hexdigest()[:12]
        key = keyed_message_id(settings, f"report.{document.kind}.{period.first.isoformat()}.{to}")
        if await mail_queued(db, key):
            continue
        await queue_template_mail(
            db,
            settings,
            to=address,
            template="reports/document_ready.txt.jinja",
            message_id=key,
            title=title_of(document),
            period_label=period.label,
            url=absolute_url(settings, "reports:document", document_id=document.id),
        )
        sent += 1
    return sent


async def generate_due_reports(db: AsyncSession, settings: Settings) -> int:
    """The ScheduledJob (hourly): each due 週次・月次・四半期報告 that is not built yet, and any
    on-demand build whose job was lost. Each claim commits before its build, so a second run sees
    it. Returns how many documents were built."""
    built = 0
    claimed = []
    for period in due_periods(clock.today_jst()):
        document_id = await claim_scheduled(db, period)
        if document_id is not None:
            claimed.append(document_id)
    stale = await db.scalars(
        select(ReportDocument.id).where(
            ReportDocument.status == DocumentStatus.BUILDING,
            ReportDocument.requested_at < clock.now() - STALE_AFTER,
        )
    )
    claimed += [i for i in stale.all() if i not in claimed]
    await db.commit()
    for document_id in claimed:
        built += await build_document(db, settings, document_id) == DocumentStatus.DONE
        await db.commit()
    return built


# -- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentView:
    id: int
    title: str
    period: Period
    status: str
    automatic: bool
    created_by: str
    requested_at: datetime
    finished_at: datetime | None
    pdf_size: int
    xlsx_size: int
    error: str

    @property
    def done(self) -> bool:
        return self.status == DocumentStatus.DONE

    @property
    def building(self) -> bool:
        return self.status == DocumentStatus.BUILDING

    @property
    def author(self) -> str:
        return "自動" if self.automatic else (self.created_by or "事務局")


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}MB"
    return f"{max(1, round(size / 1024))}KB"


async def _authors(db: AsyncSession, rows: list[ReportDocument]) -> dict[int, str]:
    return await accounts.active_emails_of_users(db, {r.created_by for r in rows if r.created_by})


def _view(row: ReportDocument, authors: dict[int, str]) -> DocumentView:
    return DocumentView(
        id=row.id,
        title=title_of(row),
        period=period_of(row),
        status=row.status,
        automatic=row.automatic,
        created_by=authors.get(row.created_by or 0, ""),
        requested_at=row.requested_at,
        finished_at=row.finished_at,
        pdf_size=row.pdf_size,
        xlsx_size=row.xlsx_size,
        error=row.error,
    )


async def document_view(db: AsyncSession, document_id: int) -> DocumentView | None:
    row = await db.get(ReportDocument, document_id)
    return None if row is None else _view(row, await _authors(db, [row]))


async def document_for_period(db: AsyncSession, period: Period) -> DocumentView | None:
    row = await db.scalar(
        select(ReportDocument).where(
            ReportDocument.kind == period.kind.value, ReportDocument.period_first == period.first
        )
    )
    return None if row is None else _view(row, await _authors(db, [row]))


async def recent_documents(db: AsyncSession, limit: int = LISTED) -> list[DocumentView]:
    rows = list(
        await db.scalars(
            select(ReportDocument)
            .order_by(ReportDocument.period_first.desc(), ReportDocument.kind, ReportDocument.id)
            .limit(limit)
        )
    )
    authors = await _authors(db, rows)
    return [_view(r, authors) for r in rows]


async def document_file(
    db: AsyncSession, settings: Settings, document_id: int, extension: str
) -> tuple[bytes, str] | None:
    """(bytes, download name) of a 完了 document's PDF or Excel; None when there is none."""
    row = await db.get(ReportDocument, document_id)
    if row is None or row.status != DocumentStatus.DONE:
        return None
    name = row.pdf_name if extension == "pdf" else row.xlsx_name
    try:
        return uploads.read(settings, name, AREA), file_name(row, extension)
    except (FileNotFoundError, ValueError):
        return None
