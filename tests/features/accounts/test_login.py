"""Two-step login: QUALITY_BAR "Authentication" and "Sessions" rules, each with a test."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from features.accounts import passwords
from features.accounts.models import AccountStatus, LoginChallenge, Role, UserAccount
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import PASSWORD, latest_code, log_in, mails_to, make_user, submit_password

EMAIL = "hanako@example.jp"


async def post_code(client, code: str):
    return await client.post("/login/code", data={"code": code}, headers=csrf_headers(client), follow_redirects=False)


async def test_login_with_the_mailed_code_reaches_the_mypage_under_a_fresh_session(client, database):
    await make_user(database, EMAIL)
    response = await submit_password(client, EMAIL)
    assert response.status_code == 303 and response.headers["location"] == "/login/code"
    pre_login_cookie = client.cookies.get("partner_session")
    # After the password step alone, no authenticated page is reachable.
    blocked = await client.get("/mypage", follow_redirects=False)
    assert blocked.status_code == 303 and blocked.headers["location"].startswith("/login?next=")
    [mail] = await mails_to(database, EMAIL)
    assert mail.subject == "【PARTNER】ワンタイムパスワードのお知らせ"
    done = await post_code(client, await latest_code(database, EMAIL))
    assert done.status_code == 303 and done.headers["location"] == "/mypage"
    assert client.cookies.get("partner_session") != pre_login_cookie
    mypage = await client.get("/mypage")
    assert mypage.status_code == 200 and "個人マイページ" in mypage.text and "登録コード" in mypage.text


async def test_unknown_address_and_wrong_password_answer_the_same(client, database):
    await make_user(database, EMAIL)
    unknown = await submit_password(client, "nobody@example.jp")
    wrong = await submit_password(client, EMAIL, "wrong password 123")
    assert unknown.status_code == wrong.status_code == 422
    for response in (unknown, wrong):
        assert "メールアドレスまたはパスワードが正しくありません。" in response.text
    assert await mails_to(database, EMAIL) == [] and await mails_to(database, "nobody@example.jp") == []


async def test_the_code_is_stored_only_as_an_hmac(client, database):
    await make_user(database, EMAIL)
    await submit_password(client, EMAIL)
    code = await latest_code(database, EMAIL)
    async with database.session(write=False) as db:
        [challenge] = (await db.execute(select(LoginChallenge))).scalars().all()
    assert code not in challenge.code_hmac and len(challenge.code_hmac) == 64


async def test_five_wrong_codes_kill_the_attempt(client, database):
    await make_user(database, EMAIL)
    await submit_password(client, EMAIL)
    code = await latest_code(database, EMAIL)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        response = await post_code(client, wrong)
        assert response.status_code == 422 and f"あと{left}回入力できます" in response.text
    fifth = await post_code(client, wrong)
    assert fifth.status_code == 303 and fifth.headers["location"] == "/login"
    assert (await post_code(client, code)).headers["location"] == "/login"  # the right code is dead too
    assert (await client.get("/mypage", follow_redirects=False)).status_code == 303


async def test_the_code_expires_after_10_minutes(client, database, frozen_clock):
    await make_user(database, EMAIL)
    await submit_password(client, EMAIL)
    code = await latest_code(database, EMAIL)
    frozen_clock.advance(minutes=10, seconds=1)
    response = await post_code(client, code)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert "有効期限が切れました" in (await client.get("/login")).text


async def test_the_code_is_single_use_and_bound_to_its_attempt(client, database):
    await make_user(database, EMAIL)
    await submit_password(client, EMAIL)
    code = await latest_code(database, EMAIL)
    await post_code(client, code)
    await client.post("/logout", headers=csrf_headers(client))
    # The same code, presented again from a new attempt's session, opens nothing.
    await submit_password(client, EMAIL)
    assert (await post_code(client, code)).status_code == 422


async def test_resend_is_throttled_and_replaces_the_code(client, database, frozen_clock):
    await make_user(database, EMAIL)
    await submit_password(client, EMAIL)
    first = await latest_code(database, EMAIL)
    too_soon = await client.post("/login/code/resend", headers=csrf_headers(client), follow_redirects=True)
    assert "再送信は前回の送信から1分後にできます" in too_soon.text
    assert len(await mails_to(database, EMAIL)) == 1
    frozen_clock.advance(seconds=61)
    await client.post("/login/code/resend", headers=csrf_headers(client))
    second = await latest_code(database, EMAIL)
    assert len(await mails_to(database, EMAIL)) == 2
    if first != second:
        assert (await post_code(client, first)).status_code == 422
    assert (await post_code(client, second)).status_code == 303


async def test_per_account_limit_is_shared_and_answers_429(client, database, frozen_clock):
    await make_user(database, EMAIL)
    for _ in range(10):
        assert (await submit_password(client, EMAIL, "wrong password 123")).status_code == 422
    refused = await submit_password(client, EMAIL)
    assert refused.status_code == 429
    assert "ログインの試行回数が上限に達しました" in refused.text


async def test_per_account_limit_counts_every_casing_of_the_address(client, database, frozen_clock):
    await make_user(database, EMAIL)
    for spelling in [
        "HANAKO@example.jp",
        "Hanako@Example.JP",
        "hanako@example.jp",
        "ｈａｎａｋｏ@example.jp",
        " hAnAkO@example.jp",
    ] * 2:
        assert (await submit_password(client, spelling, "wrong password 123")).status_code == 422
    assert (await submit_password(client, "HaNaKo@EXAMPLE.jp")).status_code == 429  # one account, one limit


async def test_suspended_account_gets_no_code(client, database):
    await make_user(database, EMAIL, status=AccountStatus.SUSPENDED)
    response = await submit_password(client, EMAIL)
    assert response.status_code == 422 and "利用を停止しています" in response.text
    assert await mails_to(database, EMAIL) == []


async def test_logout_ends_the_session(client, database):
    await make_user(database, EMAIL)
    await log_in(client, database, EMAIL)
    cookie = client.cookies.get("partner_session")
    await client.post("/logout", headers=csrf_headers(client))
    use_session_cookie(client, cookie)
    assert (await client.get("/mypage", follow_redirects=False)).status_code == 303


async def test_next_goes_back_on_site_only(client, database):
    await make_user(database, EMAIL)
    redirect = await client.get("/mypage", follow_redirects=False)
    assert redirect.headers["location"] == "/login?next=%2Fmypage"
    page = await client.get("/login?next=//evil.example/x")
    assert 'name="next" value="/mypage"' in page.text


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",
        "/%0D%0A/evil.example",
        "/%7F/evil.example",
        "/%E2%80%A8/evil.example",
        "/%2509/evil.example",
        "/%255C/evil.example",
    ],
)
async def test_next_with_control_characters_or_backslashes_goes_to_mypage(client, database, target):
    await make_user(database, EMAIL)
    await log_in(client, database, EMAIL)
    plain = await client.get(f"/login?next={target}", follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"] == "/mypage"
    htmx = await client.get(f"/login?next={target}", headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.status_code == 200 and htmx.headers["hx-location"] == "/mypage"
    fine = await client.get("/login?next=/jobs%3Fpage%3D2", headers={"HX-Request": "true"})
    assert fine.headers["hx-location"] == "/jobs?page=2"


async def test_a_japanese_next_is_quoted_in_location_and_hx_location(client, database):
    await make_user(database, EMAIL)
    await log_in(client, database, EMAIL)
    target = "/jobs%3Fq%3D%E6%95%99%E8%82%B2"  # /jobs?q=教育
    plain = await client.get(f"/login?next={target}", follow_redirects=False)
    assert plain.headers["location"] == "/jobs?q=%E6%95%99%E8%82%B2"
    htmx = await client.get(f"/login?next={target}", headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.status_code == 200 and htmx.headers["hx-location"] == "/jobs?q=%E6%95%99%E8%82%B2"


async def test_hash_is_upgraded_when_parameters_change(client, database):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    await make_user(database, EMAIL, password_hash=weak)
    await submit_password(client, EMAIL)
    async with database.session(write=False) as db:
        user = (await db.execute(select(UserAccount).where(UserAccount.email == EMAIL))).scalar_one()
    assert user.password_hash != weak and "m=19456,t=2,p=1" in user.password_hash


async def test_staff_mypage_lists_the_review_menu(client, database):
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    page = await client.get("/mypage")
    assert "事務局マイページ" in page.text and 'href="/admin/organizations"' in page.text


def test_password_policy():
    assert passwords.password_problem("short") is not None
    assert passwords.password_problem("a" * 12) is not None  # too few distinct characters
    assert passwords.password_problem("password1234") is not None  # common word plus digits
    assert passwords.password_problem("国際協力の仕事をしたい") is not None  # 11 characters
    assert passwords.password_problem("国際協力の仕事がしたいです") is None  # Japanese is fine
    assert passwords.password_problem("x7" + "長い" * 63) is None  # 128 characters
    assert passwords.password_problem("x7" + "長い" * 63 + "!") is not None  # 129


async def test_long_passwords_are_not_truncated():
    long_password = "ab" + "文字" * 63  # 128 characters
    hashed = await passwords.hash_password(long_password)
    assert await passwords.verify_password(hashed, long_password)
    assert not await passwords.verify_password(hashed, long_password[:-1] + "x")
