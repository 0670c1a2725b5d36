"""Session rows kept per process for a second or two (app/sessions.py's SessionCache) when server
processes share a Redis: a request then reads neither the pool nor the table, yet a session changed
or ended anywhere — logout, a password change in another process, a worker's write — is seen by the
very next request, and another session's row is never used."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager, contextmanager

import pytest
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis
from sqlalchemy import event, select, update
from sqlalchemy.engine import Engine

from app import clock, pagecache, sessions
from app.privatecache import SESSION_KEY, SHARED_KEY, shared_generations
from app.queue import build_queue
from app.sessionreader import SessionReader
from app.sessions import WebSession
from features.accounts.models import Organization, Role, UserAccount
from tests.app.conftest import build_app_with_test_routes
from tests.conftest import csrf_headers, make_settings, use_session_cookie
from tests.features.accounts.helpers import PASSWORD, log_in, make_user

ORG = "org@example.jp"


@pytest.fixture
def settings(db_url, tmp_path, redis_server):
    return make_settings(db_url, tmp_path, page_cache__shared_generation_url=redis_server.url)


@contextmanager
def reads():
    """Every statement sent to the database, and every session row read (SQLite reads it by sqlite3)."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    original = SessionReader.get

    async def counted(self, id_hash):
        seen.append("session row")
        return await original(self, id_hash)

    event.listen(Engine, "before_cursor_execute", note)
    SessionReader.get = counted
    try:
        yield seen
    finally:
        SessionReader.get = original
        event.remove(Engine, "before_cursor_execute", note)


@contextmanager
def elsewhere():
    """What runs inside happens in another process: this process's own generations do not move
    (only what that process publishes in Redis can tell this one)."""
    private, session = pagecache._private_generation, sessions._generation
    try:
        yield
    finally:
        pagecache._private_generation, sessions._generation = private, session


@asynccontextmanager
async def second_process(settings):
    """A second server process on the same database and Redis (its own kept pages and sessions)."""
    async with AsyncTestClient(app=build_app_with_test_routes(settings), base_url="http://testserver.local") as other:
        yield other


async def _shared(settings, key: str) -> int:
    redis = Redis.from_url(settings.page_cache.shared_generation_url)
    try:
        return int(await redis.get(key) or 0)
    finally:
        await redis.aclose()


async def _kept(other, cookie: str, path: str = "/mypage") -> str:
    """`path` in the second process until its page and the session row are kept there."""
    use_session_cookie(other, cookie)
    await other.get(path)  # the first view after login shows (and pops) the login flash
    page = await other.get(path)
    with reads() as seen:
        again = await other.get(path)
    assert seen == [] and again.text == page.text  # from memory: neither the pool nor the table read
    return page.text


async def test_each_session_gets_its_own_row_and_an_ended_one_none(client, database, frozen_clock):
    await client.get("/")
    tokens = {}
    for uid in (4, 8):
        use_session_cookie(client, None)
        await client.post("/_test/login", data={"uid": str(uid)}, headers=csrf_headers(client))
        tokens[uid] = client.cookies.get("partner_session")
    for _ in range(3):  # kept after the first round: still each session's own
        for uid, token in tokens.items():
            use_session_cookie(client, token)
            assert (await client.get("/_test/whoami")).json()["session"]["uid"] == uid
    with reads() as seen:
        use_session_cookie(client, tokens[4])
        assert (await client.get("/_test/whoami")).json()["session"]["uid"] == 4
    assert seen == []
    use_session_cookie(client, tokens[4][:-2] + "xx")  # an id nobody issued: no session, whatever is kept
    assert (await client.get("/_test/whoami")).json()["session"] == {}

    use_session_cookie(client, tokens[8])
    await client.post("/_test/logout", headers=csrf_headers(client))
    use_session_cookie(client, tokens[8])  # the old cookie again (a copy the browser kept)
    assert (await client.get("/_test/whoami")).json()["session"] == {}
    use_session_cookie(client, tokens[4])
    assert (await client.get("/_test/whoami")).json()["session"]["uid"] == 4


async def test_logout_or_a_password_change_in_one_process_ends_the_session_in_another(
    client, database, settings, frozen_clock
):
    await make_user(database, ORG, Role.ORGANIZATION)
    async with second_process(settings) as other:
        # Logout: one browser, its requests spread over both processes.
        await log_in(client, database, ORG)
        cookie = client.cookies.get("partner_session")
        assert f"{ORG} の団体" in await _kept(other, cookie)
        before = await _shared(settings, SESSION_KEY)
        with elsewhere():
            await client.post("/logout", headers=csrf_headers(client))
        assert await _shared(settings, SESSION_KEY) > before  # published before the response left
        gone = await other.get("/mypage", follow_redirects=False)
        assert gone.status_code in (302, 303, 401) and f"{ORG} の団体" not in gone.text
        assert (await other.get("/_test/whoami")).json()["session"] == {}

        # A password change in process 1 ends the person's session in another browser on process 2.
        use_session_cookie(client, None)
        await log_in(client, database, ORG)
        elsewhere_cookie = client.cookies.get("partner_session")
        assert f"{ORG} の団体" in await _kept(other, elsewhere_cookie)
        use_session_cookie(client, None)
        await log_in(client, database, ORG)
        new_password = "団体の新しいパスワード2026"
        with elsewhere():
            changed = await client.post(
                "/mypage/password",
                data={"current_password": PASSWORD, "new_password": new_password, "new_password_confirm": new_password},
                headers=csrf_headers(client),
                follow_redirects=False,
            )
        assert changed.status_code == 303
        gone = await other.get("/mypage", follow_redirects=False)
        assert gone.status_code in (302, 303, 401) and f"{ORG} の団体" not in gone.text
        assert f"{ORG} の団体" in (await client.get("/mypage")).text  # the one who changed it stays in


async def test_a_touch_stays_once_a_minute_and_outdates_no_kept_row(client, database, settings, frozen_clock):
    await client.get("/")
    await client.post("/_test/login", data={"uid": "4"}, headers=csrf_headers(client))
    await client.get("/_test/whoami")
    before = await _shared(settings, SESSION_KEY)
    frozen_clock.advance(seconds=61)
    with reads() as seen:
        await client.get("/_test/whoami")
    assert any(s.lstrip().upper().startswith("UPDATE WEB_SESSION") for s in seen)
    async with database.session(write=False) as db:
        last_seen = (await db.execute(select(WebSession.last_seen_at))).scalar_one()
    assert last_seen.replace(tzinfo=None) == frozen_clock.current.replace(tzinfo=None)
    assert await _shared(settings, SESSION_KEY) == before  # the same session, seen later: nobody's row goes
    with reads() as seen:
        assert (await client.get("/_test/whoami")).json()["session"]["uid"] == 4
    assert seen == []  # kept, with its new last-seen time (no second touch)


async def _rename(ctx, *, name: str) -> None:
    async with ctx["database"].session() as db:
        await db.execute(update(Organization).values(name=name))


async def test_a_worker_write_reaches_the_web_processes_before_its_job_is_done(
    client, database, settings, frozen_clock, monkeypatch
):
    from tasks import worker

    await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    await client.get("/mypage")
    assert f"{ORG} の団体" in (await client.get("/mypage")).text
    monkeypatch.setattr(worker, "functions", lambda: [_rename])
    saq_worker = worker.build_worker(settings, database, build_queue(settings))
    before = await _shared(settings, SHARED_KEY)
    with elsewhere():  # the worker is its own process: only Redis tells the web process
        ctx = {"database": database, "settings": settings}
        await saq_worker.functions["_rename"](ctx, name="ワーカーが変えた団体名")
    assert await _shared(settings, SHARED_KEY) > before
    assert "ワーカーが変えた団体名" in (await client.get("/mypage")).text


async def test_a_watcher_publishes_each_commit_without_waiting_for_the_job(database, settings):
    shared = shared_generations(settings)
    watcher = asyncio.create_task(shared.watch())
    try:
        before = await _shared(settings, SHARED_KEY)
        await make_user(database, "someone@example.jp")
        for _ in range(500):  # at most ~5 s; a published commit ends it at once
            if await _shared(settings, SHARED_KEY) > before:
                break
            await asyncio.sleep(0.01)
        assert await _shared(settings, SHARED_KEY) > before
    finally:
        watcher.cancel()
        await shared.close()


async def test_an_unreadable_redis_means_the_row_is_read_every_time(settings):
    settings.page_cache.shared_generation_url = "redis://127.0.0.1:9"  # nothing listens there
    async with second_process(settings) as client:
        await client.get("/")
        await client.post("/_test/login", data={"uid": "4"}, headers=csrf_headers(client))
        for _ in range(2):
            with reads() as seen:
                assert (await client.get("/_test/whoami")).json()["session"]["uid"] == 4
            assert "session row" in seen
        await client.post("/_test/logout", headers=csrf_headers(client))
        assert (await client.get("/_test/whoami")).json()["session"] == {}


async def test_a_session_changed_by_raw_sql_is_read_again(client, database, frozen_clock):
    await client.get("/")
    await client.post("/_test/login", data={"uid": "4"}, headers=csrf_headers(client))
    assert (await client.get("/_test/whoami")).json()["session"]["uid"] == 4
    async with database.session() as db:
        await db.execute(update(WebSession).values(data='{"role": "organization", "uid": 9}'))
    assert (await client.get("/_test/whoami")).json()["session"] == {"role": "organization", "uid": 9}
    await client.get("/_test/whoami")  # (its response published this process's write: read once more)
    async with database.session() as db:
        await db.execute(select(UserAccount.id))  # a read changes nothing kept
    with reads() as seen:
        await client.get("/_test/whoami")
    assert seen == []


async def test_the_reader_replaces_a_connection_that_died(database, settings):
    now = clock.now()
    async with database.session() as db:
        db.add(WebSession(id_hash="a" * 64, user_id=4, data='{"uid": 4}', created_at=now, last_seen_at=now))
    reader = SessionReader(database, settings)
    try:
        assert (await reader.get("a" * 64))[0] == '{"uid": 4}'
        for idle in reader.idle.values():  # PostgreSQL: its own connections; kill them under it
            for connection in idle:
                connection.terminate()
        assert (await reader.get("a" * 64))[0] == '{"uid": 4}'
        assert await reader.get("b" * 64) is None
    finally:
        reader.close()
