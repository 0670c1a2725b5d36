"""当日配布資料: PDF and PowerPoint files the secretariat attaches to a seminar, for its confirmed
participants before and after the day — on their mypage when logged in, through the signed link
in their mails when not (a guest registered without an account) — and for the staff.

A participant who cancels (or is only on the waiting list) gets nothing: the registration's
status is checked at every download, the signed link only says who is asking."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, uploads, urls
from app.config import Settings
from app.db import after_commit
from features.seminars.models import RegistrationStatus, Seminar, SeminarRegistration, SeminarStatus
from features.seminars.models_after import SeminarMaterial

AREA = "seminar_materials"
KINDS = frozenset({"pdf", "pptx"})
REFUSED = "PDFまたはPowerPoint（.pptx）のファイルを選択してください。"
MAX_MATERIALS = 30
# A cancelled or planned seminar's handouts are nobody's business; after 後処理完了 they stay.
SHOWN_STATES = (SeminarStatus.ANNOUNCED, SeminarStatus.CLOSED, SeminarStatus.HELD, SeminarStatus.DONE)


class MaterialError(Exception):
    def __init__(self, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


@dataclass(frozen=True)
class Material:
    id: int
    title: str
    original_name: str
    content_type: str
    size: int

    @property
    def kind_label(self) -> str:
        return "PDF" if self.content_type == "application/pdf" else "PowerPoint"

    @property
    def size_text(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f}MB"
        return f"{max(1, round(self.size / 1024))}KB"


def _view(row: SeminarMaterial) -> Material:
    return Material(row.id, row.title, row.original_name, row.content_type, row.size)


async def list_materials(db: AsyncSession, seminar_id: int) -> list[Material]:
    rows = await db.scalars(
        select(SeminarMaterial)
        .where(SeminarMaterial.seminar_id == seminar_id)
        .order_by(SeminarMaterial.position, SeminarMaterial.id)
    )
    return [_view(row) for row in rows]


def check_file(data: bytes, filename: str) -> None:
    """Raises MaterialError with the Japanese reason (size, empty, not a real PDF / .pptx)."""
    try:
        uploads.check(data, filename, kinds=KINDS, refused=REFUSED)
    except uploads.UploadRejected as rejected:
        raise MaterialError(rejected.message) from None


async def add_material(
    db: AsyncSession,
    settings: Settings,
    seminar: Seminar,
    *,
    title: str,
    data: bytes,
    filename: str,
    actor_user_id: int | None,
) -> Material:
    if seminar.status == SeminarStatus.CANCELLED:
        raise MaterialError("中止したセミナーには資料を追加できません。", 409)
    check_file(data, filename)
    existing = await db.scalar(select(func.count()).where(SeminarMaterial.seminar_id == seminar.id)) or 0
    if existing >= MAX_MATERIALS:
        raise MaterialError(f"資料は1つのセミナーに{MAX_MATERIALS}件までです。")
    stored = uploads.store(settings, data, filename, AREA, kinds=KINDS, refused=REFUSED)
    row = SeminarMaterial(
        seminar_id=seminar.id,
        title=title or stored.original_name.rsplit(".", 1)[0],
        original_name=stored.original_name,
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size=stored.size,
        position=existing + 1,
        uploaded_by=actor_user_id,
        uploaded_at=clock.now(),
    )
    try:
        db.add(row)
        await db.flush()
    except Exception:
        uploads.remove(settings, [stored.stored_name], AREA)
        raise
    return _view(row)


async def delete_material(db: AsyncSession, settings: Settings, seminar_id: int, material_id: int) -> None:
    row = await _row(db, seminar_id, material_id)
    stored_name = row.stored_name
    await db.delete(row)
    await db.flush()

    async def unlink() -> None:  # after commit: a rollback must never leave a row without its file
        uploads.remove(settings, [stored_name], AREA)

    after_commit(db, unlink)


async def _row(db: AsyncSession, seminar_id: int, material_id: int) -> SeminarMaterial:
    row = await db.get(SeminarMaterial, material_id)
    if row is None or row.seminar_id != seminar_id:
        raise LookupError(material_id)
    return row


async def read_material(
    db: AsyncSession, settings: Settings, seminar_id: int, material_id: int
) -> tuple[Material, bytes]:
    row = await _row(db, seminar_id, material_id)
    try:
        return _view(row), uploads.read(settings, row.stored_name, AREA)
    except FileNotFoundError:
        raise LookupError(material_id) from None


# -- who may download -------------------------------------------------------------------------


async def confirmed_registration_of_user(db: AsyncSession, seminar_id: int, user_id: int) -> SeminarRegistration | None:
    return await db.scalar(
        select(SeminarRegistration).where(
            SeminarRegistration.seminar_id == seminar_id,
            SeminarRegistration.user_id == user_id,
            SeminarRegistration.status == RegistrationStatus.CONFIRMED,
        )
    )


def guest_signature(settings: Settings, registration_id: int) -> str:
    """The signed part of a registration's materials link (no table needed: it names one
    registration, and whether that registration may download is decided at each request)."""
    message = f"seminar-materials:{registration_id}".encode()
    return hmac.new(settings.app.secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


def guest_url(settings: Settings, seminar_id: int, registration_id: int) -> str:
    """The absolute link for a participant's mail (confirmation, reminder)."""
    return urls.absolute_url(
        settings,
        "seminars:guest_materials",
        seminar_id=seminar_id,
        registration_id=registration_id,
        signature=guest_signature(settings, registration_id),
    )


async def guest_registration(
    db: AsyncSession, settings: Settings, seminar_id: int, registration_id: int, signature: str
) -> SeminarRegistration | None:
    """The registration the signed link names if the signature is right and it is confirmed."""
    if not hmac.compare_digest(guest_signature(settings, registration_id), signature or ""):
        return None
    registration = await db.get(SeminarRegistration, registration_id)
    if (
        registration is None
        or registration.seminar_id != seminar_id
        or registration.status != RegistrationStatus.CONFIRMED
    ):
        return None
    return registration


def shown(seminar: Seminar) -> bool:
    return seminar.status in SHOWN_STATES
