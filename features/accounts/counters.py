"""Counters for the reports (000 §8.2): what happened to registrations in [start, end) (aware UTC
bounds) and what stood at `end`. 延長登録 overwrites expires_at and 退会 anonymizes the row, so both are
written as they happen into account_event (`record_event`, anonymous: the kind and the moment) and
counted from there; nothing before that table existed is guessed (only 団体の延長登録 was backfilled,
from the audit log)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.accounts.models import (
    AccountEvent,
    AccountEventKind,
    AccountStatus,
    Individual,
    Organization,
    OrganizationStatus,
    OrganizationType,
    RegistrationKind,
    UserAccount,
)

# People who count as registrants at a moment: neither withdrawn nor 物故 (a suspension is temporary).
_GONE = (AccountStatus.WITHDRAWN, AccountStatus.DECEASED)


async def count_registrations(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """{"new": {kind: n}, "active_at_end": n, "expired": n} — registrations made in the period by
    kind (every kind, zeros too), registrations valid at `end` (registered before it, expiring after
    it, not withdrawn or 物故 now) and registrations whose validity ended in the period."""
    new = dict.fromkeys((k.value for k in RegistrationKind), 0)
    rows = await db.execute(
        select(Individual.kind, func.count())
        .where(Individual.registered_at >= start, Individual.registered_at < end)
        .group_by(Individual.kind)
    )
    for kind, n in rows:
        new[kind] = new.get(kind, 0) + n
    active = await db.scalar(
        select(func.count())
        .select_from(Individual)
        .join(UserAccount, UserAccount.id == Individual.user_id)
        .where(Individual.registered_at < end, Individual.expires_at >= end, UserAccount.status.not_in(_GONE))
    )
    expired = await db.scalar(
        select(func.count()).select_from(Individual).where(Individual.expires_at >= start, Individual.expires_at < end)
    )
    return {"new": new, "active_at_end": active or 0, "expired": expired or 0}


async def count_organization_figures(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """{"new": {団体種別: n}, "active": {団体種別: n}} — organizations approved in the period, and
    organizations approved before `end`, still 承認済み and whose registration had not expired at `end`."""
    types = [t.value for t in OrganizationType]
    new = dict.fromkeys(types, 0)
    rows = await db.execute(
        select(Organization.org_type, func.count())
        .where(Organization.approved_at >= start, Organization.approved_at < end)
        .group_by(Organization.org_type)
    )
    for org_type, n in rows:
        new[org_type] = new.get(org_type, 0) + n
    active = dict.fromkeys(types, 0)
    rows = await db.execute(
        select(Organization.org_type, func.count())
        .where(
            Organization.status == OrganizationStatus.APPROVED,
            Organization.approved_at < end,
            (Organization.registration_expires_at.is_(None)) | (Organization.registration_expires_at >= end),
        )
        .group_by(Organization.org_type)
    )
    for org_type, n in rows:
        active[org_type] = active.get(org_type, 0) + n
    return {"new": new, "active": active}


async def record_event(db: AsyncSession, event: AccountEventKind, category: str, at: datetime | None = None) -> None:
    """One 延長登録 or 退会/無効登録 happened now (or at `at`: the demo history). `category` is the
    registration's 登録種別 (個人) or 団体種別 (団体)."""
    db.add(AccountEvent(event=AccountEventKind(event).value, category=category, occurred_at=at or clock.now()))
    await db.flush()


async def count_account_events(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """{"individual_extended": {登録種別: n}, "individual_withdrawn": {登録種別: n},
    "organization_extended": {団体種別: n}, "organization_disabled": {団体種別: n},
    "organization_expired": {団体種別: n}} for [start, end) — every kind present, zeros too.
    organization_expired: approved organizations whose registration ended in the period and was not
    extended (an extension moves the end, as for individuals' 期限切れ)."""
    kinds = [k.value for k in RegistrationKind]
    types = [t.value for t in OrganizationType]
    result = {
        AccountEventKind.INDIVIDUAL_EXTENDED.value: dict.fromkeys(kinds, 0),
        AccountEventKind.INDIVIDUAL_WITHDRAWN.value: dict.fromkeys(kinds, 0),
        AccountEventKind.ORGANIZATION_EXTENDED.value: dict.fromkeys(types, 0),
        AccountEventKind.ORGANIZATION_DISABLED.value: dict.fromkeys(types, 0),
        "organization_expired": dict.fromkeys(types, 0),
    }
    rows = await db.execute(
        select(AccountEvent.event, AccountEvent.category, func.count())
        .where(AccountEvent.occurred_at >= start, AccountEvent.occurred_at < end)
        .group_by(AccountEvent.event, AccountEvent.category)
    )
    for event, category, n in rows:
        bucket = result.setdefault(event, {})
        bucket[category] = bucket.get(category, 0) + n
    rows = await db.execute(
        select(Organization.org_type, func.count())
        .where(
            Organization.status == OrganizationStatus.APPROVED,
            Organization.registration_expires_at >= start,
            Organization.registration_expires_at < end,
        )
        .group_by(Organization.org_type)
    )
    for org_type, n in rows:
        result["organization_expired"][org_type] = result["organization_expired"].get(org_type, 0) + n
    return result
