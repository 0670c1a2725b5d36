"""What the public sees: only 公開中 articles, and only their approved copy (the item's public
columns — never a newer version still in review)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.pagination import Page
from features.content.models import AUDIENCES, KINDS, ContentImage, ContentItem, ContentStatus, ContentTag

PER_PAGE = 12
RELATED = 4
PER_KIND_ON_ENTRY = 6
VISIBLE = ContentItem.status == ContentStatus.PUBLISHED


@dataclass(frozen=True)
class Filters:
    audience: str = ""
    kind: str = ""
    tag: str = ""

    @classmethod
    def parse(cls, audience: str | None, kind: str | None, tag: str | None) -> Filters:
        """Unknown values are dropped (a filter never fails)."""
        return cls(
            audience=audience if audience in AUDIENCES else "",
            kind=kind if kind in KINDS else "",
            tag=(tag or "").strip()[:30],
        )

    def as_params(self) -> dict[str, str]:
        return {"audience": self.audience, "kind": self.kind, "tag": self.tag}


def _audience_clause(audience: str):  # noqa: ANN202 — a SQL expression
    """個人向け / 団体向け include what is 共通 to both."""
    if audience in ("individual", "organization"):
        return ContentItem.audience.in_((audience, "common"))
    return ContentItem.audience == audience


async def articles_page(db: AsyncSession, filters: Filters, page: int) -> Page[ContentItem]:
    where = [VISIBLE]
    if filters.audience:
        where.append(_audience_clause(filters.audience))
    if filters.kind:
        where.append(ContentItem.kind == filters.kind)
    if filters.tag:
        where.append(ContentItem.id.in_(select(ContentTag.item_id).where(ContentTag.tag == filters.tag)))
    total = await db.scalar(select(func.count()).select_from(ContentItem).where(*where))
    rows = await db.scalars(
        select(ContentItem)
        .where(*where)
        .order_by(ContentItem.published_at.desc(), ContentItem.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=list(rows), page=page, per_page=PER_PAGE, total=total or 0)


async def popular_tags(db: AsyncSession, limit: int = 40) -> list[str]:
    rows = await db.execute(
        select(ContentTag.tag, func.count().label("n"))
        .join(ContentItem, ContentItem.id == ContentTag.item_id)
        .where(VISIBLE)
        .group_by(ContentTag.tag)
        .order_by(func.count().desc(), ContentTag.tag)
        .limit(limit)
    )
    return sorted(tag for tag, _n in rows)


async def article(db: AsyncSession, key: str) -> ContentItem | None:
    """A 公開中 article by its URL名, or by its number."""
    clause = ContentItem.id == int(key) if key.isdigit() and len(key) < 10 else ContentItem.slug == key
    return await db.scalar(select(ContentItem).where(clause, VISIBLE))


async def related(db: AsyncSession, item: ContentItem) -> list[ContentItem]:
    """Other 公開中 articles sharing a tag or the category, newest first."""
    shared = [ContentItem.id.in_(select(ContentTag.item_id).where(ContentTag.tag.in_(item.tags.split("、"))))]
    if item.category:
        shared.append(ContentItem.category == item.category)
    rows = await db.scalars(
        select(ContentItem)
        .where(VISIBLE, ContentItem.id != item.id, or_(*shared))
        .order_by(ContentItem.published_at.desc(), ContentItem.id.desc())
        .limit(RELATED)
    )
    return list(rows)


async def entry_sections(db: AsyncSession, audience: str) -> list[tuple[str, str, list[ContentItem]]]:
    """(kind, label, newest articles) for 個人の方へ / 団体の方へ: that audience and 共通."""
    sections = []
    for kind, label in KINDS.items():
        rows = await db.scalars(
            select(ContentItem)
            .where(VISIBLE, _audience_clause(audience), ContentItem.kind == kind)
            .order_by(ContentItem.published_at.desc(), ContentItem.id.desc())
            .limit(PER_KIND_ON_ENTRY)
        )
        items = list(rows)
        if items:
            sections.append((kind, label, items))
    return sections


async def newest(db: AsyncSession, limit: int = 30) -> list[ContentItem]:
    rows = await db.scalars(
        select(ContentItem).where(VISIBLE).order_by(ContentItem.published_at.desc(), ContentItem.id.desc()).limit(limit)
    )
    return list(rows)


async def images_of(db: AsyncSession, items: list[ContentItem]) -> dict[int, ContentImage]:
    ids = {i.image_id for i in items if i.image_id}
    if not ids:
        return {}
    return {row.id: row for row in await db.scalars(select(ContentImage).where(ContentImage.id.in_(ids)))}


async def public_image(db: AsyncSession, image_id: int) -> ContentImage | None:
    """An image is public once a 公開中 article shows it (drafts' images: staff only)."""
    shown = await db.scalar(select(ContentItem.id).where(and_(VISIBLE, ContentItem.image_id == image_id)).limit(1))
    return await db.get(ContentImage, image_id) if shown else None
