"""求人情報を探す: Japanese keywords, filters, sort, paging, fragments, JOCV-only postings, feed."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from app.clock import JST
from features.accounts.models import Role
from features.postings import service
from features.postings.models import Posting, PostingKind, PostingStatus
from tests.app.test_paging import pager_link
from tests.features.accounts.helpers import log_in, make_user
from tests.features.postings.helpers import job_form, organization_for


async def publish(database, org_id: int, now, **changes) -> Posting:
    values = job_form(now, **changes)
    values["publish_at"] = (now - timedelta(hours=1)).astimezone(JST).strftime("%Y-%m-%dT%H:%M")
    async with database.session() as db:
        posting = Posting(
            organization_id=org_id,
            status=PostingStatus.APPROVED,
            draft=json.dumps(values),
            created_at=now,
            updated_at=now,
        )
        service.publish_columns(posting, values)
        db.add(posting)
    return posting


async def seed(database, now):
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    org = await organization_for(database, "org@example.jp")
    await publish(
        database,
        org.id,
        now,
        title="ケニア 保健プロジェクト",
        sector="health",
        country="KE",
        duties="母子保健の改善",
        requirements="保健分野の経験",
        job_type="保健専門家",
        flexible_work=[],
        closes_on=(now + timedelta(days=5)).astimezone(JST).date().isoformat(),
    )
    await publish(
        database,
        org.id,
        now,
        title="カンボジア 教育支援",
        sector="education",
        country="KH",
        employment_type="正職員",
        flexible_work=["remote"],
    )
    await publish(
        database,
        org.id,
        now,
        title="帰国隊員限定 ラオス教育",
        sector="education",
        country="LA",
        for_jocv="1",
        flexible_work=[],
    )
    return org


def titles(html: str) -> list[str]:
    import re

    return re.findall(r'<h2><a href="/jobs/\d+">([^<]+)</a></h2>', html)


async def test_two_character_japanese_keyword_finds_substrings(client, database, frozen_clock):
    await seed(database, frozen_clock())
    assert titles((await client.get("/jobs", params={"keyword": "保健"})).text) == ["ケニア 保健プロジェクト"]
    assert titles((await client.get("/jobs", params={"keyword": "教育"})).text) == ["カンボジア 教育支援"]
    assert titles((await client.get("/jobs", params={"keyword": "母子 改善"})).text) == ["ケニア 保健プロジェクト"]
    assert titles((await client.get("/jobs", params={"keyword": "100%_"})).text) == []


async def test_filters_and_sort(client, database, frozen_clock):
    await seed(database, frozen_clock())
    assert titles((await client.get("/jobs", params={"sector": "health"})).text) == ["ケニア 保健プロジェクト"]
    assert titles((await client.get("/jobs", params={"country": "KH"})).text) == ["カンボジア 教育支援"]
    assert titles((await client.get("/jobs", params={"employment_type": "正職員"})).text) == ["カンボジア 教育支援"]
    assert titles((await client.get("/jobs?flexible_work=remote")).text) == ["カンボジア 教育支援"]
    by_deadline = titles((await client.get("/jobs", params={"sort": "deadline"})).text)
    assert by_deadline[0] == "ケニア 保健プロジェクト"
    nonsense = await client.get("/jobs", params={"sector": "<script>", "country": "ZZ", "page": "x", "sort": "evil"})
    assert nonsense.status_code == 200 and "<script>" not in nonsense.text


async def test_results_come_as_a_fragment_for_htmx(client, database, frozen_clock):
    await seed(database, frozen_clock())
    fragment = await client.get(
        "/jobs", params={"keyword": "保健"}, headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    assert "<html" not in fragment.text and "ケニア 保健プロジェクト" in fragment.text
    assert fragment.headers["vary"] == "HX-Request"


async def test_jocv_postings_only_for_verified_returnees_and_staff(client, database, frozen_clock):
    await seed(database, frozen_clock())
    assert "帰国隊員限定" not in (await client.get("/jobs")).text
    talent = await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    assert "帰国隊員限定" not in (await client.get("/jobs")).text  # declared or not: unverified
    from sqlalchemy import select

    from features.accounts.models import Individual

    async with database.session() as db:
        individual = (await db.execute(select(Individual).where(Individual.user_id == talent.id))).scalar_one()
        individual.jocv_declared = True
        individual.jocv_verified_at = frozen_clock()
    assert "帰国隊員限定" in (await client.get("/jobs")).text


async def test_paging_keeps_the_filters(client, database, frozen_clock):
    org = await seed(database, frozen_clock())
    for i in range(25):
        await publish(database, org.id, frozen_clock(), title=f"教育案件{i:02d}", sector="education")
    first = await client.get("/jobs", params={"sector": "education"})
    assert "/jobs?sector=education&amp;sort=new&amp;page=2" in first.text  # the next page keeps the filters
    second = await client.get("/jobs", params={"sector": "education", "page": "2"})
    assert len(titles(second.text)) == 6 and all("保健" not in t for t in titles(second.text))


async def test_page_two_of_jobs_keeps_every_filter_including_two_flexible_work_values(
    client, database, frozen_clock, monkeypatch
):
    monkeypatch.setattr(service, "PER_PAGE", 2)
    now = frozen_clock()
    org = await seed(database, now)
    day = lambda d: (now + timedelta(days=d)).astimezone(JST).date().isoformat()  # noqa: E731
    match = dict(
        sector="water",
        country="TZ",
        job_type="水道エンジニア",
        employment_type="正職員",
        flexible_work=["remote", "short_hours"],
    )
    for i in range(3):
        await publish(database, org.id, now, title=f"給水 一致{i}", closes_on=day(10 + i), **match)
    for i, (name, miss) in enumerate(
        {
            "keyword": {"title": "井戸 外れ"},
            "sector": {"sector": "health"},
            "country": {"country": "KE"},
            "job_type": {"job_type": "会計"},
            "employment": {"employment_type": "契約職員"},
            "flexible": {"flexible_work": ["remote"]},
        }.items()
    ):
        await publish(
            database, org.id, now, **{"title": f"給水 外れ（{name}）", "closes_on": day(20 + i), **match, **miss}
        )
    filters = {
        "keyword": ["給水"],
        "sector": ["water"],
        "country": ["TZ"],
        "job_type": ["エンジニア"],
        "employment_type": ["正職員"],
        "flexible_work": ["remote", "short_hours"],
        "sort": ["deadline"],
    }
    first = await client.get("/jobs", params=[(k, v) for k, values in filters.items() for v in values])
    assert titles(first.text) == ["給水 一致0", "給水 一致1"]
    link = pager_link(first.text, "next")
    assert parse_qs(urlsplit(link).query) == {**filters, "page": ["2"]}
    for headers in ({}, {"HX-Request": "true", "HX-Target": "search-results"}):
        second = await client.get(link, headers=headers)
        assert titles(second.text) == ["給水 一致2"]  # every filter still applies on page 2
        assert parse_qs(urlsplit(pager_link(second.text, "prev")).query) == {**filters, "page": ["1"]}


async def test_page_two_of_events_keeps_every_filter(client, database, frozen_clock, monkeypatch):
    from tests.features.postings.test_events_notices import event_form

    monkeypatch.setattr(service, "PER_PAGE", 2)
    now = frozen_clock()
    org = await seed(database, now)
    past = (now - timedelta(hours=1)).astimezone(JST).strftime("%Y-%m-%dT%H:%M")
    for i, (title, changes) in enumerate(
        [
            ("防災 一致0", {}),
            ("防災 一致1", {}),
            ("防災 一致2", {}),
            ("防災 外れ（種別）", {"event_type": "研修"}),
            ("防災 外れ（分野）", {"sector": "health"}),
            ("外れ（キーワード）", {}),
        ]
    ):
        values = event_form(now, **{"title": title, "sector": "disaster_risk", "publish_at": past, **changes})
        async with database.session() as db:
            posting = Posting(
                organization_id=org.id,
                kind=PostingKind.EVENT,
                status=PostingStatus.APPROVED,
                draft=json.dumps(values),
                created_at=now,
                updated_at=now,
            )
            service.publish_columns(posting, values)
            posting.publish_at = now - timedelta(hours=10 - i)  # 新着順 is by publication
            db.add(posting)
    filters = {"keyword": ["防災"], "event_type": ["セミナー"], "sector": ["disaster_risk"], "sort": ["new"]}
    first = await client.get("/events", params=[(k, v[0]) for k, v in filters.items()])
    link = pager_link(first.text, "next")
    assert parse_qs(urlsplit(link).query) == {**filters, "page": ["2"]}
    assert event_titles((await client.get(link)).text) == ["防災 一致0"]


def event_titles(html: str) -> list[str]:
    import re

    return re.findall(r'<a href="/events/\d+">([^<]+)</a>', html)


async def test_atom_feed_lists_public_postings(client, database, frozen_clock):
    await seed(database, frozen_clock())
    feed = await client.get("/jobs/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert "<title>ケニア 保健プロジェクト</title>" in feed.text and "帰国隊員限定" not in feed.text
    assert '<link rel="self" href="http://testserver.local/jobs/feed.atom"/>' in feed.text  # the configured base URL
    assert re.search(r'<link rel="alternate" type="text/html" href="http://testserver.local/jobs/\d+"/>', feed.text)
