"""Server-side sessions: fresh id at login, no adopted ids, timeouts, logout, end-all."""

from __future__ import annotations

from sqlalchemy import func, select

from app import sessions
from app.sessions import WebSession
from tests.conftest import csrf_headers, use_session_cookie
from tests.sql_seen import statements

COOKIE = "partner_session"


async def login(client, uid: int = 1) -> str:
    await client.get("/")
    response = await client.post("/_test/login", data={"uid": str(uid)}, headers=csrf_headers(client))
    assert response.status_code == 201
    return client.cookies.get(COOKIE)


def replace_cookie(client, value: str) -> None:
    use_session_cookie(client, value)


async def whoami(client) -> dict:
    return (await client.get("/_test/whoami")).json()["session"]


async def session_rows(database) -> int:
    async with database.session(write=False) as db:
        return (await db.execute(select(func.count()).select_from(WebSession))).scalar_one()


async def test_login_issues_a_fresh_session_id_and_the_old_one_dies(client, database):
    await client.get("/")
    # An anonymous session exists (as a pending login makes one), not yet read.
    await client.post("/_test/remember", headers=csrf_headers(client), follow_redirects=False)
    before = client.cookies.get(COOKIE)
    assert before
    after = await login(client, uid=5)
    assert after and after != before
    assert (await whoami(client)) == {"uid": 5, "role": "individual"}
    replace_cookie(client, before)
    assert (await whoami(client)) == {}


async def test_cookie_is_httponly_samesite_lax(client):
    await client.get("/")
    response = await client.post("/_test/login", data={"uid": "1"}, headers=csrf_headers(client))
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie


async def test_a_session_id_the_server_did_not_issue_is_never_adopted(client, database):
    await client.get("/")
    forged = "attacker-chosen-session-id-0123456789"
    replace_cookie(client, forged)
    await client.post("/_test/login", data={"uid": "9"}, headers=csrf_headers(client))
    issued = client.cookies.get(COOKIE)
    assert issued != forged
    replace_cookie(client, forged)
    assert (await whoami(client)) == {}


async def test_session_data_lives_on_the_server_hashed(client, database):
    token = await login(client, uid=3)
    async with database.session(write=False) as db:
        rows = list((await db.execute(select(WebSession))).scalars())
    assert len(rows) == 1
    assert rows[0].user_id == 3
    assert rows[0].id_hash != token and len(rows[0].id_hash) == 64
    assert token not in rows[0].data


async def test_idle_timeout_is_30_minutes(client, frozen_clock):
    await login(client)
    frozen_clock.advance(minutes=29)
    assert (await whoami(client))["uid"] == 1  # activity renews the idle timer
    frozen_clock.advance(minutes=29)
    assert (await whoami(client))["uid"] == 1
    frozen_clock.advance(minutes=31)
    assert (await whoami(client)) == {}


async def test_absolute_timeout_is_12_hours_even_when_active(client, frozen_clock):
    await login(client)
    for _ in range(24):
        frozen_clock.advance(minutes=29)
        assert (await whoami(client))["uid"] == 1
    frozen_clock.advance(minutes=29)  # 12h05m since login
    assert (await whoami(client)) == {}


async def test_logout_removes_the_session_on_the_server(client, database):
    token = await login(client)
    response = await client.post("/_test/logout", headers=csrf_headers(client))
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert await session_rows(database) == 0
    replace_cookie(client, token)
    assert (await whoami(client)) == {}


async def test_end_user_sessions_ends_every_session_of_that_user(client):
    # Three browsers, played by one client presenting each browser's cookie in turn.
    first = await login(client, uid=4)
    replace_cookie(client, "")  # a new browser: no session cookie yet
    second = await login(client, uid=4)
    replace_cookie(client, "")
    other_user = await login(client, uid=8)
    assert len({first, second, other_user}) == 3
    replace_cookie(client, first)
    ended = await client.post("/_test/end-all", headers=csrf_headers(client))
    assert ended.json() == {"ended": 2}
    replace_cookie(client, second)
    assert (await whoami(client)) == {}
    replace_cookie(client, other_user)
    assert (await whoami(client))["uid"] == 8


async def test_flash_message_shows_once(client):
    await client.get("/")
    response = await client.post("/_test/flash", headers=csrf_headers(client), follow_redirects=True)
    assert 'role="status"' in response.text and "登録が完了しました。" in response.text
    again = await client.get("/")
    assert "登録が完了しました。" not in again.text


async def test_malformed_cookie_header_is_just_no_session(client):
    response = await client.get("/_test/whoami", headers={"Cookie": 'partner_session="\\x00; ;;=='})
    assert response.status_code == 200
    assert response.json() == {"session": {}}


def _session_writes(statements: list[str]) -> list[str]:
    return [s for s in statements if "web_session" in s and not s.lstrip().upper().startswith("SELECT")]


async def test_a_flash_on_a_redirecting_post_writes_no_session_row(client):
    await login(client, uid=4)
    await whoami(client)
    generation = sessions.session_generation()
    with statements() as seen:
        response = await client.post("/_test/flash", headers=csrf_headers(client), follow_redirects=False)
        assert "partner_flash=" in response.headers["set-cookie"]
        page = await client.get(response.headers["location"])
        assert "登録が完了しました。" in page.text
        assert "partner_flash=;" in page.headers["set-cookie"] and "Max-Age=0" in page.headers["set-cookie"]
        assert "登録が完了しました。" not in (await client.get("/")).text
    assert _session_writes(seen) == [] and sessions.session_generation() == generation
    assert (await whoami(client))["uid"] == 4


async def test_a_flash_cookie_shows_only_in_the_session_it_was_set_for(client, database):
    await client.get("/")
    # A visitor without a session: the message travels without a session row being made.
    flashed = await client.post("/_test/flash", headers=csrf_headers(client), follow_redirects=False)
    assert client.cookies.get(COOKIE) is None and await session_rows(database) == 0
    anonymous_flash = client.cookies.get("partner_flash")
    assert "登録が完了しました。" in (await client.get(flashed.headers["location"])).text

    first = await login(client, uid=4)
    await client.post("/_test/flash", headers=csrf_headers(client), follow_redirects=False)
    first_flash = client.cookies.get("partner_flash")
    replace_cookie(client, "")
    second = await login(client, uid=8)
    for value in (first_flash, anonymous_flash, first_flash[:-1] + ("0" if first_flash[-1] != "0" else "1")):
        client.cookies.set("partner_flash", value, domain="testserver.local")  # copied, or forged
        assert "登録が完了しました。" not in (await client.get("/")).text
    replace_cookie(client, first)
    client.cookies.set("partner_flash", first_flash, domain="testserver.local")
    assert "登録が完了しました。" in (await client.get("/")).text  # its own session: shown once
    assert second != first


def test_the_flash_cookie_is_bound_dated_and_short(frozen_clock):
    from app.config import Settings
    from app.flashes import FlashCookie

    settings = Settings()
    settings.app.secret_key = "test-secret-key-" + "x" * 32
    cookie = FlashCookie(settings)
    messages = [{"message": "保存しました。", "category": "success"}]
    value = cookie.value(messages, "a" * 64)
    assert cookie.read(value, "a" * 64) == messages
    assert cookie.read(value, "b" * 64) == [] and cookie.read(value, "") == []
    settings.app.secret_key = "another-secret-key-" + "y" * 32
    assert FlashCookie(settings).read(value, "a" * 64) == []  # signed with the application's secret
    frozen_clock.advance(minutes=61)
    assert cookie.read(value, "a" * 64) == []  # an hour at most
    assert cookie.value([{"message": "長" * 2000, "category": "success"}], "") is None  # stays in the session
