"""The registrant directory other slices read: who may be found (the talent slice), what
organizations may see of people, and codes, names, addresses and roles of many accounts at once
(each one query, however many ids)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.accounts.models import AccountStatus, Individual, Organization, RegistrationKind, Role, UserAccount

# -- for the talent slice: who may be found, and what organizations may see of them ----------


def findable(
    user_id_column, *, age_min: int | None = None, age_max: int | None = None, prefecture: str = "", jocv: bool = False
):
    """A condition on `user_id_column`: the accounts part of whether organizations may see this
    person — 国際協力人材登録, an active account (not suspended, withdrawn or 物故), registration
    unexpired — and the filters. Other slices compose it through talent.service.visible_to_organizations.
    Correlated, so each candidate is one index probe."""
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
            Individual.birth_date <= date(today.year - age_min, today.month, min(today.day, 28))
        )
    if age_max is not None:
        statement = statement.where(
            Individual.birth_date > date(today.year - age_max - 1, today.month, min(today.day, 28))
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


async def display_names(db: AsyncSession, user_ids: set[int]) -> dict[int, str]:
    """user id → 表示名 of many accounts in one query (staff such as counselors have no 個人 row)."""
    if not user_ids:
        return {}
    rows = await db.execute(select(UserAccount.id, UserAccount.display_name).where(UserAccount.id.in_(user_ids)))
    return dict(rows.all())
