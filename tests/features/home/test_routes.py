"""Top page and the secretariat's news: both page and fragment shapes."""

from __future__ import annotations

from datetime import timedelta

from app import clock
from features.home.models import SiteNews


async def add_news(database, count: int, *, future: int = 0) -> list[SiteNews]:
    now = clock.now()
    rows = [
        SiteNews(
            title=f"お知らせ{i:02d}", body=f"本文{i}\n二行目", published_at=now - timedelta(days=i), created_at=now
        )
        for i in range(1, count + 1)
    ]
    rows += [
        SiteNews(title=f"未来のお知らせ{i}", body="未公開", published_at=now + timedelta(days=i + 1), created_at=now)
        for i in range(future)
    ]
    async with database.session() as db:
        db.add_all(rows)
    return rows


async def test_top_page_is_japanese_with_skip_link_and_navigation(client, database):
    await add_news(database, 3)
    response = await client.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="ja">' in html
    assert 'href="#main">本文へスキップ' in html
    assert 'aria-label="メインメニュー"' in html
    assert '<a href="/" aria-current="page">トップ</a>' in html
    assert "お知らせ01" in html
    assert response.headers["vary"] == "HX-Request"


async def test_top_page_hides_news_not_yet_published(client, database):
    await add_news(database, 1, future=1)
    html = (await client.get("/")).text
    assert "お知らせ01" in html
    assert "未来のお知らせ" not in html


async def test_news_list_pages_and_fragment(client, database):
    await add_news(database, 25)
    page2 = await client.get("/news", params={"page": "2"})
    assert page2.status_code == 200
    assert "<html" in page2.text
    assert "お知らせ11" in page2.text and "お知らせ10" not in page2.text
    assert "25件中 11〜20件を表示" in page2.text

    fragment = await client.get("/news?page=3", headers={"HX-Request": "true", "HX-Target": "news-list"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "<header" not in fragment.text
    assert "お知らせ21" in fragment.text
    assert fragment.headers["vary"] == "HX-Request"


async def test_fragment_is_only_served_for_an_allowed_target(client, database):
    await add_news(database, 2)
    response = await client.get("/news", headers={"HX-Request": "true", "HX-Target": "site-header"})
    assert "<html" in response.text  # unknown target: the whole page, never an arbitrary block


async def test_nonsense_page_number_falls_back_to_first_page(client, database):
    await add_news(database, 2)
    for raw in ["abc", "-5", "９９９９９９９９９９９", "1e9"]:
        response = await client.get("/news", params={"page": raw})
        assert response.status_code == 200, raw


async def test_news_detail_and_unpublished_is_404(client, database):
    rows = await add_news(database, 1, future=1)
    shown = await client.get(f"/news/{rows[0].id}")
    assert shown.status_code == 200
    assert "本文1\n二行目" in shown.text
    hidden = await client.get(f"/news/{rows[1].id}")
    assert hidden.status_code == 404
    assert "ページが見つかりません" in hidden.text
    assert "お知らせが見つかりません。" in hidden.text
