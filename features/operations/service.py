"""システム運用 (000 §8.6): what the secretariat checks to know the system is healthy — the outbox,
the queue and its scheduled jobs, the database and upload sizes, the last server errors — and
the audit log, searchable. Read-only: nothing here changes anything."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Select, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, slices
from app.audit import AuditEvent
from app.config import Settings
from app.mail import MailStatus, OutboxMail
from app.operations import ErrorEvent, JobRun
from app.pagination import Page
from app.queue import current_queue

ERRORS_SHOWN = 100
AUDIT_PER_PAGE = 50
LARGEST_TABLES = 10


@dataclass(frozen=True)
class OutboxFigures:
    pending: int
    sending: int
    failing: int  # not sent yet, and the last attempt failed (retries continue)
    sent_24h: int
    blocked: int  # never sent: to an address no mail may reach (物故)
    oldest_pending_at: datetime | None
    suspected_duplicates_24h: int


@dataclass(frozen=True)
class QueueFigures:
    reachable: bool
    queued: int = 0
    active: int = 0
    scheduled: int = 0
    workers: int = 0


@dataclass(frozen=True)
class JobFigures:
    name: str
    cron: str
    last_started_at: datetime | None
    last_finished_at: datetime | None
    succeeded: bool | None  # None: never ran
    result: int | None
    error: str
    last_success_at: datetime | None


@dataclass(frozen=True)
class TableSize:
    name: str
    bytes: int | None  # None when the engine cannot tell
    rows: int | None


async def outbox_figures(db: AsyncSession) -> OutboxFigures:
    day_ago = clock.now() - timedelta(hours=24)
    by_status = dict((await db.execute(select(OutboxMail.status, func.count()).group_by(OutboxMail.status))).all())
    not_sent = OutboxMail.status != MailStatus.SENT
    failing = await db.scalar(
        select(func.count()).select_from(OutboxMail).where(not_sent, OutboxMail.last_error.is_not(None))
    )
    sent_24h = await db.scalar(
        select(func.count())
        .select_from(OutboxMail)
        .where(OutboxMail.status == MailStatus.SENT, OutboxMail.sent_at >= day_ago)
    )
    duplicates = await db.scalar(
        select(func.count())
        .select_from(OutboxMail)
        .where(OutboxMail.suspected_duplicate.is_(True), OutboxMail.created_at >= day_ago)
    )
    oldest = await db.scalar(select(func.min(OutboxMail.created_at)).where(OutboxMail.status == MailStatus.PENDING))
    return OutboxFigures(
        pending=by_status.get(MailStatus.PENDING, 0),
        sending=by_status.get(MailStatus.SENDING, 0),
        failing=failing or 0,
        sent_24h=sent_24h or 0,
        blocked=by_status.get(MailStatus.BLOCKED, 0),
        oldest_pending_at=oldest,
        suspected_duplicates_24h=duplicates or 0,
    )


async def queue_figures() -> QueueFigures:
    queue = current_queue()
    if queue is None:
        return QueueFigures(reachable=False)
    try:
        info = await asyncio.wait_for(queue.info(), timeout=3)
    except Exception:
        return QueueFigures(reachable=False)
    return QueueFigures(
        reachable=True,
        queued=int(info.get("queued") or 0),
        active=int(info.get("active") or 0),
        scheduled=int(info.get("scheduled") or 0),
        workers=len(info.get("workers") or {}),
    )


def _schedule(settings: Settings) -> dict[str, str]:
    """Every cron job the worker runs, by name (the frame's two sweeps and each slice's jobs)."""
    frame = {"sweep_outbox": settings.queue.outbox_sweep_cron, "sweep_mail_attachments": "50 19 * * *"}
    return {**frame, **{job.name: job.cron for job in slices.scheduled_jobs()}}


async def job_figures(db: AsyncSession, settings: Settings) -> list[JobFigures]:
    runs = {row.name: row for row in await db.scalars(select(JobRun))}
    figures = []
    for name, cron in sorted(_schedule(settings).items()):
        run = runs.get(name)
        figures.append(
            JobFigures(
                name=name,
                cron=cron,
                last_started_at=run.started_at if run else None,
                last_finished_at=run.finished_at if run else None,
                succeeded=run.succeeded if run else None,
                result=run.result if run else None,
                error=run.error if run else "",
                last_success_at=run.last_success_at if run else None,
            )
        )
    return figures


async def database_size(db: AsyncSession) -> tuple[int | None, list[TableSize]]:
    """The whole database's size and its largest tables (bytes where the engine tells)."""
    if db.bind.dialect.name == "postgresql":
        total = await db.scalar(text("SELECT pg_database_size(current_database())"))
        rows = await db.execute(
            text(
                "SELECT c.relname, pg_total_relation_size(c.oid), c.reltuples::bigint FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind = 'r' AND n.nspname = current_schema()"
                " ORDER BY pg_total_relation_size(c.oid) DESC LIMIT :limit"
            ),
            {"limit": LARGEST_TABLES},
        )
        return total, [TableSize(name, size, count if count >= 0 else None) for name, size, count in rows]
    page_size = await db.scalar(text("PRAGMA page_size"))
    page_count = await db.scalar(text("PRAGMA page_count"))
    total = page_size * page_count if page_size and page_count else None
    try:  # dbstat is compiled into Debian's and Python's SQLite; without it, sizes stay unknown
        rows = await db.execute(
            text(
                "SELECT s.name, SUM(s.pgsize) AS size FROM dbstat s JOIN sqlite_master m ON m.name = s.name"
                " WHERE m.type = 'table' GROUP BY s.name ORDER BY size DESC LIMIT :limit"
            ),
            {"limit": LARGEST_TABLES},
        )
        return total, [TableSize(name, size, None) for name, size in rows]
    except Exception:
        return total, []


def _directory_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for root, _dirs, names in os.walk(path):
        for name in names:
            try:
                total += os.stat(os.path.join(root, name)).st_size
                files += 1
            except OSError:  # removed while we walk
                continue
    return total, files


async def uploads_size(settings: Settings) -> tuple[int, int]:
    """Bytes and files under var/uploads (every slice's area) and var/mail-attachments."""
    sizes = [
        await asyncio.to_thread(_directory_size, settings.var_path / name) for name in ("uploads", "mail-attachments")
    ]
    return sum(s[0] for s in sizes), sum(s[1] for s in sizes)


async def recent_errors(db: AsyncSession) -> list[ErrorEvent]:
    return list(await db.scalars(select(ErrorEvent).order_by(ErrorEvent.id.desc()).limit(ERRORS_SHOWN)))


async def errors_since(db: AsyncSession, since: datetime) -> int:
    return await db.scalar(select(func.count()).select_from(ErrorEvent).where(ErrorEvent.created_at >= since)) or 0


@dataclass(frozen=True)
class AuditFilters:
    actor_ids: tuple[int, ...] | None = None  # None: anyone; (): an actor was asked for and not found
    action: str = ""
    subject_type: str = ""
    subject_id: str = ""
    since: datetime | None = None
    until: datetime | None = None  # exclusive


def _audit_query(filters: AuditFilters) -> Select:
    query = select(AuditEvent)
    if filters.actor_ids is not None:
        query = query.where(AuditEvent.actor_user_id.in_(filters.actor_ids))
    if filters.action:
        query = query.where(AuditEvent.action.contains(filters.action, autoescape=True))
    if filters.subject_type:
        query = query.where(AuditEvent.target_type == filters.subject_type)
    if filters.subject_id:
        query = query.where(AuditEvent.target_id == filters.subject_id)
    if filters.since is not None:
        query = query.where(AuditEvent.created_at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditEvent.created_at < filters.until)
    return query


async def search_audit(db: AsyncSession, filters: AuditFilters, page: int) -> Page[AuditEvent]:
    query = _audit_query(filters)
    total = await db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = await db.scalars(
        query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * AUDIT_PER_PAGE)
        .limit(AUDIT_PER_PAGE)
    )
    return Page(list(rows), page, AUDIT_PER_PAGE, total)
