"""Parsing the compose form, its audience filters (also the live count's query), the 予約配信 time
and the template form into (clean values, errors)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app import clock
from app.forms import FormResult, choice_field, clean_text, first, jst_datetime_field, multi_choice_field, nfkc
from app.reference import LANGUAGE_LEVELS, LANGUAGES, SECTORS
from features.mail_preferences.api import LABELS, Category
from features.mailings import merge
from features.mailings.audience import (
    AGE_BANDS,
    EMPLOYMENT_TYPES,
    FLEXIBLE_WORK,
    KIND_LABELS,
    ORGANIZATION_TYPES,
    REGISTRATION_KINDS,
    RESIDENCES,
    WISH_LOCATIONS,
    Audience,
)
from features.mailings.models import AudienceKind

SUBJECT_MAX = 150
BODY_MAX = 10_000
NAME_MAX = 100
CATEGORIES = tuple((c.value, LABELS[c]) for c in (Category.GUIDE, Category.NEWS))
# What the secretariat composes for: 個人 or 団体 (PARTNERニュース's audience is the news slice's).
COMPOSE_KINDS = tuple((k.value, KIND_LABELS[k]) for k in (AudienceKind.INDIVIDUALS, AudienceKind.ORGANIZATIONS))
CHOICES = {
    "kinds": COMPOSE_KINDS,
    "categories": CATEGORIES,
    "registration_kinds": REGISTRATION_KINDS,
    "prefectures": RESIDENCES,
    "age_bands": AGE_BANDS,
    "sectors": SECTORS,
    "languages": LANGUAGES,
    "levels": LANGUAGE_LEVELS,
    "wish_locations": WISH_LOCATIONS,
    "employment": EMPLOYMENT_TYPES,
    "flexible": FLEXIBLE_WORK,
    "org_types": ORGANIZATION_TYPES,
    "activity_fields": SECTORS,
}


def _codes(choices) -> list[str]:
    return [code for code, _label in choices]


def _number(raw: str, digits: int = 2) -> bool:
    """ASCII digits only (int() refuses some Unicode digits) and few of them (nor reads 5,000)."""
    return raw.isascii() and raw.isdigit() and len(raw) <= digits


def is_id(raw: str) -> bool:
    """A row id as a query string may carry it (?template_id=)."""
    return _number(raw, 9)


def _years(result: FormResult, data: Mapping[str, Any]) -> int:
    raw = nfkc(clean_text(first(data, "min_years")))
    result.values["min_years"] = raw
    if not raw:
        return 0
    if not _number(raw) or int(raw) > 60:
        result.error("min_years", "経験年数は0〜60の数字で入力してください。")
        return 0
    return int(raw)


def parse_audience(data: Mapping[str, Any], result: FormResult | None = None) -> tuple[Audience, FormResult]:
    """The audience filters (each unknown value is an error, never silently widened)."""
    result = result or FormResult()
    kind = choice_field(result, data, "audience_kind", "配信先", _codes(COMPOSE_KINDS)) or AudienceKind.INDIVIDUALS
    if kind not in _codes(COMPOSE_KINDS):
        kind = AudienceKind.INDIVIDUALS
    pick = lambda name, label, choices: choice_field(result, data, name, label, _codes(choices), required=False)  # noqa: E731
    many = lambda name, label, choices: tuple(  # noqa: E731
        multi_choice_field(result, data, name, label, set(_codes(choices)))
    )
    jocv = clean_text(first(data, "jocv")) == "1"
    result.values["jocv"] = jocv
    audience = Audience(
        kind=kind,
        kinds=many("kinds", "登録種別", REGISTRATION_KINDS),
        prefectures=many("prefectures", "居住地", RESIDENCES),
        age_bands=many("age_bands", "年齢帯", AGE_BANDS),
        jocv=jocv,
        sector=pick("sector", "分野・課題", SECTORS),
        min_years=_years(result, data),
        language=pick("language", "語学", LANGUAGES),
        min_level=pick("min_level", "レベル", LANGUAGE_LEVELS),
        wish_location=pick("wish_location", "希望勤務地", WISH_LOCATIONS),
        employment=pick("employment", "希望する雇用形態", EMPLOYMENT_TYPES),
        flexible=many("flexible", "多様な働き方", FLEXIBLE_WORK),
        org_types=many("org_types", "団体種別", ORGANIZATION_TYPES),
        activity_fields=many("activity_fields", "活動分野", SECTORS),
    )
    if kind == AudienceKind.ORGANIZATIONS:  # the other kind's filters do not apply
        audience = Audience(kind=kind, org_types=audience.org_types, activity_fields=audience.activity_fields)
    else:
        audience = Audience(**{**audience.__dict__, "org_types": (), "activity_fields": ()})
    return audience, result


def _merge_checked(result: FormResult, name: str, label: str, audience_kind: str | None, max_length: int) -> None:
    value = result.values.get(name, "")
    if name in result.errors or not value:
        return
    found = merge.errors(value, audience_kind)
    if found:
        result.error(name, f"{label}：" + " ".join(found))
    elif len(value) > max_length:
        result.error(name, f"{label}は{max_length}文字以内で入力してください（現在{len(value)}文字）。")


def parse_mailing(data: Mapping[str, Any]) -> tuple[FormResult, Audience]:
    """件名, 本文, 種類 and the audience; merge fields checked against who receives it."""
    result = FormResult()
    subject = clean_text(first(data, "subject"))
    result.values["subject"] = subject
    if not subject:
        result.error("subject", "件名を入力してください。")
    body = clean_text(first(data, "body"), multiline=True)
    result.values["body"] = body
    if not body:
        result.error("body", "本文を入力してください。")
    choice_field(result, data, "category", "メールの種類", _codes(CATEGORIES))
    audience, result = parse_audience(data, result)
    _merge_checked(result, "subject", "件名", audience.kind, SUBJECT_MAX)
    _merge_checked(result, "body", "本文", audience.kind, BODY_MAX)
    template = nfkc(clean_text(first(data, "template_id")))
    result.values["template_id"] = int(template) if _number(template, 9) else None
    return result, audience


def parse_schedule(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    at = jst_datetime_field(result, data, "send_at", "配信日時")
    if at is not None and at <= clock.now():
        result.error("send_at_date", "配信日時は、現在より後の日時を指定してください。")
    result.values["at"] = at
    return result


def parse_template(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    for name, label, max_length in (("name", "テンプレート名", NAME_MAX), ("subject", "件名", SUBJECT_MAX)):
        value = clean_text(first(data, name))
        result.values[name] = value
        if not value:
            result.error(name, f"{label}を入力してください。")
        elif len(value) > max_length:
            result.error(name, f"{label}は{max_length}文字以内で入力してください（現在{len(value)}文字）。")
    body = clean_text(first(data, "body"), multiline=True)
    result.values["body"] = body
    if not body:
        result.error("body", "本文を入力してください。")
    choice_field(result, data, "category", "メールの種類", _codes(CATEGORIES))
    _merge_checked(result, "subject", "件名", None, SUBJECT_MAX)
    _merge_checked(result, "body", "本文", None, BODY_MAX)
    return result
