"""団体の延長登録: validity from approval, reminders 60 and 14 days before (once each), what an
expired organization can no longer do (and what it still can), 延長登録 with the check of its four
categories of 登録内容, and the secretariat's list and extension on request."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.audit import AuditEvent
from app.mail import OutboxMail
from features.accounts import org_registration, registration
from features.accounts.models import AccountStatus, Organization, Role, UserAccount
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user

ORG = "expiring-org@example.jp"
STAFF = "office-expiry@example.jp"


async def _organization(database, email: str = ORG) -> Organization:
    async with database.session(write=False) as db:
        return await db.scalar(
            select(Organization)
            .join(UserAccount, UserAccount.id == Organization.user_id)
            .where(UserAccount.email == email)
        )


async def _set_expiry(database, days: float, email: str = ORG) -> None:
    organization = await _organization(database, email)
    async with database.session() as db:
        row = await db.get(Organization, organization.id)
        row.registration_expires_at = clock.now() + timedelta(days=days)
        row.expiry_reminder_days = None


async def _post(client, path, data=None):
    return await client.post(path, data=data or {}, headers=csrf_headers(client), follow_redirects=False)


async def test_approval_starts_the_validity(database, settings, frozen_clock):
    user = await make_user(database, ORG, Role.ORGANIZATION, status=AccountStatus.PENDING)
    organization = await _organization(database)
    async with database.session() as db:
        approved = await registration.approve_organization(db, settings, organization.id)
        expected = clock.now() + timedelta(days=365 * settings.registration.organization_valid_years)
        assert approved.registration_expires_at == expected and approved.user_id == user.id


async def test_reminders_go_out_sixty_and_fourteen_days_before_once_each(database, settings, frozen_clock):
    await make_user(database, ORG, Role.ORGANIZATION)
    await _set_expiry(database, 61)

    async def run() -> int:
        async with database.session() as db:
            return await org_registration.send_expiry_reminders(db, settings)

    assert await run() == 0
    frozen_clock.advance(days=2)  # 59 days left
    assert await run() == 1 and await run() == 0
    frozen_clock.advance(days=45)  # 14 days left
    assert await run() == 1 and await run() == 0
    async with database.session(write=False) as db:
        subjects = list(await db.scalars(select(OutboxMail.subject).where(OutboxMail.to_address == ORG)))
    assert sum("団体登録の有効期限が近づいています" in s for s in subjects) == 2


async def test_an_expired_organization_keeps_its_postings_but_may_not_publish_or_browse(client, database):
    await make_user(database, ORG, Role.ORGANIZATION)
    await _set_expiry(database, -1)
    await log_in(client, database, ORG)
    talent = await client.get("/talent")
    assert talent.status_code == 403 and "団体の登録有効期限が過ぎています" in talent.text
    new = await client.get("/postings/jobs/new")
    assert new.status_code == 403 and "延長登録" in new.text
    assert (await client.get("/postings/jobs")).status_code == 200  # its own list, applications and all
    mypage = await client.get("/mypage")
    assert mypage.status_code == 200 and "延長登録" in mypage.text


async def test_extension_shows_the_four_categories_and_needs_the_check(client, database, settings, frozen_clock):
    await make_user(database, ORG, Role.ORGANIZATION)
    await _set_expiry(database, 30)
    before = (await _organization(database)).registration_expires_at
    await log_in(client, database, ORG)
    page = await client.get("/mypage/organization/extend")
    assert page.status_code == 200
    for label in ("アカウント情報", "基本情報", "活動情報", "担当者情報"):
        assert f">{label}</h2>" in page.text
    unchecked = await _post(client, "/mypage/organization/extend")
    assert unchecked.status_code == 422 and "登録内容を確認しました" in unchecked.text
    done = await _post(client, "/mypage/organization/extend", {"confirmed": "1"})
    assert done.status_code == 303
    after = (await _organization(database)).registration_expires_at
    assert after == before + timedelta(days=365 * settings.registration.organization_valid_years)  # no day lost
    again = await _post(client, "/mypage/organization/extend", {"confirmed": "1"})
    assert again.status_code == 409 and "60日前から" in again.text


async def test_after_expiry_the_extension_counts_from_today(client, database, settings, frozen_clock):
    await make_user(database, ORG, Role.ORGANIZATION)
    await _set_expiry(database, -100)
    await log_in(client, database, ORG)
    assert (await _post(client, "/mypage/organization/extend", {"confirmed": "1"})).status_code == 303
    organization = await _organization(database)
    assert organization.registration_expires_at == clock.now() + timedelta(
        days=365 * settings.registration.organization_valid_years
    )
    assert org_registration.registration_current(organization)
    assert (await client.get("/talent")).status_code == 200


async def test_the_secretariat_sees_expiring_organizations_and_extends_on_request(client, database, frozen_clock):
    await make_user(database, ORG, Role.ORGANIZATION)
    await make_user(database, "far-org@example.jp", Role.ORGANIZATION)
    await _set_expiry(database, -3)
    await _set_expiry(database, 400, email="far-org@example.jp")
    staff = await make_user(database, STAFF, Role.SECRETARIAT)
    await log_in(client, database, STAFF)
    listing = await client.get("/admin/organizations/expiring")
    assert listing.status_code == 200 and "期限切れ" in listing.text
    assert "expiring-org@example.jp" in listing.text and "far-org@example.jp" not in listing.text
    organization = await _organization(database)
    done = await _post(client, f"/admin/organizations/{organization.id}/extend")
    assert done.status_code == 303
    assert org_registration.registration_current(await _organization(database))
    async with database.session(write=False) as db:
        actions = list(await db.scalars(select(AuditEvent.action).where(AuditEvent.actor_user_id == staff.id)))
    assert "organization_extend_by_staff" in actions
    assert (await _post(client, "/admin/organizations/999999/extend")).status_code == 404
