"""Parsing the FAQ entry form into (clean values, errors)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms import FormResult, clean_text, first, text_field
from features.faq.models import AUDIENCE_LABELS, Audience
from features.faq.service import ANSWER_MAX, CATEGORIES, QUESTION_MAX

LABELS = {"question": "質問", "answer": "回答", "category": "カテゴリ", "audience": "対象"}


def parse_entry(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    text_field(result, data, "question", LABELS["question"], required=True, max_length=QUESTION_MAX)
    text_field(result, data, "answer", LABELS["answer"], required=True, max_length=ANSWER_MAX, multiline=True)
    category = clean_text(first(data, "category"))
    result.values["category"] = category
    if category not in CATEGORIES:
        result.error("category", "カテゴリを選択してください。")
    audience = clean_text(first(data, "audience"))
    result.values["audience"] = audience
    if audience not in AUDIENCE_LABELS:
        result.error("audience", "対象（個人向け・団体向け・共通）を選択してください。")
    return result


def entry_values(entry) -> dict[str, Any]:
    return {"question": entry.question, "answer": entry.answer, "category": entry.category, "audience": entry.audience}


def coerce_entry(*, question: str, answer: str, category: str, audience: str) -> dict[str, str]:
    """Values from another slice (FAQ化): never refused, made to fit the form's rules."""
    question = clean_text(question)[:QUESTION_MAX] or "（質問を入力してください）"
    answer = clean_text(answer, multiline=True)[:ANSWER_MAX] or "（回答を入力してください）"
    by_label = {text: value.value for value, text in AUDIENCE_LABELS.items()}  # 個人向け → individual
    audience = by_label.get(audience, audience)
    return {
        "question": question,
        "answer": answer,
        "category": category if category in CATEGORIES else "その他",
        "audience": audience if audience in AUDIENCE_LABELS else Audience.BOTH.value,
    }
