"""The content rules for the secretariat: saving (every save is a version), review, approval
(four eyes: the one who sent an article for review does not approve it), publication and the
scheduled job. Status moves go through states.apply (the one table)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit, clock
from app.config import Settings
from app.pagination import Page
from features.content import images, states
from features.content.models import (
    ContentImage,
    ContentItem,
    ContentStatus,
    ContentTag,
    ContentVersion,
    RevisionState,
)

PER_PAGE = 20
FIELDS = (
    "title", "kind", "audience", "category", "tags", "series_number", "author", "affiliation",
    "summary", "body", "slug", "publish_at", "image_id", "image_alt",
)  # fmt: skip


class ContentError(Exception):
    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def data_of(version: ContentVersion | None) -> dict[str, Any]:
    return json.loads(version.data) if version is not None else {}


async def item_by_id(db: AsyncSession, item_id: int) -> ContentItem | None:
    return await db.get(ContentItem, item_id)


async def latest_data(db: AsyncSession, item: ContentItem) -> dict[str, Any]:
    return data_of(await db.get(ContentVersion, item.latest_version_id) if item.latest_version_id else None)


async def published_data(db: AsyncSession, item: ContentItem) -> dict[str, Any]:
    return data_of(await db.get(ContentVersion, item.published_version_id) if item.published_version_id else None)


async def versions_of(db: AsyncSession, item_id: int) -> list[ContentVersion]:
    rows = await db.scalars(
        select(ContentVersion).where(ContentVersion.item_id == item_id).order_by(ContentVersion.number.desc())
    )
    return list(rows)


async def image_by_id(db: AsyncSession, image_id: int | None) -> ContentImage | None:
    return await db.get(ContentImage, image_id) if image_id else None


async def staff_page(db: AsyncSession, status: str, page: int) -> Page[ContentItem]:
    where = []
    if status == "pending":
        where.append(
            or_(ContentItem.status == ContentStatus.REVIEW, ContentItem.revision_state == RevisionState.REVIEW)
        )
    elif status in set(ContentStatus):
        where.append(ContentItem.status == status)
    total = await db.scalar(select(func.count()).select_from(ContentItem).where(*where))
    rows = await db.scalars(
        select(ContentItem)
        .where(*where)
        .order_by(ContentItem.updated_at.desc(), ContentItem.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=list(rows), page=page, per_page=PER_PAGE, total=total or 0)


# -- saving -------------------------------------------------------------------------------


async def _check_unique(db: AsyncSession, item_id: int | None, values: dict[str, Any]) -> None:
    """URL名 and コラムの号数 belong to one article (checked at save and again at approval)."""
    others = [ContentItem.id != item_id] if item_id else []
    if values.get("slug"):
        if await db.scalar(select(ContentItem.id).where(ContentItem.slug == values["slug"], *others)):
            raise ContentError("このURL名は別の記事で使われています。", "slug")
    if values.get("series_number") and values.get("kind") == "column":
        taken = await db.scalar(
            select(ContentItem.id).where(
                ContentItem.kind == "column", ContentItem.series_number == values["series_number"], *others
            )
        )
        if taken:
            raise ContentError(f"第{values['series_number']}号は別のコラムに付いています。", "series_number")


async def save(
    db: AsyncSession,
    settings: Settings,
    item: ContentItem | None,
    values: dict[str, Any],
    staff_id: int,
    upload: tuple[bytes, str] | None = None,
) -> ContentItem:
    """Keep a new version of the article (a new article: 下書き; a public one: its revision)."""
    now = clock.now()
    previous = await latest_data(db, item) if item is not None else {}
    if item is not None:
        action = "save_revision" if item.status in states.PUBLIC_COPY else "save_draft"
        if not states.allowed(item, action):
            raise ContentError(states.REFUSALS[action])
    await _check_unique(db, item.id if item else None, values)
    data = {name: values.get(name) for name in FIELDS if name not in ("image_id",)}
    data["image_id"] = None if values.get("remove_image") else previous.get("image_id")
    if upload is not None:
        data["image_id"] = (await images.store(db, settings, upload[0], upload[1], staff_id)).id
    if data["image_id"] is None:
        data["image_alt"] = ""
    if item is None:
        item = ContentItem(created_at=now, updated_at=now, created_by=staff_id)
        db.add(item)
        await db.flush()
    else:
        states.apply(item, "save_revision" if item.status in states.PUBLIC_COPY else "save_draft")
    number = (await db.scalar(select(func.max(ContentVersion.number)).where(ContentVersion.item_id == item.id))) or 0
    version = ContentVersion(
        item_id=item.id,
        number=number + 1,
        data=json.dumps(data, ensure_ascii=False),
        saved_by=staff_id,
        saved_at=now,
    )
    db.add(version)
    await db.flush()
    item.latest_version_id = version.id
    item.working_title = data["title"][:200]
    item.updated_at = now
    await audit.record(db, "content.save", actor_user_id=staff_id, target_type="content", target_id=item.id)
    await db.flush()
    return item


# -- review and publication --------------------------------------------------------------


async def submit(db: AsyncSession, item: ContentItem, staff_id: int) -> None:
    """確認待ちへ: a new article, or the revision of a public one."""
    try:
        states.apply(item, "submit_revision" if item.status in states.PUBLIC_COPY else "submit")
    except states.TransitionError as error:
        raise ContentError(error.message) from None
    item.submitted_by = staff_id
    item.submitted_at = clock.now()
    item.return_reason = ""
    item.updated_at = clock.now()
    await audit.record(db, "content.submit", actor_user_id=staff_id, target_type="content", target_id=item.id)


async def _copy_public(db: AsyncSession, item: ContentItem, data: dict[str, Any]) -> None:
    """The approved version becomes what the public sees."""
    item.title = data["title"]
    item.kind = data["kind"]
    item.audience = data["audience"]
    item.category = data.get("category") or ""
    item.tags = "、".join(data.get("tags") or [])
    item.series_number = data.get("series_number") if data["kind"] == "column" else None
    item.author = data.get("author") or ""
    item.affiliation = data.get("affiliation") or ""
    item.summary = data.get("summary") or ""
    item.body = data["body"]
    item.slug = data.get("slug") or None
    item.image_id = data.get("image_id")
    item.image_alt = data.get("image_alt") or ""
    item.published_version_id = item.latest_version_id
    await db.execute(delete(ContentTag).where(ContentTag.item_id == item.id))
    for tag in data.get("tags") or []:
        db.add(ContentTag(item_id=item.id, tag=tag))


async def approve(db: AsyncSession, item: ContentItem, staff_id: int) -> None:
    """承認: a new article goes 公開中 (or 公開予定 when its 公開日時 is ahead); a revision replaces
    the public copy. Whoever sent it for review cannot approve it."""
    if not states.has_pending(item):
        raise ContentError(states.REFUSALS["approve"])
    if item.submitted_by == staff_id:
        raise ContentError("ご自身が確認に出した記事は承認できません。別の事務局員が確認してください。")
    data = await latest_data(db, item)
    if data.get("kind") == "column" and not data.get("series_number"):
        data["series_number"] = (
            (await db.scalar(select(func.max(ContentItem.series_number)).where(ContentItem.kind == "column"))) or 0
        ) + 1
        version = await db.get(ContentVersion, item.latest_version_id)
        version.data = json.dumps(data, ensure_ascii=False)
    await _check_unique(db, item.id, data)
    now = clock.now()
    publish_at = datetime.fromisoformat(data["publish_at"]) if data.get("publish_at") else None
    if item.status == ContentStatus.REVIEW:
        scheduled = publish_at is not None and publish_at > now
        states.apply(item, "approve_scheduled" if scheduled else "approve")
        item.publish_at = publish_at if scheduled else now
        if not scheduled:
            item.published_at = now
    else:
        states.apply(item, "approve_revision")
        if item.status == ContentStatus.SCHEDULED and publish_at is not None:
            item.publish_at = publish_at
    await _copy_public(db, item, data)
    item.updated_at = now
    await audit.record(db, "content.approve", actor_user_id=staff_id, target_type="content", target_id=item.id)
    await db.flush()


async def send_back(db: AsyncSession, item: ContentItem, staff_id: int, reason: str) -> None:
    """差戻し: back to 下書き (a revision back to editing); the public copy is untouched."""
    try:
        states.apply(item, "return_revision" if item.status in states.PUBLIC_COPY else "return")
    except states.TransitionError as error:
        raise ContentError(error.message) from None
    item.return_reason = reason
    item.updated_at = clock.now()
    await audit.record(
        db, "content.return", actor_user_id=staff_id, target_type="content", target_id=item.id, detail=reason
    )


async def _move(db: AsyncSession, item: ContentItem, action: str, staff_id: int) -> None:
    try:
        states.apply(item, action)
    except states.TransitionError as error:
        raise ContentError(error.message) from None
    item.updated_at = clock.now()
    await audit.record(db, f"content.{action}", actor_user_id=staff_id, target_type="content", target_id=item.id)


async def unpublish(db: AsyncSession, item: ContentItem, staff_id: int) -> None:
    await _move(db, item, "unpublish", staff_id)


async def republish(db: AsyncSession, item: ContentItem, staff_id: int) -> None:
    await _move(db, item, "republish", staff_id)


async def publish_due(db: AsyncSession, settings: Settings) -> int:
    """The scheduled job: 公開予定 articles whose time has come go 公開中 (idempotent)."""
    now = clock.now()
    due = list(
        await db.scalars(
            select(ContentItem).where(ContentItem.status == ContentStatus.SCHEDULED, ContentItem.publish_at <= now)
        )
    )
    for item in due:
        states.apply(item, "publish_due")
        item.published_at = item.publish_at
        item.updated_at = now
    await db.flush()
    return len(due)
