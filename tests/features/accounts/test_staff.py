"""The secretariat's account work: suspend/restore, counselor permission, staff, JOCV, CLI."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import select

from app.config import ROOT
from features.accounts.models import AccountStatus, Individual, Role, UserAccount
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import link_in, log_in, mails_to, make_user, submit_password

OFFICE = "office@example.jp"


async def switch_session(client, value: str | None) -> None:
    """Present another browser's session cookie (and fetch a CSRF cookie for it)."""
    use_session_cookie(client, value)
    await client.get("/healthz")


async def as_office(client, database) -> None:
    await make_user(database, OFFICE, Role.SECRETARIAT)
    await log_in(client, database, OFFICE)


async def test_search_finds_by_registration_code_and_filters(client, database):
    target = await make_user(database, "talent@example.jp")
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    await as_office(client, database)
    async with database.session(write=False) as db:
        code = (
            await db.execute(select(Individual.registration_code).where(Individual.user_id == target.id))
        ).scalar_one()
    found = await client.get("/admin/accounts", params={"q": code.lower()})
    assert "talent@example.jp" in found.text and "org@example.jp" not in found.text
    organizations = await client.get(
        "/admin/accounts",
        params={"role": Role.ORGANIZATION},
        headers={"HX-Request": "true", "HX-Target": "account-results"},
    )
    assert "<html" not in organizations.text and "org@example.jp" in organizations.text
    assert "talent@example.jp" not in organizations.text


async def test_suspension_ends_sessions_and_blocks_login_until_restored(client, database):
    target = await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    talent_cookie = client.cookies.get("partner_session")
    await switch_session(client, None)
    await as_office(client, database)
    await client.post(f"/admin/accounts/{target.id}/suspend", headers=csrf_headers(client))
    office_cookie = client.cookies.get("partner_session")
    await switch_session(client, talent_cookie)
    assert (await client.get("/mypage", follow_redirects=False)).status_code == 303  # session ended
    refused = await submit_password(client, "talent@example.jp")
    assert refused.status_code == 422 and "利用を停止しています" in refused.text
    await switch_session(client, office_cookie)
    await client.post(f"/admin/accounts/{target.id}/restore", headers=csrf_headers(client))
    async with database.session(write=False) as db:
        assert (await db.get(UserAccount, target.id)).status == AccountStatus.ACTIVE


async def test_staff_cannot_suspend_themselves(client, database):
    await as_office(client, database)
    async with database.session(write=False) as db:
        me = (await db.execute(select(UserAccount).where(UserAccount.email == OFFICE))).scalar_one()
    response = await client.post(
        f"/admin/accounts/{me.id}/suspend", headers=csrf_headers(client), follow_redirects=True
    )
    assert "自分のアカウントは停止できません" in response.text


async def test_counselor_permission_is_granted_and_revoked_on_staff_only(client, database):
    colleague = await make_user(database, "colleague@example.jp", Role.SECRETARIAT)
    talent = await make_user(database, "talent@example.jp")
    await as_office(client, database)
    await client.post(f"/admin/accounts/{colleague.id}/counselor", data={"granted": "1"}, headers=csrf_headers(client))
    async with database.session(write=False) as db:
        assert (await db.get(UserAccount, colleague.id)).is_counselor is True
    refused = await client.post(
        f"/admin/accounts/{talent.id}/counselor",
        data={"granted": "1"},
        headers=csrf_headers(client),
        follow_redirects=True,
    )
    assert "事務局のアカウントにだけ付与できます" in refused.text
    await client.post(f"/admin/accounts/{colleague.id}/counselor", data={"granted": "0"}, headers=csrf_headers(client))
    async with database.session(write=False) as db:
        assert (await db.get(UserAccount, colleague.id)).is_counselor is False


async def test_new_staff_sets_a_password_from_the_mailed_link(client, database):
    await as_office(client, database)
    created = await client.post(
        "/admin/staff",
        data={"email": "new.staff@example.jp", "name": "新人 事務局", "role": "counselor"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert created.status_code == 303
    [welcome] = await mails_to(database, "new.staff@example.jp")
    path = "/" + link_in(welcome).split("/", 3)[3]
    await client.post("/logout", headers=csrf_headers(client))
    password = "相談員として働くための合言葉"
    done = await client.post(
        path,
        data={"password": password, "password_confirm": password},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert done.status_code == 303
    await log_in(client, database, "new.staff@example.jp", password)
    assert "キャリア相談員マイページ" in (await client.get("/mypage")).text
    duplicate = await client.post(
        "/admin/staff",
        data={"email": "new.staff@example.jp", "name": "x", "role": "secretariat"},
        headers=csrf_headers(client),
    )
    assert duplicate.status_code == 403  # a counselor is not the secretariat


async def test_jocv_declaration_is_verified_by_the_secretariat(client, database):
    talent = await make_user(database, "talent@example.jp")
    async with database.session() as db:
        individual = (await db.execute(select(Individual).where(Individual.user_id == talent.id))).scalar_one()
        individual.jocv_declared = True
    await as_office(client, database)
    listed = await client.get("/admin/jocv")
    assert individual.registration_code in listed.text
    await client.post(f"/admin/jocv/{individual.id}", data={"decision": "verify"}, headers=csrf_headers(client))
    async with database.session(write=False) as db:
        assert (await db.get(Individual, individual.id)).jocv_verified_at is not None
    again = await client.post(
        f"/admin/jocv/{individual.id}", data={"decision": "verify"}, headers=csrf_headers(client), follow_redirects=True
    )
    assert "確認待ちの申告ではありません" in again.text


def test_cli_creates_a_staff_account(settings, tmp_path):
    env = {
        **os.environ,
        "PARTNER_APP_DEBUG": "true",
        "PARTNER_DATABASE_URL": settings.database.url,
        "PARTNER_APP_VAR_DIR": str(tmp_path / "var"),
    }
    command = [
        sys.executable,
        "-m",
        "litestar",
        "user",
        "create-staff",
        "cli.staff@example.jp",
        "--name",
        "CLI 事務局",
        "--password",
        "コマンドで作るパスワード",
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "事務局のアカウントを作成しました: cli.staff@example.jp" in result.stdout
    weak_command = [
        sys.executable,
        "-m",
        "litestar",
        "user",
        "create-staff",
        "weak@example.jp",
        "--name",
        "x",
        "--password",
        "password1234",
    ]
    weak = subprocess.run(weak_command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert weak.returncode != 0 and "推測されやすい" in weak.stderr
