"""The audit log search: who (an e-mail address or a user number), what (action), on what (subject
type and id), and when (JST dates, both inclusive). A filter that cannot be read is an error
under its field, never a silent "everything"."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from app import clock
from app.forms import FormResult, clean_text, date_field, first, nfkc

MAX_TEXT = 100


def audit_filters(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    actor = nfkc(clean_text(first(data, "actor")))[:254]
    result.values["actor"] = actor
    for name in ("action", "subject_type", "subject_id"):
        result.values[name] = nfkc(clean_text(first(data, name)))[:MAX_TEXT]
    since = date_field(result, data, "since", "開始日", required=False)
    until = date_field(result, data, "until", "終了日", required=False)
    if since and until and until < since:
        result.error("until", "終了日は開始日以降の日付にしてください。")
    result.values["since_at"] = datetime.combine(since, time(), clock.JST) if since else None
    result.values["until_at"] = datetime.combine(until + timedelta(days=1), time(), clock.JST) if until else None
    return result


def actor_is_number(actor: str) -> bool:
    return actor.isascii() and actor.isdigit()
