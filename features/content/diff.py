"""What the reviewer reads: the pending version against the published one, field by field, and
the body line by line (difflib). Plain values; the template marks them with <ins>/<del> and the
words 追加 / 削除, so the change is never told by colour alone."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.templating import format_datetime_ja
from features.content.forms import LABELS
from features.content.models import AUDIENCES, KINDS

CONTEXT = 2  # unchanged lines kept around a change


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class BodyLine:
    op: str  # "same" | "added" | "removed" | "skipped"
    text: str


def shown(data: dict[str, Any]) -> dict[str, str]:
    """Every field but the body as a reader sees it."""
    at = data.get("publish_at") or ""
    image = data.get("image_id")
    return {
        "title": data.get("title") or "",
        "kind": KINDS.get(data.get("kind") or "", ""),
        "audience": AUDIENCES.get(data.get("audience") or "", ""),
        "category": data.get("category") or "",
        "tags": "、".join(data.get("tags") or []),
        "series_number": f"第{data['series_number']}号" if data.get("series_number") else "",
        "author": data.get("author") or "",
        "affiliation": data.get("affiliation") or "",
        "summary": data.get("summary") or "",
        "slug": data.get("slug") or "",
        "publish_at": format_datetime_ja(datetime.fromisoformat(at)) if at else "",
        "image_alt": f"画像{image}：{data.get('image_alt') or ''}" if image else "（画像なし）",
    }


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    old, new = shown(before), shown(after)
    return [FieldChange(LABELS[name], old[name], new[name]) for name in old if old[name] != new[name]]


def body_lines(before: str, after: str) -> list[BodyLine]:
    """The body's lines with the changes marked; long unchanged stretches are folded."""
    old, new = (before or "").split("\n"), (after or "").split("\n")
    lines: list[BodyLine] = []
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = old[i1:i2]
            if len(same) > 2 * CONTEXT + 1:
                head = same[:CONTEXT] if index > 0 else []  # context after a change …
                tail = same[-CONTEXT:] if index < len(opcodes) - 1 else []  # … and before the next
                lines += [BodyLine("same", t) for t in head]
                lines.append(BodyLine("skipped", f"変更のない{len(same) - len(head) - len(tail)}行"))
                lines += [BodyLine("same", t) for t in tail]
            else:
                lines += [BodyLine("same", t) for t in same]
            continue
        lines += [BodyLine("removed", t) for t in old[i1:i2]]
        lines += [BodyLine("added", t) for t in new[j1:j2]]
    return lines
