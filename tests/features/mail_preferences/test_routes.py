"""メール配信設定 over HTTP: the mypage form for 個人 and 団体, and the signed one-click
unsubscribe — the exact RFC 8058 request a mailbox provider sends, with no cookie and no CSRF token."""

from __future__ import annotations

import re

from litestar.testing import AsyncTestClient
from sqlalchemy import select

from features.mail_preferences import api, tokens
from features.mail_preferences.models import Category, MailPreference
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in
from tests.features.mail_preferences.helpers import ORG, OTHER, PERSON, people

ONE_CLICK = {"content-type": "application/x-www-form-urlencoded"}


async def _prefs(database, settings, user_id: int) -> dict[Category, bool]:
    async with database.session(write=False) as db:
        return await api.preferences_of(db, settings, user_id)


async def _post(client, path: str, content: str = ""):
    await client.get("/healthz")
    headers = {**csrf_headers(client), "content-type": "application/x-www-form-urlencoded"}
    return await client.post(path, content=content, headers=headers, follow_redirects=False)


async def test_the_mypage_form_is_labelled_and_shows_the_defaults(client, database):
    await people(database)
    await log_in(client, database, PERSON)
    page = (await client.get("/mypage/mail-preferences")).text
    assert "<legend>受け取るメール</legend>" in page and "<fieldset" in page
    for value, label in (("guide", "案内メール"), ("news", "PARTNERニュース"), ("alerts", "新着情報のお知らせ")):
        assert re.search(
            rf'<label class="choice" for="f-categories-{value}"><input type="checkbox" id="f-categories-{value}"', page
        )
        assert label in page
    assert re.search(r'value="guide" aria-describedby="[^"]+" checked', page)
    assert re.search(r'value="news" aria-describedby="[^"]+">', page)  # 個人: PARTNERニュース off by default
    assert "ログインコード、パスワード再設定、応募・メッセージの通知" in page and "常にお送りします" in page
    assert "メール配信設定" in (await client.get("/mypage")).text  # the mypage entry


async def test_saving_the_form_flashes_and_redirects(client, database, settings):
    ids = await people(database)
    await log_in(client, database, PERSON)
    response = await _post(client, "/mypage/mail-preferences", "categories=news&categories=alerts")
    assert response.status_code == 303 and response.headers["location"] == "/mypage/mail-preferences"
    assert await _prefs(database, settings, ids[PERSON]) == {
        Category.GUIDE: False,
        Category.NEWS: True,
        Category.ALERTS: True,
    }
    page = (await client.get("/mypage/mail-preferences")).text
    assert "メール配信設定を保存しました。" in page
    assert await _prefs(database, settings, ids[OTHER]) == {  # nobody else changed
        Category.GUIDE: True,
        Category.NEWS: False,
        Category.ALERTS: True,
    }


async def test_an_organization_user_has_the_same_page(client, database, settings):
    ids = await people(database)
    await log_in(client, database, ORG)
    page = (await client.get("/mypage/mail-preferences")).text
    assert re.search(r'value="news" aria-describedby="[^"]+" checked', page)  # 団体: on by default
    response = await _post(client, "/mypage/mail-preferences", "")
    assert response.status_code == 303
    assert set((await _prefs(database, settings, ids[ORG])).values()) == {False}


async def test_an_unknown_category_is_refused_and_changes_nothing(client, database, settings):
    ids = await people(database)
    await log_in(client, database, PERSON)
    response = await _post(client, "/mypage/mail-preferences", "categories=guide&categories=spam")
    assert response.status_code == 400 and "メールの種類が正しくありません" in response.text
    assert (await _prefs(database, settings, ids[PERSON]))[Category.GUIDE] is True
    assert await _prefs(database, settings, ids[PERSON]) == await _prefs(database, settings, ids[OTHER])


async def test_the_rfc_8058_one_click_post_needs_no_cookie_and_no_csrf_token(app, database, settings):
    ids = await people(database)
    token = tokens.make_token(settings, ids[PERSON], Category.GUIDE)
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as provider:
        for _ in range(2):  # providers retry: the same answer, still off
            response = await provider.post(
                f"/unsubscribe/{token}", content="List-Unsubscribe=One-Click", headers=ONE_CLICK
            )
            assert response.status_code == 200, response.text
            assert "「<strong>案内メール</strong>」の配信を停止しました。" in response.text
            assert not provider.cookies.get("partner_csrf")
    prefs = await _prefs(database, settings, ids[PERSON])
    assert prefs == {Category.GUIDE: False, Category.NEWS: False, Category.ALERTS: True}
    async with database.session(write=False) as db:
        assert await api.opted_out(db, settings, list(ids.values()), Category.GUIDE) == {ids[PERSON]}


async def test_the_url_in_the_headers_is_the_one_click_endpoint(app, database, settings):
    ids = await people(database)
    header = api.unsubscribe_headers(settings, ids[ORG], Category.NEWS)["List-Unsubscribe"]
    url = re.match(r"<([^>]+)>", header)[1]
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as provider:
        response = await provider.post(url, content="List-Unsubscribe=One-Click", headers=ONE_CLICK)
    assert response.status_code == 200
    assert (await _prefs(database, settings, ids[ORG]))[Category.NEWS] is False


async def test_the_confirmation_page_changes_nothing_and_its_button_does(client, database, settings):
    ids = await people(database)
    token = tokens.make_token(settings, ids[PERSON], Category.ALERTS)
    page = await client.get(f"/unsubscribe/{token}")
    assert page.status_code == 200
    assert "「<strong>新着情報のお知らせ</strong>」の配信を停止します。" in page.text
    assert f'<form method="post" action="/unsubscribe/{token}"' in page.text
    assert "<button type=\"submit\">配信を停止する</button>" in page.text
    assert (await _prefs(database, settings, ids[PERSON]))[Category.ALERTS] is True  # a GET changes nothing
    response = await client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert (await _prefs(database, settings, ids[PERSON]))[Category.ALERTS] is False


async def test_a_token_for_one_person_or_category_does_not_work_for_another(app, database, settings):
    ids = await people(database)
    token = tokens.make_token(settings, ids[PERSON], Category.GUIDE)
    mac = token.split("-")[1]
    forged = [f"g{ids[OTHER]}-{mac}", f"n{ids[PERSON]}-{mac}", token[:-1] + ("a" if token[-1] != "a" else "b"), "x"]
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as provider:
        for bad in forged:
            for method in ("GET", "POST"):
                response = await provider.request(
                    method, f"/unsubscribe/{bad}", content="List-Unsubscribe=One-Click", headers=ONE_CLICK
                )
                assert response.status_code == 400, (bad, method)
                assert "配信停止のリンクが正しくありません" in response.text
    async with database.session(write=False) as db:
        assert (await db.execute(select(MailPreference))).first() is None  # nobody's switch moved


async def test_other_posts_still_need_a_csrf_token(app, database):
    await people(database)
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as stranger:
        response = await stranger.post("/mypage/mail-preferences", content="categories=guide", headers=ONE_CLICK)
    assert response.status_code == 403
