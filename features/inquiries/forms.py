"""Form parsing for the desk: plain values and a Japanese message per field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms import FormResult, clean_text, first, text_field
from features.inquiries import service


def parse_text(data: Mapping[str, Any], name: str, label: str, max_length: int = service.TEXT_MAX) -> FormResult:
    result = FormResult()
    text_field(result, data, name, label, required=True, max_length=max_length, multiline=True)
    return result


def parse_reply(data: Mapping[str, Any]) -> FormResult:
    result = parse_text(data, "reply", "返信")
    if result.ok:
        try:
            service.check_merge_fields(result.values["reply"])
        except service.CaseError as error:
            result.error("reply", error.message)
    return result


def parse_assignee(data: Mapping[str, Any], staff_ids: set[int]) -> tuple[int | None, str]:
    """(assignee id or None for 未割当, error)."""
    raw = clean_text(first(data, "assignee_id"))
    if raw == "none":
        return None, ""
    if raw.isdigit() and int(raw) in staff_ids:
        return int(raw), ""
    return None, "担当者を一覧から選択してください。"


def parse_audience(data: Mapping[str, Any]) -> tuple[str, str]:
    raw = clean_text(first(data, "audience"))
    return (raw, "") if raw in service.AUDIENCES else ("", "対象を選択してください。")
