"""公募案件登録: the fields of a 公募 (issue 12 §2) and their validation.

一時保存 checks formats only; 確認 and 掲載依頼 (and the secretariat's 代理登録) also require every
必須 field and the date rules. `values` keep what was typed (strings, for the form again and the
hidden fields of 確認); `fields` are the clean values the service writes onto the Koubo row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app import clock
from app.forms import FormResult, choice_field, clean_text, date_field, first, jst_datetime_field, nfkc, text_field
from app.reference import COUNTRIES, LANGUAGES, PREFECTURES, SECTORS

LANGUAGE_ROWS = 3  # 語学要件: fixed rows, so the form works without JavaScript
LANGUAGE_MAX_ROWS = 10
LANGUAGE_LEVELS = ("S", "A", "B", "C")
LANGUAGE_NEEDS = ("必須", "望ましい")
LOCATION_KINDS = (("overseas", "海外（国・地域）"), ("domestic", "国内（都道府県）"))
RESUME = "専門家履歴書"  # always required, never one of the listed documents
SUGGESTED_DOCUMENTS = ("業務企画書", "語学証明書", "顔写真", "海外居住状況確認書")
MAX_LINES = 20
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-]{0,29}$")

LABELS = {
    "number": "公募番号",
    "koubo_type": "公募種別",
    "title": "案件名",
    "location_kind": "国・地域／国内",
    "country": "国・地域",
    "prefecture": "都道府県",
    "assignment": "配属先・勤務地",
    "sector": "分野・課題",
    "duties": "担当業務",
    "period_start": "派遣期間（開始）",
    "period_end": "派遣期間（終了）",
    "languages": "語学要件",
    "required_qualifications": "資格要件（必須）",
    "preferred_qualifications": "資格要件（望ましい）",
    "selection_method": "選考方法",
    "screening_on": "書類選考",
    "interview_on": "面接",
    "result_on": "結果通知",
    "required_documents": "応募書類（必須）",
    "optional_documents": "応募書類（任意）",
    "deadline": "応募締切",
    "publish": "掲載開始日時",
    "contact": "問い合わせ先",
    "repeat_of": "再公募",
    "organization": "JICAの団体",
}
REQUIRED = ("number", "koubo_type", "title", "assignment", "sector", "duties", "contact")


@dataclass
class KouboForm:
    result: FormResult = field(default_factory=FormResult)
    fields: dict[str, Any] = field(default_factory=dict)  # Koubo column -> clean value

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def values(self) -> dict[str, Any]:
        return self.result.values

    @property
    def errors(self) -> dict[str, str]:
        return self.result.errors


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def is_long_term(start: date | None, end: date | None) -> bool:
    """長期: the period is one year or more (2027-04-01 to 2028-03-31 is one year)."""
    return bool(start and end and end >= add_years(start, 1) - timedelta(days=1))


def _lines(r: FormResult, data: Mapping[str, Any], name: str) -> list[str]:
    """One entry per line (blank lines dropped, duplicates kept once)."""
    raw = clean_text(first(data, name), multiline=True)
    r.values[name] = raw
    lines = list(dict.fromkeys(line.strip() for line in raw.split("\n") if line.strip()))
    if len(lines) > MAX_LINES:
        r.error(name, f"{LABELS[name]}は{MAX_LINES}行以内で入力してください。")
    elif any(len(line) > 200 for line in lines):
        r.error(name, f"{LABELS[name]}は1行200文字以内で入力してください。")
    return lines


def _languages(r: FormResult, data: Mapping[str, Any], rows: int) -> list[dict[str, str]]:
    codes = {code for code, _ in LANGUAGES}
    chosen: list[dict[str, str]] = []
    for i in range(rows):
        language = clean_text(first(data, f"language_{i}"))
        level = clean_text(first(data, f"level_{i}"))
        need = clean_text(first(data, f"need_{i}"))
        r.values.update({f"language_{i}": language, f"level_{i}": level, f"need_{i}": need})
        if not (language or level):
            continue
        if language not in codes:
            r.error(f"language_{i}", f"語学要件{i + 1}の言語を一覧から選択してください。")
        elif level not in LANGUAGE_LEVELS:
            r.error(f"level_{i}", f"語学要件{i + 1}のレベル（S/A/B/C）を選択してください。")
        elif need and need not in LANGUAGE_NEEDS:
            r.error(f"need_{i}", f"語学要件{i + 1}は「必須」か「望ましい」を選択してください。")
        elif any(row["language"] == language for row in chosen):
            r.error(f"language_{i}", f"語学要件{i + 1}の言語はすでに入力されています。")
        else:
            chosen.append({"language": language, "level": level, "need": need or "必須"})
    return chosen


def language_rows(values: Mapping[str, Any]) -> int:
    """How many 語学要件 rows the form shows: the fixed three, or more when a stored 公募 has more."""
    count = LANGUAGE_ROWS
    while f"language_{count}" in values and count < LANGUAGE_MAX_ROWS:
        count += 1
    return count


def parse(
    data: Mapping[str, Any],
    *,
    complete: bool,
    types: Sequence[str],
    repeat_choices: Mapping[int, str],
    organizations: Mapping[int, str] | None = None,
) -> KouboForm:
    """complete=False for 一時保存 and プレビュー (formats only); True for 確認, 掲載依頼 and 代理登録.

    types: the 公募種別 that may be chosen; repeat_choices: id -> 公募番号 of the earlier 公募 this
    one may repeat; organizations (代理登録 only): id -> name of the JICA organizations."""
    form = KouboForm()
    r, f = form.result, form.fields
    if organizations is not None:
        raw = clean_text(first(data, "organization_id"))
        r.values["organization_id"] = raw
        if raw and (not raw.isdigit() or int(raw) not in organizations):
            r.error("organization_id", "JICAの団体を一覧から選択してください。")
        elif raw:
            f["organization_id"] = int(raw)
        elif complete:
            r.error("organization_id", "JICAの団体を選択してください。")

    number = nfkc(clean_text(first(data, "number"))).upper()
    r.values["number"] = number
    if number and not _NUMBER.match(number):
        r.error("number", "公募番号は半角英数字とハイフン30文字以内で入力してください（例：2026-JE-0123）。")
    f["number"] = number or None
    f["koubo_type"] = choice_field(r, data, "koubo_type", LABELS["koubo_type"], list(types), required=False)
    f["title"] = text_field(r, data, "title", LABELS["title"], max_length=200)

    location = choice_field(
        r, data, "location_kind", LABELS["location_kind"], [c for c, _ in LOCATION_KINDS], required=False
    )
    country = choice_field(r, data, "country", LABELS["country"], [c for c, _ in COUNTRIES], required=False)
    prefecture = choice_field(r, data, "prefecture", LABELS["prefecture"], list(PREFECTURES), required=False)
    f["domestic"] = location == "domestic"
    if location == "domestic":
        f["country"], f["prefecture"] = "JP", prefecture
        if complete and not prefecture:
            r.error("prefecture", "国内の場合は都道府県を選択してください。")
    else:
        f["country"], f["prefecture"] = country, ""
        if complete and not country:
            r.error("country", "国・地域を選択してください（国内の場合は「国内」を選び、都道府県を選択）。")
    if complete and not location:
        r.error("location_kind", "海外（国・地域）か国内（都道府県）かを選択してください。")

    f["assignment"] = text_field(r, data, "assignment", LABELS["assignment"], max_length=300)
    f["sector"] = choice_field(r, data, "sector", LABELS["sector"], [c for c, _ in SECTORS], required=False)
    f["duties"] = text_field(r, data, "duties", LABELS["duties"], max_length=4000, multiline=True)
    start = date_field(r, data, "period_start", LABELS["period_start"], required=complete)
    end = date_field(r, data, "period_end", LABELS["period_end"], required=complete)
    if start and end and end <= start:
        r.error("period_end", "派遣期間（終了）は開始日より後の日付にしてください。")
    f["period_start"], f["period_end"] = start, end
    f["long_term"] = is_long_term(start, end)

    rows = max(LANGUAGE_ROWS, language_rows(data))
    languages = _languages(r, data, rows)
    f["languages"] = languages
    f["required_qualifications"] = _lines(r, data, "required_qualifications")
    f["preferred_qualifications"] = _lines(r, data, "preferred_qualifications")
    f["selection_method"] = text_field(
        r, data, "selection_method", LABELS["selection_method"], max_length=2000, multiline=True
    )
    for name in ("screening_on", "interview_on", "result_on"):
        f[name] = date_field(r, data, name, LABELS[name], required=False)
    required_docs = [d for d in _lines(r, data, "required_documents") if d != RESUME]
    optional_docs = [d for d in _lines(r, data, "optional_documents") if d != RESUME]
    if set(required_docs) & set(optional_docs):
        r.error("optional_documents", "同じ書類を必須と任意の両方には入れられません。")
    f["required_documents"], f["optional_documents"] = required_docs, optional_docs

    deadline = jst_datetime_field(r, data, "deadline", LABELS["deadline"], required=complete)
    publish = jst_datetime_field(r, data, "publish", LABELS["publish"], required=False)
    f["deadline_at"], f["publish_at"] = deadline, publish
    f["contact"] = text_field(r, data, "contact", LABELS["contact"], max_length=1000, multiline=True)

    raw_repeat = clean_text(first(data, "repeat_of"))
    r.values["repeat_of"] = raw_repeat
    f["repeat_of_id"] = None
    if raw_repeat:
        if raw_repeat.isdigit() and int(raw_repeat) in repeat_choices:
            f["repeat_of_id"] = int(raw_repeat)
        else:
            r.error("repeat_of", "再公募の元になる公募を一覧から選択してください。")

    if not complete:
        return form
    for name in REQUIRED:
        if not r.values.get(name) and name not in r.errors:
            verb = "選択" if name in ("koubo_type", "sector") else "入力"
            r.error(name, f"{LABELS[name]}を{verb}してください。")
    now = clock.now()
    if deadline and deadline <= now:
        r.error("deadline_date", "応募締切が過ぎています。これから先の日時を入力してください。")
    if deadline and publish and deadline <= publish:
        r.error("deadline_date", "応募締切は掲載開始日時より後にしてください。")
    for name in ("screening_on", "interview_on", "result_on"):
        day = f.get(name)
        if day and deadline and day < clock.to_jst(deadline).date():
            r.error(name, f"{LABELS[name]}の日付は応募締切より後にしてください。")
    return form


def values_of(koubo: Any, languages: Sequence[Mapping[str, str]], lists: Mapping[str, list[str]]) -> dict[str, Any]:
    """A stored 公募 as the form's values (the inverse of parse)."""

    def iso(day: date | None) -> str:
        return day.isoformat() if day else ""

    def jst(at: datetime | None, part: str) -> str:
        if at is None:
            return ""
        local = clock.to_jst(at)
        return local.date().isoformat() if part == "date" else local.strftime("%H:%M")

    values: dict[str, Any] = {
        "number": koubo.number or "",
        "koubo_type": koubo.koubo_type,
        "title": koubo.title,
        "location_kind": "domestic" if koubo.domestic else ("overseas" if koubo.country else ""),
        "country": "" if koubo.domestic else koubo.country,
        "prefecture": koubo.prefecture,
        "assignment": koubo.assignment,
        "sector": koubo.sector,
        "duties": koubo.duties,
        "period_start": iso(koubo.period_start),
        "period_end": iso(koubo.period_end),
        "selection_method": koubo.selection_method,
        "screening_on": iso(koubo.screening_on),
        "interview_on": iso(koubo.interview_on),
        "result_on": iso(koubo.result_on),
        "deadline_date": jst(koubo.deadline_at, "date"),
        "deadline_time": jst(koubo.deadline_at, "time"),
        "publish_date": jst(koubo.publish_at, "date"),
        "publish_time": jst(koubo.publish_at, "time"),
        "contact": koubo.contact,
        "repeat_of": str(koubo.repeat_of_id or ""),
    }
    for name, items in lists.items():
        values[name] = "\n".join(items)
    for i, row in enumerate(languages):
        values.update({f"language_{i}": row["language"], f"level_{i}": row["level"], f"need_{i}": row["need"]})
    for i in range(len(languages), LANGUAGE_ROWS):
        values.update({f"language_{i}": "", f"level_{i}": "", f"need_{i}": ""})
    return values


CHOICES = {
    "countries": sorted(((c, n) for c, n in COUNTRIES if c != "JP"), key=lambda pair: pair[1]),
    "prefectures": PREFECTURES,
    "sectors": SECTORS,
    "languages": LANGUAGES,
    "levels": LANGUAGE_LEVELS,
    "needs": LANGUAGE_NEEDS,
    "location_kinds": LOCATION_KINDS,
    "suggested_documents": SUGGESTED_DOCUMENTS,
}
