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
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def nfkc(value: str) -> str:
    """Full-width digits, letters and symbols to their usual forms (for codes, mail, phone)."""
    return unicodedata.normalize("NFKC", value)


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
    result: FormResult, data: Mapping[str, Any], name: str, label: str, *,
    required: bool = False, max_length: int = 200, multiline: bool = False,
) -> str:
    value = clean_text(first(data, name), multiline=multiline)
    result.values[name] = value
    if required and not value:
        result.error(name, f"{label}を入力してください。")
    elif len(value) > max_length:
        result.error(name, f"{label}は{max_length}文字以内で入力してください（現在{len(value)}文字）。")
    return value


def email_field(result: FormResult, data: Mapping[str, Any], name: str, label: str, *, required: bool = True) -> str:
    value = nfkc(clean_text(first(data, name))).replace(" ", "")
    local, _, domain = value.rpartition("@")
    value = f"{local}@{domain.lower()}" if local else value
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
