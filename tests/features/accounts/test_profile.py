"""登録内容の確認/更新: four categories, confirmation with changes highlighted, approval of
団体名・種別・法人番号, password change dialog, e-mail change after verification."""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import select

from features.accounts import passwords, profile
from features.accounts.models import ActionToken, Individual, Organization, Role, UserAccount
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import PASSWORD, link_in, log_in, mails_to, make_user, submit_password

ORG = "org@example.jp"


async def organization(database, user_id: int) -> Organization:
    async with database.session(write=False) as db:
        return (await db.execute(select(Organization).where(Organization.user_id == user_id))).scalar_one()


async def post(client, path: str, data: dict, **kwargs):
    return await client.post(path, data=data, headers=csrf_headers(client), follow_redirects=False, **kwargs)


async def test_four_categories_with_a_change_button(client, database):
    await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    page = await client.get("/mypage/profile")
    for label in ("アカウント情報", "基本情報", "活動情報", "担当者情報"):
        assert f">{label}</a>" in page.text
    activity = await client.get("/mypage/profile?section=activity")
    assert 'aria-current="page">活動情報' in activity.text and ">変更する</a>" in activity.text


async def test_change_is_confirmed_with_differences_then_updated(client, database):
    user = await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    edit = await client.get("/mypage/profile/contact/edit")
    assert 'value="担当 一郎"' in edit.text and "登録内容を確認する" in edit.text
    new = {"contact_name": "担当 二郎", "contact_department": "広報部", "contact_phone": "03-1234-5678"}
    confirm = await post(client, "/mypage/profile/contact/confirm", new)
    assert confirm.status_code == 200
    changed_rows = re.findall(r'<tr class="is-changed">.*?</tr>', confirm.text, re.S)
    assert len(changed_rows) == 2 and "担当 二郎" in changed_rows[0] and "広報部" in changed_rows[1]
    assert (await organization(database, user.id)).contact_name == "担当 一郎"  # nothing saved yet
    back = await post(client, "/mypage/profile/contact/update", {**new, "back": "1"})
    assert back.status_code == 200 and 'value="担当 二郎"' in back.text  # 入力画面へ戻る keeps the input
    done = await post(client, "/mypage/profile/contact/update", new)
    assert done.status_code == 303 and done.headers["location"] == "/mypage/profile?section=contact"
    saved = await organization(database, user.id)
    assert (saved.contact_name, saved.contact_department) == ("担当 二郎", "広報部")


async def test_invalid_change_is_422_with_messages(client, database):
    await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    response = await post(client, "/mypage/profile/contact/confirm", {"contact_name": "", "contact_phone": "abc"})
    assert response.status_code == 422
    assert "担当者氏名を入力してください。" in response.text and "担当者電話番号は半角数字" in response.text


async def test_name_type_and_corporate_number_wait_for_the_secretariat(client, database, settings):
    user = await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    before = await organization(database, user.id)
    data = {
        "org_type": before.org_type,
        "name": "新しい団体名",
        "name_kana": "アタラシイダンタイメイ",
        "corporate_number": "",
        "postal_code": "",
        "prefecture": "東京都",
        "address": "新宿区1-1",
        "url": "",
        "representative": "",
    }
    missing_number = await post(client, "/mypage/profile/basic/confirm", data)
    assert missing_number.status_code == 422 and "法人番号を入力してください。" in missing_number.text
    data["corporate_number"] = "7000012050002"
    confirm = await post(client, "/mypage/profile/basic/confirm", data)
    assert "事務局の承認後に反映" in confirm.text
    done = await post(client, "/mypage/profile/basic/update", data)
    assert done.status_code == 303
    after = await organization(database, user.id)
    assert after.name == before.name and after.address == "新宿区1-1"  # address now, name later
    assert "新しい団体名" in after.pending_changes
    assert (
        "団体名・法人番号の変更は事務局の承認後に反映されます"
        in (await client.get("/mypage/profile?section=basic")).text
    )
    assert "変更申請" in (await mails_to(database, settings.mail.secretariat_address))[-1].subject

    await client.post("/logout", headers=csrf_headers(client))
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    assert "新しい団体名" in (await client.get("/admin/organization-changes")).text
    rejected_without_reason = await post(client, f"/admin/organization-changes/{after.id}", {"decision": "reject"})
    assert rejected_without_reason.status_code == 303 and (await organization(database, user.id)).pending_changes
    await post(client, f"/admin/organization-changes/{after.id}", {"decision": "approve"})
    approved = await organization(database, user.id)
    assert (
        approved.name == "新しい団体名"
        and approved.corporate_number == "7000012050002"
        and not approved.pending_changes
    )
    assert "承認" in (await mails_to(database, ORG))[-1].subject


async def test_password_change_needs_the_current_one_and_shows_the_dialog(client, database):
    await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    new_password = "団体の新しいパスワード2026"
    wrong = await post(
        client,
        "/mypage/password",
        {"current_password": "違う", "new_password": new_password, "new_password_confirm": new_password},
    )
    assert wrong.status_code == 422 and "現在のパスワードが正しくありません。" in wrong.text
    before = client.cookies.get("partner_session")
    done = await post(
        client,
        "/mypage/password",
        {"current_password": PASSWORD, "new_password": new_password, "new_password_confirm": new_password},
    )
    assert done.headers["location"] == "/mypage/profile?section=account&changed=password"
    page = await client.get(done.headers["location"])
    assert '<dialog id="password-changed" open' in page.text and "パスワードが変更されました" in page.text
    assert client.cookies.get("partner_session") != before  # still logged in, under a fresh id
    assert (await mails_to(database, ORG))[-1].subject == "【PARTNER】パスワードが変更されました"
    await client.post("/logout", headers=csrf_headers(client))
    assert (await submit_password(client, ORG, PASSWORD)).status_code == 422
    assert (await submit_password(client, ORG, new_password)).status_code == 303


async def test_new_email_takes_effect_only_after_verification(client, database):
    user = await make_user(database, ORG, Role.ORGANIZATION)
    await make_user(database, "taken@example.jp")
    await log_in(client, database, ORG)
    await post(client, "/mypage/email", {"new_email": "taken@example.jp", "email_current_password": PASSWORD})
    assert await mails_to(database, "taken@example.jp") == []  # taken: nothing is sent, nothing is said
    await post(client, "/mypage/email", {"new_email": "new.org@example.jp", "email_current_password": PASSWORD})
    async with database.session(write=False) as db:
        assert (await db.get(UserAccount, user.id)).email == ORG  # not yet
    path = "/" + link_in((await mails_to(database, "new.org@example.jp"))[-1]).split("/", 3)[3]
    page = await client.get(path)
    assert "メールアドレスを変更する" in page.text
    async with database.session(write=False) as db:
        assert (await db.get(UserAccount, user.id)).email == ORG  # a GET changes nothing
    await post(client, path, {})
    async with database.session(write=False) as db:
        assert (await db.get(UserAccount, user.id)).email == "new.org@example.jp"
    assert (await mails_to(database, ORG))[-1].subject == "【PARTNER】メールアドレスが変更されました"
    assert (await post(client, path, {})).status_code == 400  # single use


async def test_email_change_asks_for_the_current_password(client, database):
    user = await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    page = await client.get("/mypage/profile?section=account")
    email_form = page.text.split('action="/mypage/email"', 1)[1].split("</form>", 1)[0]
    assert (
        '<label for="f-email_current_password">現在のパスワード <span class="required">必須</span></label>'
        in email_form
    )
    missing = await post(client, "/mypage/email", {"new_email": "new.org@example.jp"})
    assert missing.status_code == 422 and "現在のパスワードを入力してください。" in missing.text
    wrong = await post(
        client, "/mypage/email", {"new_email": "new.org@example.jp", "email_current_password": "違うパスワードです"}
    )
    assert wrong.status_code == 422
    assert (
        '<p class="field-error" id="f-email_current_password-error">現在のパスワードが正しくありません。</p>'
        in wrong.text
    )
    assert 'id="f-email_current_password" name="email_current_password" type="password" value=""' in wrong.text
    assert (
        'aria-invalid="true" autocomplete="current-password" aria-describedby="f-email_current_password-error"'
        in wrong.text
    )
    assert 'value="new.org@example.jp"' in wrong.text and "違うパスワードです" not in wrong.text
    assert await mails_to(database, "new.org@example.jp") == []  # nothing sent, nothing changed
    async with database.session(write=False) as db:
        assert (await db.get(UserAccount, user.id)).email == ORG
        assert (await db.execute(select(ActionToken))).first() is None


async def test_wrong_passwords_at_email_change_are_limited_per_account_like_login(client, database, frozen_clock):
    await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    for _ in range(10):
        wrong = await post(
            client, "/mypage/email", {"new_email": "new.org@example.jp", "email_current_password": "違うパスワードです"}
        )
        assert wrong.status_code == 422
    refused = await post(
        client, "/mypage/email", {"new_email": "new.org@example.jp", "email_current_password": PASSWORD}
    )
    assert refused.status_code == 429 and "上限に達しました" in refused.text
    assert await mails_to(database, "new.org@example.jp") == []


async def test_wrong_passwords_at_password_change_share_the_per_account_limit(client, database, frozen_clock):
    user = await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    new = {"new_password": "あたらしい合言葉は海の向こう", "new_password_confirm": "あたらしい合言葉は海の向こう"}
    for _ in range(5):
        wrong = await post(client, "/mypage/password", {"current_password": "違うパスワードです", **new})
        assert wrong.status_code == 422
    for _ in range(5):  # the e-mail form's guesses count against the same limit
        await post(
            client, "/mypage/email", {"new_email": "n@example.jp", "email_current_password": "違うパスワードです"}
        )
    refused = await post(client, "/mypage/password", {"current_password": PASSWORD, **new})
    assert refused.status_code == 429 and "上限に達しました" in refused.text
    async with database.session(write=False) as db:
        assert await passwords.verify_password((await db.get(UserAccount, user.id)).password_hash, PASSWORD)


async def test_two_clicks_on_the_confirmation_link_at_once_change_the_address_once(client, database, settings):
    user = await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    await post(client, "/mypage/email", {"new_email": "new.org@example.jp", "email_current_password": PASSWORD})
    raw = link_in((await mails_to(database, "new.org@example.jp"))[-1]).rstrip("/").rsplit("/", 1)[1]

    async def confirm():
        async with database.session() as db:
            return await profile.confirm_email_change(db, settings, raw)

    results = await asyncio.gather(confirm(), confirm())
    assert sorted(results, key=str) == sorted([user.id, None], key=str)
    async with database.session(write=False) as db:
        assert (await db.get(UserAccount, user.id)).email == "new.org@example.jp"
    assert [m.subject for m in await mails_to(database, ORG)].count("【PARTNER】メールアドレスが変更されました") == 1


async def test_confirming_a_new_email_ends_the_other_sessions_and_tells_the_old_address(client, database):
    await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    other_browser = client.cookies.get("partner_session")
    use_session_cookie(client, None)
    await log_in(client, database, ORG)
    await post(client, "/mypage/email", {"new_email": "new.org@example.jp", "email_current_password": PASSWORD})
    path = "/" + link_in((await mails_to(database, "new.org@example.jp"))[-1]).split("/", 3)[3]
    await client.get(path)
    before = client.cookies.get("partner_session")
    done = await post(client, path, {})
    assert done.headers["location"] == "/mypage/profile?section=account"
    assert client.cookies.get("partner_session") != before  # this browser stays in, under a fresh id
    assert (await client.get("/mypage", follow_redirects=False)).status_code == 200
    use_session_cookie(client, other_browser)
    assert (await client.get("/mypage", follow_redirects=False)).status_code == 303  # the other one is out
    [notice] = [m for m in await mails_to(database, ORG) if "メールアドレス" in m.subject]
    assert notice.subject == "【PARTNER】メールアドレスが変更されました" and "new.org@example.jp" in notice.body


async def test_confirming_a_new_email_from_another_browser_ends_every_session(client, database):
    await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    logged_in = client.cookies.get("partner_session")
    await post(client, "/mypage/email", {"new_email": "new.org@example.jp", "email_current_password": PASSWORD})
    path = "/" + link_in((await mails_to(database, "new.org@example.jp"))[-1]).split("/", 3)[3]
    use_session_cookie(client, None)  # the link opened in a mail app's browser
    await client.get(path)
    done = await post(client, path, {})
    assert done.headers["location"] == "/login"
    use_session_cookie(client, logged_in)
    assert (await client.get("/mypage", follow_redirects=False)).status_code == 303
    assert (await mails_to(database, ORG))[-1].subject == "【PARTNER】メールアドレスが変更されました"


async def test_new_email_is_stored_canonical_and_other_casings_count_as_taken(client, database):
    user = await make_user(database, ORG, Role.ORGANIZATION)
    await make_user(database, "taken@example.jp")
    await log_in(client, database, ORG)
    await post(client, "/mypage/email", {"new_email": "TAKEN@Example.jp", "email_current_password": PASSWORD})
    assert await mails_to(database, "taken@example.jp") == []
    await post(client, "/mypage/email", {"new_email": "New.Org@Example.JP", "email_current_password": PASSWORD})
    path = "/" + link_in((await mails_to(database, "new.org@example.jp"))[-1]).split("/", 3)[3]
    await post(client, path, {})
    async with database.session(write=False) as db:
        assert (await db.get(UserAccount, user.id)).email == "new.org@example.jp"
    await client.post("/logout", headers=csrf_headers(client))
    await log_in(client, database, "NEW.ORG@example.jp")


async def test_individual_categories_update_their_own_data(client, database):
    user = await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    page = await client.get("/mypage/profile?section=contact")
    assert "連絡先" in page.text and "東京都" in page.text
    data = {"postal_code": "５３００００１", "prefecture": "大阪府", "address": "北区梅田1-1", "phone": "06-1234-5678"}
    await post(client, "/mypage/profile/contact/update", data)
    await post(client, "/mypage/profile/registration/update", {"kind": "簡易登録", "jocv_declared": "1"})
    async with database.session(write=False) as db:
        individual = (await db.execute(select(Individual).where(Individual.user_id == user.id))).scalar_one()
    assert (individual.postal_code, individual.prefecture, individual.kind) == ("530-0001", "大阪府", "簡易登録")
    assert individual.jocv_declared and individual.jocv_verified_at is None


async def test_staff_accounts_have_only_account_information(client, database):
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    assert (await client.get("/mypage/profile/basic/edit")).status_code == 404


async def test_stale_organizations_can_be_asked_to_update(client, database, frozen_clock):
    org = await make_user(database, ORG, Role.ORGANIZATION)
    frozen_clock.advance(days=400)
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    page = await client.get("/admin/organizations/stale")
    assert f"{ORG} の団体" in page.text
    target = await organization(database, org.id)
    await post(client, f"/admin/organizations/{target.id}/ask-update", {})
    assert (await mails_to(database, ORG))[-1].subject == "【PARTNER】団体登録情報の確認・更新のお願い"
