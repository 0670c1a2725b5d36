"""お問い合わせフォーム: raw form data into clean values and Japanese messages per field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms import FormResult, choice_field, email_field, text_field
from features.inquiries.api import CATEGORIES as DESK_CATEGORIES

CATEGORIES = list(DESK_CATEGORIES)  # the desk's (and the FAQ's) categories
LABELS = {"name": "お名前", "email": "メールアドレス", "category": "お問い合わせの種類", "body": "お問い合わせ内容"}
BODY_MAX = 4000


def parse_inquiry(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    text_field(result, data, "name", LABELS["name"], required=True, max_length=100)
    email_field(result, data, "email", LABELS["email"])
    choice_field(result, data, "category", LABELS["category"], CATEGORIES)
    text_field(result, data, "body", LABELS["body"], required=True, max_length=BODY_MAX, multiline=True)
    return result
