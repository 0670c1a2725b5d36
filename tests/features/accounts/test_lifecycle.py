"""延長登録, reminders, 退会 with erasure, クリーニング, retention and 無効登録."""

from __future__ import annotations

from datetime import timedelta

from litestar import Router
from sqlalchemy import func, select

from app import slices
from app.sessions import WebSession
from features.accounts import lifecycle, reset
from features.accounts.models import (
    AccountStatus,
    ActionToken,
    Individual,
    Organization,
    OrganizationStatus,
    PasswordResetRequest,
    Role,
    TokenPurpose,
    UserAccount,
)
from features.accounts.service import issue_token
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import PASSWORD, log_in, mails_to, make_user, submit_password

EMAIL = "talent@example.jp"


async def individual_of(database, user_id: int) -> Individual:
    async with database.session(write=False) as db:
        return (await db.execute(select(Individual).where(Individual.user_id == user_id))).scalar_one()


async def set_expiry(database, user_id: int, when) -> None:
    async with database.session() as db:
        individual = (await db.execute(select(Individual).where(Individual.user_id == user_id))).scalar_one()
        individual.expires_at = when
        individual.expiry_reminder_days = None


async def test_reminders_go_30_and_7_days_before_expiry_once_each(database, settings, frozen_clock):
    user = await make_user(database, EMAIL)
    await set_expiry(database, user.id, frozen_clock() + timedelta(days=40))

    async def run() -> int:
        async with database.session() as db:
            return await lifecycle.send_expiry_reminders(db, settings)

    assert await run() == 0
    frozen_clock.advance(days=11)  # 29 days left
    assert await run() == 1 and await run() == 0
    frozen_clock.advance(days=22)  # 7 days left
    assert await run() == 1 and await run() == 0
    reminders = [m for m in await mails_to(database, EMAIL) if "登録有効期限が近づいています" in m.subject]
    assert len(reminders) == 2 and "/mypage/extend" in reminders[0].body


async def test_extension_runs_from_today_and_resets_reminders(client, database, settings, frozen_clock):
    user = await make_user(database, EMAIL)
    await set_expiry(database, user.id, frozen_clock() + timedelta(days=5))
    await log_in(client, database, EMAIL)
    page = await client.get("/mypage/extend")
    assert "延長する" in page.text
    done = await client.post("/mypage/extend", headers=csrf_headers(client), follow_redirects=True)
    assert "延長登録が完了しました" in done.text
    individual = await individual_of(database, user.id)
    assert individual.expires_at == frozen_clock() + timedelta(days=730)
    assert individual.expiry_reminder_days is None


def _with_extra_slice(monkeypatch, **hooks) -> None:
    """The installed slices plus one more that declares these hooks (as a later slice would)."""
    extra = slices.Slice("extra", Router(path="/_extra", route_handlers=[]), **hooks)
    monkeypatch.setattr(slices, "_installed", (*slices.installed(), extra))


async def test_withdrawal_erases_personal_data_and_ends_the_account(client, database, monkeypatch):
    seen: list[int] = []

    async def slice_hook(db, settings, user_id):
        seen.append(user_id)

    _with_extra_slice(monkeypatch, person_erasers=(slice_hook,))
    user = await make_user(database, EMAIL)
    await log_in(client, database, EMAIL)
    wrong = await client.post(
        "/mypage/withdraw", data={"password": "違うパスワードです！"}, headers=csrf_headers(client)
    )
    assert wrong.status_code == 422 and "パスワードが正しくありません" in wrong.text
    done = await client.post(
        "/mypage/withdraw", data={"password": PASSWORD}, headers=csrf_headers(client), follow_redirects=True
    )
    assert "退会手続きが完了しました" in done.text
    assert seen == [user.id]
    async with database.session(write=False) as db:
        account = await db.get(UserAccount, user.id)
        sessions = (
            await db.execute(select(func.count()).select_from(WebSession).where(WebSession.user_id == user.id))
        ).scalar_one()
    individual = await individual_of(database, user.id)
    assert account.status == AccountStatus.WITHDRAWN and account.email != EMAIL and sessions == 0
    assert (individual.family_name, individual.phone, individual.address) == ("退会者", "", "")
    assert (await mails_to(database, EMAIL))[-1].subject == "【PARTNER】退会手続きが完了しました"
    assert (await submit_password(client, EMAIL)).status_code == 422  # the address is gone


async def test_long_expired_registrations_are_erased(database, settings, frozen_clock):
    stale = await make_user(database, EMAIL)
    fresh = await make_user(database, "fresh@example.jp")
    await set_expiry(
        database, stale.id, frozen_clock() - timedelta(days=settings.registration.expired_retention_days + 1)
    )
    await set_expiry(database, fresh.id, frozen_clock() - timedelta(days=10))
    async with database.session() as db:
        assert await lifecycle.erase_long_expired(db, settings) == 1
    assert (await individual_of(database, stale.id)).family_name == "退会者"
    assert (await individual_of(database, fresh.id)).family_name == "山田"


async def test_cleaning_purges_unused_links_and_abandoned_returned_organizations(database, settings, frozen_clock):
    async with database.session() as db:
        await issue_token(db, TokenPurpose.SIGNUP_INDIVIDUAL, "never@example.jp")
    abandoned = await make_user(database, "abandoned@example.jp", Role.ORGANIZATION, status=AccountStatus.PENDING)
    async with database.session() as db:
        organization = (await db.execute(select(Organization).where(Organization.user_id == abandoned.id))).scalar_one()
        organization.status = OrganizationStatus.RETURNED
        organization.updated_at = frozen_clock()
    frozen_clock.advance(days=29)
    async with database.session() as db:
        assert await lifecycle.purge_unfinished(db, settings) == 0
    frozen_clock.advance(days=2)
    async with database.session() as db:
        assert await lifecycle.purge_unfinished(db, settings) == 2
    async with database.session(write=False) as db:
        assert (await db.execute(select(func.count()).select_from(ActionToken))).scalar_one() == 0
        assert await db.get(UserAccount, abandoned.id) is None


async def test_cleaning_drops_reset_requests_whose_job_never_ran(database, settings, frozen_clock):
    async with database.session() as db:
        await reset.request_reset(db, settings, "someone@example.jp", "")  # no queue here: the job never runs
    frozen_clock.advance(hours=23)
    async with database.session() as db:
        await lifecycle.purge_unfinished(db, settings)
        assert (await db.execute(select(func.count()).select_from(PasswordResetRequest))).scalar_one() == 1
    frozen_clock.advance(hours=2)
    async with database.session() as db:
        await lifecycle.purge_unfinished(db, settings)
        assert (await db.execute(select(func.count()).select_from(PasswordResetRequest))).scalar_one() == 0


async def test_deactivation_is_requested_by_the_organization_and_confirmed_by_the_secretariat(
    client, database, settings, monkeypatch
):
    retired: list[int] = []

    async def postings_hook(db, settings, user_id):
        retired.append(user_id)

    _with_extra_slice(monkeypatch, organization_retirers=(postings_hook,))
    org = await make_user(database, "org@example.jp", Role.ORGANIZATION)
    await log_in(client, database, "org@example.jp")
    await client.post("/mypage/deactivate", headers=csrf_headers(client))
    assert "無効登録（削除）の依頼" in (await mails_to(database, settings.mail.secretariat_address))[-1].subject
    org_cookie = client.cookies.get("partner_session")
    await client.post("/logout", headers=csrf_headers(client))
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    listed = await client.get("/admin/deactivations")
    assert "org@example.jp の団体" in listed.text
    async with database.session(write=False) as db:
        organization = (await db.execute(select(Organization).where(Organization.user_id == org.id))).scalar_one()
    await client.post(f"/admin/deactivations/{organization.id}", headers=csrf_headers(client))
    assert retired == [org.id]
    async with database.session(write=False) as db:
        organization = await db.get(Organization, organization.id)
        account = await db.get(UserAccount, org.id)
    assert organization.status == OrganizationStatus.DISABLED and account.status == AccountStatus.WITHDRAWN
    assert (await mails_to(database, "org@example.jp"))[-1].subject == "【PARTNER】無効登録の手続きが完了しました"
    use_session_cookie(client, org_cookie)
    assert (await client.get("/mypage", follow_redirects=False)).status_code == 303  # its sessions ended
