"""Publication and revision rules with a controlled clock: 公開予定 goes 公開中 by the job, the
public keeps the approved version until a revision is approved, the transition table refuses
what it does not list, and PARTNERニュース picks up what appeared."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app import slices
from features.content import api, service, states
from features.content.models import ContentItem, ContentStatus
from features.partner_news import assembly
from tests.features.content.helpers import NOW, REVIEWER, article, freeze, load, revise, staff


async def _publish_due(database, settings) -> int:
    async with database.session() as db:
        return await service.publish_due(db, settings)


async def test_a_scheduled_article_is_published_by_the_job_when_its_time_comes(
    client, database, settings, frozen_clock
):
    freeze(frozen_clock)
    writer, reviewer = await staff(database), await staff(database, REVIEWER)
    at = NOW + timedelta(hours=2)
    item_id = await article(database, settings, writer, reviewer, slug="new-year", publish_at=at.isoformat())
    item = await load(database, item_id)
    assert item.status == ContentStatus.SCHEDULED and item.publish_at == at and item.published_at is None
    assert (await client.get("/content/new-year")).status_code == 404
    assert "協力隊の経験" not in (await client.get("/content")).text
    frozen_clock.current = at - timedelta(minutes=1)
    assert await _publish_due(database, settings) == 0
    frozen_clock.current = at + timedelta(minutes=3)
    assert await _publish_due(database, settings) == 1
    assert await _publish_due(database, settings) == 0  # idempotent
    item = await load(database, item_id)
    assert item.status == ContentStatus.PUBLISHED and item.published_at == at
    assert (await client.get("/content/new-year")).status_code == 200


def test_the_job_is_registered_every_few_minutes():
    [job] = [j for j in slices.scheduled_jobs() if j.name == "publish_due_content"]
    assert job.cron == "*/5 * * * *" and job.run is service.publish_due


async def test_the_public_keeps_the_published_version_until_the_revision_is_approved(
    client, database, settings, frozen_clock
):
    freeze(frozen_clock)
    writer, reviewer = await staff(database), await staff(database, REVIEWER)
    item_id = await article(database, settings, writer, reviewer, title="元のタイトル", body="元の本文です。")
    await revise(database, settings, item_id, writer, submit=False, title="修正中のタイトル", body="修正中の本文です。")
    page = (await client.get(f"/content/{item_id}")).text
    assert "元のタイトル" in page and "元の本文です。" in page and "修正中" not in page
    async with database.session() as db:
        item = await service.item_by_id(db, item_id)
        await service.submit(db, item, writer)
    assert "修正中" not in (await client.get(f"/content/{item_id}")).text
    item = await load(database, item_id)
    assert item.status == ContentStatus.PUBLISHED and item.revision_state == "review"
    async with database.session() as db:
        await service.approve(db, await service.item_by_id(db, item_id), reviewer)
    page = (await client.get(f"/content/{item_id}")).text
    assert "修正中のタイトル" in page and "元のタイトル" not in page
    item = await load(database, item_id)
    assert item.revision_state == "" and item.published_version_id == item.latest_version_id


async def test_a_returned_revision_leaves_the_public_copy_alone(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer, reviewer = await staff(database), await staff(database, REVIEWER)
    item_id = await article(database, settings, writer, reviewer, title="元のタイトル")
    await revise(database, settings, item_id, writer, title="没になる修正")
    async with database.session() as db:
        await service.send_back(db, await service.item_by_id(db, item_id), reviewer, "表現を見直してください。")
    item = await load(database, item_id)
    assert item.status == ContentStatus.PUBLISHED and item.revision_state == "draft"
    assert item.title == "元のタイトル" and item.working_title == "没になる修正"


@pytest.mark.parametrize(
    ("status", "revision", "action"),
    [
        ("draft", "", "approve"),
        ("draft", "", "unpublish"),
        ("review", "", "save_draft"),
        ("published", "", "approve_revision"),
        ("published", "review", "save_revision"),
        ("hidden", "", "unpublish"),
        ("scheduled", "", "republish"),
    ],
)
def test_the_transition_table_refuses_what_it_does_not_list(status, revision, action):
    item = ContentItem(status=status, revision_state=revision, updated_at=NOW, created_at=NOW)
    with pytest.raises(states.TransitionError):
        states.apply(item, action)
    assert item.status == status and item.revision_state == revision


async def test_published_between_gives_newsfeed_items_and_partner_news_lists_them(database, settings, frozen_clock):
    freeze(frozen_clock)
    writer, reviewer = await staff(database), await staff(database, REVIEWER)
    first = await article(database, settings, writer, reviewer, title="第一の記事", slug="first")
    frozen_clock.advance(days=2)
    await article(database, settings, writer, reviewer, title="ご案内", kind="page")  # 案内ページ: not news
    await article(database, settings, writer, title="下書きの記事")
    async with database.session(write=False) as db:
        items = await api.published_between(db, NOW - timedelta(days=1), NOW + timedelta(days=7))
        assert [(i.title, i.path, i.source) for i in items] == [
            ("PARTNERコラム 第1号「第一の記事」", "/content/first", f"content:article:{first}")
        ]
        assert await api.published_between(db, NOW + timedelta(hours=1), NOW + timedelta(days=7)) == []
        sections = await assembly.collect_sections(db, NOW - timedelta(days=1), NOW + timedelta(days=7))
    [section] = [s for s in sections if s.key == "content"]
    assert section.title == "PARTNERコラム・特集" and [i.title for i in section.items] == [
        "PARTNERコラム 第1号「第一の記事」"
    ]


def test_the_body_diff_keeps_context_around_changes_and_folds_the_rest():
    from features.content.diff import body_lines

    before = "\n".join(f"行{n}" for n in range(1, 11))
    after = before + "\n追加した行"
    lines = [(line.op, line.text) for line in body_lines(before, after)]
    assert lines == [("skipped", "変更のない8行"), ("same", "行9"), ("same", "行10"), ("added", "追加した行")]
    long = "\n".join(f"行{n}" for n in range(1, 21))
    ops = [(line.op, line.text) for line in body_lines(long, long.replace("行10\n", "十行目\n"))]
    assert ops == [
        ("skipped", "変更のない7行"),
        ("same", "行8"),
        ("same", "行9"),
        ("removed", "行10"),
        ("added", "十行目"),
        ("same", "行11"),
        ("same", "行12"),
        ("skipped", "変更のない8行"),
    ]
