"""Thursday's job with a controlled clock: exactly what appeared since the previous issue's
cut-off, one draft per week whatever runs twice, gap-free numbers, and the hook for sections
of higher slices (事務局からのお知らせ)."""

from __future__ import annotations

from datetime import timedelta

from features.partner_news.schedule import latest_occurrence, next_occurrence, weekly_cron_utc
from tests.features.partner_news.helpers import (
    FRI_1,
    THU_1,
    THU_2,
    approve,
    issues,
    koubo,
    mails,
    organization,
    posting,
    run_assembly,
    run_sending,
    seminar,
    site_news,
    staff,
    titles,
)


def test_the_cron_lines_are_the_japan_times_in_utc():
    assert weekly_cron_utc(3, "09:00") == "0 0 * * 4"  # Thursday 09:00 JST = Thursday 00:00 UTC
    assert weekly_cron_utc(4, "10:00") == "0 1 * * 5"
    assert weekly_cron_utc(0, "07:30") == "30 22 * * 0"  # Monday 07:30 JST = Sunday 22:30 UTC
    assert latest_occurrence(THU_1 + timedelta(seconds=1), 3, "09:00") == THU_1
    assert latest_occurrence(THU_1 - timedelta(seconds=1), 3, "09:00") == THU_1 - timedelta(weeks=1)
    assert next_occurrence(THU_1, 4, "10:00") == FRI_1


async def test_the_draft_holds_exactly_what_appeared_since_the_last_cutoff(database, settings, frozen_clock):
    org = await organization(database)
    office = await staff(database)
    frozen_clock.current = THU_1
    await posting(database, org, "先週の求人", THU_1 - timedelta(days=2))
    assert await run_assembly(database, settings) == 1  # 第1号: the week before THU_1
    await approve(database, (await issues(database))[0].id, office)
    frozen_clock.current = FRI_1
    assert await run_sending(database, settings) == 1
    frozen_clock.current = THU_2 + timedelta(minutes=5)
    await posting(database, org, "新しい求人A", THU_1 + timedelta(hours=1))
    await posting(database, org, "新しい求人B", THU_2 - timedelta(minutes=1))
    await posting(database, org, "締切後に公開予定", THU_2 + timedelta(minutes=1))  # after the cut-off
    await posting(database, org, "帰国隊員向け", THU_1 + timedelta(hours=2), for_jocv=True)  # not for everyone
    await posting(database, org, "差戻し中", THU_1 + timedelta(hours=2), status="returned")
    await posting(database, org, "研修のご案内", THU_1 + timedelta(days=1), kind="event")
    await posting(database, org, "団体のお知らせ", THU_1 + timedelta(days=2), kind="notice")
    await koubo(database, org, "保健アドバイザー公募", THU_1 + timedelta(days=3))
    await seminar(database, "国際協力人材セミナー", THU_1 + timedelta(days=4))
    await site_news(database, "年末年始の休業", THU_1 + timedelta(days=5))
    await site_news(database, "先月のお知らせ", THU_1 - timedelta(days=20))
    assert await run_assembly(database, settings) == 1
    first, second = await issues(database)
    assert await titles(database, first.id) == {"jobs": ["先週の求人"]}
    assert (second.number, str(second.week_of)) == (2, "2026-12-10")
    assert second.window_from.replace(tzinfo=None) == THU_1.replace(tzinfo=None)
    assert await titles(database, second.id) == {
        "jobs": ["新しい求人A", "新しい求人B"],
        "events": ["研修のご案内", "国際協力人材セミナー"],
        "koubo": ["保健アドバイザー公募"],
        "org_notices": ["団体のお知らせ"],
        "secretariat": ["年末年始の休業"],
    }


async def test_running_twice_makes_one_draft_and_one_mail_to_the_secretariat(database, settings, frozen_clock):
    org = await organization(database)
    frozen_clock.current = THU_1 + timedelta(minutes=1)
    await posting(database, org, "求人", THU_1 - timedelta(days=1))
    assert await run_assembly(database, settings) == 1
    assert await run_assembly(database, settings) == 0
    frozen_clock.advance(hours=5)
    assert await run_assembly(database, settings) == 0  # later the same week: still this week's issue
    [issue] = await issues(database)
    assert issue.number == 1 and await titles(database, issue.id) == {"jobs": ["求人"]}
    [mail] = await mails(database)
    assert mail.to_address == settings.mail.secretariat_address
    assert "第1号の下書き" in mail.subject and "12月4日 10:00" in mail.subject


async def test_before_thursday_nine_nothing_new_is_made(database, settings, frozen_clock):
    frozen_clock.current = THU_1 - timedelta(minutes=1)
    assert await run_assembly(database, settings) == 1  # the previous week's issue (it did not exist)
    [issue] = await issues(database)
    assert str(issue.week_of) == "2026-11-26"
    assert await run_assembly(database, settings) == 0


async def test_numbers_are_gap_free_and_a_skipped_week_rolls_over(database, settings, frozen_clock):
    org = await organization(database)
    frozen_clock.current = THU_1
    await posting(database, org, "第1週の求人", THU_1 - timedelta(days=1))
    await run_assembly(database, settings)  # 第1号, never approved
    frozen_clock.current = FRI_1
    assert await run_sending(database, settings) == 1  # skipped: its number is given back
    frozen_clock.current = THU_2
    await posting(database, org, "第2週の求人", THU_2 - timedelta(days=1))
    await run_assembly(database, settings)
    skipped, current = await issues(database)
    assert (skipped.status, skipped.number) == ("skipped", None)
    assert (current.status, current.number) == ("draft", 1)
    # Nothing was sent in the skipped week, so its news is in the next issue.
    assert await titles(database, current.id) == {"jobs": ["第1週の求人", "第2週の求人"]}


async def test_a_missed_friday_is_settled_before_the_next_issue_is_numbered(database, settings, frozen_clock):
    frozen_clock.current = THU_1
    await run_assembly(database, settings)  # 第1号, never approved, and the worker missed Friday
    frozen_clock.current = THU_2
    await run_assembly(database, settings)
    skipped, current = await issues(database)
    assert skipped.status == "skipped" and current.number == 1


async def test_an_item_is_listed_once_even_when_its_time_moves(database, settings, frozen_clock):
    org = await organization(database)
    office = await staff(database)
    frozen_clock.current = THU_1
    # Public since Wednesday; the publication task records it only after Thursday's cut-off.
    posting_id = await posting(database, org, "一度だけ", THU_1 - timedelta(days=1))
    await run_assembly(database, settings)
    await approve(database, (await issues(database))[0].id, office)
    from sqlalchemy import update

    from features.postings.models import Posting

    async with database.session() as db:
        await db.execute(
            update(Posting).where(Posting.id == posting_id).values(published_at=THU_1 + timedelta(minutes=3))
        )
    frozen_clock.current = THU_2
    await run_assembly(database, settings)
    first, second = await issues(database)
    assert await titles(database, first.id) == {"jobs": ["一度だけ"]}
    assert await titles(database, second.id) == {}
