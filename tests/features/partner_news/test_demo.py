"""Demo PARTNERニュース: 第1号 and 第2号 sent (public), this week's 第3号 a draft."""

from __future__ import annotations

from tests.features.partner_news.helpers import issues, titles


async def test_two_back_issues_and_this_weeks_draft(demo_copy, database, settings, frozen_clock, client):
    await demo_copy(database, settings)
    first, second, draft = await issues(database)
    assert [(i.number, i.status) for i in (first, second, draft)] == [(1, "sent"), (2, "sent"), (3, "draft")]
    assert first.approved_by is not None and first.sent_at is not None
    assert "{氏名}" in draft.lead
    contents = [await titles(database, i.id) for i in (first, second, draft)]
    assert sum(len(items) for c in contents for items in c.values()) > 0
    assert draft.send_due_at > frozen_clock.current  # still approvable
    archive = (await client.get("/news/partner-news")).text
    assert "第2号" in archive and "第1号" in archive and "第3号" not in archive
