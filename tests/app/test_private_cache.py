"""Logged-in pages kept per session (app/privatecache.py): a reload of マイページ, 求人情報一覧, 人材閲覧 or
メールボックス is answered from memory, never to another person or another session, never after any
committed write (this process's, or another process's announced through the shared generation in
Redis), never when the session holds a flash message or has ended."""

from __future__ import annotations

import json

import pytest
from redis.asyncio import Redis
from sqlalchemy import select, text, update
from sqlalchemy.engine import make_url

from app import clock
from app.privatecache import SHARED_KEY
from app.sessions import WebSession
from features.accounts.models import Organization, Role, UserAccount
from features.home.models import SiteNews
from tests.conftest import csrf_headers, make_settings, use_session_cookie
from tests.features.accounts.helpers import log_in, make_user
from tests.features.talent.helpers import post
from tests.sql_seen import statements as seen_statements

ORG = "org@example.jp"
OTHER = "other@example.jp"


@pytest.fixture
def settings(db_url, tmp_path, redis_server):
    # Two server processes share the generation through Redis: every test here runs with it.
    return make_settings(db_url, tmp_path, page_cache__shared_generation_url=redis_server.url)


def statements():
    """Every SQL statement but the session's own lookup (one SELECT on PostgreSQL, sqlite3 on SQLite)."""
    return seen_statements(lambda statement: "FROM web_session" not in statement)


async def _kept(client, path="/mypage"):
    """GET until the page is kept: the first view after login shows (and pops) the login flash."""
    await client.get(path)
    return await client.get(path)


async def _rename(database, email: str, name: str) -> None:
    async with database.session() as db:
        user_id = (await db.execute(select(UserAccount.id).where(UserAccount.email == email))).scalar_one()
        organization = (await db.execute(select(Organization).where(Organization.user_id == user_id))).scalar_one()
        organization.name = name


@pytest.mark.parametrize("path", ["/mypage", "/postings/jobs", "/mailbox", "/talent"])
async def test_a_reload_is_answered_from_memory_for_that_session_only(client, database, path, frozen_clock):
    await make_user(database, ORG, Role.ORGANIZATION)
    await make_user(database, OTHER, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    first_session = client.cookies.get("partner_session")
    kept = await _kept(client, path)
    assert kept.status_code == 200
    with statements() as seen:
        again = await client.get(path)
    assert seen == [] and again.text == kept.text
    assert again.headers["cache-control"] == "no-store"

    # Another organization on the same page: its own page, rendered for it.
    use_session_cookie(client, None)
    await log_in(client, database, OTHER)
    with statements() as seen:
        theirs = await client.get(path)
    assert seen and theirs.status_code == 200
    if path == "/mypage":
        assert f"{OTHER} の団体" in theirs.text and f"{ORG} の団体" not in theirs.text
    # The same person in a second browser (another session) gets a page rendered for that session …
    use_session_cookie(client, None)
    await log_in(client, database, ORG)
    with statements() as seen:
        mine = await client.get(path)
    assert seen and mine.status_code == 200
    # … and the first browser its own (rendered afresh: logging in wrote, e.g. the last login time).
    use_session_cookie(client, first_session)
    if path == "/mypage":
        assert f"{ORG} の団体" in (await client.get(path)).text


async def test_every_committed_write_shows_on_the_next_reload(client, database, settings, frozen_clock):
    await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    await _kept(client)

    await _rename(database, ORG, "国際協力ネットワーク")  # an ORM update
    assert "国際協力ネットワーク" in (await client.get("/mypage")).text

    async with database.session() as db:  # raw SQL
        await db.execute(text("UPDATE organization SET name = '開発支援センター' WHERE name = '国際協力ネットワーク'"))
    assert "開発支援センター" in (await client.get("/mypage")).text

    # A write to a table the page does not show also renders afresh (no table is trusted to be unseen) …
    async with database.session() as db:
        db.add(SiteNews(title="お知らせ", body="本文", published_at=clock.now(), created_at=clock.now()))
    with statements() as seen:
        await client.get("/mypage")
    assert seen

    # Time alone: a kept page lives for the TTL only.
    frozen_clock.advance(seconds=settings.page_cache.logged_in_ttl_seconds + 1)
    with statements() as seen:
        await client.get("/mypage")
    assert seen

    # … but a rolled-back one changes nothing and the page stays kept.
    try:
        async with database.session() as db:
            await db.execute(update(Organization).values(name="ロールバック"))
            raise RuntimeError("undo")
    except RuntimeError:
        pass
    with statements() as seen:
        assert "ロールバック" not in (await client.get("/mypage")).text
    assert seen == []


async def test_a_flash_or_an_ended_session_is_never_answered_from_memory(client, database, frozen_clock):
    await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    await _kept(client)
    # A flash added to the session (sessions are not a write that renders pages afresh).
    async with database.session() as db:
        row = (await db.execute(select(WebSession).where(WebSession.user_id.is_not(None)))).scalar_one()
        data = json.loads(row.data)
        row.data = json.dumps({**data, "_flash": [{"message": "お知らせのテスト", "category": "success"}]})
    shown = await client.get("/mypage")
    assert "お知らせのテスト" in shown.text
    assert "お知らせのテスト" not in (await client.get("/mypage")).text

    await client.post("/logout", headers=csrf_headers(client))
    gone = await client.get("/mypage", follow_redirects=False)
    assert gone.status_code in (302, 303, 401) and f"{ORG} の団体" not in gone.text


async def _write_behind_sqlalchemy(settings, sql: str) -> None:
    """A write by another process: straight through the driver, unseen by this process's engine events."""
    url = make_url(settings.database.url)
    if url.get_backend_name() == "sqlite":
        import sqlite3

        with sqlite3.connect(url.database) as connection:
            connection.execute(sql)
        return
    import asyncpg

    connection = await asyncpg.connect(
        user=url.username, host=url.host, port=url.port, database=url.database, password=url.password
    )
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def test_another_process_write_shows_once_it_bumps_the_shared_generation(
    client, database, settings, frozen_clock
):
    await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    await _kept(client)
    await _write_behind_sqlalchemy(settings, "UPDATE organization SET name = '別プロセスの団体名'")
    assert "別プロセスの団体名" not in (await client.get("/mypage")).text  # nothing told this process yet
    redis = Redis.from_url(settings.page_cache.shared_generation_url)
    try:
        await redis.incr(SHARED_KEY)  # what the other process does before its response leaves
    finally:
        await redis.aclose()
    assert "別プロセスの団体名" in (await client.get("/mypage")).text


async def test_a_request_that_wrote_publishes_before_its_response_leaves(client, database, settings, frozen_clock):
    await make_user(database, ORG, Role.ORGANIZATION)
    await log_in(client, database, ORG)
    await _kept(client)
    redis = Redis.from_url(settings.page_cache.shared_generation_url)
    try:
        before = int(await redis.get(SHARED_KEY) or 0)
        await client.get("/mypage")  # a read publishes nothing
        assert int(await redis.get(SHARED_KEY) or 0) == before
        saved = await post(
            client,
            "/mail/compose/save-template",
            {"mode": "offer", "to": [], "subject": "説明会", "body": "本文です。", "template_name": "説明会"},
        )
        assert saved.status_code == 200
        assert int(await redis.get(SHARED_KEY) or 0) > before
    finally:
        await redis.aclose()


async def test_without_a_shared_generation_only_sqlite_keeps_logged_in_pages(db_url, tmp_path):
    from app.factory import build_app

    app = build_app(make_settings(db_url, tmp_path))
    assert app.state.private_pages.enabled == db_url.startswith("sqlite")
