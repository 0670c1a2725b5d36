"""Friday's job: only an approved issue is handed to the mailings engine, which sends it to the
subscribers with the one-click unsubscribe headers; an unapproved issue sends nothing, is marked
見送り and the secretariat is told exactly once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.mail import OutboxMail
from features.mail_preferences import api as preferences
from features.mailings import api as mailings
from features.mailings.models import Mailing
from tests.features.mailings.helpers import deliver_all, person, send
from tests.features.mailings.helpers import organization as org_account
from tests.features.partner_news.helpers import (
    FRI_1,
    THU_1,
    approve,
    issues,
    mails,
    organization,
    posting,
    run_assembly,
    run_sending,
    staff,
)


@pytest.fixture
def smtp_settings(settings, smtp):
    settings.mail.transport = "smtp"
    settings.mail.smtp_host = "127.0.0.1"
    settings.mail.smtp_port = smtp.port
    settings.mail.smtp_timeout = 5
    return settings


async def test_an_approved_issue_goes_to_the_subscribers_with_unsubscribe_headers(
    database, smtp_settings, smtp, frozen_clock
):
    settings = smtp_settings
    office = await staff(database)
    org = await organization(database)  # an approved 団体 (its PARTNERニュース is on by default)
    reader = await person(database, "reader@example.jp", family_name="佐藤", given_name="花子")
    await person(database, "quiet@example.jp")  # 個人: off by default
    async with database.session() as db:
        await preferences.set_preference(db, reader, preferences.Category.NEWS, True)
    frozen_clock.current = THU_1
    await posting(database, org, "{氏名}を含む求人", THU_1 - timedelta(days=1))
    await run_assembly(database, settings)
    [issue] = await issues(database)
    await approve(database, issue.id, office, "{氏名} 様\n\n第1号をお届けします。")
    frozen_clock.current = FRI_1 - timedelta(minutes=1)
    assert await run_sending(database, settings) == 0  # not yet
    frozen_clock.current = FRI_1
    assert await run_sending(database, settings) == 1
    assert await run_sending(database, settings) == 0  # a second run sends nothing again
    [issue] = await issues(database)
    assert issue.status == "sent" and issue.mailing_id is not None
    async with database.session(write=False) as db:
        mailing = await db.get(Mailing, issue.mailing_id)
        assert (mailing.origin, mailing.category, mailing.approved_by) == (f"partner_news:{issue.id}", "news", office)
    assert await send(database, settings, issue.mailing_id) == "done"
    await deliver_all(database, settings)
    by_address = {m.recipients[0]: m for m in smtp.messages}
    assert "quiet@example.jp" not in by_address  # not subscribed: nothing
    mail = by_address["reader@example.jp"]
    body = mail.body.replace("\r\n", "\n")
    assert str(mail.message["Subject"]) == "PARTNERニュース 第1号（2026年12月4日）"
    assert body.startswith("PARTNERニュース 第1号（2026年12月4日）\n\n佐藤 花子 様\n\n第1号をお届けします。")
    assert "■ 求人情報（1件）" in body and "・〔氏名〕を含む求人" in body  # a title is never a merge field
    assert re.search(r"https?://\S+/jobs/\d+", body)
    https, mailto = re.findall(r"<([^>]+)>", str(mail.message["List-Unsubscribe"]))
    assert https == preferences.unsubscribe_url(settings, reader, preferences.Category.NEWS)
    assert mailto.startswith("mailto:unsubscribe+")
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    news = {m.recipients[0] for m in smtp.messages if "PARTNERニュース 第1号" in str(m.message["Subject"])}
    assert news == {"reader@example.jp", "ngo@example.jp"}  # the 団体 (on by default) and the subscriber
    async with database.session(write=False) as db:
        figures = await mailings.mailing_figures(db, issue.mailing_id)
    assert (figures.recipients, figures.sent, figures.suppressed) == (3, 2, 1)


async def test_an_unapproved_issue_sends_nothing_and_reminds_once(database, settings, frozen_clock):
    await org_account(database, "org@example.jp")
    frozen_clock.current = THU_1
    await run_assembly(database, settings)
    before = len(await mails(database))  # the 下書き notice of Thursday
    frozen_clock.current = FRI_1 + timedelta(minutes=2)
    assert await run_sending(database, settings) == 1
    assert await run_sending(database, settings) == 0
    frozen_clock.advance(hours=1)
    assert await run_sending(database, settings) == 0
    [issue] = await issues(database)
    assert (issue.status, issue.mailing_id, issue.number) == ("skipped", None, None)
    async with database.session(write=False) as db:
        assert (await db.scalar(select(Mailing.id))) is None  # nothing handed to the engine
    reminders = (await mails(database))[before:]
    assert [m.to_address for m in reminders] == [settings.mail.secretariat_address]
    assert "見送りました" in reminders[0].subject and "何も送信されていません" in reminders[0].body
    assert "<partner-news-skipped." in reminders[0].message_id


async def test_the_reminder_is_keyed_so_a_retry_never_sends_a_second(database, settings, frozen_clock):
    frozen_clock.current = THU_1
    await run_assembly(database, settings)
    [issue] = await issues(database)
    frozen_clock.current = FRI_1
    async with database.session() as db:
        from features.partner_news import sending

        await sending.send_due_issues(db, settings)
        # The same mail again (a retry after a lost commit would find it queued and skip it).
        from app.mail import keyed_message_id, mail_queued

        assert await mail_queued(db, keyed_message_id(settings, f"partner-news-skipped.{issue.id}"))
    async with database.session(write=False) as db:
        keyed = list(await db.scalars(select(OutboxMail).where(OutboxMail.message_id.like("<partner-news-skipped.%"))))
    assert len(keyed) == 1


async def test_the_staff_list_shows_each_issue_with_its_state_and_figures(client, database, settings, frozen_clock):
    from tests.features.partner_news.helpers import as_office

    frozen_clock.current = THU_1
    await run_assembly(database, settings)  # 第1号
    office = await staff(database, "approver@example.jp")
    await approve(database, (await issues(database))[0].id, office)
    await org_account(database, "org@example.jp")
    frozen_clock.current = FRI_1
    await run_sending(database, settings)
    [issue] = await issues(database)
    await send(database, settings, issue.mailing_id)
    frozen_clock.current = FRI_1 + timedelta(weeks=1) - timedelta(days=1)  # the next Thursday
    await run_assembly(database, settings)  # 第2号, a draft
    await as_office(client, database)
    page = (await client.get("/admin/partner-news")).text
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    assert "第2号" in rows[1] and "下書き" in rows[1]
    assert "第1号" in rows[2] and "配信済" in rows[2] and "配信対象 1人／送信済み 0・送信待ち 1" in rows[2]
    detail = (await client.get(f"/admin/partner-news/{issue.id}")).text
    assert "配信対象 1人" in detail and 'href="/news/partner-news/1">公開ページ</a>' in detail


async def test_an_approval_racing_fridays_skip_never_revives_the_issue(database, settings, frozen_clock):
    from features.partner_news import service

    office = await staff(database)
    frozen_clock.current = THU_1
    await run_assembly(database, settings)
    [issue] = await issues(database)
    async with database.session() as db:
        await service.save_lead(db, await service.issue_by_id(db, issue.id), "今週の号です。", office)
    stale = (await issues(database))[0]  # read as a 下書き by the staff member's request …
    frozen_clock.current = FRI_1
    await run_sending(database, settings)  # … while Friday's job skips it
    frozen_clock.current = FRI_1 - timedelta(seconds=1)  # (the request's own clock was still before)
    async with database.session() as db:
        db.add(stale)
        with pytest.raises(service.IssueError) as refused:
            await service.approve(db, stale, office)
    assert "状態が変わりました" in refused.value.message
    [issue] = await issues(database)
    assert (issue.status, issue.approved_by) == ("skipped", None)


async def test_an_unapproval_racing_the_send_never_turns_a_sent_issue_back(database, settings, frozen_clock):
    from features.partner_news import service

    office = await staff(database)
    frozen_clock.current = THU_1
    await run_assembly(database, settings)
    await approve(database, (await issues(database))[0].id, office)
    stale = (await issues(database))[0]
    frozen_clock.current = FRI_1
    await run_sending(database, settings)
    async with database.session() as db:
        db.add(stale)
        with pytest.raises(service.IssueError):
            await service.unapprove(db, stale, office)
    [issue] = await issues(database)
    assert issue.status == "sent" and issue.mailing_id is not None


async def test_an_edit_racing_the_approval_never_changes_the_approved_issue(database, settings, frozen_clock):
    """One staff member opened the 下書き and edits the lead (or the order) while another approves
    it: the edit is refused, so what goes out on Friday is what was approved."""
    from features.partner_news import service

    office = await staff(database)
    other = await staff(database, "other@example.jp")
    frozen_clock.current = THU_1
    await run_assembly(database, settings)
    [issue] = await issues(database)
    async with database.session() as db:
        await service.save_lead(db, await service.issue_by_id(db, issue.id), "今週の号です。", office)
    stale = (await issues(database))[0]  # read as a 下書き by the editor's request …
    async with database.session() as db:
        await service.approve(db, await service.issue_by_id(db, issue.id), other)  # … approved meanwhile
    async with database.session() as db:
        db.add(stale)
        with pytest.raises(service.IssueError) as refused:
            await service.save_lead(db, stale, "承認後に書き換えたリード文", office)
    assert "状態が変わりました" in refused.value.message
    [issue] = await issues(database)
    assert (issue.status, issue.lead) == ("approved", "今週の号です。")
