"""What the library's pages show of an item: plain values for the templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from features.library.models import AUDIENCE_LABELS, CATEGORY_LABELS, PR_TOOLS, LibraryItem, LibraryVersion


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}MB"
    return f"{max(1, round(size / 1024))}KB"


KIND_LABELS = {
    "application/pdf": "PDF",
    "image/png": "PNG画像",
    "image/jpeg": "JPEG画像",
}


def kind_label(content_type: str) -> str:
    if content_type in KIND_LABELS:
        return KIND_LABELS[content_type]
    if "word" in content_type:
        return "Word"
    if "sheet" in content_type or "excel" in content_type:
        return "Excel"
    if "presentation" in content_type:
        return "PowerPoint"
    return "ファイル"


@dataclass(frozen=True)
class ItemView:
    id: int
    title: str
    category: str
    category_label: str
    audience: str
    audience_label: str
    description: str
    version: int
    file_name: str
    kind: str
    size: str
    pixels: str  # "728×90" for an image, "" otherwise
    has_thumbnail: bool
    confirmed_on: date | None
    due: bool
    is_pr_tool: bool


def item_view(item: LibraryItem, version: LibraryVersion | None, *, due: bool = False) -> ItemView:
    return ItemView(
        id=item.id,
        title=item.title,
        category=item.category,
        category_label=CATEGORY_LABELS.get(item.category, item.category),
        audience=item.audience,
        audience_label=AUDIENCE_LABELS.get(item.audience, item.audience),
        description=item.description,
        version=item.current_version,
        file_name=version.original_name if version else "",
        kind=kind_label(version.content_type) if version else "",
        size=size_text(version.size) if version else "",
        pixels=f"{version.width}×{version.height}" if version and version.width and version.height else "",
        has_thumbnail=bool(version and version.thumbnail_name),
        confirmed_on=item.last_confirmed_on,
        due=due,
        is_pr_tool=item.category in PR_TOOLS,
    )
