"""The three kinds of posting share one life (draft → review → public); this says how each
differs: its labels from the manual, its form, what is searchable, its templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.clock import JST
from features.postings import forms
from features.postings.models import PostingKind


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).replace(tzinfo=JST) if value else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def job_columns(values: dict[str, Any]) -> dict[str, Any]:
    texts = [
        values.get(n) or "" for n in ("title", "job_type", "city", "duties", "requirements", "preferred", "salary")
    ]
    return {
        "title": values.get("title", ""),
        "sector": values.get("sector", ""),
        "country": values.get("country", ""),
        "job_type": values.get("job_type", ""),
        "employment_type": values.get("employment_type", ""),
        "flexible_work": ",".join(values.get("flexible_work") or []),
        "for_jocv": bool(values.get("for_jocv")),
        "closes_on": _day(values.get("closes_on")),
        "publish_at": _when(values.get("publish_at")),
        "category": "",
        "starts_at": None,
        "search_text": "\n".join(texts).lower(),
    }


def event_columns(values: dict[str, Any]) -> dict[str, Any]:
    texts = [values.get(n) or "" for n in ("title", "venue", "audience", "description")]
    return {
        "title": values.get("title", ""),
        "sector": values.get("sector", ""),
        "country": "",
        "job_type": values.get("venue_kind", ""),
        "employment_type": "",
        "flexible_work": "",
        "for_jocv": False,
        "closes_on": _day(values.get("closes_on")),
        "publish_at": _when(values.get("publish_at")),
        "category": values.get("event_type", ""),
        "starts_at": _when(values.get("starts_at")),
        "search_text": "\n".join(texts).lower(),
    }


def notice_columns(values: dict[str, Any]) -> dict[str, Any]:
    opens = values.get("opens_on")
    return {
        "title": values.get("title", ""),
        "sector": "",
        "country": "",
        "job_type": "",
        "employment_type": "",
        "flexible_work": "",
        "for_jocv": False,
        "closes_on": _day(values.get("closes_on")),
        "publish_at": _when(f"{opens}T00:00") if opens else None,
        "category": "",
        "starts_at": None,
        "search_text": f"{values.get('title', '')}\n{values.get('body', '')}".lower(),
    }


@dataclass(frozen=True)
class KindSpec:
    kind: str
    slug: str  # /postings/<slug> for the organization, /<slug> for the public
    noun: str  # 求人情報 …
    post_label: str  # the mypage entry that opens an empty form
    list_label: str
    public_label: str
    confirm_title: str  # the manual's name of the confirmation screen
    submit_label: str  # the manual's button on it
    labels: dict[str, str]
    parse: Callable[..., Any]
    columns: Callable[[dict[str, Any]], dict[str, Any]]
    public_list_route: str  # the route names of the public list and of one public posting
    public_route: str
    required_date_fields: tuple[str, ...] = ("closes_on",)
    clear_on_copy: tuple[str, ...] = field(default=("opens_on", "closes_on", "publish_at"))


JOB = KindSpec(
    PostingKind.JOB,
    "jobs",
    "求人情報",
    "求人情報掲載",
    "求人情報一覧",
    "求人情報を探す",
    "内容確認",
    "登録",
    forms.LABELS,
    forms.parse_job,
    job_columns,
    public_list_route="postings:search",
    public_route="postings:job",
)
EVENT = KindSpec(
    PostingKind.EVENT,
    "events",
    "研修・イベント・セミナー情報",
    "研修・イベント・セミナー情報掲載",
    "研修・イベント・セミナー情報一覧",
    "研修・イベント・セミナーを探す",
    "研修・イベント・セミナー情報 内容確認",
    "登録",
    forms.EVENT_LABELS,
    forms.parse_event,
    event_columns,
    public_list_route="postings:events",
    public_route="postings:event",
    clear_on_copy=("starts_at", "ends_at", "closes_on", "publish_at"),
)
NOTICE = KindSpec(
    PostingKind.NOTICE,
    "notices",
    "団体からのお知らせ",
    "お知らせ情報登録",
    "お知らせ一覧",
    "団体からのお知らせ",
    "団体からのお知らせ 登録・編集",
    "掲載申請する",
    forms.NOTICE_LABELS,
    forms.parse_notice,
    notice_columns,
    public_list_route="postings:notices",
    public_route="postings:notice",
    clear_on_copy=("opens_on", "closes_on"),
)
KINDS = {spec.kind: spec for spec in (JOB, EVENT, NOTICE)}
BY_SLUG = {spec.slug: spec for spec in KINDS.values()}
