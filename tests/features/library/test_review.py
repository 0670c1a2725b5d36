"""The yearly review (§8.5.1) with a controlled clock: the job mails the secretariat once per day
with only the items not confirmed in 12 months (or never), and the counters for the reports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from features.library import api, review
from features.library.models import LibraryItem
from features.library.service import review_cutoff
from tests.features.library.helpers import mails, make_item

MONDAY = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)  # 09:00 JST


async def _confirmed(database, settings, title: str, on: date | None, **values) -> int:
    item = await make_item(database, settings, title=title, **values)
    async with database.session() as db:
        (await db.get(LibraryItem, item.id)).last_confirmed_on = on
    return item.id


async def _run(database, settings) -> int:
    async with database.session() as db:
        return await review.mail_review_list(db, settings)


async def test_the_job_mails_the_stale_items_once_per_day(database, settings, frozen_clock):
    frozen_clock.current = MONDAY
    settings.mail.secretariat_address = "office@partner.example.jp"
    stale = await _confirmed(database, settings, "古いポスター", date(2025, 12, 1), category="poster")
    never = await _confirmed(database, settings, "未確認のマニュアル", None, category="manual", audience="staff")
    edge = await _confirmed(database, settings, "ちょうど12か月前", date(2025, 12, 7))
    await _confirmed(database, settings, "11か月前に確認", date(2026, 1, 10))
    await _confirmed(database, settings, "今日登録", date(2026, 12, 7))
    assert await _run(database, settings) == 3
    [mail] = await mails(database)
    assert mail.to_address == "office@partner.example.jp"
    assert "要確認 3件" in mail.subject and "2026年12月7日" in mail.subject
    for title in ("古いポスター", "未確認のマニュアル", "ちょうど12か月前"):
        assert title in mail.body
    assert "11か月前に確認" not in mail.body and "今日登録" not in mail.body
    assert f"http://testserver.local/admin/library/{stale}" in mail.body
    assert f"http://testserver.local/admin/library/{never}" in mail.body and "未確認" in mail.body
    assert "http://testserver.local/admin/library?due=1" in mail.body
    assert edge and await _run(database, settings) == 3  # the same day again: nothing more
    frozen_clock.advance(hours=14)  # still Monday in Japan
    await _run(database, settings)
    assert len(await mails(database)) == 1
    frozen_clock.current = MONDAY + timedelta(weeks=1)
    assert await _run(database, settings) == 3
    assert len(await mails(database)) == 2


async def test_nothing_is_mailed_when_everything_was_confirmed(database, settings, frozen_clock):
    frozen_clock.current = MONDAY
    await _confirmed(database, settings, "最近確認", date(2026, 6, 1))
    assert await _run(database, settings) == 0
    assert await mails(database) == []


async def test_counters_for_the_reports(database, settings, frozen_clock):
    frozen_clock.current = MONDAY
    await _confirmed(database, settings, "a", None, category="banner", audience="public")
    await _confirmed(database, settings, "b", date(2026, 11, 1), category="banner", audience="organizations")
    await _confirmed(database, settings, "c", date(2024, 1, 1), category="template", audience="staff")
    async with database.session(write=False) as db:
        counts = await api.count_items(db)
        due = await api.items_due_for_review(db, date(2026, 12, 7))
        later = await api.items_due_for_review(db, date(2027, 11, 1))
    assert counts["category"]["バナー"] == 2 and counts["category"]["文書テンプレート"] == 1
    assert counts["category"]["マニュアル"] == 0
    assert counts["audience"] == {"事務局内": 1, "団体": 1, "公開": 1}
    assert due == 2 and later == 3


def test_the_review_is_a_scheduled_job_of_the_slice():
    from features.library import SLICE

    job = next(j for j in SLICE.jobs if j.name == "mail_library_review")
    assert job.run is review.mail_review_list and job.cron == "0 0 * * 1"


def test_the_cutoff_is_the_same_day_months_before():
    assert review_cutoff(date(2026, 12, 7), 12) == date(2025, 12, 7)
    assert review_cutoff(date(2028, 2, 29), 12) == date(2027, 2, 28)
    assert review_cutoff(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert review_cutoff(date(2026, 1, 15), 13) == date(2024, 12, 15)
