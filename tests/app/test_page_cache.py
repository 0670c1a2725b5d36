"""The page cache (app/pagecache.py): anonymous pages come from memory without touching the database,
every kind of write shows on the next GET, time passing shows within the TTL, and nothing of one
visitor ever reaches another (logged-in pages are never kept, the CSRF token is per visitor)."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event, func, select, text, update
from sqlalchemy.engine import Engine

from app import pagecache
from app.sessions import WebSession
from features.accounts.models import Role
from features.home.models import SiteNews
from features.postings import views
from features.postings.models import Posting, PostingStatus, PostingView
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user
from tests.features.postings.helpers import organization_for
from tests.features.postings.test_search import publish

TOKEN = re.compile(r'name="_csrf_token" value="([0-9a-f]+)"')


@contextmanager
def statements():
    """Every SQL statement any engine of this process runs inside the block."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", note)


async def _organization(database) -> int:
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    return (await organization_for(database, "org@example.jp")).id


async def test_a_second_anonymous_get_is_answered_without_the_database(client, database, frozen_clock):
    await publish(database, await _organization(database), frozen_clock(), title="ケニア 保健プロジェクト")
    first = await client.get("/jobs?keyword=保健")
    with statements() as seen:
        second = await client.get("/jobs?keyword=保健")
    assert second.status_code == 200 and "ケニア 保健プロジェクト" in second.text
    assert seen == []
    assert second.text == first.text
    assert second.headers["content-security-policy"] and second.headers["x-request-id"] != first.headers["x-request-id"]
    # Another query is another page.
    with statements() as seen:
        other = await client.get("/jobs?keyword=農業")
    assert seen and "ケニア 保健プロジェクト" not in other.text


async def test_every_kind_of_posting_write_shows_on_the_next_get(client, database, frozen_clock):
    org_id = await _organization(database)
    now = frozen_clock()
    first = await publish(database, org_id, now, title="ケニア 保健プロジェクト")
    assert "ケニア 保健プロジェクト" in (await client.get("/jobs")).text

    # Published (an ORM insert).
    await publish(database, org_id, now, title="ラオス 農業プロジェクト")
    assert "ラオス 農業プロジェクト" in (await client.get("/jobs")).text

    # Changed (an ORM update through the unit of work).
    async with database.session() as db:
        posting = await db.get(Posting, first.id)
        posting.title = "ケニア 母子保健プロジェクト"
    assert "ケニア 母子保健プロジェクト" in (await client.get("/jobs")).text

    # Stopped (a bulk UPDATE statement).
    async with database.session() as db:
        await db.execute(update(Posting).where(Posting.id == first.id).values(status=PostingStatus.STOPPED))
    assert "ケニア 母子保健プロジェクト" not in (await client.get("/jobs")).text

    # Raw SQL.
    async with database.session() as db:
        await db.execute(
            text("UPDATE posting SET title = 'ラオス 稲作プロジェクト' WHERE title = 'ラオス 農業プロジェクト'")
        )
    page = (await client.get("/jobs")).text
    assert "ラオス 稲作プロジェクト" in page and "ラオス 農業プロジェクト" not in page

    # A rolled-back write changes nothing and the page stays kept.
    try:
        async with database.session() as db:
            await db.execute(text("UPDATE posting SET title = 'ロールバック' WHERE id > 0"))
            raise RuntimeError("undo")
    except RuntimeError:
        pass
    with statements() as seen:
        assert "ロールバック" not in (await client.get("/jobs")).text
    assert seen == []


async def test_a_posting_past_its_closing_date_leaves_the_page_within_the_ttl(client, database, frozen_clock):
    now = frozen_clock()
    closes = (now + timedelta(days=2)).date().isoformat()
    await publish(database, await _organization(database), now, title="ケニア 保健プロジェクト", closes_on=closes)
    assert "ケニア 保健プロジェクト" in (await client.get("/jobs")).text
    frozen_clock.advance(days=3)
    assert "ケニア 保健プロジェクト" not in (await client.get("/jobs")).text


async def test_kept_pages_live_only_for_the_ttl(client, database, frozen_clock, settings):
    await client.get("/")
    frozen_clock.advance(seconds=settings.page_cache.ttl_seconds / 2)
    with statements() as seen:
        await client.get("/")
    assert seen == []
    frozen_clock.advance(seconds=settings.page_cache.ttl_seconds)
    with statements() as seen:
        await client.get("/")
    assert seen
    frozen_clock.advance(hours=-1)  # a clock set back (a test, an NTP step): nothing kept later counts
    with statements() as seen:
        await client.get("/")
    assert seen


async def test_news_on_the_top_page_shows_at_once(client, database, frozen_clock):
    assert "臨時メンテナンスのお知らせ" not in (await client.get("/")).text
    async with database.session() as db:
        db.add(
            SiteNews(
                title="臨時メンテナンスのお知らせ",
                body="本文",
                published_at=frozen_clock() - timedelta(minutes=1),
                created_at=frozen_clock(),
            )
        )
    assert "臨時メンテナンスのお知らせ" in (await client.get("/")).text


async def test_writes_no_public_page_shows_keep_the_pages(database):
    before = pagecache.generation()
    async with database.session() as db:
        await db.execute(text("DELETE FROM web_session WHERE id_hash = 'none'"))
        await db.execute(text("DELETE FROM rate_counter WHERE 1 = 0"))
    assert pagecache.generation() == before
    private_before = pagecache.private_generation()
    for table in ("favorite", "message", "message_thread", "application", "saved_search"):
        async with database.session() as db:  # a person's own rows: logged-in pages only
            await db.execute(text(f"DELETE FROM {table} WHERE 1 = 0"))
    assert pagecache.generation() == before
    assert pagecache.private_generation() >= private_before + 5
    async with database.session() as db:
        await db.execute(text("DELETE FROM site_news WHERE 1 = 0"))
    assert pagecache.generation() > before


async def test_an_anonymous_get_writes_no_session(client, database):
    for path in ("/", "/jobs", "/jobs?keyword=保健", "/faq", "/organizations"):
        response = await client.get(path)
        assert response.status_code == 200
        assert "partner_session" not in response.headers.get("set-cookie", "")
    async with database.session(write=False) as db:
        assert (await db.execute(select(func.count()).select_from(WebSession))).scalar_one() == 0


async def test_logged_in_pages_are_never_kept_nor_shown_to_others(app, client, database):
    await make_user(database, "person@example.jp", Role.INDIVIDUAL)
    anonymous = (await client.get("/jobs")).text
    assert "person テスト" not in anonymous
    await log_in(client, database, "person@example.jp")
    with statements() as seen:
        mine = await client.get("/jobs")
    assert seen, "a logged-in visitor's page is rendered for them"
    assert "person テスト" in mine.text and mine.headers["cache-control"] == "no-store"
    assert all("person テスト".encode() not in page.body for page in app.state.pages.pages.values())
    await client.post("/logout", headers=csrf_headers(client))
    client.cookies.clear()
    again = await client.get("/jobs")
    assert "person テスト" not in again.text and "ログアウト" not in again.text


async def test_each_visitor_gets_their_own_csrf_token_from_a_kept_page(app, database):
    from litestar.testing import AsyncTestClient

    await make_user(database, "person@example.jp", Role.INDIVIDUAL)
    async with (
        AsyncTestClient(app=app, base_url="http://testserver.local") as a,
        AsyncTestClient(app=app, base_url="http://testserver.local") as b,
    ):
        page_a = await a.get("/login")
        with statements() as seen:
            page_b = await b.get("/login")
        assert seen == [], "the login form was kept"
        token_a, token_b = TOKEN.search(page_a.text).group(1), TOKEN.search(page_b.text).group(1)
        assert token_a == a.cookies.get("partner_csrf") and token_b == b.cookies.get("partner_csrf")
        assert token_a != token_b
        assert all(
            b"_csrf_token\" value=\"\x00" in p.body for p in app.state.pages.pages.values() if b"_csrf_token" in p.body
        )
        # A kept page's token works for its own visitor only: CSRF is enforced as before.
        login = {"email": "person@example.jp", "password": "x" * 12}
        assert (await b.post("/login", data={**login, "_csrf_token": token_b})).status_code != 403
        assert (await b.post("/login", data={**login, "_csrf_token": token_a})).status_code == 403
        assert (await b.post("/login", data=login)).status_code == 403
        # A visitor who already holds the cookie gets the page with that same token and no new cookie.
        again = await b.get("/login")
        assert TOKEN.search(again.text).group(1) == token_b and "set-cookie" not in again.headers


async def test_htmx_fragments_and_full_pages_are_kept_apart(client):
    full = await client.get("/jobs")
    fragment = await client.get("/jobs", headers={"HX-Request": "true", "HX-Target": "search-results"})
    assert "<html" in full.text and "<html" not in fragment.text
    assert "<html" in (await client.get("/jobs")).text
    assert (
        "<html" not in (await client.get("/jobs", headers={"HX-Request": "true", "HX-Target": "search-results"})).text
    )


async def test_a_kept_posting_page_still_counts_every_view(client, database, frozen_clock):
    posting = await publish(database, await _organization(database), frozen_clock(), title="ケニア 保健プロジェクト")
    await client.get(f"/jobs/{posting.id}")  # rendered: the handler counts it
    for _ in range(3):
        with statements() as seen:
            assert "ケニア 保健プロジェクト" in (await client.get(f"/jobs/{posting.id}")).text
        assert not any("posting" in s and "SELECT" in s for s in seen), "served from the cache"
    await views.flush()
    async with database.session(write=False) as db:
        assert (await db.execute(select(PostingView.count))).scalar_one() == 4
