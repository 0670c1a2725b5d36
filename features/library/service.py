"""The library's rules: items and their versions, who may get which file, the 最終確認日.

Audience decides every download and thumbnail: 事務局内 → the staff only; 団体 → approved
organizations and the staff; 公開 → anyone. Anyone else is answered as if the item did not
exist. Older versions are for the staff only; everyone else gets the current one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, uploads
from app.config import Settings
from app.pagination import Page
from features.library import thumbnails
from features.library.models import PR_TOOLS, Audience, Category, LibraryItem, LibraryVersion

AREA = "library"
# What the library accepts: PDF (print-ready パンフレット・ポスター and ノベルティ designs saved as PDF,
# which an Illustrator file with PDF compatibility is), images, and Office documents. A ZIP, .ai or
# .psd cannot be checked by its content, so it is refused (see README).
KINDS = frozenset({"pdf", "jpeg", "png", "docx", "xlsx", "pptx", "doc", "xls"})
REFUSED = "PDF・画像（JPEG・PNG）・Word・Excel・PowerPointのファイルを選択してください。"
PER_PAGE = 30
STAFF_ROLE = "secretariat"
ORGANIZATION_ROLE = "organization"


class LibraryError(Exception):
    def __init__(self, message: str, field: str = "file") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Viewer:
    """Who is asking: the role of the session and, for an organization, whether it is approved."""

    role: str = ""
    approved_organization: bool = False

    @property
    def is_staff(self) -> bool:
        return self.role == STAFF_ROLE


def audiences_for(viewer: Viewer) -> tuple[str, ...]:
    if viewer.is_staff:
        return (Audience.STAFF, Audience.ORGANIZATIONS, Audience.PUBLIC)
    if viewer.role == ORGANIZATION_ROLE and viewer.approved_organization:
        return (Audience.ORGANIZATIONS, Audience.PUBLIC)
    return (Audience.PUBLIC,)


def max_bytes(settings: Settings) -> int:
    return min(settings.library.max_file_mb, 1024) * 1024 * 1024


def refusal(rejected: uploads.UploadRejected) -> LibraryError:
    """uploads' message, except its general one, which does not name PowerPoint (the library takes it)."""
    if rejected.message == uploads.UNKNOWN_TYPE:
        return LibraryError(
            REFUSED.removesuffix("。") + "（内容を確認できませんでした。ZIP・.ai・.psdは登録できません）。"
        )
    return LibraryError(rejected.message)


# -- reading ----------------------------------------------------------------------------------


async def item_by_id(db: AsyncSession, item_id: int) -> LibraryItem | None:
    return await db.get(LibraryItem, item_id)


async def visible_item(db: AsyncSession, item_id: int, viewer: Viewer) -> LibraryItem | None:
    """The item if this viewer may have its file; None otherwise (a 404, whether or not it exists)."""
    item = await db.get(LibraryItem, item_id)
    if item is None or item.audience not in audiences_for(viewer):
        return None
    return item


async def version_of(db: AsyncSession, item_id: int, number: int) -> LibraryVersion | None:
    return await db.scalar(
        select(LibraryVersion).where(LibraryVersion.item_id == item_id, LibraryVersion.number == number)
    )


async def versions_of(db: AsyncSession, item_id: int) -> list[LibraryVersion]:
    rows = await db.scalars(
        select(LibraryVersion).where(LibraryVersion.item_id == item_id).order_by(LibraryVersion.number.desc())
    )
    return list(rows)


async def current_versions(db: AsyncSession, items: list[LibraryItem]) -> dict[int, LibraryVersion]:
    """Each item's current version in one query (no query per row)."""
    if not items:
        return {}
    wanted = [and_(LibraryVersion.item_id == i.id, LibraryVersion.number == i.current_version) for i in items]
    rows = await db.scalars(select(LibraryVersion).where(or_(*wanted)))
    return {v.item_id: v for v in rows}


def review_cutoff(today: date, months: int) -> date:
    """The day `months` months before `today` (the 31st falls back to the month's last day)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in range(today.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(today.day, 28))


def due_condition(today: date, months: int):
    """要確認: never confirmed, or last confirmed on or before the cutoff."""
    cutoff = review_cutoff(today, months)
    return or_(LibraryItem.last_confirmed_on.is_(None), LibraryItem.last_confirmed_on <= cutoff)


def is_due(item: LibraryItem, today: date, months: int) -> bool:
    return item.last_confirmed_on is None or item.last_confirmed_on <= review_cutoff(today, months)


@dataclass(frozen=True)
class Filters:
    category: str = ""
    audience: str = ""
    due: bool = False

    def as_query(self) -> dict[str, str]:
        return {"category": self.category, "audience": self.audience, "due": "1" if self.due else ""}


async def items_page(db: AsyncSession, settings: Settings, filters: Filters, page: int) -> Page[LibraryItem]:
    query = select(LibraryItem)
    if filters.category:
        query = query.where(LibraryItem.category == filters.category)
    if filters.audience:
        query = query.where(LibraryItem.audience == filters.audience)
    if filters.due:
        query = query.where(due_condition(clock.today_jst(), settings.library.review_months))
    total = await db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = await db.scalars(
        query.order_by(LibraryItem.updated_at.desc(), LibraryItem.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(list(rows), page, PER_PAGE, total)


async def listed_items(
    db: AsyncSession, audiences: tuple[str, ...], categories: tuple[str, ...] = ()
) -> list[LibraryItem]:
    """What a public or organization page lists, by category then title (capped: a library is small)."""
    query = select(LibraryItem).where(LibraryItem.audience.in_(audiences))
    if categories:
        query = query.where(LibraryItem.category.in_(categories))
    rows = await db.scalars(query.order_by(LibraryItem.category, LibraryItem.title, LibraryItem.id).limit(500))
    return list(rows)


async def public_pr_tools(db: AsyncSession) -> list[LibraryItem]:
    return await listed_items(db, (Audience.PUBLIC,), tuple(PR_TOOLS))


# -- writing ----------------------------------------------------------------------------------


async def _store_version(
    db: AsyncSession,
    settings: Settings,
    item: LibraryItem,
    number: int,
    data: bytes,
    filename: str,
    note: str,
    actor: int | None,
) -> LibraryVersion:
    try:
        stored = uploads.store(
            settings, data, filename, AREA, kinds=KINDS, refused=REFUSED, max_bytes=max_bytes(settings)
        )
    except uploads.UploadRejected as rejected:
        raise refusal(rejected) from None
    written = [stored.stored_name]
    try:
        rendered = await thumbnails.render(
            data, stored.content_type, timeout=settings.library.thumbnail_timeout_seconds
        )
        thumbnail_name = None
        if rendered.png is not None:
            thumbnail_name = uploads.store_derived(settings, rendered.png, AREA)
            written.append(thumbnail_name)
        version = LibraryVersion(
            item_id=item.id,
            number=number,
            note=note,
            stored_name=stored.stored_name,
            original_name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
            width=rendered.width,
            height=rendered.height,
            thumbnail_name=thumbnail_name,
            uploaded_by=actor,
            uploaded_at=clock.now(),
        )
        db.add(version)
        await db.flush()
    except BaseException:
        uploads.remove(settings, written, AREA)
        raise
    return version


async def create_item(
    db: AsyncSession, settings: Settings, values: dict, *, data: bytes, filename: str, actor: int | None
) -> LibraryItem:
    """A new item with its first version (最終確認日: today — it was just checked by whoever uploads it)."""
    now = clock.now()
    item = LibraryItem(
        title=values["title"],
        category=values["category"],
        description=values["description"],
        audience=values["audience"],
        current_version=1,
        last_confirmed_on=clock.today_jst(),
        confirmed_by=actor,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    db.add(item)
    await db.flush()
    await _store_version(db, settings, item, 1, data, filename, values.get("note", "") or "初版", actor)
    return item


async def update_item(db: AsyncSession, item: LibraryItem, values: dict) -> list[str]:
    """Title, category, description and audience; returns the names of what changed (for the audit)."""
    changed = [name for name in ("title", "category", "description", "audience") if getattr(item, name) != values[name]]
    for name in changed:
        setattr(item, name, values[name])
    if changed:
        item.updated_at = clock.now()
        await db.flush()
    return changed


async def add_version(
    db: AsyncSession, settings: Settings, item: LibraryItem, *, data: bytes, filename: str, note: str, actor: int | None
) -> LibraryVersion:
    """A new version becomes the current one; the older ones stay (staff only)."""
    latest = await db.scalar(select(func.max(LibraryVersion.number)).where(LibraryVersion.item_id == item.id)) or 0
    version = await _store_version(db, settings, item, latest + 1, data, filename, note, actor)
    item.current_version = version.number
    item.updated_at = clock.now()
    await db.flush()
    return version


async def confirm(db: AsyncSession, item: LibraryItem, actor: int | None) -> date:
    """確認済みにする: 最終確認日 becomes today (Japan time)."""
    today = clock.today_jst()
    item.last_confirmed_on = today
    item.confirmed_by = actor
    await db.flush()
    return today


def read_file(settings: Settings, name: str) -> bytes | None:
    try:
        return uploads.read(settings, name, AREA)
    except FileNotFoundError:
        return None


__all__ = ["Category"]


ORPHAN_GRACE = timedelta(hours=6)


async def sweep_orphan_files(db: AsyncSession, settings: Settings) -> int:
    """Daily: delete stored files and thumbnails no version points to (an upload whose transaction
    failed after the file was written), older than ORPHAN_GRACE. Only the library's area is looked at."""
    candidates = uploads.stored_before(settings, clock.now() - ORPHAN_GRACE, AREA)
    referenced: set[str] = set()
    for start in range(0, len(candidates), 500):  # bounded IN lists
        chunk = candidates[start : start + 500]
        rows = await db.execute(
            select(LibraryVersion.stored_name, LibraryVersion.thumbnail_name).where(
                or_(LibraryVersion.stored_name.in_(chunk), LibraryVersion.thumbnail_name.in_(chunk))
            )
        )
        for stored_name, thumbnail_name in rows:
            referenced.update({stored_name, thumbnail_name})
    orphans = [name for name in candidates if name not in referenced]
    uploads.remove(settings, orphans, AREA)
    return len(orphans)
