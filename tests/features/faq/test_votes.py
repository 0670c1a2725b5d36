"""「この回答は役に立ちましたか」: no login, the site's CSRF token, one vote per browser per entry per
Japan calendar day (the next day counts again), htmx swaps the box, figures add up."""

from __future__ import annotations

from app.browser_voter import valid_token
from features.faq import votes
from features.faq.models import EntryStatus
from tests.conftest import use_session_cookie
from tests.features.faq.helpers import entry, make_entry, post, vote_rows

HTMX = {"HX-Request": "true", "HX-Target": "vote-1"}


async def test_an_anonymous_vote_counts_once_and_htmx_swaps_the_box(client, database, frozen_clock):
    entry_id = await make_entry(database)
    first = await post(client, f"/faq/{entry_id}/helpful", **HTMX)
    assert first.status_code == 200
    assert f'<div id="vote-{entry_id}"' in first.text and "ご回答ありがとうございました。" in first.text
    assert "<h1>" not in first.text and "<button" not in first.text  # only the box, without its buttons
    assert client.cookies.get(votes.COOKIE)  # the browser's voter cookie
    assert (await entry(database, entry_id)).helpful_count == 1
    [row] = await vote_rows(database)
    assert row.voter != client.cookies.get(votes.COOKIE) and len(row.voter) == 64  # only an HMAC is stored

    again = await post(client, f"/faq/{entry_id}/unhelpful", **HTMX)
    assert again.status_code == 200 and "本日はすでにこの回答にご回答いただいています。" in again.text
    stored = await entry(database, entry_id)
    assert (stored.helpful_count, stored.unhelpful_count) == (1, 0)  # unchanged
    assert len(await vote_rows(database)) == 1


async def test_the_next_day_in_japan_the_same_browser_may_vote_again(client, database, frozen_clock):
    entry_id = await make_entry(database)
    frozen_clock.current = frozen_clock.current.replace(hour=14, minute=59)  # 23:59 JST
    assert (await post(client, f"/faq/{entry_id}/unhelpful", **HTMX)).status_code == 200
    assert "すでに" in (await post(client, f"/faq/{entry_id}/unhelpful", **HTMX)).text
    frozen_clock.advance(minutes=2)  # 00:01 JST, the next day
    assert "ご回答ありがとうございました。" in (await post(client, f"/faq/{entry_id}/unhelpful", **HTMX)).text
    assert (await entry(database, entry_id)).unhelpful_count == 2


async def test_another_browser_and_another_entry_count_separately(client, database, frozen_clock):
    one = await make_entry(database)
    two = await make_entry(database, "パスワードを忘れました。", "再設定してください。")
    await post(client, f"/faq/{one}/helpful", **HTMX)
    await post(client, f"/faq/{two}/helpful", **HTMX)
    client.cookies.clear()  # a different browser
    await post(client, f"/faq/{one}/unhelpful", **HTMX)
    first, second = await entry(database, one), await entry(database, two)
    assert (first.helpful_count, first.unhelpful_count, second.helpful_count) == (1, 1, 1)


async def test_without_javascript_a_vote_redirects_to_the_entry_with_thanks(client, database, frozen_clock):
    entry_id = await make_entry(database)
    response = await post(client, f"/faq/{entry_id}/helpful")
    assert response.status_code == 303 and response.headers["location"] == f"/faq/{entry_id}"
    page = (await client.get(f"/faq/{entry_id}")).text
    assert "ご回答ありがとうございました。" in page  # the flash
    assert "この回答にはご回答いただきました。" in page and f'formaction="/faq/{entry_id}/helpful"' not in page
    second = await post(client, f"/faq/{entry_id}/helpful")
    assert second.status_code == 200 and "本日はすでにこの回答にご回答いただいています。" in second.text
    assert "<h1>Q. ログインコードが届きません。</h1>" in second.text
    listing = (await client.get("/faq")).text
    assert "この回答にはご回答いただきました。" in listing  # the list remembers today's answer too


async def test_a_vote_needs_the_csrf_token(client, database, frozen_clock):
    entry_id = await make_entry(database)
    await client.get("/faq")
    refused = await client.post(f"/faq/{entry_id}/helpful", follow_redirects=False)
    assert refused.status_code == 403
    assert (await entry(database, entry_id)).helpful_count == 0


async def test_a_made_up_voter_cookie_is_replaced_and_a_hidden_entry_cannot_be_voted(client, database, frozen_clock):
    entry_id = await make_entry(database)
    client.cookies.set(votes.COOKIE, "not a token", domain="testserver.local")
    use_session_cookie(client, None)
    response = await post(client, f"/faq/{entry_id}/helpful", **HTMX)
    assert response.status_code == 200 and valid_token(response.cookies.get(votes.COOKIE))
    hidden = await make_entry(database, status=EntryStatus.HIDDEN)
    assert (await post(client, f"/faq/{hidden}/helpful", **HTMX)).status_code == 404
    assert (await entry(database, hidden)).helpful_count == 0


async def test_the_daily_job_prunes_old_ledger_rows_but_keeps_the_counts(client, database, settings, frozen_clock):
    entry_id = await make_entry(database)
    await post(client, f"/faq/{entry_id}/helpful", **HTMX)
    frozen_clock.advance(days=votes.KEEP_DAYS + 1)
    async with database.session() as db:
        assert await votes.prune_votes(db, settings) == 1
    assert await vote_rows(database) == [] and (await entry(database, entry_id)).helpful_count == 1
