"""保存した検索条件 over HTTP: the 条件を保存 link on the search pages (only for those who may save),
saving with 422 Japanese errors, the mypage list (paginated), change, delete, someone else's → 404,
and the htmx fragments."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from features.accounts.models import Role
from features.saved_searches.models import Frequency
from tests.features.accounts.helpers import log_in, make_user
from tests.features.saved_searches.helpers import ORG, OTHER, PERSON, post, searches

HTMX = {"HX-Request": "true"}


def save_link(html: str) -> str | None:
    found = re.search(
        r'<a class="button button--secondary" href="([^"]+)" hx-get="[^"]+" '
        r'hx-target="#save-search-form">条件を保存</a>',
        html,
    )
    return found.group(1).replace("&amp;", "&") if found else None


async def people(database) -> None:
    await make_user(database, PERSON)
    await make_user(database, OTHER)
    await make_user(database, ORG, Role.ORGANIZATION)


async def test_the_search_pages_offer_the_save_link_only_to_an_individual(client, database):
    await people(database)
    assert save_link((await client.get("/jobs", params={"sector": "health"})).text) is None  # anonymous
    await log_in(client, database, PERSON)
    for path, params, scope in (
        ("/jobs", {"sector": "health", "keyword": "保健", "page": "2", "sort": "deadline"}, "jobs"),
        ("/events", {"event_type": "研修"}, "events"),
        ("/koubo", {"sector": "education"}, "koubo"),
    ):
        link = save_link((await client.get(path, params=params)).text)
        assert link is not None, path
        query = parse_qs(urlsplit(link).query)
        assert urlsplit(link).path == "/mypage/saved-searches/new" and query["scope"] == [scope]
        saved = parse_qs(query["q"][0])
        assert "page" not in saved and "sort" not in saved  # where the list stood is not a condition
        assert saved["sector" if scope != "events" else "event_type"]
    # The link follows the filters when htmx swaps the results in place.
    fragment = await client.get("/jobs", params={"country": "KE"}, headers={**HTMX, "HX-Target": "search-results"})
    assert "<html" not in fragment.text and "country%3DKE" in save_link(fragment.text)


async def test_an_organization_sees_no_link_on_the_postings_pages(client, database):
    await people(database)
    await log_in(client, database, ORG)
    assert save_link((await client.get("/jobs")).text) is None


async def test_talent_browsing_offers_the_link_to_the_organization(client, database):
    await people(database)
    await log_in(client, database, ORG)
    link = save_link((await client.get("/talent", params={"sector": "health", "jocv": "1", "sort": "experience"})).text)
    query = parse_qs(urlsplit(link).query)
    assert query["scope"] == ["talent"] and parse_qs(query["q"][0]) == {"sector": ["health"], "jocv": ["1"]}


async def test_save_then_see_it_on_the_mypage_and_rerun_it(client, database):
    await people(database)
    await log_in(client, database, PERSON)
    form = await client.get("/mypage/saved-searches/new", params={"scope": "jobs", "q": "sector=health&page=3"})
    assert form.status_code == 200 and "求人情報を探すの検索条件を保存" in form.text
    assert 'name="query" value="sector=health"' in form.text
    assert await searches(database) == []  # a GET saves nothing
    response = await post(
        client,
        "/mypage/saved-searches",
        {"scope": "jobs", "query": "sector=health", "name": "  保健の求人 ", "frequency": "daily"},
    )
    assert response.status_code == 303 and response.headers["location"] == "/mypage/saved-searches"
    page = (await client.get("/mypage/saved-searches")).text
    assert "検索条件「保健の求人」を保存しました。" in page
    assert "<th scope=\"row\">保健の求人</th>" in page and "<td>毎日</td>" in page
    assert 'href="/jobs?sector=health"' in page  # 検索する: the saved filters
    (saved,) = await searches(database)
    assert (saved.scope, saved.name, saved.query, saved.frequency) == ("jobs", "保健の求人", "sector=health", "daily")
    assert "保存した検索条件" in (await client.get("/mypage")).text  # the mypage entry


async def test_invalid_forms_are_422_with_japanese_errors_and_a_summary(client, database):
    await people(database)
    await log_in(client, database, PERSON)
    empty = await post(
        client, "/mypage/saved-searches", {"scope": "jobs", "query": "", "name": " ", "frequency": "daily"}
    )
    assert empty.status_code == 422 and "名前を入力してください。" in empty.text
    assert 'class="error-summary"' in empty.text and 'aria-invalid="true"' in empty.text
    bad = await post(client, "/mypage/saved-searches", {"scope": "jobs", "name": "x", "frequency": "hourly"})
    assert bad.status_code == 422 and "お知らせの頻度を選んでください（毎日、毎週）。" in bad.text
    assert 'value="x"' in bad.text  # values kept
    long = await post(client, "/mypage/saved-searches", {"scope": "jobs", "name": "あ" * 51, "frequency": "daily"})
    assert long.status_code == 422 and "名前は50文字以内で入力してください。" in long.text
    # An individual cannot save a 人材閲覧 search, nor an unknown page.
    for scope in ("talent", "nothing"):
        refused = await post(client, "/mypage/saved-searches", {"scope": scope, "name": "x", "frequency": "weekly"})
        assert refused.status_code == 404 and "この検索条件は保存できません。" in refused.text
    assert await searches(database) == []


async def test_an_organization_saves_a_talent_search_weekly_only(client, database):
    await people(database)
    await log_in(client, database, ORG)
    form = await client.get("/mypage/saved-searches/new", params={"scope": "talent", "q": "sector=health"})
    assert 'value="weekly"' in form.text and 'value="daily"' not in form.text
    daily = await post(
        client,
        "/mypage/saved-searches",
        {"scope": "talent", "query": "sector=health", "name": "保健", "frequency": "daily"},
    )
    assert daily.status_code == 422 and "お知らせの頻度を選んでください（毎週）。" in daily.text
    jobs = await post(client, "/mypage/saved-searches", {"scope": "jobs", "name": "x", "frequency": "daily"})
    assert jobs.status_code == 404
    ok = await post(
        client,
        "/mypage/saved-searches",
        {"scope": "talent", "query": "sector=health", "name": "保健", "frequency": "weekly"},
    )
    assert ok.status_code == 303
    assert [(s.scope, s.frequency) for s in await searches(database)] == [("talent", Frequency.WEEKLY)]


async def test_no_more_than_max_per_user(client, database, settings):
    settings.saved_searches.max_per_user = 2
    await people(database)
    await log_in(client, database, PERSON)
    for n in range(2):
        assert (
            await post(client, "/mypage/saved-searches", {"scope": "jobs", "name": f"条件{n}", "frequency": "daily"})
        ).status_code == 303
    third = await post(client, "/mypage/saved-searches", {"scope": "events", "name": "三つ目", "frequency": "weekly"})
    assert third.status_code == 422 and "保存できる検索条件は2件までです。" in third.text
    assert len(await searches(database)) == 2


async def test_change_and_delete_with_a_confirmation(client, database):
    await people(database)
    await log_in(client, database, PERSON)
    await post(
        client,
        "/mypage/saved-searches",
        {"scope": "koubo", "query": "sector=education", "name": "教育", "frequency": "daily"},
    )
    (saved,) = await searches(database)
    edit = await client.get(f"/mypage/saved-searches/{saved.id}")
    assert edit.status_code == 200 and 'href="/koubo?sector=education"' in edit.text
    invalid = await post(client, f"/mypage/saved-searches/{saved.id}", {"name": "", "frequency": "weekly"})
    assert invalid.status_code == 422 and "名前を入力してください。" in invalid.text
    changed = await post(client, f"/mypage/saved-searches/{saved.id}", {"name": "教育の公募", "frequency": "weekly"})
    assert changed.status_code == 303
    (saved,) = await searches(database)
    assert (saved.name, saved.frequency, saved.query) == ("教育の公募", "weekly", "sector=education")
    confirm = await client.get(f"/mypage/saved-searches/{saved.id}/delete")
    assert "検索条件「教育の公募」（公募情報）を削除しますか？" in confirm.text
    assert await searches(database)  # the confirmation page deletes nothing
    deleted = await post(client, f"/mypage/saved-searches/{saved.id}/delete")
    assert deleted.status_code == 303 and await searches(database) == []
    assert "検索条件「教育の公募」を削除しました。" in (await client.get("/mypage/saved-searches")).text


async def test_someone_elses_search_is_a_404_and_stays_as_it_was(client, database):
    await people(database)
    await log_in(client, database, OTHER)
    await post(client, "/mypage/saved-searches", {"scope": "jobs", "name": "他人の条件", "frequency": "daily"})
    (theirs,) = await searches(database)
    await post(client, "/logout")
    await log_in(client, database, PERSON)
    assert (await client.get(f"/mypage/saved-searches/{theirs.id}")).status_code == 404
    assert (await client.get(f"/mypage/saved-searches/{theirs.id}/delete")).status_code == 404
    changed = await post(client, f"/mypage/saved-searches/{theirs.id}", {"name": "乗っ取り", "frequency": "weekly"})
    deleted = await post(client, f"/mypage/saved-searches/{theirs.id}/delete")
    assert changed.status_code == 404 and deleted.status_code == 404
    assert [(s.name, s.frequency) for s in await searches(database)] == [("他人の条件", "daily")]
    assert "他人の条件" not in (await client.get("/mypage/saved-searches")).text


async def test_the_list_is_paginated(client, database, settings):
    settings.saved_searches.max_per_user = 30
    await people(database)
    await log_in(client, database, PERSON)
    for n in range(21):
        await post(client, "/mypage/saved-searches", {"scope": "jobs", "name": f"条件{n:02d}", "frequency": "daily"})
    first = (await client.get("/mypage/saved-searches")).text
    assert first.count('<th scope="row">') == 20 and "21件中 1〜20件を表示" in first
    second = await client.get(
        "/mypage/saved-searches", params={"page": "2"}, headers={**HTMX, "HX-Target": "saved-search-rows"}
    )
    assert "<html" not in second.text and second.text.count('<th scope="row">') == 1


async def test_htmx_opens_the_form_inline_and_answers_with_fragments(client, database):
    await people(database)
    await log_in(client, database, PERSON)
    inline = await client.get(
        "/mypage/saved-searches/new",
        params={"scope": "jobs", "q": "sector=health"},
        headers={**HTMX, "HX-Target": "save-search-form"},
    )
    assert inline.status_code == 200 and "<html" not in inline.text
    assert inline.text.lstrip().startswith('<section class="card save-search"')
    assert 'hx-post="/mypage/saved-searches" hx-target="#save-search-form"' in inline.text
    fragment_headers = {**HTMX, "HX-Target": "save-search-form"}
    invalid = await post(
        client, "/mypage/saved-searches", {"scope": "jobs", "name": "", "frequency": "daily"}, fragment_headers
    )
    assert invalid.status_code == 422 and "<html" not in invalid.text and "名前を入力してください。" in invalid.text
    ok = await post(
        client, "/mypage/saved-searches", {"scope": "jobs", "name": "保健", "frequency": "daily"}, fragment_headers
    )
    assert ok.status_code == 200 and ok.headers["HX-Location"] == "/mypage/saved-searches"
    (saved,) = await searches(database)
    edit = await post(
        client,
        f"/mypage/saved-searches/{saved.id}",
        {"name": "", "frequency": "daily"},
        {**HTMX, "HX-Target": "edit-form"},
    )
    assert edit.status_code == 422 and "<html" not in edit.text and edit.text.lstrip().startswith("<section")


async def test_leaving_erases_the_searches(client, database, settings):
    from features.saved_searches import service

    await people(database)
    await log_in(client, database, PERSON)
    await post(client, "/mypage/saved-searches", {"scope": "jobs", "name": "保健", "frequency": "daily"})
    (saved,) = await searches(database)
    async with database.session() as db:
        await service.erase_searches(db, settings, saved.user_id)
    assert await searches(database) == []


async def test_control_characters_in_the_name_are_dropped_not_a_500(client, database):
    """A NUL (PostgreSQL refuses it in text) or an escape sequence in the name: cleaned like every
    other text field, so the list page and the alert's 件名 carry only the person's own characters."""
    await people(database)
    await log_in(client, database, PERSON)
    saved = await post(
        client,
        "/mypage/saved-searches",
        {"scope": "jobs", "query": "q=看護", "name": "看護\x00の\x1b[31m求人", "frequency": "daily"},
    )
    assert saved.status_code == 303
    [search] = await searches(database)
    assert search.name == "看護の[31m求人"
    changed = await post(client, f"/mypage/saved-searches/{search.id}", {"name": "\x00\x07", "frequency": "daily"})
    assert changed.status_code == 422 and "名前を入力してください。" in changed.text
