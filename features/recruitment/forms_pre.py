"""The プレ公募 form: clean values for the PreKoubo columns, and an error under each field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms import FormResult, choice_field, clean_text, first, nfkc, text_field
from app.reference import COUNTRIES, PREFECTURES, SECTORS
from features.recruitment.prekoubo import QUARTERS

LABELS = {
    "title": "案件名",
    "koubo_type": "公募種別",
    "location_kind": "国・地域／国内",
    "country": "国・地域",
    "prefecture": "都道府県",
    "sector": "分野",
    "planned_year": "予定時期（年）",
    "planned_month": "予定時期（月）",
    "planned_quarter": "予定時期（四半期）",
    "expected_duration": "想定期間",
    "summary": "概要",
}
LOCATION_KINDS = (("overseas", "海外（国・地域）"), ("domestic", "国内（都道府県）"))
MONTHS = tuple((str(m), f"{m}月") for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3))
QUARTER_CHOICES = tuple((str(q), label) for q, label in QUARTERS.items())
YEAR_MIN, YEAR_MAX = 2000, 2100


def _int_choice(result: FormResult, data: Mapping[str, Any], name: str, choices: tuple) -> int | None:
    raw = nfkc(clean_text(first(data, name)))
    result.values[name] = raw
    if not raw:
        return None
    if raw not in {c for c, _ in choices}:
        result.error(name, f"{LABELS[name]}は一覧から選択してください。")
        return None
    return int(raw)


def parse(data: Mapping[str, Any], koubo_types: list[str], *, complete: bool) -> tuple[FormResult, dict[str, Any]]:
    """complete: every required field (確認 / 掲載依頼 / 代理登録); otherwise (一時保存) only
    malformed values are refused. The result's values are what the form shows again; the dict is
    what is stored (the PreKoubo columns)."""
    r = FormResult()
    title = text_field(r, data, "title", LABELS["title"], required=complete, max_length=200)
    koubo_type = choice_field(r, data, "koubo_type", LABELS["koubo_type"], koubo_types, required=complete)
    kind = choice_field(
        r, data, "location_kind", LABELS["location_kind"], [c for c, _ in LOCATION_KINDS], required=complete
    )
    country = choice_field(r, data, "country", LABELS["country"], [c for c, _ in COUNTRIES], required=False)
    prefecture = choice_field(r, data, "prefecture", LABELS["prefecture"], list(PREFECTURES), required=False)
    if complete and kind == "overseas" and not country:
        r.error("country", "国・地域を選択してください。")
    if complete and kind == "domestic" and not prefecture:
        r.error("prefecture", "国内の場合は都道府県を選択してください。")
    sector = choice_field(r, data, "sector", LABELS["sector"], [c for c, _ in SECTORS], required=complete)

    year_raw = nfkc(clean_text(first(data, "planned_year")))
    r.values["planned_year"] = year_raw
    year = None
    if year_raw:
        if not year_raw.isdigit() or not YEAR_MIN <= int(year_raw) <= YEAR_MAX:
            r.error("planned_year", f"{LABELS['planned_year']}は{YEAR_MIN}〜{YEAR_MAX}の数字で入力してください。")
        else:
            year = int(year_raw)
    elif complete:
        r.error("planned_year", "予定時期の年を入力してください。")
    month = _int_choice(r, data, "planned_month", MONTHS)
    quarter = _int_choice(r, data, "planned_quarter", QUARTER_CHOICES)
    if month is not None and quarter is not None:
        r.error("planned_month", "予定時期は月か四半期のどちらか一方だけを選択してください。")
    elif complete and month is None and quarter is None and "planned_month" not in r.errors:
        r.error("planned_month", "予定時期の月か四半期のどちらかを選択してください。")

    duration = text_field(r, data, "expected_duration", LABELS["expected_duration"], required=complete, max_length=100)
    summary = text_field(r, data, "summary", LABELS["summary"], required=complete, max_length=4000, multiline=True)
    domestic = kind == "domestic"
    columns = {
        "title": title,
        "koubo_type": koubo_type,
        "domestic": domestic,
        "country": "" if domestic else country,
        "prefecture": prefecture if domestic else "",
        "sector": sector,
        "planned_year": year,
        "planned_month": month,
        "planned_quarter": quarter,
        "expected_duration": duration,
        "summary": summary,
    }
    return r, columns


def form_values(pre) -> dict[str, str]:
    """A stored プレ公募 as the form shows it."""
    return {
        "title": pre.title,
        "koubo_type": pre.koubo_type,
        "location_kind": "domestic" if pre.domestic else ("overseas" if pre.country else ""),
        "country": pre.country,
        "prefecture": pre.prefecture,
        "sector": pre.sector,
        "planned_year": str(pre.planned_year or ""),
        "planned_month": str(pre.planned_month or ""),
        "planned_quarter": str(pre.planned_quarter or ""),
        "expected_duration": pre.expected_duration,
        "summary": pre.summary,
    }


def organization_field(result: FormResult, data: Mapping[str, Any], choices: list[int]) -> int | None:
    """代理登録: which JICA organization the プレ公募 is for."""
    raw = nfkc(clean_text(first(data, "organization_id")))
    result.values["organization_id"] = raw
    if not raw:
        result.error("organization_id", "団体を選択してください。")
    elif not raw.isdigit() or int(raw) not in choices:
        result.error("organization_id", "団体は一覧から選択してください。")
    else:
        return int(raw)
    return None
