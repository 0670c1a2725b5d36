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
from app.forms import FormResult, checkbox, choice_field, clean_text, first, multi_choice_field, nfkc, text_field, url_field
from app.reference import COUNTRIES, LANGUAGE_LEVELS, LANGUAGES, SECTORS

EMPLOYMENT_TYPES = ["正職員", "契約職員", "業務委託", "インターン", "ボランティア", "その他"]
FLEXIBLE_WORK = [("remote", "リモートワーク可"), ("short_hours", "時短勤務可"), ("side_job", "副業・兼業可"),
                 ("flextime", "フレックスタイム制"), ("four_days", "週4日以下の勤務可"), ("family", "家族帯同可")]
LOCATION_KINDS = [("domestic", "国内"), ("overseas", "海外")]
APPLICATION_METHODS = [("web", "Web応募（PARTNERサイトで受付）"), ("external", "外部サイトで受付"),
                       ("other", "その他（メール等で受付）")]
RESUME_TYPES = [("general", "一般履歴書"), ("expert", "専門家履歴書")]
RESUME_ITEMS = [("education", "学歴"), ("career", "職歴"), ("experience", "業務経験"), ("languages", "語学"),
                ("qualifications", "資格・免許"), ("overseas", "海外経験"), ("specialty", "専門分野"),
                ("preferences", "希望条件"), ("pr", "自己PR")]
DOCUMENT_SLOTS = 5
LABELS = {
    "title": "タイトル", "job_type": "職種", "sector": "分野・課題", "location_kind": "勤務地（国内/海外）",
    "country": "勤務地（国）", "city": "勤務地（都市）", "employment_type": "雇用形態", "opens_on": "募集期間（開始）",
    "closes_on": "募集期間（締切）", "publish_at": "掲載希望日時", "duties": "業務内容",
    "requirements": "応募資格（必須）", "preferred": "応募資格（歓迎）", "language": "必要言語",
    "language_level": "必要言語のレベル", "salary": "待遇・給与", "start": "勤務開始時期",
    "flexible_work": "多様な働き方", "for_jocv": "帰国隊員向け", "contact": "問い合わせ先",
    "application_method": "応募受付方法", "resume_type": "履歴書タイプ", "resume_items": "履歴書として表示させる項目",
    "resume_attachment": "履歴書の添付（書類名）", "required_documents": "必須書類", "optional_documents": "任意書類",
    "external_url": "応募を受け付けるサイトのURL", "other_instructions": "応募方法（メール等）",
}
REQUIRED = ["title", "job_type", "sector", "location_kind", "employment_type", "opens_on", "closes_on",
            "publish_at", "duties", "requirements", "contact", "application_method"]


def _date(result: FormResult, data: Mapping[str, Any], name: str) -> date | None:
    raw = nfkc(clean_text(first(data, name))).replace("/", "-")
    result.values[name] = raw
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        result.error(name, f"{LABELS[name]}の日付が正しくありません（例：2026-12-01）。")
        return None
    result.values[name] = value.isoformat()
    return value


def _datetime(result: FormResult, data: Mapping[str, Any], name: str) -> datetime | None:
    """<input type=datetime-local> in Japan time (a date alone means 0:00)."""
    raw = nfkc(clean_text(first(data, name))).replace("/", "-").replace(" ", "T")
    result.values[name] = raw
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw) if "T" in raw else datetime.combine(date.fromisoformat(raw), time())
    except ValueError:
        result.error(name, f"{LABELS[name]}の日時が正しくありません（例：2026-12-01T09:00）。")
        return None
    value = value.replace(second=0, microsecond=0, tzinfo=None)
    result.values[name] = value.strftime("%Y-%m-%dT%H:%M")
    return value.replace(tzinfo=JST)


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
    location = choice_field(r, data, "location_kind", LABELS["location_kind"], [c for c, _ in LOCATION_KINDS], required=False)
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
    for name, limit in (("duties", 4000), ("requirements", 2000), ("preferred", 2000), ("salary", 1000),
                        ("contact", 1000), ("other_instructions", 2000)):
        text_field(r, data, name, LABELS[name], max_length=limit, multiline=True)
    text_field(r, data, "start", LABELS["start"], max_length=100)
    choice_field(r, data, "language", LABELS["language"], [c for c, _ in LANGUAGES], required=False)
    choice_field(r, data, "language_level", LABELS["language_level"], [c for c, _ in LANGUAGE_LEVELS], required=False)
    multi_choice_field(r, data, "flexible_work", LABELS["flexible_work"], {c for c, _ in FLEXIBLE_WORK})
    r.values["for_jocv"] = checkbox(data, "for_jocv")
    method = choice_field(r, data, "application_method", LABELS["application_method"],
                          [c for c, _ in APPLICATION_METHODS], required=False)
    resume_type = choice_field(r, data, "resume_type", LABELS["resume_type"], [c for c, _ in RESUME_TYPES], required=False)
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
