"""The accounts' event counters for the reports, on both engines: 延長登録 and 退会 of individuals,
団体の延長登録, 無効登録 and 期限切れ — recorded by the real service functions at controlled
moments, counted over report periods whose edges fall between them (Japan time: a Sunday
23:59:59 entry is in that week, Monday 00:00 in the next; fiscal quarters April–June; fiscal years
April–March)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select, update

from app.clock import JST
from features.accounts import api, lifecycle, org_registration
from features.accounts.models import (
    AccountEvent,
    Individual,
    Organization,
    OrganizationType,
    RegistrationKind,
    Role,
    UserAccount,
)
from features.reports.periods import Period, PeriodKind
from tests.features.accounts.helpers import make_user

FULL, SIMPLE = RegistrationKind.FULL.value, RegistrationKind.SIMPLE.value
CORPORATE, PUBLIC = OrganizationType.CORPORATE.value, OrganizationType.PUBLIC.value


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=JST).astimezone(UTC)


async def _count(database, kind: PeriodKind, first: date) -> dict:
    period = Period.containing(kind, first)
    async with database.session(write=False) as db:
        return await api.count_account_events(db, period.start, period.end)


async def _person(database, n: int, kind: str = FULL) -> UserAccount:
    user = await make_user(database, f"p{n}@example.jp", Role.INDIVIDUAL, password_hash="x")
    if kind != FULL:
        async with database.session() as db:
            await db.execute(update(Individual).where(Individual.user_id == user.id).values(kind=kind))
    return user


async def _organization(database, n: int, org_type: str, expires: datetime | None = None) -> Organization:
    user = await make_user(database, f"o{n}@example.jp", Role.ORGANIZATION, password_hash="x")
    async with database.session() as db:
        await db.execute(
            update(Organization)
            .where(Organization.user_id == user.id)
            .values(org_type=org_type, registration_expires_at=expires, approved_at=_at(2020, 1, 1))
        )
        return (await db.execute(select(Organization).where(Organization.user_id == user.id))).scalar_one()


async def test_extensions_withdrawals_and_organization_events_by_period(database, settings, frozen_clock):
    people = {n: await _person(database, n, SIMPLE if n == 2 else FULL) for n in range(1, 9)}
    extended = await _organization(database, 1, CORPORATE)
    disabled = await _organization(database, 2, PUBLIC)
    await _organization(database, 3, CORPORATE, expires=_at(2026, 11, 29, 23, 59, 59))  # expires in the week
    await _organization(database, 4, PUBLIC, expires=_at(2026, 11, 30))  # in the next one

    async def at(moment: datetime, action) -> None:
        frozen_clock.current = moment
        async with database.session() as db:
            await action(db)

    def extend(n: int):
        return lambda db: lifecycle.extend_registration(db, settings, people[n].id)

    def withdraw(n: int):
        async def run(db):
            await lifecycle.withdraw_individual(db, settings, await db.get(UserAccount, people[n].id))

        return run

    await at(_at(2026, 11, 29, 23, 59, 59), extend(1))  # Sunday: that week
    await at(_at(2026, 11, 30, 0, 0), extend(2))  # Monday 00:00: the next week (簡易登録)
    await at(_at(2026, 6, 30, 23, 59, 59), extend(3))  # the last second of 第1四半期
    await at(_at(2026, 7, 1), extend(4))  # 第2四半期
    await at(_at(2027, 3, 31, 23, 59, 59), withdraw(5))  # still 2026年度
    await at(_at(2027, 4, 1), withdraw(6))  # 2027年度
    await at(_at(2026, 4, 1), withdraw(7))  # the first moment of 2026年度 and its 第1四半期
    await at(_at(2026, 3, 31, 23, 59, 59), withdraw(8))  # 2025年度

    async def extend_organization(db):
        row = await db.get(Organization, extended.id)
        await org_registration.extend(db, settings, row, actor_id=1, by_staff=True)

    async def disable_organization(db):
        row = await db.get(Organization, disabled.id)
        await lifecycle.request_deactivation(db, settings, row.user_id)
        await lifecycle.confirm_deactivation(db, settings, row.id)

    await at(_at(2026, 11, 29, 23, 59, 59), extend_organization)
    await at(_at(2026, 11, 30), disable_organization)

    week = await _count(database, PeriodKind.WEEK, date(2026, 11, 23))
    assert week["individual_extended"] == {FULL: 1, SIMPLE: 0}
    assert sum(week["individual_withdrawn"].values()) == 0
    assert week["organization_extended"][CORPORATE] == 1 and sum(week["organization_extended"].values()) == 1
    assert sum(week["organization_disabled"].values()) == 0
    assert week["organization_expired"] == {t.value: int(t.value == CORPORATE) for t in OrganizationType}

    following = await _count(database, PeriodKind.WEEK, date(2026, 11, 30))
    assert following["individual_extended"] == {FULL: 0, SIMPLE: 1}
    assert sum(following["organization_extended"].values()) == 0
    assert following["organization_disabled"] == {t.value: int(t.value == PUBLIC) for t in OrganizationType}
    assert following["organization_expired"][PUBLIC] == 1 and sum(following["organization_expired"].values()) == 1

    first_quarter = await _count(database, PeriodKind.QUARTER, date(2026, 5, 15))  # April–June
    assert first_quarter["individual_extended"] == {FULL: 1, SIMPLE: 0}
    assert first_quarter["individual_withdrawn"] == {FULL: 1, SIMPLE: 0}
    second_quarter = await _count(database, PeriodKind.QUARTER, date(2026, 7, 1))
    assert second_quarter["individual_extended"] == {FULL: 1, SIMPLE: 0}
    assert sum(second_quarter["individual_withdrawn"].values()) == 0

    year = await _count(database, PeriodKind.YEAR, date(2026, 4, 1))  # 2026年4月〜2027年3月
    assert year["individual_extended"] == {FULL: 3, SIMPLE: 1}
    assert year["individual_withdrawn"] == {FULL: 2, SIMPLE: 0}
    assert sum(year["organization_extended"].values()) == 1
    assert sum(year["organization_disabled"].values()) == 1
    assert sum(year["organization_expired"].values()) == 2
    assert (await _count(database, PeriodKind.YEAR, date(2025, 4, 1)))["individual_withdrawn"][FULL] == 1
    assert (await _count(database, PeriodKind.YEAR, date(2027, 4, 1)))["individual_withdrawn"][FULL] == 1


async def test_the_events_are_anonymous(database, settings, frozen_clock):
    """退会 erases the person; the event keeps only the kind and the moment."""
    person = await _person(database, 1)
    async with database.session() as db:
        await lifecycle.withdraw_individual(db, settings, await db.get(UserAccount, person.id))
    async with database.session(write=False) as db:
        events = list((await db.execute(select(AccountEvent))).scalars())
    assert [(e.event, e.category, e.occurred_at) for e in events] == [
        ("individual_withdrawn", FULL, frozen_clock.current)
    ]
    assert set(AccountEvent.model_fields) == {"id", "event", "category", "occurred_at"}
