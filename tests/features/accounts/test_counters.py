"""The accounts counters for the reports, against hand-counted rows on both engines: new
registrations by kind, registrants at the period's end, expiries, organizations approved and active
by type — with the period's edges in Japan time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.clock import JST
from features.accounts import api
from features.accounts.models import (
    AccountStatus,
    Individual,
    Organization,
    OrganizationStatus,
    OrganizationType,
    RegistrationKind,
    Role,
    UserAccount,
)

# December 2026 in Japan time: [30 Nov 15:00 UTC, 31 Dec 15:00 UTC).
START = datetime(2026, 12, 1, tzinfo=JST).astimezone(UTC)
END = datetime(2027, 1, 1, tzinfo=JST).astimezone(UTC)


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=JST).astimezone(UTC)


async def _person(db, n: int, kind: str, registered: datetime, expires: datetime, status=AccountStatus.ACTIVE):
    user = UserAccount(
        email=f"p{n}@example.jp",
        password_hash="x",
        role=Role.INDIVIDUAL,
        status=status,
        display_name=f"p{n}",
        created_at=registered,
        password_changed_at=registered,
    )
    db.add(user)
    await db.flush()
    db.add(
        Individual(
            user_id=user.id,
            registration_code=f"R{n:07d}",
            kind=kind,
            family_name="山田",
            given_name="太郎",
            family_name_kana="ヤマダ",
            given_name_kana="タロウ",
            family_name_roman="YAMADA",
            given_name_roman="Taro",
            birth_date=date(1990, 4, 1),
            nationality="JP",
            prefecture="東京都",
            phone="090-1234-5678",
            registered_at=registered,
            expires_at=expires,
        )
    )


async def _organization(db, n: int, org_type: str, status: str, approved: datetime | None, expires: datetime | None):
    user = UserAccount(
        email=f"o{n}@example.jp",
        password_hash="x",
        role=Role.ORGANIZATION,
        display_name=f"o{n}",
        created_at=_at(2020, 1, 1),
        password_changed_at=_at(2020, 1, 1),
    )
    db.add(user)
    await db.flush()
    db.add(
        Organization(
            user_id=user.id,
            org_type=org_type,
            name=f"団体{n}",
            name_kana="ダンタイ",
            status=status,
            contact_name="担当",
            contact_phone="03-1234-5678",
            submitted_at=_at(2020, 1, 1),
            updated_at=_at(2020, 1, 1),
            approved_at=approved,
            registration_expires_at=expires,
        )
    )


FULL, SIMPLE = RegistrationKind.FULL.value, RegistrationKind.SIMPLE.value
LATER = _at(2028, 1, 1)


async def test_registrations_in_a_month(database):
    async with database.session() as db:
        # New in December (JST): the first moment, a middle one and the last second count.
        await _person(db, 1, FULL, _at(2026, 12, 1, 0, 0), LATER)
        await _person(db, 2, FULL, _at(2026, 12, 15, 12, 0), LATER)
        await _person(db, 3, SIMPLE, _at(2026, 12, 31, 23, 59, 59), LATER)
        # 30 Nov 23:59 JST (= 30 Nov 14:59 UTC) is November's; 1 Jan 00:00 JST is January's.
        await _person(db, 4, SIMPLE, _at(2026, 11, 30, 23, 59), LATER)
        await _person(db, 5, FULL, _at(2027, 1, 1, 0, 0), LATER)
        # Earlier registrants: one expiring in December, one expiring exactly at the end (still valid
        # at the end), one withdrawn, one 物故 — neither of the last two is a registrant at the end.
        await _person(db, 6, FULL, _at(2024, 12, 10), _at(2026, 12, 10))
        await _person(db, 7, FULL, _at(2025, 1, 1), _at(2027, 1, 1, 0, 0))
        await _person(db, 8, SIMPLE, _at(2025, 2, 1), LATER, status=AccountStatus.WITHDRAWN)
        await _person(db, 9, FULL, _at(2025, 3, 1), LATER, status=AccountStatus.DECEASED)
        await _person(db, 10, FULL, _at(2024, 1, 1), _at(2026, 11, 30, 23, 59))  # expired in November
    async with database.session(write=False) as db:
        december = await api.count_registrations(db, START, END)
        november = await api.count_registrations(db, _at(2026, 11, 1), START)
    # At the end of December: 1, 2, 3, 4 and 7 (expiring at the first moment of January); 6 expired.
    assert december == {"new": {FULL: 2, SIMPLE: 1}, "active_at_end": 5, "expired": 1}
    # At the end of November: 4, 6 and 7 (10 expired on 30 November 23:59 JST; 8 and 9 are gone).
    assert november == {"new": {FULL: 0, SIMPLE: 1}, "active_at_end": 3, "expired": 1}


async def test_organizations_approved_and_active(database):
    corporate, simple = OrganizationType.CORPORATE.value, OrganizationType.SIMPLE.value
    approved = OrganizationStatus.APPROVED.value
    async with database.session() as db:
        await _organization(db, 1, corporate, approved, _at(2026, 12, 1, 0, 0), LATER)  # new in December
        await _organization(db, 2, simple, approved, _at(2026, 12, 31, 23, 59), LATER)  # new in December
        await _organization(db, 3, corporate, approved, _at(2027, 1, 1, 0, 0), LATER)  # January's
        await _organization(db, 4, corporate, approved, _at(2025, 5, 1), _at(2026, 12, 20))  # expired in Dec.
        await _organization(db, 5, simple, approved, _at(2025, 5, 1), None)  # approved before expiry existed
        await _organization(db, 6, corporate, OrganizationStatus.DISABLED.value, _at(2025, 5, 1), LATER)
        await _organization(db, 7, corporate, OrganizationStatus.PENDING.value, None, None)
    async with database.session(write=False) as db:
        figures = await api.count_organization_figures(db, START, END)
    assert figures["new"][corporate] == 1 and figures["new"][simple] == 1
    assert figures["active"][corporate] == 1 and figures["active"][simple] == 2
    assert set(figures["new"]) == {t.value for t in OrganizationType}  # every type, zeros too
    assert sum(figures["new"].values()) == 2 and sum(figures["active"].values()) == 3
