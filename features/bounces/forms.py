"""Parsing the secretariat's filters and the 解除 form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms import FormResult, clean_text, first, nfkc

KINDS = (("hard", "ハードバウンス（恒久的な不達）"), ("soft", "ソフトバウンス（一時的な不達）"))
STATES = (("suppressed", "配信停止中"), ("active", "配信中（停止していない）"))
REASON_MAX = 500


def filters(kind: str, state: str, q: str) -> dict[str, str]:
    return {
        "kind": kind if kind in dict(KINDS) else "",
        "stop": state if state in dict(STATES) else "",
        "q": nfkc(clean_text(q)).lower()[:100],
    }


def parse_release(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    reason = clean_text(first(data, "reason"), multiline=True)
    result.values["reason"] = reason
    if not reason:
        result.error("reason", "解除の理由を入力してください。")
    elif len(reason) > REASON_MAX:
        result.error("reason", f"解除の理由は{REASON_MAX}文字以内で入力してください。")
    return result
