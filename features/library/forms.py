"""Parsing the library's forms into (clean values, errors) with Japanese messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms import FormResult, clean_text, first, text_field
from features.library.models import AUDIENCE_LABELS, CATEGORY_LABELS

TITLE_MAX = 200
DESCRIPTION_MAX = 2000
NOTE_MAX = 500


def parse_item(data: Mapping[str, Any]) -> FormResult:
    """タイトル, 種類, 説明, 公開範囲 (the new-item form adds the file and its note)."""
    result = FormResult()
    text_field(result, data, "title", "タイトル", required=True, max_length=TITLE_MAX)
    category = clean_text(first(data, "category"))
    result.values["category"] = category
    if category not in CATEGORY_LABELS:
        result.error("category", "種類を選択してください。")
    audience = clean_text(first(data, "audience"))
    result.values["audience"] = audience
    if audience not in AUDIENCE_LABELS:
        result.error("audience", "公開範囲を選択してください。")
    text_field(result, data, "description", "説明", max_length=DESCRIPTION_MAX, multiline=True)
    return result


def parse_note(data: Mapping[str, Any], result: FormResult | None = None) -> FormResult:
    result = result or FormResult()
    text_field(result, data, "note", "変更内容のメモ", max_length=NOTE_MAX, multiline=True)
    return result


def parse_filters(category: str | None, audience: str | None, due: str | None) -> tuple[str, str, bool]:
    """The list's filters; anything unknown is ignored (no error on a GET)."""
    category = category if category in CATEGORY_LABELS else ""
    audience = audience if audience in AUDIENCE_LABELS else ""
    return category, audience, (due or "") in {"1", "on", "true"}
