"""応募: an individual's application to a 公募 (この案件に応募する → 確認 → 応募する), its documents,
and the selection JICA runs on it (応募受付 → 書類選考合格/不合格 → 面接 → 合格/不合格, 辞退).

Files are written only once the draft is accepted and deleted only after commit. They live in a
directory of their own (FILES_AREA), so each slice's orphan sweep sees only its own files.
JICA's side (the applicants of its own 公募, their counts and the CSV) is in applying_jica.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, uploads, urls
from app.config import Settings
from app.db import after_commit
from app.mail import queue_template_mail
from app.pagination import Page
from app.templating import format_datetime_ja
from features.accounts import api as accounts
from features.recruitment import states, visibility
from features.recruitment.counts import Measure, record
from features.recruitment.models import Koubo, KouboApplication, KouboApplicationEvent, KouboApplicationFile
from features.recruitment.models import KouboApplicationStatus as S

FILES_AREA = "koubo"  # app/uploads.py keeps the application documents of 公募 in an area of their own
ORPHAN_GRACE = timedelta(days=1)  # longer than any upload takes from writing its file to committing its row
PER_PAGE = 50
MESSAGE_LIMIT = 2000
NOTE_LIMIT = 4000
DEADLINE_PASSED = "応募締切（{deadline}）を過ぎたため、応募できません。締切後の応募は受け付けていません。"
NOT_ACCEPTING = "この公募は現在、応募を受け付けていません。"


class Who(StrEnum):
    JICA = "jica"  # the JICA account that owns the 公募
    APPLICANT = "applicant"


# The one table of selection: from a status, to which status, by whom. 辞退 is possible at any
# point before a result (書類選考不合格, 合格, 不合格 are results; 辞退 ends it too).
_J, _A = frozenset({Who.JICA}), frozenset({Who.JICA, Who.APPLICANT})
MOVES: dict[str, dict[str, frozenset[Who]]] = {
    S.RECEIVED: {S.SCREENING_PASSED: _J, S.SCREENING_FAILED: _J, S.DECLINED: _A},
    S.SCREENING_PASSED: {S.INTERVIEW: _J, S.DECLINED: _A},
    S.INTERVIEW: {S.ACCEPTED: _J, S.REJECTED: _J, S.DECLINED: _A},
}
SUBMITTED_STATUSES = tuple(s for s in S if s != S.DRAFT)
# The mail each status change sends to the applicant (features/recruitment/emails/).
STATUS_MAILS = {
    S.SCREENING_PASSED: "recruitment/apply_screening_passed.txt.jinja",
    S.SCREENING_FAILED: "recruitment/apply_screening_failed.txt.jinja",
    S.INTERVIEW: "recruitment/apply_interview.txt.jinja",
    S.ACCEPTED: "recruitment/apply_accepted.txt.jinja",
    S.REJECTED: "recruitment/apply_rejected.txt.jinja",
    S.DECLINED: "recruitment/apply_declined.txt.jinja",
}


class ApplyError(Exception):
    def __init__(self, message: str, status_code: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


def moves_for(status: str, who: Who) -> list[str]:
    """The buttons to show: where `who` may move an application in `status`."""
    return [to for to, actors in MOVES.get(status, {}).items() if who in actors]


# -- the 公募 -----------------------------------------------------------------------------


async def public_koubo(db: AsyncSession, koubo_id: int) -> Koubo | None:
    """A 公募 the public may see (current, not archived): the one that may be applied to."""
    rows = await db.execute(select(Koubo).where(Koubo.id == koubo_id, visibility.public_koubo(clock.now())))
    return rows.scalar_one_or_none()


def accepting(koubo: Koubo) -> bool:
    """公募中 now, to the minute of its 応募締切."""
    return states.accepts_applications(koubo.status, koubo.publish_at, koubo.deadline_at, clock.now())


def check_accepting(koubo: Koubo) -> None:
    if accepting(koubo):
        return
    if koubo.deadline_at is not None and clock.now() >= koubo.deadline_at:
        raise ApplyError(DEADLINE_PASSED.format(deadline=format_datetime_ja(koubo.deadline_at)), 422)
    raise ApplyError(NOT_ACCEPTING, 422)


def _names(raw: str) -> list[str]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return []
    names = []
    for item in items if isinstance(items, list) else []:
        name = item.get("name") or item.get("label") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            names.append(name.strip()[:100])
    return names


def document_slots(koubo: Koubo) -> list[tuple[str, str, bool]]:
    """(slot, document name, required) for what the 公募 asks besides the 専門家履歴書."""
    slots = [(f"required-{i}", name, True) for i, name in enumerate(_names(koubo.required_documents))]
    slots += [(f"optional-{i}", name, False) for i, name in enumerate(_names(koubo.optional_documents))]
    return slots


async def individual_who_may_apply(db: AsyncSession, user_id: int):
    """The person if they hold 国際協力人材登録; None for 簡易登録 (or no individual at all)."""
    individual = await accounts.individual_of(db, user_id)
    if individual is None or individual.kind != accounts.RegistrationKind.FULL:
        return None
    return individual


# -- applying -----------------------------------------------------------------------------


async def existing(db: AsyncSession, koubo_id: int, user_id: int) -> KouboApplication | None:
    rows = await db.execute(
        select(KouboApplication).where(KouboApplication.koubo_id == koubo_id, KouboApplication.user_id == user_id)
    )
    return rows.scalar_one_or_none()


@dataclass(frozen=True)
class Document:
    """One uploaded document, already passed uploads.check but not yet written."""

    label: str
    data: bytes
    filename: str


async def prepare(
    db: AsyncSession,
    settings: Settings,
    koubo: Koubo,
    user_id: int,
    documents: dict[str, Document],
    message: str,
    user_agent: str | None,
) -> KouboApplication:
    """確認: the documents are kept with a draft; nothing is sent yet. 応募開始 is counted once,
    when the draft is first made. The files of a draft it replaces go after commit."""
    check_accepting(koubo)
    application = await existing(db, koubo.id, user_id)
    now = clock.now()
    if application is not None and application.status != S.DRAFT:
        raise ApplyError("この公募にはすでに応募しています。マイページの「公募の応募状況」をご確認ください。")
    if application is None:
        application = KouboApplication(
            koubo_id=koubo.id, organization_id=koubo.organization_id, user_id=user_id, created_at=now, updated_at=now
        )
        db.add(application)
        await db.flush()
        await record(db, koubo.id, Measure.STARTED, user_agent)
    application.message = message[:MESSAGE_LIMIT]
    application.updated_at = now
    replaced = await files_of(db, application.id)
    for row in replaced:
        await db.delete(row)
    for slot, document in documents.items():
        stored = uploads.store(settings, document.data, document.filename, FILES_AREA)
        db.add(
            KouboApplicationFile(
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
        uploads.remove(settings, stored_names, FILES_AREA)

    if stored_names:
        after_commit(db, remove)


async def submit(
    db: AsyncSession, settings: Settings, koubo: Koubo, user_id: int, user_agent: str | None
) -> KouboApplication:
    """応募する: the deadline is checked again, to the minute; after it nothing changes."""
    check_accepting(koubo)
    application = await existing(db, koubo.id, user_id)
    if application is None:
        raise ApplyError("応募の準備が見つかりません。もう一度、応募フォームからお進みください。", 404)
    if application.status != S.DRAFT:
        raise ApplyError("この公募にはすでに応募しています。マイページの「公募の応募状況」をご確認ください。")
    missing = {slot for slot, _label, required in document_slots(koubo) if required} - {
        f.slot for f in await files_of(db, application.id)
    }
    if missing:
        raise ApplyError("必須の応募書類がそろっていません。応募フォームから書類を添付してください。", 422)
    now = clock.now()
    application.status = S.RECEIVED
    application.submitted_at = application.updated_at = now
    db.add(
        KouboApplicationEvent(application_id=application.id, status=S.RECEIVED, actor_user_id=user_id, created_at=now)
    )
    await record(db, koubo.id, Measure.SUBMITTED, user_agent)
    context = await _mail_context(db, settings, koubo, application)
    await queue_template_mail(
        db, settings, to=context["applicant"].email, template="recruitment/apply_received.txt.jinja", **context
    )
    await queue_template_mail(
        db, settings, to=context["jica_user"].email, template="recruitment/apply_new.txt.jinja", **context
    )
    return application


async def _mail_context(db: AsyncSession, settings: Settings, koubo: Koubo, application: KouboApplication) -> dict:
    organization = (await accounts.organizations_by_ids(db, {koubo.organization_id}))[koubo.organization_id]
    return {
        "koubo": koubo,
        "application": application,
        "submitted": format_datetime_ja(application.submitted_at),
        "applicant": await accounts.user_by_id(db, application.user_id),
        "organization": organization,
        "jica_user": await accounts.user_by_id(db, organization.user_id),
        "status_url": urls.absolute_url(settings, "recruitment:my_applications"),
        "edit_url": urls.absolute_url(settings, "recruitment:koubo_application", application_id=application.id),
        "home_url": urls.absolute_url(settings, "home:index"),
    }


async def change_status(
    db: AsyncSession,
    settings: Settings,
    application: KouboApplication,
    new_status: str,
    who: Who,
    actor_user_id: int,
) -> None:
    """One move of the selection (MOVES): an event, and the applicant's mail for the new status.
    A 辞退 by the applicant is also told to the JICA account."""
    if who not in MOVES.get(application.status, {}).get(new_status, frozenset()):
        raise ApplyError(f"「{application.status}」から「{new_status}」には変更できません。", 422)
    now = clock.now()
    application.status = new_status
    application.updated_at = now
    db.add(
        KouboApplicationEvent(
            application_id=application.id, status=new_status, actor_user_id=actor_user_id, created_at=now
        )
    )
    koubo = await db.get(Koubo, application.koubo_id)
    context = await _mail_context(db, settings, koubo, application)
    context["by_applicant"] = who == Who.APPLICANT
    await queue_template_mail(db, settings, to=context["applicant"].email, template=STATUS_MAILS[new_status], **context)
    if who == Who.APPLICANT:
        await queue_template_mail(
            db,
            settings,
            to=context["jica_user"].email,
            template="recruitment/apply_declined_notice.txt.jinja",
            **context,
        )


def save_note(application: KouboApplication, note: str) -> None:
    application.note = note[:NOTE_LIMIT]
    application.updated_at = clock.now()


# -- the applicant's side ----------------------------------------------------------------


@dataclass(frozen=True)
class MyApplication:
    application: KouboApplication
    koubo: Koubo
    history: list[KouboApplicationEvent]
    moves: list[str]


async def of_applicant(db: AsyncSession, user_id: int, page: int) -> Page[MyApplication]:
    """公募の応募状況: the person's submitted applications with their history (three queries a page)."""
    where = (KouboApplication.user_id == user_id, KouboApplication.status != S.DRAFT)
    total = (await db.execute(select(func.count()).select_from(KouboApplication).where(*where))).scalar_one()
    rows = await db.execute(
        select(KouboApplication, Koubo)
        .join(Koubo, Koubo.id == KouboApplication.koubo_id)
        .where(*where)
        .order_by(KouboApplication.submitted_at.desc(), KouboApplication.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    pairs = rows.all()
    histories = await histories_of(db, [a.id for a, _k in pairs])
    items = [MyApplication(a, k, histories.get(a.id, []), moves_for(a.status, Who.APPLICANT)) for a, k in pairs]
    return Page(items=items, page=page, per_page=PER_PAGE, total=total)


async def own_application(db: AsyncSession, user_id: int, application_id: int) -> KouboApplication | None:
    rows = await db.execute(
        select(KouboApplication).where(
            KouboApplication.id == application_id,
            KouboApplication.user_id == user_id,
            KouboApplication.status != S.DRAFT,
        )
    )
    return rows.scalar_one_or_none()


# -- files and history ---------------------------------------------------------------------


async def files_of(db: AsyncSession, application_id: int) -> list[KouboApplicationFile]:
    rows = await db.execute(
        select(KouboApplicationFile)
        .where(KouboApplicationFile.application_id == application_id)
        .order_by(KouboApplicationFile.id)
    )
    return list(rows.scalars())


def read_file(settings: Settings, stored_name: str) -> bytes:
    return uploads.read(settings, stored_name, FILES_AREA)


async def histories_of(db: AsyncSession, application_ids: list[int]) -> dict[int, list[KouboApplicationEvent]]:
    if not application_ids:
        return {}
    rows = await db.execute(
        select(KouboApplicationEvent)
        .where(KouboApplicationEvent.application_id.in_(application_ids))
        .order_by(KouboApplicationEvent.created_at, KouboApplicationEvent.id)
    )
    grouped: dict[int, list[KouboApplicationEvent]] = {}
    for event in rows.scalars():
        grouped.setdefault(event.application_id, []).append(event)
    return grouped


# -- personal data and housekeeping ----------------------------------------------------------


async def erase_applications(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会 and retention: the person's 公募 applications, their history and documents are deleted
    (the files after commit; a failure there leaves an orphan for the sweep, never a dangling row)."""
    rows = await db.execute(select(KouboApplication).where(KouboApplication.user_id == user_id))
    applications = list(rows.scalars())
    stored: list[str] = []
    for application in applications:
        for document in await files_of(db, application.id):
            stored.append(document.stored_name)
            await db.delete(document)
        events = await db.execute(
            select(KouboApplicationEvent).where(KouboApplicationEvent.application_id == application.id)
        )
        for event in events.scalars():
            await db.delete(event)
    await db.flush()
    for application in applications:
        await db.delete(application)
    await db.flush()
    _remove_after_commit(db, settings, stored)


async def sweep_orphan_files(db: AsyncSession, settings: Settings) -> int:
    """Delete stored 公募 application documents no KouboApplicationFile points to (a failed
    transaction's, an interrupted deletion's), older than ORPHAN_GRACE: an upload in flight is
    written before its row commits. Only this slice's area is looked at."""
    candidates = uploads.stored_before(settings, clock.now() - ORPHAN_GRACE, FILES_AREA)
    referenced: set[str] = set()
    for start in range(0, len(candidates), 500):  # bounded IN lists
        rows = await db.execute(
            select(KouboApplicationFile.stored_name).where(
                KouboApplicationFile.stored_name.in_(candidates[start : start + 500])
            )
        )
        referenced.update(rows.scalars())
    orphans = [name for name in candidates if name not in referenced]
    uploads.remove(settings, orphans, FILES_AREA)
    return len(orphans)
