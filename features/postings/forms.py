"""求人情報掲載: the fields of a job posting (001 §4.2) and their validation.

一時保存 checks formats only; 確認 also requires every 必須 field and the date rules.
Values are kept JSON-ready (ISO strings), since a draft is stored as JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from app import clock
from app.clock import JST
from app.forms import (
    FormResult,
    checkbox,
    choice_field,
    clean_text,
    first,
    multi_choice_field,
    nfkc,
    text_field,
    url_field,
)
from app.reference import COUNTRIES, LANGUAGE_LEVELS, LANGUAGES, SECTORS

EMPLOYMENT_TYPES = ["正職員", "契約職員", "業務委託", "インターン", "ボランティア", "その他"]
FLEXIBLE_WORK = [
    ("remote", "リモートワーク可"),
    ("short_hours", "時短勤務可"),
    ("side_job", "副業・兼業可"),
    ("flextime", "フレックスタイム制"),
    ("four_days", "週4日以下の勤務可"),
    ("family", "家族帯同可"),
]
LOCATION_KINDS = [("domestic", "国内"), ("overseas", "海外")]
APPLICATION_METHODS = [
    ("web", "Web応募（PARTNERサイトで受付）"),
    ("external", "外部サイトで受付"),
    ("other", "その他（メール等で受付）"),
]
RESUME_TYPES = [("general", "一般履歴書"), ("expert", "専門家履歴書")]
RESUME_ITEMS = [
    ("education", "学歴"),
    ("career", "職歴"),
    ("experience", "業務経験"),
    ("languages", "語学"),
    ("qualifications", "資格・免許"),
    ("overseas", "海外経験"),
    ("specialty", "専門分野"),
    ("preferences", "希望条件"),
    ("pr", "自己PR"),
]
DOCUMENT_SLOTS = 5
LABELS = {
    "title": "タイトル",
    "job_type": "職種",
    "sector": "分野・課題",
    "location_kind": "勤務地（国内/海外）",
    "country": "勤務地（国）",
    "city": "勤務地（都市）",
    "employment_type": "雇用形態",
    "opens_on": "募集期間（開始）",
    "closes_on": "募集期間（締切）",
    "publish_at": "掲載希望日時",
    "duties": "業務内容",
    "requirements": "応募資格（必須）",
    "preferred": "応募資格（歓迎）",
    "language": "必要言語",
    "language_level": "必要言語のレベル",
    "salary": "待遇・給与",
    "start": "勤務開始時期",
    "flexible_work": "多様な働き方",
    "for_jocv": "帰国隊員向け",
    "contact": "問い合わせ先",
    "application_method": "応募受付方法",
    "resume_type": "履歴書タイプ",
    "resume_items": "履歴書として表示させる項目",
    "resume_attachment": "履歴書の添付（書類名）",
    "required_documents": "必須書類",
    "optional_documents": "任意書類",
    "external_url": "応募を受け付けるサイトのURL",
    "other_instructions": "応募方法（メール等）",
}
REQUIRED = [
    "title",
    "job_type",
    "sector",
    "location_kind",
    "employment_type",
    "opens_on",
    "closes_on",
    "publish_at",
    "duties",
    "requirements",
    "contact",
    "application_method",
]


def _date(result: FormResult, data: Mapping[str, Any], name: str) -> date | None:
    return _date_as(result, data, name, LABELS[name])


def _datetime(result: FormResult, data: Mapping[str, Any], name: str) -> datetime | None:
    """<input type=datetime-local> in Japan time (a date alone means 0:00)."""
    return _datetime_as(result, data, name, LABELS[name])


def _names(data: Mapping[str, Any], name: str, result: FormResult) -> list[str]:
    raw = data.get(name) or []
    names = [clean_text(v) for v in (raw if isinstance(raw, list) else [raw]) if isinstance(v, str)]
    names = [n for n in names if n][:DOCUMENT_SLOTS]
    result.values[name] = names
    if any(len(n) > 100 for n in names):
        result.error(name, f"{LABELS[name]}の書類名は100文字以内で入力してください。")
    return names


def parse_job(data: Mapping[str, Any], *, complete: bool, may_request_expert: bool) -> FormResult:
    """complete=False for 一時保存 (formats only), True for 確認 and 登録."""
    r = FormResult()
    text_field(r, data, "title", LABELS["title"], max_length=100)
    text_field(r, data, "job_type", LABELS["job_type"], max_length=100)
    choice_field(r, data, "sector", LABELS["sector"], [c for c, _ in SECTORS], required=False)
    location = choice_field(
        r, data, "location_kind", LABELS["location_kind"], [c for c, _ in LOCATION_KINDS], required=False
    )
    country = choice_field(r, data, "country", LABELS["country"], [c for c, _ in COUNTRIES], required=False)
    if location == "domestic":
        r.values["country"] = "JP"
    elif location == "overseas" and complete and not country:
        r.error("country", "海外の場合は勤務地（国）を選択してください。")
    text_field(r, data, "city", LABELS["city"], max_length=100)
    choice_field(r, data, "employment_type", LABELS["employment_type"], EMPLOYMENT_TYPES, required=False)
    opens = _date(r, data, "opens_on")
    closes = _date(r, data, "closes_on")
    publish = _datetime(r, data, "publish_at")
    for name, limit in (
        ("duties", 4000),
        ("requirements", 2000),
        ("preferred", 2000),
        ("salary", 1000),
        ("contact", 1000),
        ("other_instructions", 2000),
    ):
        text_field(r, data, name, LABELS[name], max_length=limit, multiline=True)
    text_field(r, data, "start", LABELS["start"], max_length=100)
    choice_field(r, data, "language", LABELS["language"], [c for c, _ in LANGUAGES], required=False)
    choice_field(r, data, "language_level", LABELS["language_level"], [c for c, _ in LANGUAGE_LEVELS], required=False)
    multi_choice_field(r, data, "flexible_work", LABELS["flexible_work"], {c for c, _ in FLEXIBLE_WORK})
    r.values["for_jocv"] = checkbox(data, "for_jocv")
    method = choice_field(
        r, data, "application_method", LABELS["application_method"], [c for c, _ in APPLICATION_METHODS], required=False
    )
    resume_type = choice_field(
        r, data, "resume_type", LABELS["resume_type"], [c for c, _ in RESUME_TYPES], required=False
    )
    if resume_type == "expert" and not may_request_expert:
        r.error("resume_type", "専門家履歴書は団体種別「JICA・政府機関・学校法人・地方自治体」だけが選択できます。")
    multi_choice_field(r, data, "resume_items", LABELS["resume_items"], {c for c, _ in RESUME_ITEMS})
    text_field(r, data, "resume_attachment", LABELS["resume_attachment"], max_length=100)
    _names(data, "required_documents", r)
    _names(data, "optional_documents", r)
    url_field(r, data, "external_url", LABELS["external_url"])
    if not complete:
        return r
    for name in REQUIRED:
        if not r.values.get(name) and name not in r.errors:
            verb = "選択" if name in ("sector", "location_kind", "employment_type", "application_method") else "入力"
            r.error(name, f"{LABELS[name]}を{verb}してください。")
    if method == "web" and not resume_type:
        r.error("resume_type", "Web応募の場合は履歴書タイプを選択してください。")
    if method == "external" and not r.values.get("external_url"):
        r.error("external_url", "外部サイトで受け付ける場合はURLを入力してください。")
    if method == "other" and not r.values.get("other_instructions"):
        r.error("other_instructions", "応募方法（メール等）を入力してください。")
    today = clock.now().astimezone(JST).date()
    if opens and closes and closes < opens:
        r.error("closes_on", "募集期間（締切）は開始日以降の日付にしてください。")
    elif closes and closes < today:
        r.error("closes_on", "募集期間（締切）が過ぎています。")
    if publish and closes and publish.date() > closes:
        r.error("publish_at", "掲載希望日時は募集期間（締切）より前にしてください。")
    return r


# -- 研修・イベント・セミナー情報掲載 (001 §5) ----------------------------------------------------

EVENT_TYPES = ["研修", "イベント", "セミナー"]
VENUE_KINDS = [("venue", "会場"), ("online", "オンライン"), ("hybrid", "会場とオンライン")]
EVENT_LABELS = {
    "title": "名称",
    "event_type": "種別",
    "sector": "分野・課題",
    "starts_at": "開催日時（開始）",
    "ends_at": "開催日時（終了）",
    "venue_kind": "開催形式",
    "venue": "会場",
    "audience": "対象",
    "capacity": "定員",
    "fee": "参加費",
    "closes_on": "申込締切",
    "publish_at": "掲載希望日時",
    "description": "内容",
    "contact": "問い合わせ先",
    "application_method": "応募受付方法",
    "resume_type": "履歴書タイプ",
    "resume_items": "履歴書として表示させる項目",
    "resume_attachment": "履歴書の添付（書類名）",
    "required_documents": "必須書類",
    "optional_documents": "任意書類",
    "external_url": "応募を受け付けるサイトのURL",
    "other_instructions": "応募方法（メール等）",
}
EVENT_REQUIRED = [
    "title",
    "event_type",
    "starts_at",
    "venue_kind",
    "closes_on",
    "publish_at",
    "description",
    "contact",
    "application_method",
]


def parse_event(data: Mapping[str, Any], *, complete: bool, may_request_expert: bool) -> FormResult:
    r = FormResult()
    L = EVENT_LABELS
    text_field(r, data, "title", L["title"], max_length=100)
    choice_field(r, data, "event_type", L["event_type"], EVENT_TYPES, required=False)
    choice_field(r, data, "sector", L["sector"], [c for c, _ in SECTORS], required=False)
    starts = _datetime_as(r, data, "starts_at", L["starts_at"])
    ends = _datetime_as(r, data, "ends_at", L["ends_at"])
    venue_kind = choice_field(r, data, "venue_kind", L["venue_kind"], [c for c, _ in VENUE_KINDS], required=False)
    text_field(r, data, "venue", L["venue"], max_length=200)
    text_field(r, data, "audience", L["audience"], max_length=200)
    capacity = nfkc(clean_text(first(data, "capacity")))
    r.values["capacity"] = capacity
    if capacity and not (capacity.isdigit() and 0 < int(capacity) <= 100000):
        r.error("capacity", "定員は1以上の数字で入力してください。")
    text_field(r, data, "fee", L["fee"], max_length=100)
    closes = _date_as(r, data, "closes_on", L["closes_on"])
    publish = _datetime_as(r, data, "publish_at", L["publish_at"])
    text_field(r, data, "description", L["description"], max_length=4000, multiline=True)
    text_field(r, data, "contact", L["contact"], max_length=1000, multiline=True)
    _application(r, data, may_request_expert)
    if not complete:
        return r
    for name in EVENT_REQUIRED:
        if not r.values.get(name) and name not in r.errors:
            verb = "選択" if name in ("event_type", "venue_kind", "application_method") else "入力"
            r.error(name, f"{L[name]}を{verb}してください。")
    if venue_kind in ("venue", "hybrid") and not r.values.get("venue"):
        r.error("venue", "会場で開催する場合は会場を入力してください。")
    _application_complete(r)
    if starts and ends and ends < starts:
        r.error("ends_at", "開催日時（終了）は開始より後にしてください。")
    if closes and closes < clock.now().astimezone(JST).date():
        r.error("closes_on", "申込締切が過ぎています。")
    if closes and starts and closes > starts.date():
        r.error("closes_on", "申込締切は開催日以前にしてください。")
    if publish and closes and publish.date() > closes:
        r.error("publish_at", "掲載希望日時は申込締切より前にしてください。")
    return r


# -- お知らせ情報登録 (001 §6) -----------------------------------------------------------------

NOTICE_LABELS = {
    "title": "タイトル",
    "body": "本文",
    "opens_on": "掲載期間（開始）",
    "closes_on": "掲載期間（終了）",
    "url": "関連URL",
}


def parse_notice(data: Mapping[str, Any], *, complete: bool, may_request_expert: bool) -> FormResult:
    r = FormResult()
    L = NOTICE_LABELS
    text_field(r, data, "title", L["title"], max_length=100)
    text_field(r, data, "body", L["body"], max_length=4000, multiline=True)
    opens = _date_as(r, data, "opens_on", L["opens_on"])
    closes = _date_as(r, data, "closes_on", L["closes_on"])
    url_field(r, data, "url", L["url"])
    if not complete:
        return r
    for name in ("title", "body", "opens_on", "closes_on"):
        if not r.values.get(name) and name not in r.errors:
            r.error(name, f"{L[name]}を入力してください。")
    if opens and closes and closes < opens:
        r.error("closes_on", "掲載期間（終了）は開始日以降にしてください。")
    elif closes and closes < clock.now().astimezone(JST).date():
        r.error("closes_on", "掲載期間（終了）が過ぎています。")
    if closes and opens and (closes - opens).days > 366:
        r.error("closes_on", "掲載期間は1年以内にしてください。")
    return r


# -- shared pieces ------------------------------------------------------------------------------


def _date_as(r: FormResult, data: Mapping[str, Any], name: str, label: str) -> date | None:
    raw = nfkc(clean_text(first(data, name))).replace("/", "-")
    r.values[name] = raw
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        r.error(name, f"{label}の日付が正しくありません（例：2026-12-01）。")
        return None
    r.values[name] = value.isoformat()
    return value


def _datetime_as(r: FormResult, data: Mapping[str, Any], name: str, label: str) -> datetime | None:
    raw = nfkc(clean_text(first(data, name))).replace("/", "-").replace(" ", "T")
    r.values[name] = raw
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw) if "T" in raw else datetime.combine(date.fromisoformat(raw), time())
    except ValueError:
        r.error(name, f"{label}の日時が正しくありません（例：2026-12-01T09:00）。")
        return None
    value = value.replace(second=0, microsecond=0, tzinfo=None)
    r.values[name] = value.strftime("%Y-%m-%dT%H:%M")
    return value.replace(tzinfo=JST)


def _application(r: FormResult, data: Mapping[str, Any], may_request_expert: bool) -> None:
    choice_field(
        r, data, "application_method", LABELS["application_method"], [c for c, _ in APPLICATION_METHODS], required=False
    )
    resume_type = choice_field(
        r, data, "resume_type", LABELS["resume_type"], [c for c, _ in RESUME_TYPES], required=False
    )
    if resume_type == "expert" and not may_request_expert:
        r.error("resume_type", "専門家履歴書は団体種別「JICA・政府機関・学校法人・地方自治体」だけが選択できます。")
    multi_choice_field(r, data, "resume_items", LABELS["resume_items"], {c for c, _ in RESUME_ITEMS})
    text_field(r, data, "resume_attachment", LABELS["resume_attachment"], max_length=100)
    _names(data, "required_documents", r)
    _names(data, "optional_documents", r)
    url_field(r, data, "external_url", LABELS["external_url"])
    text_field(r, data, "other_instructions", LABELS["other_instructions"], max_length=2000, multiline=True)


def _application_complete(r: FormResult) -> None:
    method = r.values.get("application_method")
    if method == "web" and not r.values.get("resume_type"):
        r.error("resume_type", "Web応募の場合は履歴書タイプを選択してください。")
    if method == "external" and not r.values.get("external_url"):
        r.error("external_url", "外部サイトで受け付ける場合はURLを入力してください。")
    if method == "other" and not r.values.get("other_instructions"):
        r.error("other_instructions", "応募方法（メール等）を入力してください。")


# Every choice list a posting form (and the search forms) offers.
CHOICES = {
    "sectors": SECTORS,
    "countries": COUNTRIES,
    "languages": LANGUAGES,
    "language_levels": LANGUAGE_LEVELS,
    "employment_types": EMPLOYMENT_TYPES,
    "flexible_work": FLEXIBLE_WORK,
    "location_kinds": LOCATION_KINDS,
    "application_methods": APPLICATION_METHODS,
    "resume_types": RESUME_TYPES,
    "resume_items": RESUME_ITEMS,
    "event_types": EVENT_TYPES,
    "venue_kinds": VENUE_KINDS,
}
