"""The outbox: every mail is a row written in the caller's transaction, delivered by saq.

queue_mail() adds the row; once the transaction commits a `deliver_mail` job is
enqueued for each batch of new rows (job key `mail:<queue>:<id>,<id>,…`). Delivery claims the
rows with a lease, sends them over one SMTP connection and marks each sent as soon as the
server accepted it, so a row marked sent is never sent again and two workers never send the
same row at once. A periodic sweep re-enqueues rows left pending (queue outage, exhausted
retries, a worker killed mid-delivery).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from enum import StrEnum

import aiosmtplib
import jinja2
from jinja2_fragments import render_block
from sqlalchemy import Index, and_, bindparam, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, mailblock, uploads, urls
from app.config import ROOT, Settings
from app.db import Database, after_commit
from app.mail_addresses import verp_sender
from app.models import Column, Field, SQLModel, Text
from app.queue import enqueue

log = logging.getLogger("partner.mail")
DELIVER_TASK = "deliver_mail"


class MailStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    BLOCKED = "blocked"  # to an address no mail may reach (app/mailblock.py): kept, never delivered


class OutboxMail(SQLModel, table=True):
    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_status_created", "status", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=320)
    subject: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    message_id: str = Field(max_length=200, unique=True)
    status: str = Field(default=MailStatus.PENDING, max_length=16)
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    claim_token: str | None = Field(default=None, max_length=32)
    claimed_at: datetime | None = None
    suspected_duplicate: bool = Field(default=False)
    created_at: datetime
    sent_at: datetime | None = None
    # Extra headers of a bulk mail (List-Unsubscribe, List-Unsubscribe-Post), as a JSON object.
    headers: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # What sent it, e.g. "mailing:12", "news:34", "alert:daily": bounce rates and progress per campaign.
    campaign: str | None = Field(default=None, max_length=40, index=True)


# -- composing ---------------------------------------------------------------------

_mail_env = jinja2.Environment(
    loader=jinja2.PrefixLoader(
        {p.parent.name: jinja2.FileSystemLoader(p) for p in sorted((ROOT / "features").glob("*/emails"))}
    ),
    autoescape=False,  # plain-text mail
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


@jinja2.pass_context
def _absolute_url(context: jinja2.runtime.Context, name: str, query: dict | None = None, **params: object) -> str:
    """`{{ absolute_url("accounts:login") }}` in a mail: the route by name under the mail's `base_url`
    (the configured one the caller passes, never a Host header), as app.urls.absolute_url builds it."""
    return str(context["base_url"]).rstrip("/") + urls.path_for(name, query, **params)


_mail_env.globals["absolute_url"] = _absolute_url


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body: str


def render_mail(template_name: str, **context) -> RenderedMail:
    """A mail template is `<slice>/<name>.txt.jinja` with blocks `subject` and `body`."""
    template = _mail_env.get_template(template_name)
    subject = render_block(_mail_env, template, "subject", context).strip()
    body = render_block(_mail_env, template, "body", context).strip() + "\n"
    return RenderedMail(subject=" ".join(subject.split()), body=body)


def _message_id(settings: Settings) -> str:
    domain = parseaddr(settings.mail.from_address)[1].rpartition("@")[2] or "partner.localhost"
    return f"<{clock.now():%Y%m%d%H%M%S}.{secrets.token_hex(10)}@{domain}>"


@dataclass(frozen=True)
class Attachment:
    filename: str  # as the recipient sees it (Japanese is fine)
    content_type: str  # "text/csv"
    data: bytes


def keyed_message_id(settings: Settings, key: str) -> str:
    """A Message-ID fixed by `key` (e.g. "recruitment-report.2026-11.<recipient hash>"): queue_mail
    with it twice fails on the unique column, and mail_queued() tells a job it has already sent."""
    domain = parseaddr(settings.mail.from_address)[1].rpartition("@")[2] or "partner.localhost"
    return f"<{key}@{domain}>"


async def mail_queued(session: AsyncSession, message_id: str) -> bool:
    return (await session.scalar(select(OutboxMail.id).where(OutboxMail.message_id == message_id))) is not None


async def queue_mail(
    session: AsyncSession,
    settings: Settings,
    *,
    to: str,
    subject: str,
    body: str,
    message_id: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    headers: dict[str, str] | None = None,
    campaign: str | None = None,
) -> OutboxMail:
    """Write one mail into the outbox in the caller's transaction; deliver after commit.

    Attachments are written beside the outbox (var/mail-attachments/, under a name derived from
    the Message-ID) before the row commits, so the worker that sends the row finds them; a
    rolled-back mail leaves only an unused directory behind."""
    message_id = message_id or _message_id(settings)
    if attachments:
        _store_attachments(settings, message_id, attachments)
    return (await _insert(session, settings, [(to, subject, body, message_id, headers)], campaign))[0]


@dataclass(frozen=True)
class BulkMail:
    """One mail of a bulk send: its own headers carry its recipient's unsubscribe link."""

    to: str
    subject: str
    body: str
    headers: dict[str, str] | None = None


async def queue_mails(
    session: AsyncSession,
    settings: Settings,
    mails: list[tuple[str, str, str]] | list[BulkMail],
    *,
    campaign: str | None = None,
) -> list[OutboxMail]:
    """Several (to, subject, body) or BulkMail in one bulk INSERT: a message to 1,000 people is one
    statement. The rows come back in the order given."""
    return await _insert(
        session,
        settings,
        [
            (m.to, m.subject, m.body, _message_id(settings), m.headers)
            if isinstance(m, BulkMail)
            else (m[0], m[1], m[2], _message_id(settings), None)
            for m in mails
        ],
        campaign,
    )


def _store_attachments(settings: Settings, message_id: str, attachments: tuple[Attachment, ...]) -> None:
    uploads.store_file_set(settings, message_id, [(a.filename, a.content_type, a.data) for a in attachments])


def stored_attachments(settings: Settings, message_id: str) -> list[Attachment]:
    return [Attachment(*part) for part in uploads.file_set(settings, message_id)]


async def _insert(
    session: AsyncSession,
    settings: Settings,
    mails: list[tuple[str, str, str, str, dict[str, str] | None]],
    campaign: str | None = None,
) -> list[OutboxMail]:
    now = clock.now()
    blocked = await mailblock.blocked_among(session, (m[0] for m in mails))
    rows = list(
        await session.scalars(
            insert(OutboxMail).returning(OutboxMail, sort_by_parameter_order=True),
            [
                {
                    "status": MailStatus.BLOCKED if to.strip().lower() in blocked else MailStatus.PENDING,
                    "to_address": to,
                    "subject": subject,
                    "body": body,
                    "message_id": message_id,
                    "created_at": now,
                    "headers": _checked_headers(headers),
                    "campaign": campaign,
                }
                for to, subject, body, message_id, headers in mails
            ],
        )
    )
    pending = session.info.setdefault("partner_outbox_ids", [])
    if not pending and any(row.status == MailStatus.PENDING for row in rows):
        after_commit(session, lambda: _enqueue_after_commit(session, settings))
    pending.extend(row.id for row in rows if row.status == MailStatus.PENDING)
    return rows


async def queue_template_mail(
    session: AsyncSession,
    settings: Settings,
    *,
    to: str,
    template: str,
    message_id: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    **context,
) -> OutboxMail:
    rendered = render_mail(template, **context)
    return await queue_mail(
        session,
        settings,
        to=to,
        subject=rendered.subject,
        body=rendered.body,
        message_id=message_id,
        attachments=attachments,
    )


_HEADER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,60}$")
_RESERVED_HEADERS = {"from", "to", "subject", "date", "message-id", "cc", "bcc", "sender", "return-path"}


def _checked_headers(headers: dict[str, str] | None) -> str | None:
    """Only extra headers with plain names and one-line values: never a second To or a folded injection."""
    if not headers:
        return None
    for name, value in headers.items():
        if not _HEADER_NAME.match(name) or name.lower() in _RESERVED_HEADERS:
            raise ValueError(f"header not allowed: {name!r}")
        if "\r" in value or "\n" in value:
            raise ValueError(f"header {name} has a line break")
    return json.dumps(headers, ensure_ascii=False)


# One job delivers up to this many rows over one SMTP connection: a message to 1,000 people is
# 40 jobs, not 1,000. Small enough that a batch ends well within mail.job_timeout (the lease).
BATCH_SIZE = 25


async def _enqueue_after_commit(session: AsyncSession, settings: Settings) -> None:
    await enqueue_deliveries(settings, session.info.pop("partner_outbox_ids", []))


async def enqueue_deliveries(settings: Settings, mail_ids: list[int]) -> None:
    """One job per batch of rows; the round trips to the queue overlap."""
    batches = [mail_ids[start : start + BATCH_SIZE] for start in range(0, len(mail_ids), BATCH_SIZE)]
    await asyncio.gather(*(enqueue_delivery(settings, batch) for batch in batches))


def mail_job_key(settings: Settings, mail_ids: list[int]) -> str:
    # saq keeps abort markers by bare key across queues: name the queue in the key.
    return f"mail:{settings.queue.name}:{','.join(map(str, mail_ids))}"


async def enqueue_delivery(settings: Settings, mail_ids: list[int]) -> bool:
    m = settings.mail
    return await enqueue(
        DELIVER_TASK,
        key=mail_job_key(settings, mail_ids),
        mail_ids=mail_ids,  # only the row ids travel: never the body or a secret
        timeout=m.job_timeout,
        retries=m.retries,
        retry_delay=m.retry_delay,
        retry_backoff=m.retry_backoff_max,
    )


# -- delivering --------------------------------------------------------------------


class DeliveryOutcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    IN_FLIGHT = "in_flight"
    MISSING = "missing"


def build_message(settings: Settings, mail: OutboxMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail.from_address
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at.astimezone(UTC), usegmt=True)
    message["Message-ID"] = mail.message_id
    message["Auto-Submitted"] = "auto-generated"
    for name, value in json.loads(mail.headers or "{}").items():
        message[name] = value
    message.set_content(mail.body, charset="utf-8")
    for attachment in stored_attachments(settings, mail.message_id):
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=attachment.filename,
            params={"charset": "utf-8"} if maintype == "text" else None,
        )
    return message


@asynccontextmanager
async def _transport(settings: Settings) -> AsyncIterator[Callable[[EmailMessage, str], Awaitable[object]]]:
    """What sends one message (with its envelope sender): one SMTP connection for a whole batch, or the log."""
    m = settings.mail
    if m.transport != "smtp":

        async def log_only(message: EmailMessage, sender: str) -> None:
            log.info("mail %s to %s: %s (transport=log)", message["Message-ID"], message["To"], message["Subject"])

        yield log_only
        return
    async with aiosmtplib.SMTP(
        hostname=m.smtp_host,
        port=m.smtp_port,
        username=m.smtp_username or None,
        password=m.smtp_password or None,
        start_tls=m.smtp_starttls,
        timeout=m.smtp_timeout,
    ) as smtp:

        async def send(message: EmailMessage, sender: str) -> object:
            return await smtp.send_message(message, sender=sender)

        yield send


async def deliver(database: Database, settings: Settings, mail_ids: list[int]) -> dict[int, DeliveryOutcome]:
    """Deliver outbox rows at most once each, over one connection (a lease guards against parallel workers).

    Each row is marked sent as soon as the server has accepted it, so a worker dying mid-batch
    leaves at most the one row it was sending accepted but not marked.
    """
    token = secrets.token_hex(8)
    claimed, outcomes = await _claim(database, settings, mail_ids, token)
    if not claimed:
        return outcomes  # nothing to send: no connection to open
    unsent = {mail.id for mail in claimed}
    failures: list[Exception] = []
    try:
        async with _transport(settings) as send:
            for mail in claimed:
                if mail.suspected_duplicate:
                    log.warning(
                        "mail %s is sent again after an interrupted delivery; a duplicate of %s is possible",
                        mail.id,
                        mail.message_id,
                    )
                try:
                    await send(build_message(settings, mail), verp_sender(settings, mail.id))
                except (ValueError, aiosmtplib.SMTPRecipientsRefused, aiosmtplib.SMTPResponseException) as error:
                    # This message cannot go (a header or address we cannot send, or the server refused
                    # it and aiosmtplib reset the envelope): the connection still serves the rest of the
                    # batch, and the row goes back to pending for the job's retry.
                    unsent.discard(mail.id)
                    await _release(database, [mail.id], token, error)
                    failures.append(error)
                    continue
                unsent.discard(mail.id)
                await _mark_sent(database, mail.id, token)
                outcomes[mail.id] = DeliveryOutcome.SENT
    except Exception as error:
        # No connection, or it broke: every row not sent yet goes back to pending for the retry.
        await _release(database, list(unsent), token, error)
        raise
    if failures:
        raise failures[0]  # the job retries: the rows sent meanwhile come back ALREADY_SENT
    return outcomes


async def _claim(
    database: Database, settings: Settings, mail_ids: list[int], token: str
) -> tuple[list[OutboxMail], dict[int, DeliveryOutcome]]:
    """Lease every claimable row in one statement; say why each other row was not claimed."""
    now = clock.now()
    lease_expired = now - timedelta(seconds=settings.mail.job_timeout)
    async with database.write_engine.begin() as connection:
        rows = await connection.execute(
            update(OutboxMail)
            .where(
                OutboxMail.id.in_(mail_ids),
                or_(
                    OutboxMail.status == MailStatus.PENDING,
                    and_(OutboxMail.status == MailStatus.SENDING, OutboxMail.claimed_at <= lease_expired),
                ),
            )
            .values(
                status=MailStatus.SENDING,
                claim_token=token,
                claimed_at=now,
                attempts=OutboxMail.attempts + 1,
                # A row still "sending" after its lease: the last worker died mid-delivery and the
                # server may have accepted it already. Send again, but flag a possible duplicate.
                suspected_duplicate=or_(OutboxMail.suspected_duplicate, OutboxMail.status == MailStatus.SENDING),
            )
            .returning(OutboxMail)
        )
        claimed = sorted((OutboxMail(**row._mapping) for row in rows), key=lambda mail: mail.id)
        missed = set(mail_ids) - {mail.id for mail in claimed}
        if not missed:
            return claimed, {}
        statuses = dict(
            (await connection.execute(select(OutboxMail.id, OutboxMail.status).where(OutboxMail.id.in_(missed)))).all()
        )
    return claimed, {mail_id: _not_claimed(statuses.get(mail_id)) for mail_id in missed}


def _not_claimed(status: str | None) -> DeliveryOutcome:
    if status is None:
        return DeliveryOutcome.MISSING
    if status == MailStatus.SENT:
        return DeliveryOutcome.ALREADY_SENT
    return DeliveryOutcome.IN_FLIGHT  # another worker holds the lease (or just released it)


# Built once: SQLAlchemy takes longer to build and key this statement than SQLite takes to run it.
_MARK_SENT = (
    update(OutboxMail)
    .where(OutboxMail.id == bindparam("mail_id"), OutboxMail.claim_token == bindparam("token"))
    .values(status=MailStatus.SENT, claim_token=None, sent_at=bindparam("now"), last_error=None)
)


async def _mark_sent(database: Database, mail_id: int, token: str) -> None:
    async with database.write_engine.begin() as connection:
        await connection.execute(_MARK_SENT, {"mail_id": mail_id, "token": token, "now": clock.now()})


async def _release(database: Database, mail_ids: list[int], token: str, error: Exception) -> None:
    if not mail_ids:
        return
    async with database.write_engine.begin() as connection:
        await connection.execute(
            update(OutboxMail)
            .where(OutboxMail.id.in_(mail_ids), OutboxMail.claim_token == token)
            .values(status=MailStatus.PENDING, claim_token=None, last_error=str(error)[:2000])
        )


async def requeue_pending(
    database: Database, settings: Settings, *, grace_seconds: int | None = None, limit: int = 500
) -> list[int]:
    """Enqueue again every row left pending past the grace period or stuck sending."""
    now = clock.now()
    if grace_seconds is None:
        grace_seconds = settings.mail.pending_grace_seconds
    grace = now - timedelta(seconds=grace_seconds)
    lease_expired = now - timedelta(seconds=settings.mail.job_timeout)
    async with database.session(write=False) as db:
        rows = await db.execute(
            select(OutboxMail.id)
            .where(
                or_(
                    and_(OutboxMail.status == MailStatus.PENDING, OutboxMail.created_at <= grace),
                    and_(OutboxMail.status == MailStatus.SENDING, OutboxMail.claimed_at <= lease_expired),
                )
            )
            .order_by(OutboxMail.id)
            .limit(limit)
        )
        ids = list(rows.scalars())
    await enqueue_deliveries(settings, ids)
    return ids


async def recent_mail(database: Database, limit: int = 50) -> list[OutboxMail]:
    """Newest first, for the development mail viewer."""
    async with database.session(write=False) as db:
        rows = await db.execute(select(OutboxMail).order_by(OutboxMail.id.desc()).limit(limit))
        return list(rows.scalars())
