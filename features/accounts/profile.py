"""登録内容の確認/更新 (001 §2): registration data in categories, edited one category at a
time through 変更する → 登録内容を確認する → (changes highlighted) → 更新.

Validation reuses the registration parsers: the submitted category is laid over the
current values and parsed whole, and only that category's fields are taken.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, urls
from app.config import Settings
from app.forms import FormResult
from app.mail import queue_template_mail
from app.reference import COUNTRIES, SECTORS
from app.sessions import end_user_sessions
from features.accounts import forms, passwords, service
from features.accounts.models import Individual, Organization, Role, TokenPurpose

COUNTRY_LABELS = dict(COUNTRIES)
SECTOR_LABELS = dict(SECTORS)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = "text"  # text, kana, tel, email, url, date, select, radio, checkboxes, countries, textarea, checkbox
    required: bool = False
    choices: str = ""  # the name of a choice list in the form context
    hint: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    fields: tuple[FieldSpec, ...] = ()


ACCOUNT = Section("account", "アカウント情報")
SECTIONS: dict[str, tuple[Section, ...]] = {
    Role.ORGANIZATION: (
        ACCOUNT,
        Section(
            "basic",
            "基本情報",
            (
                FieldSpec("org_type", "団体種別", "radio", True, "org_types"),
                FieldSpec("name", "団体名", required=True),
                FieldSpec("name_kana", "団体名（カナ）", "kana", True),
                FieldSpec("corporate_number", "法人番号", hint="13桁。法人格のある団体・公的機関は必須です。"),
                FieldSpec("postal_code", "郵便番号"),
                FieldSpec("prefecture", "都道府県", "select", True, "prefectures"),
                FieldSpec("address", "所在地", required=True),
                FieldSpec("url", "URL", "url"),
                FieldSpec("representative", "代表者"),
            ),
        ),
        Section(
            "activity",
            "活動情報",
            (
                FieldSpec("activity_fields", "活動分野", "checkboxes", True, "sectors"),
                FieldSpec("activity_countries", "活動国・地域", "countries"),
                FieldSpec("achievements", "活動実績", "textarea", hint="4,000文字以内"),
                FieldSpec("list_publicly", "登録団体一覧に団体名を掲載する", "checkbox"),
            ),
        ),
        Section(
            "contact",
            "担当者情報",
            (
                FieldSpec("contact_name", "担当者氏名", required=True),
                FieldSpec("contact_department", "担当者部署"),
                FieldSpec("contact_phone", "担当者電話番号", "tel", True),
            ),
        ),
    ),
    Role.INDIVIDUAL: (
        ACCOUNT,
        Section(
            "basic",
            "基本情報",
            (
                FieldSpec("family_name", "氏名（姓）", required=True),
                FieldSpec("given_name", "氏名（名）", required=True),
                FieldSpec("family_name_kana", "フリガナ（セイ）", "kana", True),
                FieldSpec("given_name_kana", "フリガナ（メイ）", "kana", True),
                FieldSpec("family_name_roman", "ローマ字（姓）", required=True),
                FieldSpec("given_name_roman", "ローマ字（名）", required=True),
                FieldSpec("birth_date", "生年月日", "date", True),
                FieldSpec("gender", "性別（任意）", "radio", False, "genders"),
                FieldSpec("nationality", "国籍", "select", True, "countries"),
            ),
        ),
        Section(
            "contact",
            "連絡先",
            (
                FieldSpec("postal_code", "郵便番号"),
                FieldSpec("prefecture", "都道府県", "select", True, "prefectures"),
                FieldSpec("address", "住所"),
                FieldSpec("phone", "電話番号", "tel", True),
            ),
        ),
        Section(
            "registration",
            "登録種別",
            (
                FieldSpec("kind", "登録種別", "radio", True, "kinds"),
                FieldSpec(
                    "jocv_declared",
                    "JICA海外協力隊（JOCV）の帰国隊員です",
                    "checkbox",
                    hint="事務局が確認した後、帰国隊員向けの求人情報を閲覧できるようになります。",
                ),
            ),
        ),
    ),
}
# Changing these needs the secretariat's approval (they decide what an organization may do).
APPROVAL_FIELDS = frozenset({"name", "org_type", "corporate_number"})


def sections_for(role: str) -> tuple[Section, ...]:
    return SECTIONS.get(role, (ACCOUNT,))


def section_for(role: str, key: str) -> Section | None:
    return next((s for s in sections_for(role) if s.key == key), None)


async def _record(db: AsyncSession, role: str, user_id: int) -> Organization | Individual:
    if role == Role.ORGANIZATION:
        return await service.organization_of(db, user_id)
    return await service.individual_of(db, user_id)


def _as_form_values(record: Organization | Individual) -> dict[str, Any]:
    """The record as a form would send it (lists for multiple choices, ISO dates)."""
    values = record.model_dump()
    for name in ("activity_fields", "activity_countries"):
        if name in values:
            values[name] = [code for code in values[name].split(",") if code]
    if "birth_date" in values:
        values["birth_date"] = values["birth_date"].isoformat()
    return values


async def current_values(db: AsyncSession, role: str, user_id: int) -> dict[str, Any]:
    return _as_form_values(await _record(db, role, user_id))


def parse_section(role: str, section: Section, data: dict[str, Any], current: dict[str, Any]) -> FormResult:
    """Validate one category: its submitted fields over the current values."""
    merged: dict[str, Any] = {}
    for name, value in current.items():
        if isinstance(value, bool):
            merged[name] = "1" if value else ""
        elif value is not None:
            merged[name] = value
    names = {f.name for f in section.fields}
    for name in names:
        merged[name] = data.get(name, [] if name in ("activity_fields", "activity_countries") else "")
    if role == Role.ORGANIZATION:
        parsed = forms.parse_organization(merged, "", with_password=False)
    else:
        parsed = forms.parse_individual(merged, "", with_password=False)
    result = FormResult()
    result.values = {name: parsed.values.get(name) for name in names}
    result.errors = {name: message for name, message in parsed.errors.items() if name in names}
    return result


def display(spec: FieldSpec, value: Any) -> str:
    if spec.kind == "checkbox":
        return "はい" if value in (True, "1", "on") else "いいえ"
    if spec.name == "activity_fields":
        return "、".join(SECTOR_LABELS.get(code, code) for code in value or []) or "なし"
    if spec.name in ("activity_countries",):
        return "、".join(COUNTRY_LABELS.get(code, code) for code in value or []) or "なし"
    if spec.name == "nationality":
        return COUNTRY_LABELS.get(value, value or "")
    return str(value) if value not in (None, "") else "（未入力）"


def _same(a: Any, b: Any) -> bool:
    normalize = lambda v: ("1" if v else "") if isinstance(v, bool) else (v or "")  # noqa: E731
    return normalize(a) == normalize(b)


@dataclass(frozen=True)
class Change:
    spec: FieldSpec
    before: str
    after: str
    changed: bool
    needs_approval: bool


def compare(role: str, section: Section, current: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    return [
        Change(
            spec,
            display(spec, current.get(spec.name)),
            display(spec, new.get(spec.name)),
            not _same(current.get(spec.name), new.get(spec.name)),
            role == Role.ORGANIZATION and spec.name in APPROVAL_FIELDS,
        )
        for spec in section.fields
    ]


def _to_model(name: str, value: Any) -> Any:
    if name in ("activity_fields", "activity_countries"):
        return ",".join(value or [])
    if name == "birth_date":
        from datetime import date

        return date.fromisoformat(value)
    return value


async def apply(
    db: AsyncSession, settings: Settings, role: str, user_id: int, section: Section, new: dict[str, Any]
) -> list[str]:
    """Save a category. Returns the labels of changes now waiting for the secretariat."""
    record = await _record(db, role, user_id)
    current = _as_form_values(record)
    waiting: dict[str, Any] = {}
    for spec in section.fields:
        value = new.get(spec.name)
        if _same(current.get(spec.name), value):
            continue
        if role == Role.ORGANIZATION and spec.name in APPROVAL_FIELDS:
            waiting[spec.name] = value
        else:
            setattr(record, spec.name, _to_model(spec.name, value))
    if (
        isinstance(record, Individual)
        and "jocv_declared" in new
        and not _same(current.get("jocv_declared"), new["jocv_declared"])
    ):
        record.jocv_verified_at = None  # a new declaration waits for the secretariat again
    if isinstance(record, Individual) and section.key == "basic":
        user = await service.user_by_id(db, user_id)
        user.display_name = f"{record.family_name} {record.given_name}"
    if isinstance(record, Organization):
        record.updated_at = clock.now()
        if waiting:
            pending = json.loads(record.pending_changes or "{}")
            pending.update(waiting)
            record.pending_changes = json.dumps(pending, ensure_ascii=False)
            record.pending_changes_at = clock.now()
            await queue_template_mail(
                db,
                settings,
                to=settings.mail.secretariat_address,
                template="accounts/change_requested.txt.jinja",
                organization=record,
                base_url=settings.app.base_url,
            )
    labels = {spec.name: spec.label for spec in section.fields}
    return [labels[name] for name in waiting]


def pending_changes(organization: Organization) -> dict[str, Any]:
    return json.loads(organization.pending_changes or "{}")


# -- e-mail address and password (アカウント情報) ------------------------------------------


async def request_email_change(
    db: AsyncSession, settings: Settings, user_id: int, new_email: str, current_password: str
) -> bool:
    """The new address takes effect only once its owner opens the mailed link. The current
    password is asked first: a session left open must not be enough to take the account
    over (the login ID is where reset links go). False: wrong password, nothing done."""
    user = await service.user_by_id(db, user_id)
    if not await passwords.verify_password(user.password_hash, current_password):
        return False
    if await service.user_by_email(db, new_email) is not None:
        return True  # taken: say nothing more than for a free address (no enumeration)
    raw = await service.issue_token(db, TokenPurpose.EMAIL_CHANGE, new_email, user_id=user.id)
    await queue_template_mail(
        db,
        settings,
        to=new_email,
        template="accounts/email_change.txt.jinja",
        user=user,
        url=urls.absolute_url(settings, "accounts:email_verify", token=raw),
        base_url=settings.app.base_url,
    )
    return True


async def confirm_email_change(db: AsyncSession, settings: Settings, raw: str) -> int | None:
    """Switch to the verified address, end every session of the account and tell the old
    address. Returns the account's id (None: the link is not valid)."""
    token = await service.valid_token(db, raw, TokenPurpose.EMAIL_CHANGE)
    if token is None or token.user_id is None or await service.user_by_email(db, token.email) is not None:
        return None
    if not await service.use_token(db, token):
        return None  # confirmed a moment ago by another click on the same link
    user = await service.user_by_id(db, token.user_id)
    old_email = user.email
    user.email = token.email
    await end_user_sessions(db, user.id)  # whoever else was in under the old login ID is out
    await queue_template_mail(
        db,
        settings,
        to=old_email,
        template="accounts/email_changed.txt.jinja",
        user=user,
        new_email=token.email,
        base_url=settings.app.base_url,
    )
    return user.id


# -- the secretariat's decision on 団体名・団体種別・法人番号 ---------------------------------------


async def organizations_with_pending_changes(db: AsyncSession) -> list[Organization]:
    from sqlalchemy import select

    rows = await db.execute(
        select(Organization).where(Organization.pending_changes != "").order_by(Organization.pending_changes_at)
    )
    return list(rows.scalars())


async def decide_changes(
    db: AsyncSession, settings: Settings, organization_id: int, approve: bool, reason: str = ""
) -> Organization | None:
    organization = await db.get(Organization, organization_id)
    if organization is None or not organization.pending_changes:
        return None
    if approve:
        for name, value in pending_changes(organization).items():
            setattr(organization, name, value)
        user = await service.user_by_id(db, organization.user_id)
        user.display_name = organization.name
    organization.pending_changes = ""
    organization.pending_changes_at = None
    organization.updated_at = clock.now()
    user = await service.user_by_id(db, organization.user_id)
    await queue_template_mail(
        db,
        settings,
        to=user.email,
        template="accounts/change_decided.txt.jinja",
        organization=organization,
        approved=approve,
        reason=reason,
        base_url=settings.app.base_url,
    )
    return organization


async def stale_organizations(db: AsyncSession, older_than_days: int = 365) -> list[Organization]:
    """登録情報確認 (000 §2.4): approved organizations whose data has not changed for a year."""
    from datetime import timedelta

    from sqlalchemy import select

    from features.accounts.models import OrganizationStatus

    cutoff = clock.now() - timedelta(days=older_than_days)
    rows = await db.execute(
        select(Organization)
        .where(Organization.status == OrganizationStatus.APPROVED, Organization.updated_at < cutoff)
        .order_by(Organization.updated_at)
        .limit(500)
    )
    return list(rows.scalars())


async def ask_for_update(db: AsyncSession, settings: Settings, organization_id: int) -> Organization | None:
    organization = await db.get(Organization, organization_id)
    if organization is None:
        return None
    user = await service.user_by_id(db, organization.user_id)
    await queue_template_mail(
        db,
        settings,
        to=user.email,
        template="accounts/update_request.txt.jinja",
        organization=organization,
        base_url=settings.app.base_url,
    )
    return organization
