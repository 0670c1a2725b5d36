"""セミナーレポート: the public account of a held seminar (text and photos with alt text), through
the secretariat's review — 下書き → 確認待ち → 公開 (差し戻し back to 下書き with a comment; a
published one may be withdrawn to 下書き). Only 下書き can be edited. Photos are images only
(JPEG/PNG, checked by content) in their own upload area.

後処理完了 needs the report published (`is_published`, asked by the seminar's transition)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit, clock, uploads
from app.config import Settings
from app.db import after_commit
from app.pagination import Page
from features.seminars.models import Seminar, SeminarStatus
from features.seminars.models_after import REPORT_STATUS_LABELS, ReportStatus, SeminarReport, SeminarReportPhoto

AREA = "seminar_photos"
PHOTO_KINDS = frozenset({"jpeg", "png"})
PHOTO_REFUSED = "写真はJPEGまたはPNGの画像ファイルを選択してください。"
MAX_PHOTOS = 12
TITLE_LIMIT = 200
BODY_LIMIT = 20000
ALT_LIMIT = 200
# A report is written about a seminar that took place.
REPORT_STATES = (SeminarStatus.HELD, SeminarStatus.DONE)
PER_PAGE = 20


class ReportError(Exception):
    def __init__(self, message: str, status_code: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


class ReportMove(StrEnum):
    SUBMIT = "確認を依頼する"
    SEND_BACK = "差し戻す"
    PUBLISH = "公開する"
    WITHDRAW = "公開を取り下げる"


R = ReportStatus
# (move, from) -> (to, roles that may make it). The secretariat writes and reviews; nobody else
# reaches these pages (the routes' guard), and the table is where another role would be added.
TRANSITIONS: dict[tuple[ReportMove, str], tuple[str, frozenset[str]]] = {
    (ReportMove.SUBMIT, R.DRAFT): (R.REVIEW, frozenset({"secretariat"})),
    (ReportMove.SEND_BACK, R.REVIEW): (R.DRAFT, frozenset({"secretariat"})),
    (ReportMove.PUBLISH, R.REVIEW): (R.PUBLISHED, frozenset({"secretariat"})),
    (ReportMove.WITHDRAW, R.PUBLISHED): (R.DRAFT, frozenset({"secretariat"})),
}


def status_label(status: str) -> str:
    return REPORT_STATUS_LABELS.get(status, status)  # type: ignore[call-overload]


def allowed_moves(report: SeminarReport | None, role: str = "secretariat") -> list[ReportMove]:
    status = report.status if report else R.DRAFT
    return [move for (move, frm), (_to, roles) in TRANSITIONS.items() if frm == status and role in roles]


def paragraphs(body: str) -> list[list[str]]:
    """Plain text as paragraphs (blank lines) of lines: the template escapes each line."""
    blocks = [block.strip("\n") for block in (body or "").replace("\r\n", "\n").split("\n\n")]
    return [[line for line in block.split("\n")] for block in blocks if block.strip()]


@dataclass(frozen=True)
class Photo:
    id: int
    alt_text: str
    caption: str


@dataclass(frozen=True)
class PublishedReport:
    seminar_id: int
    seminar_title: str
    seminar_starts_at: datetime | None
    title: str
    published_at: datetime | None


async def report_of(db: AsyncSession, seminar_id: int) -> SeminarReport | None:
    return await db.scalar(select(SeminarReport).where(SeminarReport.seminar_id == seminar_id))


async def photos_of(db: AsyncSession, report_id: int | None) -> list[Photo]:
    if report_id is None:
        return []
    rows = await db.scalars(
        select(SeminarReportPhoto)
        .where(SeminarReportPhoto.report_id == report_id)
        .order_by(SeminarReportPhoto.position, SeminarReportPhoto.id)
    )
    return [Photo(row.id, row.alt_text, row.caption) for row in rows]


async def is_published(db: AsyncSession, seminar_id: int) -> bool:
    report = await report_of(db, seminar_id)
    return report is not None and report.status == R.PUBLISHED


def _check_seminar(seminar: Seminar) -> None:
    if seminar.status not in REPORT_STATES:
        raise ReportError("セミナーレポートは開催済のセミナーについて作成できます。")


async def _lock_report(db: AsyncSession, seminar: Seminar) -> SeminarReport:
    """The seminar's report, created (empty 下書き) the first time; locked against a second tab."""
    report = await db.scalar(
        select(SeminarReport)
        .where(SeminarReport.seminar_id == seminar.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if report is None:
        now = clock.now()
        report = SeminarReport(
            seminar_id=seminar.id, title=f"{seminar.title} 開催レポート", created_at=now, updated_at=now
        )
        db.add(report)
        await db.flush()
    return report


def validate(title: str, body: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "レポートのタイトルを入力してください。"
    elif len(title) > TITLE_LIMIT:
        errors["title"] = f"タイトルは{TITLE_LIMIT}文字以内で入力してください。"
    if len(body) > BODY_LIMIT:
        errors["body"] = f"本文は{BODY_LIMIT}文字以内で入力してください。"
    return errors


async def save_draft(
    db: AsyncSession, seminar: Seminar, *, title: str, body: str, actor_user_id: int | None
) -> SeminarReport:
    _check_seminar(seminar)
    report = await _lock_report(db, seminar)
    if report.status != R.DRAFT:
        raise ReportError(
            f"{status_label(report.status)}のレポートは編集できません（差し戻すか公開を取り下げてください）。"
        )
    report.title, report.body = title, body
    report.written_by = actor_user_id
    report.updated_at = clock.now()
    await db.flush()
    return report


async def move(
    db: AsyncSession,
    seminar: Seminar,
    report_move: ReportMove,
    *,
    role: str,
    actor_user_id: int | None,
    comment: str = "",
) -> SeminarReport:
    _check_seminar(seminar)
    report = await _lock_report(db, seminar)
    rule = TRANSITIONS.get((report_move, report.status))
    if rule is None:
        raise ReportError(f"{status_label(report.status)}のレポートは「{report_move.value}」ことができません。")
    to_state, roles = rule
    if role not in roles:
        raise ReportError(f"「{report_move.value}」はこのアカウントではできません。", 403)
    if report_move in (ReportMove.SUBMIT, ReportMove.PUBLISH) and not report.body.strip():
        raise ReportError("本文を入力してから確認を依頼してください。", 422)
    if report_move == ReportMove.SEND_BACK and not comment:
        raise ReportError("差し戻す理由を入力してください。", 422)
    now = clock.now()
    report.status = to_state
    report.updated_at = now
    if report_move == ReportMove.SUBMIT:
        report.submitted_by, report.submitted_at, report.review_comment = actor_user_id, now, ""
    elif report_move == ReportMove.SEND_BACK:
        report.review_comment = comment
    elif report_move == ReportMove.PUBLISH:
        report.published_by, report.published_at = actor_user_id, now
    elif report_move == ReportMove.WITHDRAW:
        report.published_at = None
    await db.flush()
    await audit.record(
        db,
        "seminar_report_status",
        actor_user_id=actor_user_id,
        target_type="seminar_report",
        target_id=report.id,
        detail=f"{report_move.value} → {status_label(to_state)}",
    )
    return report


# -- photos ----------------------------------------------------------------------------------


def check_photo(data: bytes, filename: str, alt_text: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        uploads.check(data, filename, kinds=PHOTO_KINDS, refused=PHOTO_REFUSED)
    except uploads.UploadRejected as rejected:
        errors["photo"] = rejected.message
    if not alt_text:
        errors["alt_text"] = "写真の代替テキスト（写っている内容の説明）を入力してください。"
    elif len(alt_text) > ALT_LIMIT:
        errors["alt_text"] = f"代替テキストは{ALT_LIMIT}文字以内で入力してください。"
    return errors


async def add_photo(
    db: AsyncSession, settings: Settings, seminar: Seminar, *, data: bytes, filename: str, alt_text: str, caption: str
) -> Photo:
    _check_seminar(seminar)
    report = await _lock_report(db, seminar)
    if report.status != R.DRAFT:
        raise ReportError(f"{status_label(report.status)}のレポートには写真を追加できません。")
    count = await db.scalar(select(func.count()).where(SeminarReportPhoto.report_id == report.id)) or 0
    if count >= MAX_PHOTOS:
        raise ReportError(f"写真は{MAX_PHOTOS}枚までです。", 422)
    stored = uploads.store(settings, data, filename, AREA, kinds=PHOTO_KINDS, refused=PHOTO_REFUSED)
    row = SeminarReportPhoto(
        report_id=report.id,
        alt_text=alt_text,
        caption=caption[:200],
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size=stored.size,
        position=count + 1,
        uploaded_at=clock.now(),
    )
    try:
        db.add(row)
        report.updated_at = clock.now()
        await db.flush()
    except Exception:
        uploads.remove(settings, [stored.stored_name], AREA)
        raise
    return Photo(row.id, row.alt_text, row.caption)


async def remove_photo(db: AsyncSession, settings: Settings, seminar: Seminar, photo_id: int) -> None:
    report = await _lock_report(db, seminar)
    row = await db.get(SeminarReportPhoto, photo_id)
    if row is None or row.report_id != report.id:
        raise LookupError(photo_id)
    if report.status != R.DRAFT:
        raise ReportError(f"{status_label(report.status)}のレポートの写真は削除できません。")
    stored_name = row.stored_name
    await db.delete(row)
    await db.flush()

    async def unlink() -> None:
        uploads.remove(settings, [stored_name], AREA)

    after_commit(db, unlink)


async def photo_file(
    db: AsyncSession, settings: Settings, seminar_id: int, photo_id: int, *, staff: bool
) -> tuple[str, bytes]:
    """(content type, bytes) of a photo: anyone's once the report is published, staff's always."""
    row = await db.get(SeminarReportPhoto, photo_id)
    report = await report_of(db, seminar_id)
    if row is None or report is None or row.report_id != report.id:
        raise LookupError(photo_id)
    if report.status != R.PUBLISHED and not staff:
        raise LookupError(photo_id)
    try:
        return row.content_type, uploads.read(settings, row.stored_name, AREA)
    except FileNotFoundError:
        raise LookupError(photo_id) from None


# -- the public side -------------------------------------------------------------------------


async def published_report(db: AsyncSession, seminar_id: int) -> SeminarReport | None:
    report = await report_of(db, seminar_id)
    return report if report is not None and report.status == R.PUBLISHED else None


async def list_published(db: AsyncSession, page: int = 1) -> Page:
    """The published reports, newest seminar first (one query for the page, one for the count)."""
    base = (
        select(SeminarReport, Seminar)
        .join(Seminar, Seminar.id == SeminarReport.seminar_id)
        .where(SeminarReport.status == R.PUBLISHED)
    )
    total = await db.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = await db.execute(
        base.order_by(Seminar.starts_at.desc(), SeminarReport.id.desc()).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    )
    items = [
        PublishedReport(seminar.id, seminar.title, seminar.starts_at, report.title, report.published_at)
        for report, seminar in rows.all()
    ]
    return Page(items=items, total=int(total), page=page, per_page=PER_PAGE)
