"""The public pages: /content with its filters (full page and htmx fragment, paged), the article
with related articles, 個人の方へ / 団体の方へ, the Atom feed, and only 公開中 ever shown."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

from features.content.public import PER_PAGE
from tests.features.content.helpers import NOW, REVIEWER, article, freeze, staff

ATOM = "{http://www.w3.org/2005/Atom}"


async def _people(database):
    return await staff(database), await staff(database, REVIEWER)


async def test_the_list_shows_only_published_articles_newest_first(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer, reviewer = await _people(database)
    await article(database, settings, writer, reviewer, title="古い記事")
    frozen_clock.advance(hours=1)
    await article(database, settings, writer, reviewer, title="新しい記事")
    await article(database, settings, writer, title="下書きの記事")
    page = await client.get("/content")
    assert page.status_code == 200 and page.headers["vary"] == "HX-Request"
    assert page.text.index("新しい記事") < page.text.index("古い記事")
    assert "下書きの記事" not in page.text and "<strong>2</strong>件の記事" in page.text
    assert 'type="application/atom+xml"' in page.text


async def test_filters_by_audience_kind_and_tag_with_and_without_htmx(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer, reviewer = await _people(database)
    await article(database, settings, writer, reviewer, title="個人向けコラム", audience="individual", tags=["転職"])
    await article(
        database,
        settings,
        writer,
        reviewer,
        title="団体向け特集",
        audience="organization",
        kind="feature",
        tags=["採用"],
    )
    await article(
        database, settings, writer, reviewer, title="共通の案内", audience="common", kind="page", tags=["NGO"]
    )
    individual = (await client.get("/content?audience=individual")).text
    assert "個人向けコラム" in individual and "共通の案内" in individual and "団体向け特集" not in individual
    features = (await client.get("/content?kind=feature")).text
    assert "団体向け特集" in features and "個人向けコラム" not in features
    tagged = await client.get(
        "/content", params={"tag": "転職"}, headers={"HX-Request": "true", "HX-Target": "content-results"}
    )
    assert tagged.status_code == 200 and "<html" not in tagged.text
    assert (
        "個人向けコラム" in tagged.text
        and "共通の案内" not in tagged.text
        and "団体向け特集" not in tagged.text
        and "<strong>1</strong>件" in tagged.text
    )
    nonsense = (await client.get("/content?audience=x&kind=y")).text  # unknown values are ignored
    assert "<strong>3</strong>件の記事" in nonsense


async def test_the_list_is_paged_and_the_pager_keeps_the_filters(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer, reviewer = await _people(database)
    for n in range(PER_PAGE + 1):
        frozen_clock.advance(minutes=1)
        await article(database, settings, writer, reviewer, title=f"記事その{n:02d}", audience="individual")
    first = (await client.get("/content?audience=individual")).text
    assert "記事その00" not in first and f"記事その{PER_PAGE:02d}" in first
    assert "audience=individual&amp;page=2" in first
    second = (await client.get("/content?audience=individual&page=2")).text
    assert "記事その00" in second and f"記事その{PER_PAGE:02d}" not in second


async def test_an_article_page_by_slug_or_number_with_related_articles(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer, reviewer = await _people(database)
    main = await article(
        database,
        settings,
        writer,
        reviewer,
        title="本記事",
        slug="main-article",
        tags=["語学"],
        body="## 見出し\n\n本文",
    )
    await article(database, settings, writer, reviewer, title="タグが同じ記事", tags=["語学"], category="別")
    await article(database, settings, writer, reviewer, title="カテゴリが同じ記事", tags=["別"], category="キャリア")
    await article(database, settings, writer, reviewer, title="無関係な記事", tags=["別"], category="別")
    await article(database, settings, writer, title="下書きの関連記事", tags=["語学"])
    by_slug = await client.get("/content/main-article")
    assert by_slug.status_code == 200
    text = by_slug.text
    assert "<h1>本記事</h1>" in text and "<h3>見出し</h3>" in text and "PARTNERコラム 第1号" in text
    related = text[text.index("関連する記事") :]
    assert "タグが同じ記事" in related and "カテゴリが同じ記事" in related
    assert "無関係な記事" not in related and "下書きの関連記事" not in related
    assert (await client.get(f"/content/{main}")).status_code == 200
    assert (await client.get("/content/no-such-article")).status_code == 404
    assert (await client.get("/content/99999")).status_code == 404


async def test_drafts_and_articles_in_review_are_404_to_the_public(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer, _reviewer = await _people(database)
    draft = await article(database, settings, writer, slug="secret-draft")
    assert (await client.get(f"/content/{draft}")).status_code == 404
    assert (await client.get("/content/secret-draft")).status_code == 404


async def test_the_entry_pages_group_that_audience_and_common_by_kind(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer, reviewer = await _people(database)
    await article(database, settings, writer, reviewer, title="個人向けのコラム", audience="individual")
    await article(database, settings, writer, reviewer, title="共通の進路情報", audience="common", kind="career")
    await article(database, settings, writer, reviewer, title="団体向けの活用法", audience="organization", kind="guide")
    individuals = (await client.get("/for-individuals")).text
    assert "<h1>個人の方へ</h1>" in individuals
    assert '<h2 id="kind-column">コラム</h2>' in individuals and '<h2 id="kind-career">進路情報</h2>' in individuals
    assert "共通の進路情報" in individuals and "団体向けの活用法" not in individuals
    organizations = (await client.get("/for-organizations")).text
    assert "団体向けの活用法" in organizations and "共通の進路情報" in organizations
    assert "個人向けのコラム" not in organizations
    home = (await client.get("/content")).text
    assert 'href="/for-individuals"' in home and 'href="/for-organizations"' in home  # the site navigation


async def test_the_atom_feed_is_valid_xml_with_the_published_entries(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer, reviewer = await _people(database)
    await article(database, settings, writer, reviewer, title="フィードの記事", slug="feed-one", summary="要約です。")
    frozen_clock.advance(hours=1)
    await article(database, settings, writer, reviewer, title="<b>特殊&文字</b>", kind="feature", summary="")
    await article(database, settings, writer, title="下書き")
    response = await client.get("/content/feed.atom")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "【特集】<b>特殊&文字</b>",
        "PARTNERコラム 第1号「フィードの記事」",
    ]
    assert entries[1].find(f"{ATOM}link").get("href") == "http://testserver.local/content/feed-one"
    assert entries[1].findtext(f"{ATOM}summary") == "要約です。"
    assert entries[0].findtext(f"{ATOM}summary") == "最初の段落。 二つ目の段落。"  # from the body
    assert root.findtext(f"{ATOM}updated") == (NOW + timedelta(hours=1)).isoformat()
