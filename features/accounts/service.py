"""Account rules: look-ups, mailed tokens, codes, creating individuals and organizations."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.forms import normalize_email  # the one canonical form; other modules may use it from here
from features.accounts.models import (
    AccountStatus,
    ActionToken,
    Individual,
    Organization,
    OrganizationStatus,
    OrganizationType,
    RegistrationKind,
    Role,
    TokenPurpose,
    UserAccount,
)

TOKEN_LIFETIME = {
    TokenPurpose.SIGNUP_INDIVIDUAL: timedelta(hours=24),
    TokenPurpose.SIGNUP_ORGANIZATION: timedelta(hours=24),
    TokenPurpose.PASSWORD_RESET: timedelta(minutes=60),
    TokenPurpose.EMAIL_CHANGE: timedelta(hours=24),
}
REGISTRATION_YEARS = 2


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


async def user_by_email(db: AsyncSession, email: str) -> UserAccount | None:
    rows = await db.execute(select(UserAccount).where(UserAccount.email == normalize_email(email)))
    return rows.scalar_one_or_none()


async def user_by_id(db: AsyncSession, user_id: int) -> UserAccount | None:
    return await db.get(UserAccount, user_id)


async def individual_of(db: AsyncSession, user_id: int) -> Individual | None:
    rows = await db.execute(select(Individual).where(Individual.user_id == user_id))
    return rows.scalar_one_or_none()


async def organization_of(db: AsyncSession, user_id: int) -> Organization | None:
    rows = await db.execute(select(Organization).where(Organization.user_id == user_id))
    return rows.scalar_one_or_none()


# -- mailed tokens ------------------------------------------------------------------


async def issue_token(db: AsyncSession, purpose: TokenPurpose, email: str, *, user_id: int | None = None) -> str:
    """A fresh 256-bit token; any older unused token for the same purpose and address dies."""
    email = normalize_email(email)
    now = clock.now()
    await db.execute(
        update(ActionToken)
        .where(ActionToken.purpose == purpose, ActionToken.email == email, ActionToken.used_at.is_(None))
        .values(used_at=now)
    )
    raw = secrets.token_urlsafe(32)
    db.add(
        ActionToken(
            token_hash=token_hash(raw),
            purpose=purpose,
            email=email,
            user_id=user_id,
            created_at=now,
            expires_at=now + TOKEN_LIFETIME[purpose],
        )
    )
    await db.flush()
    return raw


async def valid_token(db: AsyncSession, raw: str, purpose: TokenPurpose) -> ActionToken | None:
    if not raw or len(raw) > 100:
        return None
    rows = await db.execute(
        select(ActionToken).where(ActionToken.token_hash == token_hash(raw), ActionToken.purpose == purpose)
    )
    token = rows.scalar_one_or_none()
    if token is None or token.used_at is not None or token.expires_at <= clock.now():
        return None
    if token.user_id is not None:
        user = await db.get(UserAccount, token.user_id)
        # A password change after the token was issued kills it.
        if user is None or user.password_changed_at > token.created_at:
            return None
    return token


async def use_token(db: AsyncSession, token: ActionToken) -> bool:
    """Mark the token used, atomically: False when another request used it first (two clicks on
    a mailed link at the same instant), so only one of them goes on to make the change."""
    used_at = clock.now()
    claimed = await db.execute(
        update(ActionToken)
        .where(ActionToken.id == token.id, ActionToken.used_at.is_(None))
        .values(used_at=used_at)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    token.used_at = used_at
    return True


# -- codes ----------------------------------------------------------------------------


async def _unique_code(db: AsyncSession, prefix: str, column) -> str:
    while True:
        code = prefix + "".join(secrets.choice("0123456789") for _ in range(7))
        if (await db.execute(select(column).where(column == code))).first() is None:
            return code


async def new_registration_code(db: AsyncSession) -> str:
    return await _unique_code(db, "P", Individual.registration_code)


async def new_org_code(db: AsyncSession) -> str:
    return await _unique_code(db, "D", Organization.org_code)


# -- creating accounts ----------------------------------------------------------------


async def create_individual(db: AsyncSession, email: str, password_hash: str, values: dict) -> Individual:
    now = clock.now()
    user = UserAccount(
        email=normalize_email(email),
        password_hash=password_hash,
        role=Role.INDIVIDUAL,
        display_name=f"{values['family_name']} {values['given_name']}",
        created_at=now,
        password_changed_at=now,
    )
    db.add(user)
    await db.flush()
    individual = Individual(
        user_id=user.id,
        registration_code=await new_registration_code(db),
        registered_at=now,
        expires_at=now + timedelta(days=365 * REGISTRATION_YEARS),
        **values,
    )
    db.add(individual)
    await db.flush()
    return individual


async def create_organization(db: AsyncSession, email: str, password_hash: str, values: dict) -> Organization:
    now = clock.now()
    user = UserAccount(
        email=normalize_email(email),
        password_hash=password_hash,
        role=Role.ORGANIZATION,
        status=AccountStatus.PENDING,
        display_name=values["name"],
        created_at=now,
        password_changed_at=now,
    )
    db.add(user)
    await db.flush()
    organization = Organization(
        user_id=user.id, status=OrganizationStatus.PENDING, submitted_at=now, updated_at=now, **values
    )
    db.add(organization)
    await db.flush()
    return organization


# -- what each organization type may do (001 §3.1 ※, §4.2 ③(C)(ア)) -----------------------

TALENT_BROWSING_TYPES = frozenset({OrganizationType.CORPORATE, OrganizationType.PUBLIC})
EXPERT_RESUME_TYPES = frozenset({OrganizationType.PUBLIC})


async def lock_organization(db: AsyncSession, organization_id: int) -> None:
    """Hold the organization's row for this transaction (PostgreSQL; SQLite has one writer anyway):
    two requests counting a per-organization limit at once must not both pass."""
    await db.execute(select(Organization.id).where(Organization.id == organization_id).with_for_update())


def may_browse_talent(organization: Organization) -> bool:
    """人材閲覧・オファーメール: not for 国際協力実施団体（法人格なし） nor 簡易団体登録."""
    if organization.status != OrganizationStatus.APPROVED or organization.org_type not in TALENT_BROWSING_TYPES:
        return False
    from features.accounts.org_registration import registration_current  # (it imports nothing of this module)

    return registration_current(organization)  # 団体の登録有効期限: once it has ended, no 人材閲覧


def may_request_expert_resume(organization: Organization) -> bool:
    """専門家履歴書 may be asked of applicants only by JICA・政府機関・学校法人・地方自治体."""
    return organization.org_type in EXPERT_RESUME_TYPES


async def organizations_by_ids(db: AsyncSession, ids: set[int]) -> dict[int, Organization]:
    """For other slices: several organizations in one query (no query per row)."""
    if not ids:
        return {}
    rows = await db.execute(select(Organization).where(Organization.id.in_(ids)))
    return {organization.id: organization for organization in rows.scalars()}


def is_jica(organization: Organization) -> bool:
    """The flag counts only on the organization type it may be set on."""
    return bool(organization.is_jica) and organization.org_type == OrganizationType.PUBLIC


async def set_jica(db: AsyncSession, organization_id: int, flag: bool) -> Organization:
    """事務局: mark an organization as JICA itself (the 公募・公示 entry rights), or take it back."""
    organization = await db.get(Organization, organization_id)
    if organization is None:
        raise LookupError(organization_id)
    if flag and organization.org_type != OrganizationType.PUBLIC:
        raise ValueError("JICAの指定は団体種別「JICA・政府機関・学校法人・地方自治体」の団体にだけできます。")
    organization.is_jica = flag
    organization.updated_at = clock.now()
    await db.flush()
    return organization


def active_organization(organization_id_column):
    """A condition on `organization_id_column`: the organization is approved and its account in use
    (not 無効登録, 退会 or suspended). For other slices' public queries, so they check it themselves."""
    return exists().where(
        Organization.id == organization_id_column,
        Organization.status == OrganizationStatus.APPROVED,
        UserAccount.id == Organization.user_id,
        UserAccount.status == AccountStatus.ACTIVE,
    )


async def is_verified_jocv(db: AsyncSession, user_id: int | None) -> bool:
    """帰国隊員向け postings are for JOCV returnees the secretariat has verified."""
    if not user_id:
        return False
    rows = await db.execute(select(Individual.jocv_verified_at).where(Individual.user_id == user_id))
    return rows.scalar_one_or_none() is not None


async def approved_organizations(db: AsyncSession) -> list[Organization]:
    rows = await db.execute(
        select(Organization).where(Organization.status == OrganizationStatus.APPROVED).order_by(Organization.id)
    )
    return list(rows.scalars())


# -- for the talent slice: who may be found, and what organizations may see of them ----------


def findable(
    user_id_column, *, age_min: int | None = None, age_max: int | None = None, prefecture: str = "", jocv: bool = False
):
    """A condition on `user_id_column`: the accounts part of whether organizations may see this
    person — 国際協力人材登録, an active account (not suspended, withdrawn or 物故), registration
    unexpired — and the filters. Other slices compose it through talent.service.visible_to_organizations.
    Correlated, so each candidate is one index probe."""
    from datetime import date as _date

    from sqlalchemy import exists

    now = clock.now()
    statement = exists().where(
        Individual.user_id == user_id_column,
        UserAccount.id == Individual.user_id,
        UserAccount.status == AccountStatus.ACTIVE,
        Individual.expires_at > now,
        Individual.kind == RegistrationKind.FULL,
    )
    today = now.date()
    if age_min is not None:  # at least age_min years old: born on or before today minus age_min years
        statement = statement.where(
            Individual.birth_date <= _date(today.year - age_min, today.month, min(today.day, 28))
        )
    if age_max is not None:
        statement = statement.where(
            Individual.birth_date > _date(today.year - age_max - 1, today.month, min(today.day, 28))
        )
    if prefecture:
        statement = statement.where(Individual.prefecture == prefecture)
    if jocv:
        statement = statement.where(Individual.jocv_verified_at.is_not(None))
    return statement


def age_band(birth_date, today) -> str:
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    return f"{max(age // 10 * 10, 20)}代" if age >= 20 else "20歳未満"


async def individual_summaries(db: AsyncSession, user_ids: set[int]) -> dict[int, dict]:
    """What an organization may see of people: never e-mail, phone, street address or birth date."""
    if not user_ids:
        return {}
    rows = await db.execute(select(Individual).where(Individual.user_id.in_(user_ids)))
    today = clock.now().date()
    return {
        i.user_id: {
            "registration_code": i.registration_code,
            "age_band": age_band(i.birth_date, today),
            "prefecture": i.prefecture,
            "jocv": i.jocv_verified_at is not None,
            "kind": i.kind,
            "nationality": i.nationality,
        }
        for i in rows.scalars()
    }


async def codes_and_names(db: AsyncSession, user_ids: set[int]) -> dict[int, tuple[str, str]]:
    """(登録コード, 氏名) of many people in one query: for mail that addresses them by name."""
    if not user_ids:
        return {}
    rows = await db.execute(select(Individual).where(Individual.user_id.in_(user_ids)))
    return {i.user_id: (i.registration_code, f"{i.family_name} {i.given_name}") for i in rows.scalars()}


async def user_id_for_code(db: AsyncSession, registration_code: str) -> int | None:
    rows = await db.execute(select(Individual.user_id).where(Individual.registration_code == registration_code))
    return rows.scalar_one_or_none()


async def user_ids_for_codes(db: AsyncSession, registration_codes: list[str]) -> dict[str, int]:
    """登録コード → user id for many codes in one query (unknown codes are left out)."""
    if not registration_codes:
        return {}
    rows = await db.execute(
        select(Individual.registration_code, Individual.user_id).where(
            Individual.registration_code.in_(registration_codes)
        )
    )
    return dict(rows.all())


async def organizations_by_user_ids(db: AsyncSession, user_ids: set[int]) -> dict[int, Organization]:
    if not user_ids:
        return {}
    rows = await db.execute(select(Organization).where(Organization.user_id.in_(user_ids)))
    return {o.user_id: o for o in rows.scalars()}


async def full_registrant_user_ids(db: AsyncSession) -> list[tuple[int, str]]:
    """(user id, family name) of every 国際協力人材登録 registrant, for other slices' demo data."""
    rows = await db.execute(
        select(Individual.user_id, Individual.family_name)
        .where(Individual.kind == RegistrationKind.FULL)
        .order_by(Individual.id)
    )
    return [(user_id, family_name) for user_id, family_name in rows.all()]


async def active_emails_of_users(db: AsyncSession, user_ids: set[int]) -> dict[int, str]:
    """user id → address of the accounts among `user_ids` that may still be mailed (not 退会,
    suspended or 物故), in one query."""
    if not user_ids:
        return {}
    rows = await db.execute(
        select(UserAccount.id, UserAccount.email).where(
            UserAccount.id.in_(user_ids), UserAccount.status == AccountStatus.ACTIVE
        )
    )
    return dict(rows.all())


# Above this many ids a query reads the whole (small) column instead of sending one parameter
# per id: SQLite and asyncpg both refuse more than ~32,000 parameters in one statement.
_MAX_IN_PARAMETERS = 5000


async def member_roles(db: AsyncSession, user_ids: Collection[int] | None = None) -> dict[int, str]:
    """user id → role (individual / organization) of the 個人・団体 accounts among `user_ids`
    (all of them when None), in one query however many ids there are; staff are not members."""
    query = select(UserAccount.id, UserAccount.role).where(UserAccount.role.in_((Role.INDIVIDUAL, Role.ORGANIZATION)))
    wanted = None if user_ids is None else set(user_ids)
    if wanted is not None and len(wanted) <= _MAX_IN_PARAMETERS:
        if not wanted:
            return {}
        query = query.where(UserAccount.id.in_(wanted))
    rows = (await db.execute(query)).all()
    return {user_id: role for user_id, role in rows if wanted is None or user_id in wanted}


async def emails_of_users(db: AsyncSession, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = await db.execute(select(UserAccount.id, UserAccount.email).where(UserAccount.id.in_(user_ids)))
    return dict(rows.all())


async def counselors(db: AsyncSession) -> list[tuple[int, str]]:
    """キャリア相談員 the back office may assign: active staff accounts with the counselor
    permission, as (user id, name), by name."""
    rows = await db.execute(
        select(UserAccount.id, UserAccount.display_name)
        .where(
            or_(UserAccount.is_counselor.is_(True), UserAccount.role == Role.COUNSELOR),
            UserAccount.status == AccountStatus.ACTIVE,
        )
        .order_by(UserAccount.display_name, UserAccount.id)
    )
    return [(user_id, name) for user_id, name in rows.all()]


async def lock_user(db: AsyncSession, user_id: int) -> None:
    """Hold the account's row for this transaction (PostgreSQL; SQLite has one writer anyway): two
    requests of one person checking a per-person rule at once (overlapping bookings) must not both pass."""
    await db.execute(select(UserAccount.id).where(UserAccount.id == user_id).with_for_update())


async def display_names(db: AsyncSession, user_ids: set[int]) -> dict[int, str]:
    """user id → 表示名 of many accounts in one query (staff such as counselors have no 個人 row)."""
    if not user_ids:
        return {}
    rows = await db.execute(select(UserAccount.id, UserAccount.display_name).where(UserAccount.id.in_(user_ids)))
    return dict(rows.all())


async def secretariat_members(db: AsyncSession) -> list[tuple[int, str]]:
    """Active 事務局 accounts as (user id, 表示名), by name: whom back-office work may be assigned to."""
    rows = await db.execute(
        select(UserAccount.id, UserAccount.display_name)
        .where(UserAccount.role == Role.SECRETARIAT, UserAccount.status == AccountStatus.ACTIVE)
        .order_by(UserAccount.display_name, UserAccount.id)
    )
    return [(user_id, name) for user_id, name in rows.all()]


@dataclass(frozen=True)
class RegistrationGlance:
    """An account's registration at a glance (the inquiries desk): never address, phone or birth date."""

    user_id: int
    role: str  # Role value
    role_label: str  # 個人 / 団体 / 事務局 / キャリア相談員
    display_name: str
    email: str
    status: str  # AccountStatus value
    status_label: str
    registered_at: datetime  # the account's creation (個人: 登録日)
    kind: str = ""  # 個人: 国際協力人材登録 / 簡易登録; 団体: 団体種別
    registration_code: str = ""  # 登録コード / 団体コード
    organization_name: str = ""
    organization_status: str = ""
    expires_at: datetime | None = None


_ROLE_LABELS = {
    Role.INDIVIDUAL: "個人",
    Role.ORGANIZATION: "団体",
    Role.SECRETARIAT: "事務局",
    Role.COUNSELOR: "キャリア相談員",
}
_STATUS_LABELS = {
    AccountStatus.ACTIVE: "有効",
    AccountStatus.PENDING: "承認待ち",
    AccountStatus.SUSPENDED: "停止中",
    AccountStatus.WITHDRAWN: "退会",
    AccountStatus.DECEASED: "物故",
}


async def registration_glance(db: AsyncSession, user_id: int) -> RegistrationGlance | None:
    user = await db.get(UserAccount, user_id)
    if user is None:
        return None
    values: dict = {}
    if user.role == Role.INDIVIDUAL and (person := await individual_of(db, user_id)) is not None:
        values = {"kind": person.kind, "registration_code": person.registration_code, "expires_at": person.expires_at}
        values["registered_at"] = person.registered_at
    elif user.role == Role.ORGANIZATION and (org := await organization_of(db, user_id)) is not None:
        values = {
            "kind": org.org_type,
            "registration_code": org.org_code or "",
            "organization_name": org.name,
            "organization_status": org.status,
        }
    return RegistrationGlance(
        user_id=user.id,
        role=user.role,
        role_label=_ROLE_LABELS.get(user.role, user.role),
        display_name=user.display_name,
        email=user.email,
        status=user.status,
        status_label=_STATUS_LABELS.get(user.status, user.status),
        registered_at=values.pop("registered_at", user.created_at),
        **values,
    )
