"""Form parsing for 保存した検索条件: a name and a frequency → (values, errors)."""

from __future__ import annotations

from collections.abc import Mapping

from app.forms import clean_text, first
from features.saved_searches.models import FREQUENCY_LABELS, Frequency

__all__ = ["FREQUENCY_LABELS", "MAX_NAME", "frequency_choices", "parse"]
from features.saved_searches.scopes import Scope

MAX_NAME = 50


def parse(data: Mapping[str, str], scope: Scope) -> tuple[dict[str, str], dict[str, str]]:
    """Clean values and an error per field (empty when valid). The frequencies are the scope's own:
    a 人材閲覧 search is 毎週 only."""
    name = clean_text(first(data, "name"))  # one line, no control characters (PostgreSQL refuses NUL)
    frequency = str(first(data, "frequency")).strip()
    errors = {}
    if not name:
        errors["name"] = "名前を入力してください。"
    elif len(name) > MAX_NAME:
        errors["name"] = f"名前は{MAX_NAME}文字以内で入力してください。"
    if frequency not in {f.value for f in scope.frequencies}:
        allowed = "、".join(FREQUENCY_LABELS[f] for f in scope.frequencies)
        errors["frequency"] = f"お知らせの頻度を選んでください（{allowed}）。"
    return {"name": name, "frequency": frequency}, errors


def frequency_choices(scope: Scope) -> list[tuple[str, str]]:
    return [(f.value, FREQUENCY_LABELS[Frequency(f)]) for f in scope.frequencies]
