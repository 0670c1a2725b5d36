"""Sending a mailing: one step per job, each step one transaction.

The first step (when send_at has come) resolves the audience into `mailing_recipient` — one row per
person, unique per mailing, excluded people recorded as suppressed with the reason. Each next step
locks the mailing row, takes the next `[mailings] batch_size` pending recipients, checks them again
(a preference or 不達 set meanwhile still excludes), writes their mails to the outbox
(`queue_mails`, campaign "mailing:<id>") and marks them queued with the outbox row id — all in the
one transaction, so a worker killed mid-step leaves nothing half done and a recipient can never be
written twice. After commit the next step is enqueued under a key naming the progress; the
minutely `send_due_mailings` starts due mailings and re-enqueues any whose chain was lost.
Pause and cancel are state changes the next step reads (under the same row lock) and obeys.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.db import Database, after_commit
from app.mail import BulkMail, MailStatus, OutboxMail, queue_mails
from app.queue import enqueue
from app.urls import absolute_url
from features.accounts.api import MergeValues, merge_values
from features.bounces import api as bounces
from features.mail_preferences import api as preferences
from features.mailings import merge
from features.mailings.audience import Audience, members
from features.mailings.models import Mailing, MailingRecipient, MailingStatus, RecipientStatus
from features.mailings.states import Actor, Move, TransitionRefused, target

STEP_TASK = "send_mailing_step"
INSERT_CHUNK = 1000  # recipient rows per INSERT (5 parameters each)
_NO_VALUES = MergeValues("", "", "")


def campaign(mailing_id: int) -> str:
    return f"mailing:{mailing_id}"


async def move(db: AsyncSession, mailing: Mailing, to: Move, actor: Actor, **values) -> None:
    """Apply a move: checked against the table, then written only if the mailing is still in the
    state it was read in (a second click, or the job racing a button, finds 0 rows and is refused)."""
    to_state = target(to, mailing.status, actor)
    result = await db.execute(
        update(Mailing)
        .where(Mailing.id == mailing.id, Mailing.status == mailing.status)
        .values(status=to_state, updated_at=clock.now(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise TransitionRefused("この配信は他の操作で更新されました。画面を読み込み直してください。")
    await db.refresh(mailing)


async def locked(db: AsyncSession, mailing_id: int) -> Mailing | None:
    """The mailing, its row held for this transaction (PostgreSQL; SQLite writes begin IMMEDIATE)."""
    statement = (
        select(Mailing).where(Mailing.id == mailing_id).with_for_update().execution_options(populate_existing=True)
    )
    return (await db.execute(statement)).scalar_one_or_none()


# -- the job's steps -------------------------------------------------------------------------------


async def step(db: AsyncSession, settings: Settings, mailing_id: int) -> str:
    """One step of one mailing: "started", "batch", "done", or why nothing was done
    ("not_due", "stopped", "missing")."""
    mailing = await locked(db, mailing_id)
    if mailing is None:
        return "missing"
    now = clock.now()
    if mailing.status == MailingStatus.SCHEDULED:
        if mailing.send_at is None or mailing.send_at > now:
            return "not_due"
        await move(db, mailing, Move.START, Actor.SYSTEM, started_at=now)
        await _resolve(db, settings, mailing)
        _continue(db, settings, mailing.id, "resolved")
        return "started"
    if mailing.status != MailingStatus.SENDING:
        return "stopped"  # paused, cancelled or done: nothing more is written
    written = await _queue_batch(db, settings, mailing)
    if not written:
        await move(db, mailing, Move.FINISH, Actor.SYSTEM, finished_at=now)
        return "done"
    _continue(db, settings, mailing.id, str(await processed(db, mailing.id)))
    return "batch"


async def processed(db: AsyncSession, mailing_id: int) -> int:
    """Recipients no longer pending (queued or suppressed): the progress that keys the next step."""
    return (
        await db.execute(
            select(func.count())
            .select_from(MailingRecipient)
            .where(MailingRecipient.mailing_id == mailing_id, MailingRecipient.status != RecipientStatus.PENDING)
        )
    ).scalar_one()


def _continue(db: AsyncSession, settings: Settings, mailing_id: int, progress: str) -> None:
    async def next_step() -> None:
        await enqueue_step(settings, mailing_id, progress)

    after_commit(db, next_step)


async def enqueue_step(settings: Settings, mailing_id: int, progress: str) -> bool:
    """A step job keyed by the progress: the sweep and the chain enqueue the same key, so at most
    one job per point of progress waits (and the row lock serializes any two that run)."""
    return await enqueue(
        STEP_TASK,
        key=f"mailing:{settings.queue.name}:{mailing_id}:{progress}",
        mailing_id=mailing_id,  # only the id travels
        # A step (one batch) is bounded like a delivery: a step lost with a killed worker is retried
        # once saq sees it stuck, and the step's transaction had left nothing behind.
        timeout=settings.mail.job_timeout,
        retries=settings.mail.retries,
        retry_delay=settings.mail.retry_delay,
    )


async def _resolve(db: AsyncSession, settings: Settings, mailing: Mailing) -> None:
    """The audience now, into recipient rows (ON CONFLICT DO NOTHING: a retried start adds nobody twice)."""
    audience = replace(Audience.from_json(mailing.audience_filters), kind=mailing.audience_kind)
    found = await members(db, audience)
    seen: set[int] = set()
    found = [m for m in found if not (m.user_id in seen or seen.add(m.user_id))]
    active = [m for m in found if not m.excluded]
    category = preferences.Category(mailing.category)
    opted = await preferences.opted_out(db, settings, [m.user_id for m in active], category)
    bounced = await bounces.suppressed_addresses(db, [m.email for m in active if m.user_id not in opted])
    rows = []
    for member in found:
        reason = member.excluded or (
            "opted_out" if member.user_id in opted else "bounced" if member.email.lower() in bounced else ""
        )
        rows.append(
            {
                "mailing_id": mailing.id,
                "user_id": member.user_id,
                "email": member.email,
                "status": RecipientStatus.SUPPRESSED if reason else RecipientStatus.PENDING,
                "reason": reason,
            }
        )
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = MailingRecipient.__table__
    for start in range(0, len(rows), INSERT_CHUNK):
        statement = insert(table).values(rows[start : start + INSERT_CHUNK])
        await db.execute(statement.on_conflict_do_nothing(index_elements=[table.c.mailing_id, table.c.user_id]))


def footer(settings: Settings, user_id: int, category: preferences.Category) -> str:
    return (
        "\n\n――――――――――――――――――――\n"
        f"このメールは PARTNER 事務局からの{preferences.LABELS[category]}です。\n"
        "このメールの配信を停止する（ワンクリック）：\n"
        f"{preferences.unsubscribe_url(settings, user_id, category)}\n"
        "メール配信設定の変更（ログインが必要です）：\n"
        f"{absolute_url(settings, 'mail_preferences:edit')}\n"
    )


def compose(settings: Settings, mailing: Mailing, user_id: int, to: str, values: MergeValues) -> BulkMail:
    category = preferences.Category(mailing.category)
    return BulkMail(
        to=to,
        subject=" ".join(merge.render(mailing.subject, values).split()),
        body=merge.render(mailing.body, values).rstrip() + footer(settings, user_id, category),
        headers=preferences.unsubscribe_headers(settings, user_id, category),
    )


async def _queue_batch(db: AsyncSession, settings: Settings, mailing: Mailing) -> int:
    """The next batch into the outbox, in the caller's transaction. Returns how many recipients it
    handled (0: none pending, the mailing is complete)."""
    rows = (
        await db.execute(
            select(MailingRecipient.id, MailingRecipient.user_id, MailingRecipient.email)
            .where(MailingRecipient.mailing_id == mailing.id, MailingRecipient.status == RecipientStatus.PENDING)
            .order_by(MailingRecipient.id)
            .limit(max(1, settings.mailings.batch_size))
        )
    ).all()
    if not rows:
        return 0
    category = preferences.Category(mailing.category)
    user_ids = {row.user_id for row in rows if row.user_id is not None}
    opted = await preferences.opted_out(db, settings, user_ids, category)
    bounced = await bounces.suppressed_addresses(db, [row.email for row in rows])
    values = await merge_values(db, user_ids)
    mails: list[BulkMail] = []
    sending: list[int] = []
    excluded: list[dict] = []
    for row in rows:
        if row.user_id is None or not row.email:
            reason = "withdrawn"  # erased since the audience was resolved
        elif row.user_id in opted:
            reason = "opted_out"
        elif row.email.lower() in bounced:
            reason = "bounced"
        else:
            reason = ""
        if reason:
            excluded.append({"id": row.id, "status": RecipientStatus.SUPPRESSED, "reason": reason})
            continue
        mails.append(compose(settings, mailing, row.user_id, row.email, values.get(row.user_id, _NO_VALUES)))
        sending.append(row.id)
    now = clock.now()
    if mails:
        outbox = await queue_mails(db, settings, mails, campaign=campaign(mailing.id))
        await db.execute(
            update(MailingRecipient),
            [
                {"id": rid, "status": RecipientStatus.QUEUED, "outbox_id": out.id, "queued_at": now}
                for rid, out in zip(sending, outbox, strict=True)
            ],
        )
    if excluded:
        await db.execute(update(MailingRecipient), excluded)
    return len(rows)


async def send_due_mailings(db: AsyncSession, settings: Settings) -> int:
    """Every minute: start what is due, and re-enqueue every mailing still sending (a chain lost with
    a killed worker or a queue outage). Idempotent: the keys and the row lock keep it to one step."""
    now = clock.now()
    due = list(
        await db.scalars(select(Mailing.id).where(Mailing.status == MailingStatus.SCHEDULED, Mailing.send_at <= now))
    )
    for mailing_id in due:
        await enqueue_step(settings, mailing_id, "start")
    sending = list(await db.scalars(select(Mailing.id).where(Mailing.status == MailingStatus.SENDING)))
    for mailing_id in sending:
        await enqueue_step(settings, mailing_id, str(await processed(db, mailing_id)))
    return len(due) + len(sending)


async def run_steps(database: Database, settings: Settings, mailing_id: int) -> str:
    """Run the steps in this process until the mailing stops (tests, the demo, the bench)."""
    while True:
        async with database.session() as db:
            outcome = await step(db, settings, mailing_id)
        if outcome not in ("started", "batch"):
            return outcome


# -- figures -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailingFigures:
    recipients: int
    queued: int  # written to the outbox
    sent: int  # accepted by the SMTP server
    failed: int  # an outbox row whose last attempt failed (the outbox retries it)
    suppressed: int  # excluded at send time: preference, 不達 suppression, 物故, withdrawn

    @property
    def waiting(self) -> int:
        """Written to the outbox, not sent yet."""
        return max(self.queued - self.sent, 0)

    @property
    def unprocessed(self) -> int:
        return max(self.recipients - self.queued - self.suppressed, 0)

    @property
    def percent(self) -> int:
        if not self.recipients:
            return 0
        return min(100, (self.sent + self.suppressed) * 100 // self.recipients)


EMPTY = MailingFigures(0, 0, 0, 0, 0)


async def figures(db: AsyncSession, mailing_ids: list[int]) -> dict[int, MailingFigures]:
    """The figures of many mailings in one statement (recipients ⟕ outbox rows)."""
    if not mailing_ids:
        return {}
    r, o = MailingRecipient, OutboxMail
    rows = await db.execute(
        select(
            r.mailing_id,
            func.count(r.id),
            func.count(r.id).filter(r.status == RecipientStatus.QUEUED),
            func.count(o.id).filter(o.status == MailStatus.SENT),
            func.count(o.id).filter(o.status != MailStatus.SENT, o.last_error.is_not(None)),
            func.count(r.id).filter(r.status == RecipientStatus.SUPPRESSED),
        )
        .select_from(r)
        .outerjoin(o, o.id == r.outbox_id)
        .where(r.mailing_id.in_(mailing_ids))
        .group_by(r.mailing_id)
    )
    found = {row[0]: MailingFigures(*row[1:]) for row in rows.all()}
    return {mailing_id: found.get(mailing_id, EMPTY) for mailing_id in mailing_ids}


async def exclusion_counts(db: AsyncSession, mailing_id: int) -> dict[str, int]:
    rows = await db.execute(
        select(MailingRecipient.reason, func.count())
        .where(MailingRecipient.mailing_id == mailing_id, MailingRecipient.status == RecipientStatus.SUPPRESSED)
        .group_by(MailingRecipient.reason)
    )
    return dict(rows.all())


async def campaign_labels(db: AsyncSession, keys: list[str]) -> dict[str, str]:
    """The hook "campaign_labels" (the bounces page): "mailing:<id>" → the mailing's subject."""
    ids = {int(k.partition(":")[2]): k for k in keys if k.startswith("mailing:") and k.partition(":")[2].isdigit()}
    if not ids:
        return {}
    rows = await db.execute(select(Mailing.id, Mailing.subject, Mailing.send_at).where(Mailing.id.in_(ids)))
    return {ids[mailing_id]: f"メール配信「{subject}」" + _when(send_at) for mailing_id, subject, send_at in rows.all()}


def _when(at: datetime | None) -> str:
    return f"（{clock.to_jst(at):%Y-%m-%d}）" if at else ""
