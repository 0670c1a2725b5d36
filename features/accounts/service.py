"""Account rules: look-ups, mailed tokens, codes, creating individuals and organizations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.forms import normalize_email  # the one canonical form; other modules may use it from here

# Moved to directory.py; still read from here by another slice's test and a bench (tests/bench).
from features.accounts.directory import age_band as age_band
from features.accounts.directory import findable as findable
from features.accounts.models import (
    AccountStatus,
    ActionToken,
    Individual,
    Organization,
    OrganizationStatus,
    OrganizationType,
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


async def lock_user(db: AsyncSession, user_id: int) -> None:
    """Hold the account's row for this transaction (PostgreSQL; SQLite has one writer anyway): two
    requests of one person checking a per-person rule at once (overlapping bookings) must not both pass."""
    await db.execute(select(UserAccount.id).where(UserAccount.id == user_id).with_for_update())
