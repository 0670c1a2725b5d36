"""Form parsing shared by every slice: normalize Japanese input, collect errors per field.

A slice's forms.py turns raw form data into (clean values, errors) with these helpers;
the rules about what the values mean stay in the slice's service.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# A practical address check: one @, a dot in the domain, no spaces (RFC 5322 is broader).
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def nfkc(value: str) -> str:
    """Full-width digits, letters and symbols to their usual forms (for codes, mail, phone)."""
    return unicodedata.normalize("NFKC", value)


def normalize_email(value: str) -> str:
    """The one canonical form of an e-mail address, for storage, look-ups, uniqueness and
    rate-limit keys: NFKC, trimmed, the whole address lower-cased (mail providers treat the
    local part case-insensitively, and two spellings must never be two accounts)."""
    return nfkc(value or "").strip().lower()


def clean_text(value: Any, *, multiline: bool = False) -> str:
    """Trim, drop control characters, unify line breaks; keep the person's own characters."""
    text = value if isinstance(value, str) else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    return text.strip().strip("\u3000").strip()


@dataclass
class FormResult:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)  # the first problem of a field is the one shown


def first(data: Mapping[str, Any], name: str) -> Any:
    """One value of a form field (a list when the field was sent twice: take the first)."""
    value = data.get(name)
    if isinstance(value, list):
        return value[0] if value else ""
    return value if value is not None else ""


def text_field(
    result: FormResult,
    data: Mapping[str, Any],
    name: str,
    label: str,
    *,
    required: bool = False,
    max_length: int = 200,
    multiline: bool = False,
) -> str:
    value = clean_text(first(data, name), multiline=multiline)
    result.values[name] = value
    if required and not value:
        result.error(name, f"{label}を入力してください。")
    elif len(value) > max_length:
        result.error(name, f"{label}は{max_length}文字以内で入力してください（現在{len(value)}文字）。")
    return value


def email_field(result: FormResult, data: Mapping[str, Any], name: str, label: str, *, required: bool = True) -> str:
    value = normalize_email(clean_text(first(data, name))).replace(" ", "")
    result.values[name] = value
    if required and not value:
        result.error(name, f"{label}を入力してください。")
    elif value and (len(value) > 254 or not _EMAIL.match(value)):
        result.error(name, f"{label}の形式が正しくありません（例：taro@example.jp）。")
    return value


def choice_field(
    result: FormResult, data: Mapping[str, Any], name: str, label: str, choices: list[str], *, required: bool = True
) -> str:
    value = clean_text(first(data, name))
    result.values[name] = value
    if required and not value:
        result.error(name, f"{label}を選択してください。")
    elif value and value not in choices:
        result.error(name, f"{label}は一覧から選択してください。")
    return value


def multi_choice_field(
    result: FormResult, data: Mapping[str, Any], name: str, label: str, choices: set[str], *, required: bool = False
) -> list[str]:
    raw = data.get(name) or []
    values = [clean_text(v) for v in (raw if isinstance(raw, list) else [raw]) if isinstance(v, str)]
    values = list(dict.fromkeys(v for v in values if v))  # unique, in the order given
    result.values[name] = values
    if required and not values:
        result.error(name, f"{label}を1つ以上選択してください。")
    elif any(v not in choices for v in values):
        result.error(name, f"{label}は一覧から選択してください。")
    return values


_KATAKANA = re.compile(r"^[\u30a0-\u30ff\u3000 ・ー]+$")
_ROMAN = re.compile(r"^[A-Za-z][A-Za-z '\-.]*$")


def kana_field(result: FormResult, data: Mapping[str, Any], name: str, label: str, *, required: bool = True) -> str:
    # NFKC turns half-width katakana into full-width; hiragana is accepted and converted.
    value = nfkc(clean_text(first(data, name)))
    value = "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in value)
    result.values[name] = value
    if required and not value:
        result.error(name, f"{label}を入力してください。")
    elif value and not _KATAKANA.match(value):
        result.error(name, f"{label}はカタカナで入力してください。")
    elif len(value) > 50:
        result.error(name, f"{label}は50文字以内で入力してください。")
    return value


def roman_field(result: FormResult, data: Mapping[str, Any], name: str, label: str, *, required: bool = True) -> str:
    value = nfkc(clean_text(first(data, name)))
    result.values[name] = value
    if required and not value:
        result.error(name, f"{label}を入力してください。")
    elif value and (not _ROMAN.match(value) or len(value) > 50):
        result.error(name, f"{label}は半角英字で入力してください（例：Taro）。")
    return value


def phone_field(result: FormResult, data: Mapping[str, Any], name: str, label: str, *, required: bool = True) -> str:
    value = nfkc(clean_text(first(data, name))).replace("ー", "-").replace("−", "-").replace(" ", "")
    result.values[name] = value
    digits = value.replace("-", "").lstrip("+")
    if required and not value:
        result.error(name, f"{label}を入力してください。")
    elif value and (not digits.isdigit() or not 10 <= len(digits) <= 15):
        result.error(name, f"{label}は半角数字とハイフンで入力してください（例：03-1234-5678）。")
    return value


def postal_code_field(
    result: FormResult, data: Mapping[str, Any], name: str, label: str, *, required: bool = False
) -> str:
    value = nfkc(clean_text(first(data, name))).replace("ー", "-").replace("−", "-").replace("〒", "").strip()
    digits = value.replace("-", "")
    if digits.isdigit() and len(digits) == 7:
        value = f"{digits[:3]}-{digits[3:]}"
    result.values[name] = value
    if required and not value:
        result.error(name, f"{label}を入力してください。")
    elif value and not (digits.isdigit() and len(digits) == 7):
        result.error(name, f"{label}は7桁の数字で入力してください（例：102-8012）。")
    return value


def date_field(result: FormResult, data: Mapping[str, Any], name: str, label: str, *, required: bool = True):
    """A date from <input type=date> (YYYY-MM-DD), also accepting 2000/1/2 and full-width digits."""
    from datetime import date

    raw = nfkc(clean_text(first(data, name))).replace("/", "-").replace(".", "-")
    result.values[name] = raw
    if not raw:
        if required:
            result.error(name, f"{label}を入力してください。")
        return None
    try:
        year, month, day = (int(part) for part in raw.split("-"))
        value = date(year, month, day)
    except (ValueError, TypeError):
        result.error(name, f"{label}の日付が正しくありません（例：1990-04-01）。")
        return None
    result.values[name] = value.isoformat()
    return value


def jst_datetime_field(result: FormResult, data: Mapping[str, Any], name: str, label: str, *, required: bool = True):
    """A Japan-time date and time from <input type=date name=NAME_date> and <input type=time
    name=NAME_time> (HH:MM), returned as an aware UTC datetime (None when empty or wrong)."""
    from datetime import UTC, datetime, time, timedelta, timezone

    day = date_field(result, data, f"{name}_date", f"{label}（日付）", required=required)
    raw_time = nfkc(clean_text(first(data, f"{name}_time"))).replace("：", ":")
    result.values[f"{name}_time"] = raw_time
    if day is None:
        if raw_time and not result.errors.get(f"{name}_date"):
            result.error(f"{name}_date", f"{label}の日付を入力してください。")
        return None
    if not raw_time:
        result.error(f"{name}_time", f"{label}の時刻を入力してください（例：12:00）。")
        return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", raw_time)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        result.error(f"{name}_time", f"{label}の時刻が正しくありません（例：12:00）。")
        return None
    at = time(int(match[1]), int(match[2]))
    result.values[f"{name}_time"] = at.strftime("%H:%M")
    jst = timezone(timedelta(hours=9))
    return datetime.combine(day, at, tzinfo=jst).astimezone(UTC)


def url_field(result: FormResult, data: Mapping[str, Any], name: str, label: str, *, required: bool = False) -> str:
    value = nfkc(clean_text(first(data, name)))
    result.values[name] = value
    if required and not value:
        result.error(name, f"{label}を入力してください。")
    elif value and (not re.match(r"^https?://[^\s/$.?#].[^\s]*$", value) or len(value) > 300):
        result.error(name, f"{label}は http:// または https:// で始まるURLを入力してください。")
    return value


def checkbox(data: Mapping[str, Any], name: str) -> bool:
    return first(data, name) in ("1", "on", "true", "yes")
