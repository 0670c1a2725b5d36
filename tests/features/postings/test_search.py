"""求人情報を探す: Japanese keywords, filters, sort, paging, fragments, JOCV-only postings, feed."""

from __future__ import annotations

import json
from datetime import timedelta

from app.clock import JST
from features.accounts.models import Role
from features.postings import service
from features.postings.models import Posting, PostingStatus
from tests.features.accounts.helpers import log_in, make_user
from tests.features.postings.helpers import job_form, organization_for


async def publish(database, org_id: int, now, **changes) -> Posting:
    values = job_form(now, **changes)
    values["publish_at"] = (now - timedelta(hours=1)).astimezone(JST).strftime("%Y-%m-%dT%H:%M")
    async with database.session() as db:
        posting = Posting(organization_id=org_id, status=PostingStatus.APPROVED, draft=json.dumps(values),
                          created_at=now, updated_at=now)
        service._publish_columns(posting, values)
        db.add(posting)
    return posting


async def seed(database, now):
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    org = await organization_for(database, "org@example.jp")
    await publish(database, org.id, now, title="ケニア 保健プロジェクト", sector="health", country="KE",
                  duties="母子保健の改善", requirements="保健分野の経験", job_type="保健専門家", flexible_work=[], closes_on=(now + timedelta(days=5)).astimezone(JST).date().isoformat())
    await publish(database, org.id, now, title="カンボジア 教育支援", sector="education", country="KH",
                  employment_type="正職員", flexible_work=["remote"])
    await publish(database, org.id, now, title="帰国隊員限定 ラオス教育", sector="education", country="LA", for_jocv="1", flexible_work=[])
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
    fragment = await client.get("/jobs", params={"keyword": "保健"}, headers={"HX-Request": "true", "HX-Target": "search-results"})
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


async def test_atom_feed_lists_public_postings(client, database, frozen_clock):
    await seed(database, frozen_clock())
    feed = await client.get("/jobs/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert "<title>ケニア 保健プロジェクト</title>" in feed.text and "帰国隊員限定" not in feed.text

