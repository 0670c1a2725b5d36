"""The article form: raw form data → (clean values, errors), Japanese messages. The lead image
file itself is checked in images.py; here only its 代替テキスト and the other fields."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app.clock import to_jst
from app.forms import FormResult, checkbox, choice_field, clean_text, first, jst_datetime_field, nfkc, text_field
from features.content.models import AUDIENCES, KINDS

LABELS = {
    "title": "タイトル",
    "kind": "種別",
    "audience": "対象",
    "category": "カテゴリ",
    "tags": "タグ",
    "series_number": "コラムの号数",
    "author": "執筆者",
    "affiliation": "所属",
    "summary": "概要",
    "body": "本文",
    "slug": "URL名",
    "publish_at": "公開日時",
    "image_alt": "画像の代替テキスト",
}
BODY_MAX = 50_000
MAX_TAGS = 10
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TAG_SPLIT = re.compile(r"[,、，\s]+")


def _tags(result: FormResult, data: Mapping[str, Any]) -> list[str]:
    raw = clean_text(first(data, "tags"))
    tags = list(dict.fromkeys(t for t in (nfkc(p).strip("#＃") for p in _TAG_SPLIT.split(raw)) if t))
    result.values["tags"] = tags
    if len(tags) > MAX_TAGS:
        result.error("tags", f"タグは{MAX_TAGS}個までです。")
    elif any(len(t) > 30 for t in tags):
        result.error("tags", "タグは1つ30文字以内で入力してください。")
    return tags


def _series(result: FormResult, data: Mapping[str, Any], kind: str) -> int | None:
    raw = nfkc(clean_text(first(data, "series_number")))
    result.values["series_number"] = raw
    if not raw:
        result.values["series_number"] = None
        return None
    if kind != "column":
        result.error("series_number", "号数はコラムにだけ付けられます。")
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        result.error("series_number", "号数は1以上の数字で入力してください。")
        return None
    result.values["series_number"] = int(raw)
    return int(raw)


def parse_article(data: Mapping[str, Any], *, has_image: bool) -> FormResult:
    """`has_image`: a lead image is kept or being uploaded (its 代替テキスト is then required)."""
    result = FormResult()
    text_field(result, data, "title", LABELS["title"], required=True, max_length=200)
    kind = choice_field(result, data, "kind", LABELS["kind"], list(KINDS))
    choice_field(result, data, "audience", LABELS["audience"], list(AUDIENCES))
    text_field(result, data, "category", LABELS["category"], max_length=40)
    _tags(result, data)
    _series(result, data, kind)
    text_field(result, data, "author", LABELS["author"], max_length=100)
    text_field(result, data, "affiliation", LABELS["affiliation"], max_length=100)
    text_field(result, data, "summary", LABELS["summary"], max_length=300, multiline=True)
    text_field(result, data, "body", LABELS["body"], required=True, max_length=BODY_MAX, multiline=True)
    slug = nfkc(clean_text(first(data, "slug"))).lower()
    result.values["slug"] = slug
    if slug and (len(slug) > 80 or not _SLUG.match(slug) or slug.isdigit()):
        result.error("slug", "URL名は半角英小文字・数字・ハイフンで入力してください（数字だけは不可、80文字以内）。")
    at = jst_datetime_field(result, data, "publish_at", LABELS["publish_at"], required=False)
    result.values["publish_at"] = at.isoformat() if at else ""
    alt = text_field(result, data, "image_alt", LABELS["image_alt"], max_length=200)
    result.values["remove_image"] = checkbox(data, "remove_image")
    if has_image and not result.values["remove_image"] and not alt:
        result.error("image_alt", "画像の内容を説明する代替テキストを入力してください（画面読み上げで読まれます）。")
    return result


def form_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """A stored version's values as the form shows them."""
    values = dict(data)
    values["tags"] = "、".join(data.get("tags") or [])
    values["series_number"] = data.get("series_number") or ""
    at = data.get("publish_at") or ""
    if at:
        jst = to_jst(datetime.fromisoformat(at))
        values["publish_at_date"], values["publish_at_time"] = jst.date().isoformat(), jst.strftime("%H:%M")
    return values


def shown_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values as the template re-renders them after an error (tags as text)."""
    shown = dict(values)
    if isinstance(shown.get("tags"), list):
        shown["tags"] = "、".join(shown["tags"])
    if shown.get("series_number") is None:
        shown["series_number"] = ""
    return shown


def parse_reason(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    text_field(result, data, "reason", "差戻しの理由", required=True, max_length=1000, multiline=True)
    return result
