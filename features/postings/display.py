"""How a posting reads to people: its status as a label and tone, and every field's value as the
detail page, the preview and the secretariat's review diff show it."""

from __future__ import annotations

from typing import Any

from app import clock
from app.reference import COUNTRIES, LANGUAGE_LEVELS, LANGUAGES, SECTORS
from features.postings import forms
from features.postings.kinds import KindSpec
from features.postings.models import Posting, PostingStatus

STATUS_LABELS = {
    "draft": "下書き",
    "pending": "承認待ち",
    "returned": "差戻し",
    "scheduled": "掲載予定",
    "published": "掲載中",
    "ended": "掲載終了",
    "stopped": "掲載中止",
}
STATUS_TONES = {
    "draft": "neutral",
    "pending": "warn",
    "returned": "danger",
    "scheduled": "info",
    "published": "ok",
    "ended": "neutral",
    "stopped": "neutral",
}


def display_status(posting: Posting) -> str:
    if posting.status != PostingStatus.APPROVED:
        return posting.status
    if posting.closes_on and posting.closes_on < clock.today_jst():
        return "ended"
    if posting.publish_at and posting.publish_at > clock.now():
        return "scheduled"
    return "published"


LOOKUPS = {
    "sector": dict(SECTORS),
    "country": dict(COUNTRIES),
    "language": dict(LANGUAGES),
    "language_level": dict(LANGUAGE_LEVELS),
    "location_kind": dict(forms.LOCATION_KINDS),
    "application_method": dict(forms.APPLICATION_METHODS),
    "resume_type": dict(forms.RESUME_TYPES),
    "venue_kind": dict(forms.VENUE_KINDS),
}
MULTI_LOOKUPS = {"flexible_work": dict(forms.FLEXIBLE_WORK), "resume_items": dict(forms.RESUME_ITEMS)}


def shown(values: dict[str, Any], labels: dict[str, str] = forms.LABELS) -> dict[str, str]:
    """Human labels for every field, for the detail page, the preview and the review diff."""
    result: dict[str, str] = {}
    for name in labels:
        value = values.get(name)
        if name in LOOKUPS:
            result[name] = LOOKUPS[name].get(value, value or "")
        elif name in MULTI_LOOKUPS:
            result[name] = "、".join(MULTI_LOOKUPS[name].get(v, v) for v in value or [])
        elif isinstance(value, list):
            result[name] = "、".join(value)
        elif isinstance(value, bool):
            result[name] = "はい" if value else "いいえ"
        elif name in ("publish_at", "starts_at", "ends_at") and value:
            result[name] = value.replace("T", " ")
        else:
            result[name] = value or ""
    return result


def differences(
    before: dict[str, Any], after: dict[str, Any], labels: dict[str, str] = forms.LABELS
) -> list[tuple[str, str, str]]:
    old, new = shown(before, labels), shown(after, labels)
    return [(labels[name], old[name], new[name]) for name in labels if old[name] != new[name]]


def detail_context(
    spec: KindSpec, values: dict, organization, posting: Posting | None = None, *, preview: bool = False
) -> dict:
    """What a posting's page shows: the organization's preview, the review and the public page."""
    return {
        "spec": spec,
        "values": values,
        "shown": shown(values, spec.labels),
        "organization": organization,
        "posting": posting,
        "preview": preview,
        "labels": spec.labels,
    }
