"""Form parsing for 対面相談: slots, weekly patterns, bookings and 相談記録 (values + errors)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from typing import Any

from app.forms import FormResult, checkbox, choice_field, clean_text, date_field, first, nfkc, text_field
from features.consultation.basics import CATEGORIES, LENGTHS, PLACES, WEEKDAYS

LENGTH_CHOICES = [(str(n), f"{n}分") for n in LENGTHS]
WEEKDAY_CHOICES = [(str(i), f"{label}曜日") for i, label in enumerate(WEEKDAYS)]
RECORD_MAX = 4000


def _time_field(result: FormResult, data: Mapping[str, Any], name: str, label: str) -> time | None:
    raw = nfkc(clean_text(first(data, name))).replace("：", ":")
    result.values[name] = raw
    if not raw:
        result.error(name, f"{label}を入力してください（例：14:00）。")
        return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", raw)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        result.error(name, f"{label}が正しくありません（例：14:00）。")
        return None
    at = time(int(match[1]), int(match[2]))
    result.values[name] = at.strftime("%H:%M")
    return at


def _length(result: FormResult, data: Mapping[str, Any], name: str = "minutes") -> int:
    value = choice_field(result, data, name, "相談時間", [v for v, _ in LENGTH_CHOICES])
    return int(value) if value and name not in result.errors else 0


def parse_slot(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    day = date_field(result, data, "day", "日付")
    at = _time_field(result, data, "start", "開始時刻")
    minutes = _length(result, data)
    place = choice_field(result, data, "place", "場所", list(PLACES))
    result.values.update({"_day": day, "_at": at, "_minutes": minutes, "_place": place})
    return result


def parse_pattern(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    weekday = choice_field(result, data, "weekday", "曜日", [v for v, _ in WEEKDAY_CHOICES])
    # Names of their own: this form shares the page with the single-slot form (ids come from names).
    at = _time_field(result, data, "pattern_start", "開始時刻")
    minutes = _length(result, data, "pattern_minutes")
    place = choice_field(result, data, "pattern_place", "場所", list(PLACES))
    first_day = date_field(result, data, "first", "開始日")
    last_day = date_field(result, data, "last", "終了日")
    if first_day and last_day and last_day < first_day:
        result.error("last", "終了日は開始日以降の日付にしてください。")
    result.values.update(
        {
            "_weekday": int(weekday) if weekday and "weekday" not in result.errors else 0,
            "_at": at,
            "_minutes": minutes,
            "_place": place,
            "_first": first_day,
            "_last": last_day,
        }
    )
    return result


def parse_booking(data: Mapping[str, Any], sheet_max_length: int) -> FormResult:
    result = FormResult()
    choice_field(result, data, "category", "相談区分", list(CATEGORIES))
    text_field(result, data, "sheet", "相談したいこと", required=True, max_length=sheet_max_length, multiline=True)
    result.values["share_resume"] = checkbox(data, "share_resume")
    return result


def parse_record(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    choice_field(result, data, "category", "相談区分", list(CATEGORIES))
    text_field(result, data, "content", "相談内容", required=True, max_length=RECORD_MAX, multiline=True)
    text_field(result, data, "next_steps", "今後の対応", max_length=RECORD_MAX, multiline=True)
    return result


def parse_reason(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    text_field(result, data, "reason", "キャンセルの理由", required=True, max_length=500, multiline=True)
    return result
