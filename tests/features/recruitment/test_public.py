"""公募情報 (/koubo), each 公募's page, 過去の公募案件, the feed and the top page: filters, order,
paging that keeps every filter, only public 公募, JSON-LD, 再公募 chains and the view count."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from xml.etree import ElementTree

from sqlalchemy import select

from app.clock import JST
from features.recruitment.models import Koubo, KouboDailyCount, NoticeStatus
from tests.app.test_paging import pager_link, query_of
from tests.features.recruitment.helpers import make_jica, make_koubo

BROWSER = {"user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"}
S = NoticeStatus


def titles(page: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<h2><a href="/koubo/\d+">([^<]+)</a></h2>', page)]


async def two_open(database, frozen_clock):
    """Two public 公募 unlike in every filter, and one of each kind the public never sees."""
    _, jica = await make_jica(database)
    now = frozen_clock.current
    kenya = await make_koubo(
        database,
        jica.id,
        serial=1,
        title="ケニア保健医療政策アドバイザー",
        language_codes=" en ",
        search_text="ケニア保健医療政策アドバイザー 保健省",
        published_at=now - timedelta(hours=1),
    )
    tokyo = await make_koubo(
        database,
        jica.id,
        serial=2,
        title="国内協力員（教育）",
        koubo_type="国内協力員",
        domestic=True,
        country="",
        prefecture="東京都",
        sector="education",
        long_term=False,
        language_codes=" fr ",
        search_text="国内協力員（教育） 東京",
        deadline_at=now + timedelta(days=3),
        published_at=now - timedelta(days=2),
    )
    hidden = [
        await make_koubo(database, jica.id, serial=10 + n, status=status, title=f"見えない{n}")
        for n, status in enumerate((S.DRAFT, S.PENDING, S.RETURNED, S.STOPPED))
    ]
    hidden.append(await make_koubo(database, jica.id, serial=20, title="掲載予定", publish_at=now + timedelta(days=1)))
    return jica, kenya, tokyo, hidden


async def test_filters_order_and_only_public(client, database, frozen_clock):
    _, kenya, tokyo, _ = await two_open(database, frozen_clock)
    page = (await client.get("/koubo")).text
    assert titles(page) == [tokyo.title, kenya.title]  # 締切が近い順 by default
    assert titles((await client.get("/koubo?sort=new")).text) == [kenya.title, tokyo.title]
    for query, expected in (
        ("country=domestic", [tokyo.title]),
        ("country=KE", [kenya.title]),
        ("language=fr", [tokyo.title]),
        ("language=en", [kenya.title]),
        ("term=long", [kenya.title]),
        ("term=short", [tokyo.title]),
        ("koubo_type=国内協力員", [tokyo.title]),
        ("sector=education", [tokyo.title]),
        ("keyword=保健省", [kenya.title]),
        ("keyword=保健省 東京", []),
        ("country=KE&language=fr", []),
    ):
        assert titles((await client.get(f"/koubo?{query}")).text) == expected, query
    # an unknown value is ignored rather than matching nothing
    assert len(titles((await client.get("/koubo?country=XX&language=<b>&term=forever")).text)) == 2
    assert "公募中" in page and "2026-JE-0001" in page and "長期専門家" in page and "ケニア" in page
    deadline = kenya.deadline_at.astimezone(JST)
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日 12:00" in page
    assert '<link rel="alternate" type="application/atom+xml"' in page and 'href="/koubo/feed.atom"' in page


async def test_state_shown_per_row(client, database, frozen_clock):
    _, jica = await make_jica(database)
    now = frozen_clock.current
    await make_koubo(database, jica.id, serial=1, title="締切済み", deadline_at=now - timedelta(minutes=1, seconds=1))
    await make_koubo(database, jica.id, serial=2, title="選考している", status=S.SCREENING)
    page = (await client.get("/koubo")).text
    assert ">締切<" in page and ">選考中<" in page and ">公募中<" not in page


async def test_paging_keeps_every_filter_and_htmx_gets_the_fragment(client, database, frozen_clock):
    _, jica = await make_jica(database)
    for n in range(25):
        await make_koubo(
            database, jica.id, serial=n + 1, title=f"ケニア案件{n:02d}", language_codes=" en ", search_text="ケニア"
        )
    query = "keyword=ケニア&koubo_type=長期専門家&country=KE&sector=health&language=en&term=long&sort=new"
    first = await client.get(f"/koubo?{query}")
    assert len(titles(first.text)) == 20
    link = pager_link(first.text, "next")
    params = query_of(link)
    for key in ("keyword", "koubo_type", "country", "sector", "language", "term", "sort"):
        assert params[key] == [dict(p.split("=") for p in query.split("&"))[key]], key
    assert params["page"] == ["2"]
    second = await client.get(link, headers={"HX-Request": "true", "HX-Target": "search-results"})
    assert len(titles(second.text)) == 5 and "<html" not in second.text
    assert pager_link(second.text, "prev")
    # without JavaScript the form is a plain GET to the same address
    assert 'method="get" action="/koubo"' in first.text and 'hx-push-url="true"' in first.text


async def test_detail_opens_only_for_public_and_archived(client, database, frozen_clock):
    jica, kenya, tokyo, hidden = await two_open(database, frozen_clock)
    archived = await make_koubo(database, jica.id, serial=30, status=S.ARCHIVED, title="終わった公募")
    gone = await make_koubo(database, jica.id, serial=31, status=S.ARCHIVED, title="隠した公募", hidden=True)
    for koubo in (kenya, tokyo, archived):
        assert (await client.get(f"/koubo/{koubo.id}")).status_code == 200
    for koubo in (*hidden, gone):
        response = await client.get(f"/koubo/{koubo.id}")
        assert response.status_code == 404 and koubo.title not in response.text
    assert (await client.get("/koubo/999999")).status_code == 404


async def test_detail_shows_fields_json_ld_and_no_script_break_out(client, database, frozen_clock):
    _, jica = await make_jica(database)
    koubo = await make_koubo(
        database,
        jica.id,
        title='悪意</script><script>alert(1)</script>"',
        duties="<!-- 業務 --> & 調整",
        languages=json.dumps([{"language": "en", "level": "A", "need": "必須"}]),
        required_qualifications=json.dumps(["保健医療分野の修士号"]),
        preferred_qualifications=json.dumps(["途上国での業務経験"]),
        required_documents=json.dumps(["業務企画書"]),
        optional_documents=json.dumps(["語学証明書"]),
    )
    page = (await client.get(f"/koubo/{koubo.id}")).text
    assert "<script>alert(1)" not in page
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@type"] == "JobPosting" and data["title"] == koubo.title and data["description"] == koubo.duties
    assert data["validThrough"].endswith("T12:00:00+09:00")
    assert data["identifier"]["value"] == "2026-JE-0001"
    assert data["hiringOrganization"]["name"] and data["jobLocation"]["address"]["addressCountry"] == "KE"
    assert data["datePosted"] and data["employmentType"]
    for shown in (
        "英語",
        "必須",
        "保健医療分野の修士号",
        "途上国での業務経験",
        "専門家履歴書",
        "業務企画書",
        "語学証明書",
        "JICA 人事部 公募担当",
        "ケニア保健省",
    ):
        assert shown in page, shown


async def test_repeat_chain_both_ways_and_archive_note(client, database, frozen_clock):
    _, jica = await make_jica(database)
    earlier = await make_koubo(database, jica.id, serial=1, status=S.ARCHIVED, title="第一回の公募")
    current = await make_koubo(database, jica.id, serial=2, title="第二回の公募", repeat_of_id=earlier.id)
    await make_koubo(database, jica.id, serial=3, status=S.DRAFT, title="第三回の下書き", repeat_of_id=current.id)
    page = (await client.get(f"/koubo/{current.id}")).text
    assert f'href="/koubo/{earlier.id}"' in page and "の再公募です" in page and "第三回の下書き" not in page
    assert "過去の公募案件です" not in page and "apply-area" in page
    old = (await client.get(f"/koubo/{earlier.id}")).text
    assert f'href="/koubo/{current.id}"' in old and "はこの公募の再公募です" in old
    assert "過去の公募案件です" in old and "apply-area" not in old and "application/ld+json" not in old


async def test_views_counted_once_per_request_never_for_a_crawler(client, database, frozen_clock):
    _, jica = await make_jica(database)
    koubo = await make_koubo(database, jica.id)

    async def views() -> int:
        async with database.session(write=False) as db:
            row = (await db.execute(select(KouboDailyCount).where(KouboDailyCount.koubo_id == koubo.id))).scalar()
            return row.views if row else 0

    assert (await client.get(f"/koubo/{koubo.id}", headers=BROWSER)).status_code == 200
    assert await views() == 1
    await client.get(f"/koubo/{koubo.id}", headers=BROWSER)
    assert await views() == 2
    for crawler in ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0", ""):
        assert (await client.get(f"/koubo/{koubo.id}", headers={"user-agent": crawler})).status_code == 200
    assert await views() == 2
    # counts only: the table has no column that could say who
    assert set(KouboDailyCount.__table__.columns.keys()) == {
        "koubo_id",
        "day",
        "views",
        "apply_clicks",
        "started",
        "submitted",
    }


async def test_archive_filters_and_only_archived(client, database, frozen_clock):
    _, jica = await make_jica(database)
    now = frozen_clock.current
    a = await make_koubo(
        database,
        jica.id,
        serial=1,
        status=S.ARCHIVED,
        title="2025年のケニア",
        deadline_at=now - timedelta(days=400),
        search_text="ケニア",
    )
    b = await make_koubo(
        database,
        jica.id,
        serial=2,
        status=S.ARCHIVED,
        title="2026年の国内",
        koubo_type="国内協力員",
        domestic=True,
        country="",
        sector="education",
        deadline_at=now - timedelta(days=30),
    )
    await make_koubo(database, jica.id, serial=3, title="いま公募中")
    await make_koubo(database, jica.id, serial=4, status=S.ARCHIVED, title="隠した", hidden=True)
    page = (await client.get("/koubo/archive")).text
    assert titles(page) == [b.title, a.title]
    assert '<option value="2026">2026年</option>' in page and '<option value="2025">2025年</option>' in page
    for query, expected in (
        ("year=2025", [a.title]),
        ("year=2026", [b.title]),
        ("koubo_type=国内協力員", [b.title]),
        ("country=domestic", [b.title]),
        ("country=KE", [a.title]),
        ("sector=education", [b.title]),
        ("keyword=ケニア", [a.title]),
        ("year=1999", [b.title, a.title]),  # a year with nothing archived is not a choice
    ):
        assert titles((await client.get(f"/koubo/archive?{query}")).text) == expected, query
    assert "いま公募中" not in (await client.get("/koubo/archive")).text
    assert "2025年のケニア" not in (await client.get("/koubo")).text


async def test_feed_and_top_page(client, database, frozen_clock):
    _, jica = await make_jica(database)
    now = frozen_clock.current
    made = [
        await make_koubo(
            database, jica.id, serial=n + 1, title=f"新着公募{n}", published_at=now - timedelta(hours=10 - n)
        )
        for n in range(7)
    ]
    await make_koubo(database, jica.id, serial=50, status=S.DRAFT, title="下書きの公募")
    feed = await client.get("/koubo/feed.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(feed.content)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert [e.find(f"{atom}title").text for e in entries][:2] == ["新着公募6", "新着公募5"]
    assert "下書きの公募" not in feed.text
    assert entries[0].find(f"{atom}link").get("href") == f"http://testserver.local/koubo/{made[6].id}"
    top = (await client.get("/")).text
    assert "新着の公募情報" in top
    shown = re.findall(r'<a href="/koubo/\d+">(新着公募\d)</a>', top)
    assert shown == ["新着公募6", "新着公募5", "新着公募4", "新着公募3", "新着公募2"]
    assert 'href="/koubo"' in top
    # 公募情報 is in the site navigation for everyone
    assert re.search(r'<a[^>]*href="/koubo"[^>]*>公募情報</a>', (await client.get("/koubo")).text)


async def test_koubo_rows_unchanged_by_viewing(client, database, frozen_clock):
    """GET stays read-mostly: viewing writes only the count."""
    _, jica = await make_jica(database)
    koubo = await make_koubo(database, jica.id)
    await client.get(f"/koubo/{koubo.id}", headers=BROWSER)
    async with database.session(write=False) as db:
        again = await db.get(Koubo, koubo.id)
    assert again.updated_at == koubo.updated_at and again.status == koubo.status
