"""The demo postings look like real ones: varied titles, a history that lies in the past of the
clock at load time, and screen-reader labels that name the posting."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.clock import JST
from features.postings.models import Posting, PostingStatus
from tests.features.accounts.helpers import log_in


def title_of(posting: Posting) -> str:
    return posting.title or json.loads(posting.draft).get("title", "")


async def test_demo_postings_have_distinct_titles_and_no_date_after_the_load(
    demo_copy, database, settings, frozen_clock
):
    frozen_clock.advance(days=1000)  # not the year the demo was written in: every date follows the clock
    now = clock.now()
    await demo_copy(database, settings)
    async with database.session(write=False) as db:
        postings = list((await db.execute(select(Posting))).scalars())
    assert len(postings) > 300
    by_org = Counter((p.organization_id, title_of(p)) for p in postings)
    assert [key for key, n in by_org.items() if n > 1] == []  # no organization lists one title twice
    assert all(title_of(p) for p in postings)
    for p in postings:
        stamps = [p.created_at, p.updated_at, p.submitted_at, p.approved_at, p.published_at, p.stopped_at]
        assert all(s is None or clock.to_jst(s) <= now for s in stamps), (p.title, stamps)
        assert clock.to_jst(p.created_at) <= clock.to_jst(p.updated_at)
        if p.status in (PostingStatus.APPROVED, PostingStatus.STOPPED):
            assert clock.to_jst(p.approved_at) <= clock.to_jst(p.publish_at) or clock.to_jst(p.publish_at) > now
            assert now - timedelta(days=90) <= clock.to_jst(p.publish_at) <= now + timedelta(days=30)
        for year in re.findall(r"(\d{4})年", p.draft):  # 「2027年4月（応相談）」 written into the code would drift
            assert abs(int(year) - now.astimezone(JST).year) <= 1, (p.title, year)


async def test_application_count_link_names_the_posting_title(demo_copy, client, database, settings):
    await demo_copy(database, settings)
    await log_in(client, database, "org@example.org", "partner-demo-2026")
    page = (await client.get("/postings/jobs")).text
    rows = re.findall(
        r'<tr>\s*<td>([^<]*)</td>.*?<a href="/postings/jobs/\d+/applications">\d+件'
        r'<span class="visually-hidden">（([^<]*)の応募）</span></a>',
        page,
        re.S,
    )
    assert len(rows) >= 8  # 下書き, 承認待ち and 差戻し among them: their title is only in the draft
    for title, hidden in rows:
        assert html.unescape(hidden) == html.unescape(title) != "（無題）"
