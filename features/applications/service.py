"""Applications: the rules of applying, withdrawing and moving through selection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from app import clock, uploads, urls
from app.config import Settings
from app.db import after_commit
from app.mail import queue_template_mail
from features.accounts import api as accounts
from features.applications.models import Application, ApplicationEvent, ApplicationFile
from features.applications.models import ApplicationStatus as S
from features.postings import api as postings

# Who may move an application where: the organization through selection, the applicant out.
ORGANIZATION_MOVES = {
    S.RECEIVED: (S.SCREENING, S.REJECTED, S.DECLINED),
    S.SCREENING: (S.INTERVIEW, S.REJECTED, S.DECLINED),
    S.INTERVIEW: (S.HIRED, S.REJECTED, S.DECLINED),
}
WITHDRAWABLE = (S.RECEIVED, S.SCREENING, S.INTERVIEW)
VISIBLE_TO_ORGANIZATION = (S.RECEIVED, S.SCREENING, S.INTERVIEW, S.HIRED, S.REJECTED, S.DECLINED, S.WITHDRAWN)
ALREADY_APPLIED = "この案件にはすでに応募しています。"
ALREADY_PREPARING = "この案件への応募は別の画面で手続き中です。応募履歴をご確認のうえ、もう一度お進みください。"
ORPHAN_GRACE = timedelta(days=1)  # longer than any upload takes from writing its file to committing its row


class ApplicationError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def required_slots(terms: postings.ApplicationTerms) -> list[tuple[str, str, bool]]:
    """(slot, document name, required) for what the posting asks applicants to attach."""
    slots = []
    if terms.resume_attachment:
        slots.append(("resume", terms.resume_attachment, True))
    slots += [(f"required-{i}", name, True) for i, name in enumerate(terms.required_documents)]
    slots += [(f"optional-{i}", name, False) for i, name in enumerate(terms.optional_documents)]
    return slots


async def existing(db: AsyncSession, posting_id: int, user_id: int) -> Application | None:
    rows = await db.execute(
        select(Application).where(Application.posting_id == posting_id, Application.user_id == user_id)
    )
    return rows.scalar_one_or_none()


@dataclass(frozen=True)
class Document:
    """One uploaded document, already passed uploads.check but not yet written."""

    label: str
    data: bytes
    filename: str


async def prepare(
    db: AsyncSession, settings: Settings, posting, user_id: int, documents: dict[str, Document], message: str
) -> Application:
    """応募 step one: the documents are kept with a draft; nothing is sent yet.

    Files are written only once the draft is accepted, and the files of the draft it replaces
    are deleted after commit. A transaction that fails after writing leaves orphans, which the
    daily sweep (sweep_orphan_files) removes.
    """
    application = await existing(db, posting.id, user_id)
    now = clock.now()
    if application is not None and application.status != S.DRAFT:
        raise ApplicationError(ALREADY_APPLIED)
    if application is None:
        application = Application(
            posting_id=posting.id,
            organization_id=posting.organization_id,
            user_id=user_id,
            created_at=now,
            updated_at=now,
        )
        db.add(application)
        try:
            await db.flush()
        except IntegrityError:  # a second 確認 of the same person at the same moment (uq_application_posting_user)
            raise ApplicationError(ALREADY_PREPARING) from None
    application.message = message
    application.updated_at = now
    replaced = await files_of(db, application.id)
    for row in replaced:
        await db.delete(row)
    for slot, document in documents.items():
        stored = uploads.store(settings, document.data, document.filename)
        db.add(
            ApplicationFile(
                application_id=application.id,
                slot=slot,
                label=document.label,
                original_name=stored.original_name,
                stored_name=stored.stored_name,
                content_type=stored.content_type,
                size=stored.size,
                created_at=now,
            )
        )
    await db.flush()
    _remove_after_commit(db, settings, [row.stored_name for row in replaced])
    return application


def _remove_after_commit(db: AsyncSession, settings: Settings, stored_names: list[str]) -> None:
    # After commit: a rollback must never leave a row pointing at a deleted file.
    async def remove() -> None:
        uploads.remove(settings, stored_names)

    if stored_names:
        after_commit(db, remove)


async def submit(
    db: AsyncSession, settings: Settings, application: Application, posting, terms: postings.ApplicationTerms
) -> Application:
    if application.status != S.DRAFT:
        raise ApplicationError(ALREADY_APPLIED)
    # Read before the first write: on SQLite the write turn is held from the first write to COMMIT.
    applicant = await accounts.user_by_id(db, application.user_id)
    organization = (await accounts.organizations_by_ids(db, {posting.organization_id}))[posting.organization_id]
    contact = await accounts.user_by_id(db, organization.user_id)
    # From 下書き to 応募受付 only if it still is a draft: a double submit (two POSTs at once, both
    # having read the draft) moves it once; the other finds nothing to move. The row lock of the
    # UPDATE (PostgreSQL) or the write turn (SQLite) orders them, with no lock held while reading.
    now = clock.now()
    moved = await db.execute(
        update(Application)
        .where(Application.id == application.id, Application.status == S.DRAFT)
        .values(status=S.RECEIVED, submitted_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise ApplicationError(ALREADY_APPLIED)
    for name, value in (("status", S.RECEIVED), ("submitted_at", now), ("updated_at", now)):
        set_committed_value(application, name, value)
    db.add(
        ApplicationEvent(
            application_id=application.id, status=S.RECEIVED, actor_user_id=application.user_id, created_at=clock.now()
        )
    )
    context = {
        "title": terms.title,
        "applicant": applicant,
        "organization": organization,
        "application": application,
        "history_url": urls.absolute_url(settings, "applications:history"),
        "edit_url": urls.absolute_url(settings, "applications:edit", application_id=application.id),
        "home_url": urls.absolute_url(settings, "home:index"),
    }
    await queue_template_mail(db, settings, to=applicant.email, template="applications/applied.txt.jinja", **context)
    await queue_template_mail(db, settings, to=contact.email, template="applications/received.txt.jinja", **context)
    return application


def shares_person(application: Application) -> bool:
    """Whether the organization may see the person behind the application. After 取り下げ it
    sees only that the application was withdrawn (posting, dates, status): no 登録コード,
    message, contact data, documents or 履歴書PDF."""
    return application.status != S.WITHDRAWN


async def withdraw(db: AsyncSession, application: Application) -> None:
    if application.status not in WITHDRAWABLE:
        raise ApplicationError("この応募は取り下げできません。")
    application.status = S.WITHDRAWN
    application.updated_at = clock.now()
    db.add(
        ApplicationEvent(
            application_id=application.id, status=S.WITHDRAWN, actor_user_id=application.user_id, created_at=clock.now()
        )
    )


async def move(db: AsyncSession, application: Application, new_status: str, actor_user_id: int) -> None:
    if new_status not in ORGANIZATION_MOVES.get(application.status, ()):
        raise ApplicationError(f"「{application.status}」から「{new_status}」には変更できません。")
    application.status = new_status
    application.updated_at = clock.now()
    db.add(
        ApplicationEvent(
            application_id=application.id, status=new_status, actor_user_id=actor_user_id, created_at=clock.now()
        )
    )


async def counts_by_posting(db: AsyncSession, posting_ids: list[int]) -> dict[int, int]:
    """応募件数 for many postings in one query."""
    if not posting_ids:
        return {}
    rows = await db.execute(
        select(Application.posting_id, func.count())
        .where(Application.posting_id.in_(posting_ids), Application.status.in_(VISIBLE_TO_ORGANIZATION))
        .group_by(Application.posting_id)
    )
    return dict(rows.all())


async def for_posting(db: AsyncSession, organization_id: int, posting_id: int) -> list[Application]:
    rows = await db.execute(
        select(Application)
        .where(
            Application.posting_id == posting_id,
            Application.organization_id == organization_id,
            Application.status.in_(VISIBLE_TO_ORGANIZATION),
        )
        .order_by(Application.submitted_at.desc())
    )
    return list(rows.scalars())


async def for_organization(db: AsyncSession, organization_id: int, application_id: int) -> Application | None:
    """An organization only ever loads applications to its own postings."""
    rows = await db.execute(
        select(Application).where(
            Application.id == application_id,
            Application.organization_id == organization_id,
            Application.status.in_(VISIBLE_TO_ORGANIZATION),
        )
    )
    return rows.scalar_one_or_none()


async def belongs_to_another_organization(db: AsyncSession, organization_id: int, application_id: int) -> bool:
    """An id that is some other organization's application (an intrusion worth auditing), not a missing one."""
    rows = await db.execute(
        select(Application.id).where(Application.id == application_id, Application.organization_id != organization_id)
    )
    return rows.first() is not None


@dataclass(frozen=True)
class Applicant:
    """An application as the messages slice mails it."""

    application_id: int
    user_id: int
    posting_id: int


async def mailable_applicants(
    db: AsyncSession, organization_id: int, application_ids: list[int], *, jobs_only: bool = False
) -> list[Applicant]:
    """This organization's applications that may be mailed (not a draft, not withdrawn); with
    jobs_only, only those to a 求人 (a 採用通知メール: a seminar hires no one)."""
    rows = await db.execute(
        select(Application.id, Application.user_id, Application.posting_id).where(
            Application.id.in_(application_ids),
            Application.organization_id == organization_id,
            Application.status.not_in((S.DRAFT, S.WITHDRAWN)),
        )
    )
    found = [Applicant(*row) for row in rows.all()]
    if jobs_only:
        kinds = await postings.titles_of(db, {a.posting_id for a in found})
        found = [a for a in found if kinds[a.posting_id][1] == postings.JOB]
    return found


async def of_applicant(db: AsyncSession, user_id: int) -> list[Application]:
    rows = await db.execute(
        select(Application)
        .where(Application.user_id == user_id, Application.status != S.DRAFT)
        .order_by(Application.submitted_at.desc())
    )
    return list(rows.scalars())


async def documents_for_organization(db: AsyncSession, application: Application) -> list[ApplicationFile]:
    """The documents the organization may download: none once the application is withdrawn."""
    return await files_of(db, application.id) if shares_person(application) else []


async def delete_withdrawn_documents(db: AsyncSession, settings: Settings) -> int:
    """Documents of applications withdrawn longer ago than the retention; the files go after commit."""
    cutoff = clock.now() - timedelta(days=settings.applications.withdrawn_document_retention_days)
    withdrawn_before = select(ApplicationEvent.application_id).where(
        ApplicationEvent.status == S.WITHDRAWN, ApplicationEvent.created_at < cutoff
    )
    rows = await db.execute(
        select(ApplicationFile)
        .join(Application, Application.id == ApplicationFile.application_id)
        .where(Application.status == S.WITHDRAWN, Application.id.in_(withdrawn_before))
    )
    documents = list(rows.scalars())
    for document in documents:
        await db.delete(document)
    await db.flush()
    _remove_after_commit(db, settings, [d.stored_name for d in documents])
    return len(documents)


async def sweep_orphan_files(db: AsyncSession, settings: Settings) -> int:
    """Delete stored files no ApplicationFile points to (a failed transaction's, an interrupted
    deletion's). Only files older than ORPHAN_GRACE: an upload is written before its row
    commits, and one in flight must never be taken. The uploads directory holds application
    documents only; a slice that starts storing files there must be counted here first."""
    candidates = uploads.stored_before(settings, clock.now() - ORPHAN_GRACE)
    referenced: set[str] = set()
    for start in range(0, len(candidates), 500):  # bounded IN lists
        rows = await db.execute(
            select(ApplicationFile.stored_name).where(ApplicationFile.stored_name.in_(candidates[start : start + 500]))
        )
        referenced.update(rows.scalars())
    orphans = [name for name in candidates if name not in referenced]
    uploads.remove(settings, orphans)
    return len(orphans)


async def files_of(db: AsyncSession, application_id: int) -> list[ApplicationFile]:
    rows = await db.execute(
        select(ApplicationFile).where(ApplicationFile.application_id == application_id).order_by(ApplicationFile.id)
    )
    return list(rows.scalars())


async def history_of(db: AsyncSession, application_id: int) -> list[ApplicationEvent]:
    rows = await db.execute(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application_id)
        .order_by(ApplicationEvent.created_at, ApplicationEvent.id)
    )
    return list(rows.scalars())


async def erase_applications(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会 and retention: the person's documents are deleted and open applications withdrawn.

    The files themselves are removed after commit; a failure there leaves an orphan file, never
    a row pointing at nothing.
    """
    rows = await db.execute(select(Application).where(Application.user_id == user_id))
    stored: list[str] = []
    for application in rows.scalars():
        for document in await files_of(db, application.id):
            stored.append(document.stored_name)
            await db.delete(document)
        if application.status in WITHDRAWABLE or application.status == S.DRAFT:
            application.status = S.WITHDRAWN
        application.message = ""
    await db.flush()
    _remove_after_commit(db, settings, stored)
