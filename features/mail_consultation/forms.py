"""Form parsing for メール相談: plain values and a Japanese message per field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms import FormResult, choice_field, email_field, text_field
from features.mail_consultation import service

LABELS = {
    "category": "相談区分",
    "subject": "件名",
    "body": "相談内容",
    "attachment": "添付ファイル",
}


def parse_question(data: Mapping[str, Any], body_max: int) -> FormResult:
    result = FormResult()
    choice_field(result, data, "category", LABELS["category"], list(service.CATEGORIES))
    text_field(result, data, "subject", LABELS["subject"], required=True, max_length=service.SUBJECT_MAX)
    text_field(result, data, "body", LABELS["body"], required=True, max_length=body_max, multiline=True)
    return result


def parse_jica(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    text_field(result, data, "jica_name", "担当者名", required=True, max_length=100)
    email_field(result, data, "jica_email", "メールアドレス")
    return result


def parse_text(data: Mapping[str, Any], name: str, label: str, max_length: int) -> FormResult:
    result = FormResult()
    text_field(result, data, name, label, required=True, max_length=max_length, multiline=True)
    return result
