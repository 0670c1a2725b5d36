"""Parsing the リード文 form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms import FormResult, clean_text, first
from features.partner_news.service import lead_errors


def parse_lead(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    lead = clean_text(first(data, "lead"), multiline=True)
    result.values["lead"] = lead
    problems = lead_errors(lead)
    if problems:
        result.error("lead", problems[0])
    return result
