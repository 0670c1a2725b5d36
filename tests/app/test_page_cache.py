"""The page cache (app/pagecache.py): anonymous pages come from memory without touching the database,
every kind of write shows on the next GET, time passing shows within the TTL, and nothing of one
visitor ever reaches another (logged-in pages are never kept, the CSRF token is per visitor)."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy import func, select, text, update

from app import pagecache
from app.clock import JST
from app.sessions import WebSession
from features.accounts.models import Role
from features.home.models import SiteNews
from features.postings import service as postings
from features.postings import views
from features.postings.models import Posting, PostingStatus, PostingView
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user
from tests.features.postings.helpers import job_form, organization_for
from tests.features.postings.test_search import publish
from tests.sql_seen import statements

TOKEN = re.compile(r'name="_csrf_token" value="([0-9a-f]+)"')


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


# -- writes to posting that no visitor can see yet (Column.info: pagecache.NOT_PUBLIC, HIDDEN_WHILE) ---


def _job(now, **changes) -> dict:
    """A complete 求人 form whose 掲載希望日時 has passed: public once approved."""
    values = job_form(now, **changes)
    values["publish_at"] = (now - timedelta(hours=1)).astimezone(JST).strftime("%Y-%m-%dT%H:%M")
    return values


async def test_saving_a_posting_nobody_sees_yet_keeps_the_public_pages(client, database, frozen_clock):
    now = frozen_clock()
    published = await publish(database, await _organization(database), now, title="ケニア 保健プロジェクト")
    organization = await organization_for(database, "org@example.jp")
    await client.get("/jobs")
    before = pagecache.generation()
    async with database.session() as db:  # 一時保存 of a new 求人 (an ORM insert as 下書き), twice
        draft = await postings.save_draft(db, organization, None, _job(now, title="下書きの求人"))
    async with database.session() as db:
        draft = await postings.save_draft(db, organization, await db.get(Posting, draft.id), _job(now))
    async with database.session() as db:  # the working copy of the published one: not public until approved
        await postings.save_draft(db, organization, await db.get(Posting, published.id), _job(now, title="修正中"))
    async with database.session() as db:  # a bulk UPDATE of private columns only
        await db.execute(update(Posting).where(Posting.id == draft.id).values(draft="{}", updated_at=now))
    assert pagecache.generation() == before
    with statements() as seen:
        page = (await client.get("/jobs")).text
    assert seen == [] and "ケニア 保健プロジェクト" in page and "修正中" not in page


async def test_every_public_change_of_a_posting_still_empties_the_kept_pages(client, database, frozen_clock, settings):
    now = frozen_clock()
    await _organization(database)
    organization = await organization_for(database, "org@example.jp")

    async def changes_the_page(write, *shown: str, hidden: str = "") -> None:
        await client.get("/jobs")
        before = pagecache.generation()
        async with database.session() as db:
            await write(db)
        assert pagecache.generation() > before
        page = (await client.get("/jobs")).text
        assert all(text_ in page for text_ in shown) and (not hidden or hidden not in page)

    async def new_and_approved(db):
        posting = await postings.submit(db, settings, organization, None, _job(now, title="ラオス 農業"))
        await postings.approve(db, settings, posting)
        ids.append(posting.id)

    ids: list[int] = []
    await changes_the_page(new_and_approved, "ラオス 農業")  # publishing

    async def revised(db):  # a change of a published posting, approved (the draft alone was unseen)
        posting = await db.get(Posting, ids[0])
        await postings.submit(db, settings, organization, posting, _job(now, title="ラオス 稲作"))
        await postings.approve(db, settings, posting)

    await changes_the_page(revised, "ラオス 稲作", hidden="ラオス 農業")

    async def stopped(db):
        await postings.stop(db, settings, organization, await db.get(Posting, ids[0]))

    await changes_the_page(stopped, hidden="ラオス 稲作")

    async def inserted_public(db):  # an insert that is public at once
        db.add(Posting(organization_id=organization.id, status=PostingStatus.APPROVED, created_at=now, updated_at=now))

    await changes_the_page(inserted_public)

    for statement in (  # one public column among private ones, a raw insert, a raw update: not understood
        update(Posting).where(Posting.id == ids[0]).values(draft="{}", published_at=now),
        update(Posting).where(Posting.id == ids[0]).values(updated_at=now, status=PostingStatus.APPROVED),
        text(
            "INSERT INTO posting (organization_id, kind, status, revision_state, draft, content, return_reason,"
            " title, sector, country, job_type, employment_type, flexible_work, for_jocv, category, search_text,"
            f" created_at, updated_at) VALUES ({organization.id}, 'job', 'draft', '', '{{}}', '{{}}', '', '', '',"
            " '', '', '', '', false, '', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ),
        text(f"UPDATE posting SET draft = '{{}}' WHERE id = {ids[0]}"),
    ):
        await changes_the_page(lambda db, statement=statement: db.execute(statement))


class _Context:
    """What _unseen reads of SQLAlchemy's execution context."""

    def __init__(self, table, *, insert: bool = False, rows: list[dict] | None = None) -> None:
        self.isupdate, self.isinsert = not insert, insert
        self.compiled = SimpleNamespace(statement=SimpleNamespace(table=table))
        self.compiled_parameters = rows or []


def test_only_plain_updates_of_private_columns_are_unseen():
    posting = Posting.__table__
    for sql in (
        "UPDATE posting SET draft=?, updated_at=? WHERE posting.id = ?",
        "UPDATE posting SET draft=$1::VARCHAR, updated_at=$2::TIMESTAMP WITH TIME ZONE WHERE posting.id = $3::INTEGER",
    ):
        assert pagecache._unseen("posting", sql, _Context(posting))
    for sql in (
        "UPDATE posting SET draft=?, title=? WHERE posting.id = ?",
        "UPDATE posting SET draft=(SELECT content FROM posting WHERE id = 1) WHERE posting.id = ?",
        "UPDATE posting SET draft=?, status=CASE WHEN status = 'draft' THEN ? ELSE status END",
        "UPDATE posting SET draft=? RETURNING status",
        "UPDATE organization SET updated_at=? WHERE organization.id = ?",
    ):
        assert not pagecache._unseen("posting", sql, _Context(posting)), sql
    assert not pagecache._unseen("posting", "UPDATE posting SET draft=? WHERE id = ?", None)  # raw SQL


def test_the_rule_is_read_from_any_model_s_columns():
    """The mechanism knows no table: what a model marks is spared, what it does not mark counts."""
    metadata = sa.MetaData()
    note = sa.Table(
        "note",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body", sa.Text),
        sa.Column("scratch", sa.Text, info={pagecache.NOT_PUBLIC: True}),
        sa.Column("state", sa.String, info={pagecache.HIDDEN_WHILE: {"draft"}}),
    )
    plain = sa.Table("plain", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("body", sa.Text))
    assert pagecache._unseen("note", "UPDATE note SET scratch=? WHERE note.id = ?", _Context(note))
    assert not pagecache._unseen("note", "UPDATE note SET scratch=?, body=? WHERE note.id = ?", _Context(note))
    assert not pagecache._unseen("plain", "UPDATE plain SET body=? WHERE plain.id = ?", _Context(plain))
    assert not pagecache._unseen("note", "UPDATE note SET scratch=? WHERE note.id = ?", _Context(plain))  # mismatch
    insert = "INSERT INTO note (body, scratch, state) VALUES (?, ?, ?)"
    drafts = [{"body": "x", "scratch": "", "state": "draft"}] * 2
    assert pagecache._unseen("note", insert, _Context(note, insert=True, rows=drafts))
    shown = [*drafts, {"body": "x", "scratch": "", "state": "published"}]
    assert not pagecache._unseen("note", insert, _Context(note, insert=True, rows=shown))
    assert not pagecache._unseen("note", insert, _Context(note, insert=True, rows=[]))
    selected = "INSERT INTO note (body, scratch, state) SELECT body, scratch, ? FROM note"
    assert not pagecache._unseen("note", selected, _Context(note, insert=True, rows=drafts[:1]))
    plain_insert = _Context(plain, insert=True, rows=[{"body": "x"}])
    assert not pagecache._unseen("plain", "INSERT INTO plain (body) VALUES (?)", plain_insert)
