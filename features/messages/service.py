"""PARTNER mail: who may be written to, sending to many in one transaction, the boxes and
threads, templates, and the daily cap on オファーメール (blocks: blocks.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import and_, case, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, urls
from app.config import Settings
from app.mail import queue_mails, render_mail
from app.pagination import Page
from features.accounts import api as accounts
from features.accounts.api import OrganizationView as Organization
from features.applications import api as applications
from features.messages import blocks
from features.messages.models import Direction, MailMode, MailTemplate, Message, MessageThread, OrganizationBlock
from features.talent import api as talent

MODE_LABELS = {MailMode.OFFER: "オファーメール", MailMode.CONTACT: "連絡メール", MailMode.HIRE: "採用通知メール"}
MODE_CATEGORY = {MailMode.OFFER: "オファー", MailMode.HIRE: "採用通知"}
CONTACT_CATEGORIES = ("質問", "その他", "再応募依頼", "選考の調整", "開催リマインド")  # 【メール種別】
REPLY_CATEGORY = "返信"
NAME_PLACEHOLDER = "{氏名}"
SECRETARIAT_NAME = "PARTNER事務局"  # the sender of a thread without an organization
SUBJECT_MAX = 100
BODY_MAX = 5000
PER_PAGE = 20


class MailRefused(Exception):
    """A send that the rules do not allow; the message is shown as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Recipient:
    user_id: int
    registration_code: str
    name: str  # for {氏名}; never shown to an organization that does not know it
    application_id: int | None = None


@dataclass(frozen=True)
class Party:
    """One side of PARTNER mail: an organization, or an individual (by user id)."""

    organization_id: int | None = None
    user_id: int | None = None

    @property
    def is_organization(self) -> bool:
        return self.organization_id is not None

    @property
    def inbound(self) -> Direction:
        return Direction.TO_ORGANIZATION if self.is_organization else Direction.TO_PERSON

    def owns(self, column_holder) -> object:
        return (
            column_holder.organization_id == self.organization_id
            if self.is_organization
            else column_holder.user_id == self.user_id
        )


# -- recipients ---------------------------------------------------------------------------------


async def offer_recipients(
    db: AsyncSession, organization: Organization, codes: list[str]
) -> tuple[list[Recipient], int]:
    """People this organization may send an オファーメール to now, and how many of the chosen it may not."""
    if not accounts.may_browse_talent(organization):
        raise MailRefused(
            "オファーメールは、人材閲覧が認められた団体のみ送信できます"
            "（国際協力実施団体（法人格なし）・簡易団体登録の団体は対象外です）。"
        )
    chosen = list(dict.fromkeys(c for c in codes if c))[:1000]
    if not chosen:
        return [], 0
    # Who may be offered is who organizations may see: the talent slice's one rule.
    user_ids = await talent.visible_user_ids(db, set((await accounts.user_ids_for_codes(db, chosen)).values()))
    user_ids -= await blocks.blocked_user_ids(db, organization.id, user_ids)
    names = await accounts.codes_and_names(db, user_ids)
    order = {code: n for n, code in enumerate(chosen)}
    recipients = sorted((Recipient(uid, *names[uid]) for uid in user_ids), key=lambda r: order[r.registration_code])
    return recipients, len(chosen) - len(recipients)


async def applicant_recipients(
    db: AsyncSession, organization: Organization, application_ids: list[int], *, hiring: bool = False
) -> tuple[list[Recipient], int]:
    """Applicants to this organization's postings; withdrawn applications and blocks excluded.
    A 採用通知メール goes only to applicants for a job (a seminar hires no one)."""
    chosen = list(dict.fromkeys(application_ids))[:1000]
    if not chosen:
        return [], 0
    applicants = await applications.mailable_applicants(db, organization.id, chosen, jobs_only=hiring)
    blocked = await blocks.blocked_user_ids(db, organization.id, {a.user_id for a in applicants})
    names = await accounts.codes_and_names(db, {a.user_id for a in applicants})
    order = {application_id: n for n, application_id in enumerate(chosen)}
    recipients = [
        Recipient(a.user_id, *names[a.user_id], application_id=a.application_id)
        for a in sorted(applicants, key=lambda a: order[a.application_id])
        if a.user_id not in blocked
    ]
    return recipients, len(chosen) - len(recipients)


# -- the daily cap ------------------------------------------------------------------------------


def _start_of_today() -> datetime:
    return datetime.combine(clock.today_jst(), time.min, tzinfo=clock.JST)


async def offers_sent_today(db: AsyncSession, organization_id: int) -> int:
    rows = await db.execute(
        select(func.count())
        .select_from(Message)
        .where(
            Message.organization_id == organization_id,
            Message.category == MODE_CATEGORY[MailMode.OFFER],
            Message.created_at >= _start_of_today(),
        )
    )
    return rows.scalar_one()


async def offer_cap_message(db: AsyncSession, settings: Settings, organization_id: int, count: int) -> str:
    """Empty when `count` more オファーメール fit into today's cap; otherwise what to tell the organization."""
    limit = settings.mail.offer_daily_limit
    left = max(0, limit - await offers_sent_today(db, organization_id))
    if count <= left:
        return ""
    return (
        f"オファーメールは1日{limit}通までです。本日はあと{left}通送信できます"
        f"（選択中：{count}人）。宛先を減らすか、明日以降に送信してください。"
    )


async def _check_offer_cap(db: AsyncSession, settings: Settings, organization_id: int, count: int) -> None:
    # Two sends at once must not both pass: on PostgreSQL the organization row is locked for
    # the transaction (SQLite already runs one writer at a time).
    await accounts.lock_organization(db, organization_id)
    message = await offer_cap_message(db, settings, organization_id, count)
    if message:
        raise MailRefused(message)


# -- sending ------------------------------------------------------------------------------------


def fill_name(text: str, name: str) -> str:
    return text.replace(NAME_PLACEHOLDER, f"{name}")


async def send(
    db: AsyncSession,
    settings: Settings,
    organization: Organization,
    mode: MailMode,
    category: str,
    subject: str,
    body: str,
    recipients: list[Recipient],
) -> int:
    """N recipients: N threads and N messages in this transaction, N notices through the outbox."""
    if not recipients:
        raise MailRefused("送信できる宛先がありません。")
    if mode == MailMode.OFFER:
        await _check_offer_cap(db, settings, organization.id, len(recipients))
    now = clock.now()
    # Bulk INSERTs (one statement each, ids back in order): a message to 1,000 people is two
    # statements here, not 2,000 ORM objects.
    thread_ids = list(
        await db.scalars(
            insert(MessageThread).returning(MessageThread.id, sort_by_parameter_order=True),
            [
                {
                    "organization_id": organization.id,
                    "user_id": r.user_id,
                    "mode": mode,
                    "subject": subject,
                    "application_id": r.application_id,
                    "created_at": now,
                    "last_message_at": now,
                }
                for r in recipients
            ],
        )
    )
    await db.execute(
        insert(Message),
        [
            {
                "thread_id": thread_id,
                "organization_id": organization.id,
                "user_id": r.user_id,
                "direction": Direction.TO_PERSON,
                "category": category,
                "subject": subject,
                "body": fill_name(body, r.name),
                "sender_body": body,
                "created_at": now,
                "read_at": None,
            }
            for thread_id, r in zip(thread_ids, recipients, strict=True)
        ],
    )
    emails = await accounts.emails_of_users(db, {r.user_id for r in recipients})
    await _queue_notices(
        db,
        settings,
        [
            (emails[r.user_id], thread_id)
            for thread_id, r in zip(thread_ids, recipients, strict=True)
            if r.user_id in emails
        ],
    )
    return len(thread_ids)


async def deliver_from_secretariat(
    db: AsyncSession, settings: Settings, user_id: int, subject: str, body: str, *, category: str = "お知らせ"
) -> int:
    """One message from PARTNER事務局 into a person's 受信BOX (a thread of its own, no organization,
    so no reply and no block), with the usual 新着メッセージ notice; the message id."""
    now = clock.now()
    thread = MessageThread(
        organization_id=None,
        user_id=user_id,
        mode=MailMode.SECRETARIAT,
        subject=subject[:200],
        created_at=now,
        last_message_at=now,
    )
    db.add(thread)
    await db.flush()
    message = Message(
        thread_id=thread.id,
        organization_id=None,
        user_id=user_id,
        direction=Direction.TO_PERSON,
        category=category[:20],
        subject=subject[:200],
        body=body,
        sender_body=body,
        created_at=now,
    )
    db.add(message)
    await db.flush()
    email = (await accounts.active_emails_of_users(db, {user_id})).get(user_id)
    if email:
        await _queue_notices(db, settings, [(email, thread.id)])
    return message.id


async def _queue_notices(db: AsyncSession, settings: Settings, targets: list[tuple[str, int]]) -> None:
    """PARTNERで新着メッセージがあります: a link to the thread, never the content."""
    mails = []
    for address, thread_id in targets:
        rendered = render_mail(
            "messages/new_message.txt.jinja",
            thread_url=urls.absolute_url(settings, "messages:thread", thread_id=thread_id),
            home_url=urls.absolute_url(settings, "home:index"),
        )
        mails.append((address, rendered.subject, rendered.body))
    await queue_mails(db, settings, mails)


async def reply(db: AsyncSession, settings: Settings, thread: MessageThread, sender: Party, body: str) -> Message:
    """A reply stays in its thread; a blocked organization cannot write, even here."""
    if sender.is_organization and await blocks.blocked_user_ids(db, thread.organization_id, {thread.user_id}):
        raise MailRefused("この登録者はメールの受信を停止しています。")
    # Read before the first write: on SQLite the write turn is held from the first write to COMMIT.
    if sender.is_organization:
        recipient_user_id = thread.user_id
    else:
        recipient_user_id = (await accounts.organizations_by_ids(db, {thread.organization_id}))[
            thread.organization_id
        ].user_id
    email = (await accounts.emails_of_users(db, {recipient_user_id})).get(recipient_user_id)
    subject = thread.subject if thread.subject.startswith("Re:") else f"Re: {thread.subject}"
    direction = Direction.TO_PERSON if sender.is_organization else Direction.TO_ORGANIZATION
    now = clock.now()
    message = Message(
        thread_id=thread.id,
        organization_id=thread.organization_id,
        user_id=thread.user_id,
        direction=direction,
        category=REPLY_CATEGORY,
        subject=subject[:200],
        body=body,
        sender_body=body,
        created_at=now,
    )
    db.add(message)
    thread.last_message_at = now
    await db.flush()
    if email:
        await _queue_notices(db, settings, [(email, thread.id)])
    return message


# -- boxes and threads --------------------------------------------------------------------------


async def box_and_unread(db: AsyncSession, party: Party, *, sent: bool, page: int) -> tuple[Page[Message], int]:
    """受信BOX (messages to this party) or 送信BOX (messages from it), newest first, and the party's
    unread count: both counts in one statement (issue 17)."""
    direction = party.inbound
    in_box = Message.direction != direction if sent else Message.direction == direction
    where = and_(party.owns(Message), in_box)
    unread = and_(Message.direction == direction, Message.read_at.is_(None))
    counted = select(
        func.coalesce(func.sum(case((in_box, 1), else_=0)), 0), func.coalesce(func.sum(case((unread, 1), else_=0)), 0)
    ).where(party.owns(Message))
    total, unread_total = (await db.execute(counted)).one()
    rows = await db.execute(
        select(Message)
        .where(where)
        .order_by(Message.created_at.desc(), Message.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=list(rows.scalars()), page=page, per_page=PER_PAGE, total=int(total)), int(unread_total)


async def unread_count(db: AsyncSession, party: Party) -> int:
    rows = await db.execute(
        select(func.count())
        .select_from(Message)
        .where(party.owns(Message), Message.direction == party.inbound, Message.read_at.is_(None))
    )
    return rows.scalar_one()


async def thread_of(db: AsyncSession, party: Party, thread_id: int) -> MessageThread | None:
    """A thread only for its two parties: anyone else gets None (and a 404)."""
    rows = await db.execute(select(MessageThread).where(MessageThread.id == thread_id, party.owns(MessageThread)))
    return rows.scalar_one_or_none()


async def _exists(db: AsyncSession, model, row_id: int) -> bool:
    return (await db.execute(select(model.id).where(model.id == row_id))).first() is not None


async def thread_exists(db: AsyncSession, thread_id: int) -> bool:
    """Whether someone's thread has this id (an unknown id is not audited as an intrusion)."""
    return await _exists(db, MessageThread, thread_id)


async def message_exists(db: AsyncSession, message_id: int) -> bool:
    return await _exists(db, Message, message_id)


async def template_exists(db: AsyncSession, template_id: int) -> bool:
    return await _exists(db, MailTemplate, template_id)


async def messages_of(db: AsyncSession, thread_id: int) -> list[Message]:
    rows = await db.execute(
        select(Message).where(Message.thread_id == thread_id).order_by(Message.created_at, Message.id)
    )
    return list(rows.scalars())


async def mark_thread_read(db: AsyncSession, party: Party, thread_id: int) -> None:
    await db.execute(
        update(Message)
        .where(Message.thread_id == thread_id, Message.direction == party.inbound, Message.read_at.is_(None))
        .values(read_at=clock.now())
    )


async def mark_message_unread(db: AsyncSession, party: Party, message_id: int) -> MessageThread | None:
    message = (
        await db.execute(
            select(Message).where(Message.id == message_id, party.owns(Message), Message.direction == party.inbound)
        )
    ).scalar_one_or_none()
    if message is None:
        return None
    message.read_at = None
    await db.flush()
    return await db.get(MessageThread, message.thread_id)


@dataclass(frozen=True)
class ThreadSummary:
    """One thread as another slice shows it (a link, a subject, a date)."""

    id: int
    subject: str
    last_message_at: datetime


async def correspondence(db: AsyncSession, organization_id: int, user_id: int) -> list[ThreadSummary]:
    """Provided to lower slices as "correspondence": the mail between an organization and a person
    on 人材詳細 and 応募編集."""
    threads = await threads_between(db, organization_id, user_id)
    return [ThreadSummary(t.id, t.subject, t.last_message_at) for t in threads]


async def threads_between(db: AsyncSession, organization_id: int, user_id: int) -> list[MessageThread]:
    """What an organization and a person have written to each other (人材詳細, 応募編集)."""
    rows = await db.execute(
        select(MessageThread)
        .where(MessageThread.organization_id == organization_id, MessageThread.user_id == user_id)
        .order_by(MessageThread.last_message_at.desc())
        .limit(50)
    )
    return list(rows.scalars())


async def threads_by_ids(db: AsyncSession, ids: set[int]) -> dict[int, MessageThread]:
    if not ids:
        return {}
    rows = await db.execute(select(MessageThread).where(MessageThread.id.in_(ids)))
    return {t.id: t for t in rows.scalars()}


# -- templates (テンプレート) --------------------------------------------------------------------


async def templates_of(db: AsyncSession, organization_id: int) -> list[MailTemplate]:
    rows = await db.execute(
        select(MailTemplate)
        .where(MailTemplate.organization_id == organization_id)
        .order_by(MailTemplate.updated_at.desc(), MailTemplate.id.desc())
    )
    return list(rows.scalars())


async def template_of(db: AsyncSession, organization_id: int, template_id: int) -> MailTemplate | None:
    rows = await db.execute(
        select(MailTemplate).where(MailTemplate.id == template_id, MailTemplate.organization_id == organization_id)
    )
    return rows.scalar_one_or_none()


async def save_template(db: AsyncSession, organization_id: int, name: str, subject: str, body: str) -> MailTemplate:
    now = clock.now()
    template = MailTemplate(
        organization_id=organization_id, name=name, subject=subject, body=body, created_at=now, updated_at=now
    )
    db.add(template)
    await db.flush()
    return template


# -- erasure ------------------------------------------------------------------------------------


async def erase_person_mail(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会 and retention: the person's threads, messages and blocks go."""
    thread_ids = select(MessageThread.id).where(MessageThread.user_id == user_id)
    await db.execute(delete(Message).where(Message.thread_id.in_(thread_ids)))
    await db.execute(delete(MessageThread).where(MessageThread.user_id == user_id))
    await db.execute(delete(OrganizationBlock).where(OrganizationBlock.user_id == user_id))


async def erase_organization_templates(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """無効登録: the organization's templates go; what it sent stays with the people who received it."""
    organization = await accounts.organization_of(db, user_id)
    if organization is not None:
        await db.execute(delete(MailTemplate).where(MailTemplate.organization_id == organization.id))
