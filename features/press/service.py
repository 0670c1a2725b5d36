"""The rules of プレスリリース: one table of moves (who may make which from where), saving a draft
with its files, review by the secretariat with the mail in the same transaction, and the
object-level checks (an organization only ever loads its own releases)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, uploads
from app.config import Settings
from app.db import after_commit
from app.mail import queue_template_mail
from app.pagination import Page
from features.accounts import api as accounts
from features.press import images
from features.press.forms import LABELS, PDF_KINDS, PDF_REFUSED, REQUIRED_FOR_SUBMIT, FileChanges
from features.press.models import STATUS_LABELS, PressImage, PressRelease, ReleaseStatus

AREA = "press"
PER_PAGE = 20
S = ReleaseStatus

# move -> (who, from states, to state)
TRANSITIONS: dict[str, tuple[str, frozenset[str], str | None]] = {
    "save": ("organization", frozenset({S.DRAFT, S.RETURNED}), None),
    "submit": ("organization", frozenset({S.DRAFT, S.RETURNED}), S.PENDING),
    "approve": ("secretariat", frozenset({S.PENDING}), S.PUBLISHED),
    "return": ("secretariat", frozenset({S.PENDING}), S.RETURNED),
    "withdraw": ("organization", frozenset({S.PUBLISHED}), S.WITHDRAWN),
    # 無効登録 confirmed: what is public or awaiting review goes with the organization.
    "retire": ("system", frozenset({S.PENDING, S.PUBLISHED}), S.WITHDRAWN),
}


class TransitionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IncompleteRelease(Exception):
    """申請 of a release that lacks what the public page needs: the errors per field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("incomplete")
        self.errors = errors


def check_transition(release: PressRelease, move: str, actor: str) -> str | None:
    who, sources, target = TRANSITIONS[move]
    if actor != who:
        raise TransitionError("この操作を行う権限がありません。")
    if release.status not in sources:
        raise TransitionError(f"{label(release.status)}のプレスリリースにはこの操作ができません。")
    return target


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)  # type: ignore[call-overload]


def may(release: PressRelease, move: str) -> bool:
    return release.status in TRANSITIONS[move][1]


# -- the organization's own releases ---------------------------------------------------------


async def own_release(db: AsyncSession, organization_id: int, release_id: int) -> PressRelease | None:
    return await db.scalar(
        select(PressRelease).where(PressRelease.id == release_id, PressRelease.organization_id == organization_id)
    )


async def exists(db: AsyncSession, release_id: int) -> bool:
    return (await db.scalar(select(PressRelease.id).where(PressRelease.id == release_id))) is not None


async def own_releases(db: AsyncSession, organization_id: int, page: int) -> Page[PressRelease]:
    condition = PressRelease.organization_id == organization_id
    total = await db.scalar(select(func.count()).select_from(PressRelease).where(condition)) or 0
    rows = await db.scalars(
        select(PressRelease)
        .where(condition)
        .order_by(PressRelease.updated_at.desc(), PressRelease.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=list(rows), page=page, per_page=PER_PAGE, total=total)


async def images_of(db: AsyncSession, release_id: int) -> list[PressImage]:
    rows = await db.scalars(
        select(PressImage).where(PressImage.release_id == release_id).order_by(PressImage.position, PressImage.id)
    )
    return list(rows)


def values_of(release: PressRelease) -> dict[str, object]:
    """The form's values of a stored release."""
    values: dict[str, object] = {name: getattr(release, name) for name in LABELS}
    values["announced_on"] = release.announced_on.isoformat() if release.announced_on else ""
    return values


def _apply(release: PressRelease, values: dict) -> None:
    release.title = values["title"]
    release.announced_on = date.fromisoformat(values["announced_on"]) if values["announced_on"] else None
    release.body = values["body"]
    release.contact_department = values["contact_department"]
    release.contact_name = values["contact_name"]
    release.contact_phone = values["contact_phone"]
    release.contact_email = values["contact_email"]


async def save_draft(
    db: AsyncSession,
    settings: Settings,
    organization_id: int,
    user_id: int,
    release: PressRelease | None,
    values: dict,
    files: FileChanges,
) -> PressRelease:
    """一時保存 (a new release, or one's own 下書き / 差戻し): the values and the file changes.
    New files are written first and removed again if the transaction does not commit; replaced
    and deleted ones are removed only after it has."""
    now = clock.now()
    if release is None:
        release = PressRelease(organization_id=organization_id, created_by=user_id, created_at=now, updated_at=now)
        db.add(release)
    else:
        check_transition(release, "save", "organization")
    _apply(release, values)
    release.updated_at = now
    await db.flush()
    written: list[str] = []
    gone: list[str] = []
    try:
        existing = await images_of(db, release.id)
        if files.pdf is not None:
            stored = uploads.store(settings, *files.pdf, AREA, kinds=PDF_KINDS, refused=PDF_REFUSED)
            written.append(stored.stored_name)
            if release.pdf_stored_name:
                gone.append(release.pdf_stored_name)
            release.pdf_stored_name, release.pdf_original_name = stored.stored_name, stored.original_name
            release.pdf_size = stored.size
        elif files.remove_pdf and release.pdf_stored_name:
            gone.append(release.pdf_stored_name)
            release.pdf_stored_name, release.pdf_original_name, release.pdf_size = "", "", 0
        position = 0
        for image in existing:
            if image.id in files.removed:
                gone.append(image.stored_name)
                await db.delete(image)
                continue
            image.alt = files.alts.get(image.id, image.alt)
            position += 1
            image.position = position
        for new in files.new_images:
            image = new.image
            stored = uploads.store(
                settings, image.data, image.filename, AREA, kinds=images.KINDS, refused=images.REFUSED
            )
            written.append(stored.stored_name)
            position += 1
            db.add(
                PressImage(
                    release_id=release.id,
                    position=position,
                    stored_name=stored.stored_name,
                    content_type=stored.content_type,
                    width=image.width,
                    height=image.height,
                    size=stored.size,
                    alt=new.alt,
                    created_at=now,
                )
            )
        await db.flush()
    except BaseException:
        uploads.remove(settings, written, AREA)
        raise

    async def tidy() -> None:
        uploads.remove(settings, gone, AREA)

    after_commit(db, tidy)
    return release


def missing_for_submit(release: PressRelease, image_rows: list[PressImage]) -> dict[str, str]:
    """What 申請 needs that the stored release lacks, per field."""
    errors = {}
    for name in REQUIRED_FOR_SUBMIT:
        value = getattr(release, name)
        if value in (None, ""):
            verb = "選択" if name == "announced_on" else "入力"
            errors[name] = f"{LABELS[name]}を{verb}してください。"
    for image in image_rows:
        if not image.alt:
            errors[f"alt_existing_{image.id}"] = "画像の代替テキスト（内容の説明）を入力してください。"
    return errors


async def submit(db: AsyncSession, release: PressRelease) -> PressRelease:
    """申請: to the secretariat's review (承認待ち)."""
    target = check_transition(release, "submit", "organization")
    if errors := missing_for_submit(release, await images_of(db, release.id)):
        raise IncompleteRelease(errors)
    release.status = target
    release.submitted_at = release.updated_at = clock.now()
    return release


async def withdraw(db: AsyncSession, release: PressRelease) -> PressRelease:
    """取り下げ: the organization takes its own published release off the プレスルーム."""
    release.status = check_transition(release, "withdraw", "organization")
    release.withdrawn_at = release.updated_at = clock.now()
    return release


# -- the secretariat ------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    release: PressRelease
    organization_name: str


async def review_list(db: AsyncSession, status: str, page: int) -> Page[QueueRow]:
    """Releases in one state; 承認待ち oldest 申請 first, the others newest change first."""
    order = (
        (PressRelease.submitted_at, PressRelease.id)
        if status == S.PENDING
        else (PressRelease.updated_at.desc(), PressRelease.id.desc())
    )
    condition = PressRelease.status == status
    total = await db.scalar(select(func.count()).select_from(PressRelease).where(condition)) or 0
    rows = list(
        await db.scalars(
            select(PressRelease).where(condition).order_by(*order).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
        )
    )
    names = await accounts.organizations_by_ids(db, {r.organization_id for r in rows})
    items = [QueueRow(r, names[r.organization_id].name if r.organization_id in names else "") for r in rows]
    return Page(items=items, page=page, per_page=PER_PAGE, total=total)


async def count_by_status(db: AsyncSession) -> dict[str, int]:
    rows = await db.execute(select(PressRelease.status, func.count()).group_by(PressRelease.status))
    counts = dict(rows.all())
    return {status.value: counts.get(status.value, 0) for status in S}


async def approve(db: AsyncSession, settings: Settings, release: PressRelease, staff_id: int) -> PressRelease:
    release.status = check_transition(release, "approve", "secretariat")
    release.approved_at = release.updated_at = clock.now()
    release.reviewed_by = staff_id
    release.return_reason = ""
    await _mail_decision(db, settings, release, approved=True)
    return release


async def return_release(
    db: AsyncSession, settings: Settings, release: PressRelease, staff_id: int, reason: str
) -> PressRelease:
    release.status = check_transition(release, "return", "secretariat")
    release.returned_at = release.updated_at = clock.now()
    release.reviewed_by = staff_id
    release.return_reason = reason
    await _mail_decision(db, settings, release, approved=False)
    return release


async def _mail_decision(db: AsyncSession, settings: Settings, release: PressRelease, *, approved: bool) -> None:
    organization = (await accounts.organizations_by_ids(db, {release.organization_id}))[release.organization_id]
    account = await accounts.user_by_id(db, organization.user_id)
    await queue_template_mail(
        db,
        settings,
        to=account.email,
        template="press/approved.txt.jinja" if approved else "press/returned.txt.jinja",
        release=release,
        organization=organization,
        base_url=settings.app.base_url,
    )


async def retire_organization(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """無効登録 confirmed: the organization's published and pending releases are withdrawn."""
    organization = await accounts.organization_of(db, user_id)
    if organization is None:
        return
    rows = await db.scalars(
        select(PressRelease).where(
            PressRelease.organization_id == organization.id,
            PressRelease.status.in_(TRANSITIONS["retire"][1]),
        )
    )
    now = clock.now()
    for release in rows:
        release.status = check_transition(release, "retire", "system")
        release.withdrawn_at = release.updated_at = now


# -- files --------------------------------------------------------------------------------


async def image_row(db: AsyncSession, release_id: int, image_id: int) -> PressImage | None:
    return await db.scalar(select(PressImage).where(PressImage.id == image_id, PressImage.release_id == release_id))


def read_file(settings: Settings, stored_name: str) -> bytes:
    return uploads.read(settings, stored_name, AREA)


def published_condition():
    """What anyone may see: approved, not withdrawn, and its organization still approved and active."""
    return and_(PressRelease.status == S.PUBLISHED, accounts.active_organization(PressRelease.organization_id))
