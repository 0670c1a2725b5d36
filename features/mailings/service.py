"""メール配信 rules: drafts, the lifecycle (one table of moves in states.py, written by engine.move
with a conditional UPDATE), four-eyes approval, 送信テスト, the archive, and mailings other slices
create already approved (PARTNERニュース). Sending itself is engine.py."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.db import after_commit
from app.mail import queue_mail
from app.pagination import Page
from features.accounts import api as accounts
from features.mail_preferences.api import Category
from features.mailings import merge
from features.mailings.audience import Audience, describe
from features.mailings.engine import compose, enqueue_step, move
from features.mailings.models import AudienceKind, Mailing, MailingRecipient, MailingStatus
from features.mailings.states import Actor, Move, TransitionRefused

PER_PAGE = 20
SE = Actor.SECRETARIAT
FOUR_EYES = "承認は、この配信を作成・編集した人、承認を依頼した人とは別の事務局員が行ってください。"


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    category: str
    audience: Audience
    template_id: int | None = None


def problems(draft: Draft) -> list[str]:
    """What keeps a draft from being sent (the forms check the same, field by field)."""
    found = []
    if not draft.subject or not draft.body:
        found.append("件名と本文を入力してください。")
    for text in (draft.subject, draft.body):
        found.extend(merge.errors(text, draft.audience.kind))
    return found


async def mailing_by_id(db: AsyncSession, mailing_id: int) -> Mailing | None:
    return await db.get(Mailing, mailing_id)


def _values(draft: Draft) -> dict:
    return {
        "subject": draft.subject,
        "body": draft.body,
        "category": Category(draft.category).value,
        "audience_kind": draft.audience.kind,
        "audience_filters": draft.audience.to_json(),
        "audience_description": describe(draft.audience),
        "template_id": draft.template_id,
    }


def authors(mailing: Mailing) -> set[int]:
    """Who wrote this mailing's content: the writer, every editor and the submitter."""
    ids = {int(i) for i in mailing.author_ids.split(",") if i}
    return ids | {i for i in (mailing.created_by, mailing.submitted_by) if i}


def _with_author(mailing: Mailing, user_id: int) -> str:
    return ",".join(str(i) for i in sorted(authors(mailing) | {user_id}))


async def create_draft(db: AsyncSession, user_id: int, draft: Draft) -> Mailing:
    now = clock.now()
    mailing = Mailing(
        created_by=user_id,
        author_ids=str(user_id),
        status=MailingStatus.DRAFT,
        created_at=now,
        updated_at=now,
        **_values(draft),
    )
    db.add(mailing)
    await db.flush()
    return mailing


async def save_draft(db: AsyncSession, mailing: Mailing, user_id: int, draft: Draft) -> None:
    await move(db, mailing, Move.EDIT, SE, author_ids=_with_author(mailing, user_id), **_values(draft))


async def submit(db: AsyncSession, mailing: Mailing, user_id: int, draft: Draft) -> None:
    """保存して承認を依頼: the draft as written goes to a second staff member."""
    found = problems(draft)
    if found:
        raise TransitionRefused(found[0])
    await move(
        db, mailing, Move.SUBMIT, SE, submitted_by=user_id, author_ids=_with_author(mailing, user_id), **_values(draft)
    )


async def send_back(db: AsyncSession, mailing: Mailing) -> None:
    await move(db, mailing, Move.SEND_BACK, SE, submitted_by=None)


async def approve(
    db: AsyncSession, settings: Settings, mailing: Mailing, approver_id: int, send_at: datetime | None
) -> None:
    """承認 by a second staff member (four-eyes), to send at `send_at` (None: 今すぐ配信)."""
    if approver_id in authors(mailing):
        raise TransitionRefused(FOUR_EYES)
    draft = Draft(mailing.subject, mailing.body, mailing.category, _audience(mailing))
    found = problems(draft)
    if found:
        raise TransitionRefused(found[0])
    now = clock.now()
    if send_at is not None and send_at <= now:
        raise TransitionRefused("予約配信の日時は、現在より後の日時を指定してください。")
    await move(
        db,
        mailing,
        Move.APPROVE,
        SE,
        approved_by=approver_id,
        approved_at=now,
        send_at=send_at or now,
        audience_description=describe(draft.audience),  # fixed from now on: the archive keeps it
    )
    if send_at is None:
        _start_after_commit(db, settings, mailing.id)


def _start_after_commit(db: AsyncSession, settings: Settings, mailing_id: int, progress: str = "start") -> None:
    async def start() -> None:
        await enqueue_step(settings, mailing_id, progress)

    after_commit(db, start)


async def pause(db: AsyncSession, mailing: Mailing) -> None:
    await move(db, mailing, Move.PAUSE, SE)


async def resume(db: AsyncSession, settings: Settings, mailing: Mailing) -> None:
    """再開: the next step takes only recipients still pending, so nobody gets a second copy."""
    await move(db, mailing, Move.RESUME, SE)
    _start_after_commit(db, settings, mailing.id, f"resume{clock.now():%Y%m%d%H%M%S%f}")


async def cancel(db: AsyncSession, mailing: Mailing) -> None:
    """中止: for good; what is already in the outbox is delivered, nothing more is written."""
    await move(db, mailing, Move.CANCEL, SE, finished_at=clock.now())


def _audience(mailing: Mailing) -> Audience:
    return replace(Audience.from_json(mailing.audience_filters), kind=mailing.audience_kind)


def audience_of(mailing: Mailing) -> Audience:
    return _audience(mailing)


async def send_test(db: AsyncSession, settings: Settings, mailing: Mailing, staff_user_id: int) -> str:
    """送信テスト: the mail as a recipient would get it, to the staff member's own address, with
    their own merge values where they have them and sample ones for the rest."""
    found = problems(Draft(mailing.subject, mailing.body, mailing.category, _audience(mailing)))
    if found:
        raise TransitionRefused(found[0])
    staff = await accounts.user_by_id(db, staff_user_id)
    own = (await accounts.merge_values(db, {staff_user_id})).get(staff_user_id)
    values = merge.sample(own if own is not None else accounts.MergeValues(staff.display_name, "", ""))
    mail = compose(settings, mailing, staff_user_id, staff.email, values)
    await queue_mail(db, settings, to=staff.email, subject=f"【送信テスト】{mail.subject}", body=mail.body)
    return staff.email


async def archive(db: AsyncSession, page: int, status: str = "") -> Page[Mailing]:
    where = [Mailing.status == status] if status else []
    total = (await db.execute(select(func.count()).select_from(Mailing).where(*where))).scalar_one()
    rows = await db.execute(
        select(Mailing)
        .where(*where)
        .order_by(Mailing.created_at.desc(), Mailing.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=list(rows.scalars()), page=page, per_page=PER_PAGE, total=total)


async def staff_names(db: AsyncSession, mailings: list[Mailing]) -> dict[int, str]:
    ids = {i for m in mailings for i in (m.created_by, m.submitted_by, m.approved_by) if i}
    return await accounts.display_names(db, ids)


async def create_approved_mailing(
    db: AsyncSession,
    settings: Settings,
    *,
    category: str,
    subject: str,
    body: str,
    audience: str,
    send_at: datetime,
    created_by: int,
    approved_by: int,
    origin: str,
) -> int:
    """A mailing approved elsewhere (PARTNERニュース): 配信予約 at send_at, the same engine."""
    kind = AudienceKind(audience)
    draft = Draft(subject, body, Category(category).value, Audience(kind=kind))
    found = problems(draft)
    if found:
        raise ValueError(" ".join(found))
    now = clock.now()
    mailing = Mailing(
        created_by=created_by,
        submitted_by=created_by,
        author_ids=str(created_by),
        approved_by=approved_by,
        approved_at=now,
        send_at=send_at,
        status=MailingStatus.SCHEDULED,
        origin=origin[:60],
        created_at=now,
        updated_at=now,
        **_values(draft),
    )
    db.add(mailing)
    await db.flush()
    if send_at <= now:
        _start_after_commit(db, settings, mailing.id)
    return mailing.id


async def erase_recipient(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会 / retention: the person's address leaves the recipient lists (the counts stay)."""
    await db.execute(update(MailingRecipient).where(MailingRecipient.user_id == user_id).values(user_id=None, email=""))
