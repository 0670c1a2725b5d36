"""The outbox: every mail is a row written in the caller's transaction, delivered by saq.

queue_mail() adds the row; once the transaction commits a `deliver_mail` job is
enqueued (job key `mail:<queue>:<id>`). Delivery claims the row with a lease, sends it over
SMTP and marks it sent, so a row marked sent is never sent again and two workers never
send the same row at once. A periodic sweep re-enqueues rows left pending (queue
outage, exhausted retries, a worker killed mid-delivery).
"""

from __future__ import annotations

import asyncio

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from enum import StrEnum

import aiosmtplib
import jinja2
from jinja2_fragments import render_block
from sqlalchemy import Index, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from app.models import Column, Field, SQLModel, Text

from app import clock
from app.config import ROOT, Settings
from app.db import Database, after_commit
from app.queue import enqueue

log = logging.getLogger("partner.mail")
DELIVER_TASK = "deliver_mail"


class MailStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"


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


# -- composing ---------------------------------------------------------------------

_mail_env = jinja2.Environment(
    loader=jinja2.PrefixLoader(
        {p.parent.name: jinja2.FileSystemLoader(p) for p in sorted((ROOT / "features").glob("*/emails"))}
    ),
    autoescape=False,  # plain-text mail
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


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


async def queue_mail(
    session: AsyncSession, settings: Settings, *, to: str, subject: str, body: str
) -> OutboxMail:
    """Write one mail into the outbox in the caller's transaction; deliver after commit."""
    return (await queue_mails(session, settings, [(to, subject, body)]))[0]


async def queue_mails(session: AsyncSession, settings: Settings, mails: list[tuple[str, str, str]]) -> list[OutboxMail]:
    """Several (to, subject, body) in one flush: a message to 1,000 people is one batch insert."""
    rows = [OutboxMail(to_address=to, subject=subject, body=body, message_id=_message_id(settings), created_at=clock.now())
            for to, subject, body in mails]
    session.add_all(rows)
    await session.flush()
    pending = session.info.setdefault("partner_outbox_ids", [])
    if not pending:
        after_commit(session, lambda: _enqueue_after_commit(session, settings))
    pending.extend(row.id for row in rows)
    return rows


async def queue_template_mail(
    session: AsyncSession, settings: Settings, *, to: str, template: str, **context
) -> OutboxMail:
    rendered = render_mail(template, **context)
    return await queue_mail(session, settings, to=to, subject=rendered.subject, body=rendered.body)


ENQUEUE_CONCURRENCY = 50


async def _enqueue_after_commit(session: AsyncSession, settings: Settings) -> None:
    # A message to 1,000 people: round trips to the queue overlap, 50 at a time.
    ids = session.info.pop("partner_outbox_ids", [])
    for start in range(0, len(ids), ENQUEUE_CONCURRENCY):
        await asyncio.gather(*(enqueue_delivery(settings, i) for i in ids[start:start + ENQUEUE_CONCURRENCY]))


def mail_job_key(settings: Settings, mail_id: int) -> str:
    return f"mail:{settings.queue.name}:{mail_id}"


async def enqueue_delivery(settings: Settings, mail_id: int) -> bool:
    m = settings.mail
    return await enqueue(
        DELIVER_TASK,
        # saq keeps abort markers by bare key across queues: name the queue in the key.
        key=mail_job_key(settings, mail_id),
        mail_id=mail_id,  # only the row id travels: never the body or a secret
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
    message.set_content(mail.body, charset="utf-8")
    return message


async def send_over_smtp(settings: Settings, message: EmailMessage) -> None:
    m = settings.mail
    await aiosmtplib.send(
        message,
        hostname=m.smtp_host,
        port=m.smtp_port,
        username=m.smtp_username or None,
        password=m.smtp_password or None,
        start_tls=m.smtp_starttls,
        timeout=m.smtp_timeout,
    )


async def deliver(database: Database, settings: Settings, mail_id: int) -> DeliveryOutcome:
    """Deliver one outbox row at most once (a lease guards against parallel workers)."""
    token = secrets.token_hex(8)
    now = clock.now()
    lease_expired = now - timedelta(seconds=settings.mail.job_timeout)
    async with database.session() as db:
        mail = await db.get(OutboxMail, mail_id)
        if mail is None:
            return DeliveryOutcome.MISSING
        if mail.status == MailStatus.SENT:
            return DeliveryOutcome.ALREADY_SENT
        if mail.status == MailStatus.SENDING and mail.claimed_at and mail.claimed_at > lease_expired:
            return DeliveryOutcome.IN_FLIGHT
        # A row still "sending" after its lease: the last worker died mid-delivery and the
        # server may have accepted it already. Send again, but flag a possible duplicate.
        was_interrupted = mail.status == MailStatus.SENDING
        claimed = await db.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, _same_claim(mail.claim_token))
            .values(
                status=MailStatus.SENDING,
                claim_token=token,
                claimed_at=now,
                attempts=OutboxMail.attempts + 1,
                suspected_duplicate=mail.suspected_duplicate or was_interrupted,
            )
        )
        if claimed.rowcount != 1:
            return DeliveryOutcome.IN_FLIGHT
        message = build_message(settings, mail)
    if was_interrupted:
        log.warning("mail %s was interrupted mid-delivery; a duplicate of %s is possible", mail_id, mail.message_id)
    try:
        if settings.mail.transport == "smtp":
            await send_over_smtp(settings, message)
        else:
            log.info("mail %s to %s: %s (transport=log)", mail_id, mail.to_address, mail.subject)
    except Exception as error:
        async with database.session() as db:
            await db.execute(
                update(OutboxMail)
                .where(OutboxMail.id == mail_id, OutboxMail.claim_token == token)
                .values(status=MailStatus.PENDING, claim_token=None, last_error=str(error)[:2000])
            )
        raise
    async with database.session() as db:
        await db.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, OutboxMail.claim_token == token)
            .values(status=MailStatus.SENT, claim_token=None, sent_at=clock.now(), last_error=None)
        )
    return DeliveryOutcome.SENT


def _same_claim(previous_token: str | None):
    if previous_token is None:
        return OutboxMail.claim_token.is_(None)
    return OutboxMail.claim_token == previous_token


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
    for mail_id in ids:
        await enqueue_delivery(settings, mail_id)
    return ids


async def recent_mail(database: Database, limit: int = 50) -> list[OutboxMail]:
    """Newest first, for the development mail viewer."""
    async with database.session(write=False) as db:
        rows = await db.execute(select(OutboxMail).order_by(OutboxMail.id.desc()).limit(limit))
        return list(rows.scalars())

