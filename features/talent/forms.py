"""The résumé's sections and their validation. Repeating sections arrive as parallel lists
(one value per row for each field); blank rows are dropped."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.forms import FormResult, checkbox, choice_field, clean_text, multi_choice_field, nfkc, text_field
from app.reference import COUNTRIES, LANGUAGE_LEVELS, LANGUAGES, SECTORS

DEGREES = ["高等学校", "専門学校", "短期大学", "学士", "修士", "博士", "その他"]
WISH_LOCATIONS = ["国内", "海外", "どちらでも"]
WISH_TERMS = ["長期", "短期", "どちらでも"]
EMPLOYMENT_TYPES = ["正職員", "契約職員", "業務委託", "インターン", "ボランティア", "その他"]
FLEXIBLE_WORK = [
    ("remote", "リモートワーク可"),
    ("short_hours", "時短勤務可"),
    ("side_job", "副業・兼業可"),
    ("flextime", "フレックスタイム制"),
    ("four_days", "週4日以下の勤務可"),
    ("family", "家族帯同可"),
]
AGE_BANDS = [("20", "20代"), ("30", "30代"), ("40", "40代"), ("50", "50代"), ("60", "60代以上")]  # 人材閲覧's 年代


def whole_number(value: str, default: int = 0, maximum: int = 60) -> int:
    """A search's number (経験年数): digits only, at most `maximum`, else `default`."""
    value = (value or "").strip()
    return min(int(value), maximum) if value.isdigit() else default


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class RowField:
    name: str
    label: str
    kind: str = "text"  # text, month, select, number, textarea
    choices: str = ""
    required: bool = False


@dataclass(frozen=True)
class RowSection:
    key: str
    label: str
    fields: tuple[RowField, ...]
    expert_only: bool = False


SECTIONS = (
    RowSection(
        "education",
        "学歴",
        (
            RowField("school", "学校名", required=True),
            RowField("major", "学部・専攻"),
            RowField("degree", "学位", "select", "degrees"),
            RowField("start", "入学（年月）", "month"),
            RowField("end", "卒業（年月）", "month"),
        ),
    ),
    RowSection(
        "career",
        "職歴",
        (
            RowField("organization", "所属", required=True),
            RowField("title", "役職"),
            RowField("country", "国・地域", "select", "countries"),
            RowField("start", "開始（年月）", "month", required=True),
            RowField("end", "終了（年月）", "month"),
            RowField("duties", "業務内容", "textarea"),
        ),
    ),
    RowSection(
        "experience",
        "業務経験",
        (
            RowField("sector", "分野・課題", "select", "sectors", required=True),
            RowField("years", "経験年数", "number", required=True),
        ),
    ),
    RowSection(
        "language",
        "語学",
        (
            RowField("language", "言語", "select", "languages", required=True),
            RowField("test", "試験名"),
            RowField("score", "スコア"),
            RowField("level", "レベル", "select", "levels", required=True),
        ),
    ),
    RowSection(
        "qualification",
        "資格・免許",
        (RowField("name", "名称", required=True), RowField("acquired", "取得（年月）", "month")),
    ),
    RowSection(
        "overseas",
        "海外経験",
        (
            RowField("country", "国", "select", "countries", required=True),
            RowField("start", "開始（年月）", "month"),
            RowField("end", "終了（年月）", "month"),
            RowField("purpose", "目的"),
        ),
    ),
    RowSection(
        "project",
        "業務経験（案件）",
        (
            RowField("name", "案件名", required=True),
            RowField("country", "国", "select", "countries"),
            RowField("start", "開始（年月）", "month"),
            RowField("end", "終了（年月）", "month"),
            RowField("role", "担当業務"),
            RowField("client", "発注元"),
        ),
        expert_only=True,
    ),
)
BY_KEY = {section.key: section for section in SECTIONS}
CHOICES = {
    "degrees": DEGREES,
    "countries": COUNTRIES,
    "sectors": SECTORS,
    "languages": LANGUAGES,
    "levels": LANGUAGE_LEVELS,
}
MAX_ROWS = 30


def _choice_values(key: str) -> set[str]:
    return {c if isinstance(c, str) else c[0] for c in CHOICES[key]}


def parse_rows(section: RowSection, data: Mapping[str, Any]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Rows of one section, and errors keyed "<field>-<row index>" (the input ids)."""
    columns = {}
    for spec in section.fields:
        raw = data.get(spec.name) or []
        columns[spec.name] = [v if isinstance(v, str) else "" for v in (raw if isinstance(raw, list) else [raw])]
    count = min(max((len(values) for values in columns.values()), default=0), MAX_ROWS)
    rows: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    for index in range(count):
        row = {
            name: clean_text(values[index] if index < len(values) else "", multiline=True)
            for name, values in columns.items()
        }
        if not any(row.values()):
            continue  # a blank row is simply not kept
        position = len(rows)
        for spec in section.fields:
            value = row[spec.name]
            key = f"{spec.name}-{position}"
            if spec.kind in ("month", "number"):
                value = row[spec.name] = nfkc(value).replace("/", "-").replace("年", "-").replace("月", "")
            if spec.required and not value:
                errors[key] = f"{spec.label}を入力してください。"
            elif (
                value and spec.kind == "month" and not (_MONTH.match(value) and 1 <= int(_MONTH.match(value)[2]) <= 12)
            ):
                errors[key] = f"{spec.label}は年月で入力してください（例：2015-04）。"
            elif value and spec.kind == "month":
                year, month = _MONTH.match(value).groups()
                row[spec.name] = f"{year}-{int(month):02d}"
            elif value and spec.kind == "number" and not (value.isdigit() and int(value) <= 60):
                errors[key] = f"{spec.label}は0〜60の数字で入力してください。"
            elif value and spec.kind == "select" and value not in _choice_values(spec.choices):
                errors[key] = f"{spec.label}は一覧から選択してください。"
            elif len(value) > (2000 if spec.kind == "textarea" else 200):
                errors[key] = f"{spec.label}が長すぎます。"
        rows.append(row)
    return rows, errors


PROFILE_LABELS = {
    "visibility": "プロフィール公開",
    "specialty_main": "専門分野（主）",
    "specialty_sub": "専門分野（副）",
    "education_level": "最終学歴",
    "wish_location": "希望勤務地",
    "wish_term": "希望期間",
    "wish_employment": "希望する雇用形態",
    "wish_flexible": "多様な働き方",
    "available_from": "就業可能時期",
    "self_pr": "自己PR",
}


def parse_profile(data: Mapping[str, Any]) -> FormResult:
    r = FormResult()
    sectors = [c for c, _ in SECTORS]
    r.values["visibility"] = "public" if checkbox(data, "visibility") else "private"
    choice_field(r, data, "specialty_main", PROFILE_LABELS["specialty_main"], sectors, required=False)
    choice_field(r, data, "specialty_sub", PROFILE_LABELS["specialty_sub"], sectors, required=False)
    choice_field(r, data, "education_level", PROFILE_LABELS["education_level"], DEGREES, required=False)
    choice_field(r, data, "wish_location", PROFILE_LABELS["wish_location"], WISH_LOCATIONS, required=False)
    choice_field(r, data, "wish_term", PROFILE_LABELS["wish_term"], WISH_TERMS, required=False)
    multi_choice_field(r, data, "wish_employment", PROFILE_LABELS["wish_employment"], set(EMPLOYMENT_TYPES))
    multi_choice_field(r, data, "wish_flexible", PROFILE_LABELS["wish_flexible"], {c for c, _ in FLEXIBLE_WORK})
    text_field(r, data, "available_from", PROFILE_LABELS["available_from"], max_length=100)
    text_field(r, data, "self_pr", PROFILE_LABELS["self_pr"], max_length=4000, multiline=True)
    return r
