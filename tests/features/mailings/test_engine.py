"""The sending engine: audience resolved at send time, exclusions recorded with the reason,
batches through the outbox with the unsubscribe headers, pause/resume and crashes never duplicate."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sqlalchemy import select

from app import clock
from app.mail import OutboxMail
from features.accounts.models import AccountStatus, Role
from features.bounces.models import BouncedAddress
from features.mail_preferences import api as preferences
from features.mailings import api, engine, service
from features.mailings.models import MailingRecipient, MailingStatus
from features.mailings.states import TransitionRefused
from tests.features.accounts.helpers import make_user
from tests.features.mailings.helpers import approved_mailing, deliver_all, organization, person, send, staff


@pytest.fixture
def smtp_settings(settings, smtp):
    settings.mail.transport = "smtp"
    settings.mail.smtp_host = "127.0.0.1"
    settings.mail.smtp_port = smtp.port
    settings.mail.smtp_timeout = 5
    settings.mailings.batch_size = 2
    return settings


async def _recipients(database, mailing_id):
    async with database.session(write=False) as db:
        rows = await db.execute(select(MailingRecipient).where(MailingRecipient.mailing_id == mailing_id))
        return {r.email: (r.status, r.reason) for r in rows.scalars()}


async def test_exclusions_are_decided_at_send_time_and_recorded(database, smtp_settings, smtp):
    settings = smtp_settings
    writer, approver = await staff(database)
    ok = await person(database, "ok@example.jp", family_name="佐藤", given_name="花子")
    late_opt_out = await person(database, "late@example.jp")
    await person(database, "bounced@example.jp")
    await person(database, "dead@example.jp", status=AccountStatus.DECEASED)
    await person(database, "gone@example.jp", status=AccountStatus.WITHDRAWN)
    await person(database, "stopped@example.jp", status=AccountStatus.SUSPENDED)
    await organization(database, "org@example.jp")  # not an individual: not in this audience
    mailing_id = await approved_mailing(database, settings, writer, approver)
    # After approval, before sending: a preference and a suppression still exclude.
    async with database.session() as db:
        await preferences.set_preference(db, late_opt_out, preferences.Category.GUIDE, False)
        now = clock.now()
        db.add(
            BouncedAddress(address="bounced@example.jp", kind="hard", first_seen=now, last_seen=now, suppressed_at=now)
        )
    assert await send(database, settings, mailing_id) == "done"
    assert await _recipients(database, mailing_id) == {
        "ok@example.jp": ("queued", ""),
        "late@example.jp": ("suppressed", "opted_out"),
        "bounced@example.jp": ("suppressed", "bounced"),
        "dead@example.jp": ("suppressed", "deceased"),
        "gone@example.jp": ("suppressed", "withdrawn"),
        "stopped@example.jp": ("suppressed", "suspended"),
    }
    await deliver_all(database, settings)
    [mail] = smtp.messages
    assert mail.recipients == ["ok@example.jp"]
    assert mail.body.replace("\r\n", "\n").startswith("佐藤 花子 様\n本文")
    https, mailto = re.findall(r"<([^>]+)>", str(mail.message["List-Unsubscribe"]))
    assert https == preferences.unsubscribe_url(settings, ok, preferences.Category.GUIDE)
    assert mailto.startswith("mailto:unsubscribe+")
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert preferences.unsubscribe_url(settings, ok, preferences.Category.GUIDE) in mail.body
    async with database.session(write=False) as db:
        figures = await api.mailing_figures(db, mailing_id)
        mailing = await service.mailing_by_id(db, mailing_id)
        campaigns = set(await db.scalars(select(OutboxMail.campaign)))
    assert figures == api.MailingFigures(recipients=6, queued=1, sent=1, failed=0, suppressed=5)
    assert figures.percent == 100 and mailing.status == MailingStatus.DONE
    assert campaigns == {f"mailing:{mailing_id}"}


async def test_approval_needs_a_second_staff_member(database, settings):
    writer, approver = await staff(database)
    draft = service.Draft("件名", "本文", "guide", service.Audience())
    async with database.session() as db:
        mailing = await service.create_draft(db, writer, draft)
        await service.submit(db, mailing, writer, draft)
        with pytest.raises(TransitionRefused, match="別の事務局員"):
            await service.approve(db, settings, mailing, writer, None)
        assert mailing.status == MailingStatus.PENDING
        await service.approve(db, settings, mailing, approver, None)
        assert mailing.status == MailingStatus.SCHEDULED and mailing.approved_by == approver
        with pytest.raises(TransitionRefused):  # a second click acts once
            await service.approve(db, settings, mailing, approver, None)


async def test_whoever_edited_the_content_cannot_approve_it(database, settings):
    """B sends A's mailing back, rewrites it, A submits it again: B wrote what would be sent, so B
    may not approve it; a third staff member may."""
    writer, editor = await staff(database)
    third = (await make_user(database, "third@example.jp", Role.SECRETARIAT, password_hash="x")).id
    draft = service.Draft("件名", "本文", "guide", service.Audience())
    async with database.session() as db:
        mailing = await service.create_draft(db, writer, draft)
        await service.submit(db, mailing, writer, draft)
        await service.send_back(db, mailing)
        await service.save_draft(
            db, mailing, editor, service.Draft("件名", "Bが書き換えた本文", "guide", service.Audience())
        )
        await service.submit(
            db, mailing, writer, service.Draft("件名", "Bが書き換えた本文", "guide", service.Audience())
        )
        assert mailing.submitted_by == writer and service.authors(mailing) == {writer, editor}
        with pytest.raises(TransitionRefused, match="作成・編集した人"):
            await service.approve(db, settings, mailing, editor, None)
        await service.approve(db, settings, mailing, third, None)
        assert mailing.approved_by == third


async def test_pause_resume_and_a_crash_mid_batch_never_send_a_second_copy(database, smtp_settings, smtp, monkeypatch):
    settings = smtp_settings
    writer, approver = await staff(database)
    for n in range(7):
        await person(database, f"p{n}@example.jp")
    mailing_id = await approved_mailing(database, settings, writer, approver)
    async with database.session() as db:
        assert await engine.step(db, settings, mailing_id) == "started"
    async with database.session() as db:
        assert await engine.step(db, settings, mailing_id) == "batch"  # 2 of 7 written
    # A crash after the outbox rows are written but before the step commits: nothing stays.
    real = engine.queue_mails

    async def crash(*args, **kwargs):
        await real(*args, **kwargs)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(engine, "queue_mails", crash)
    with pytest.raises(RuntimeError):
        async with database.session() as db:
            await engine.step(db, settings, mailing_id)
    monkeypatch.setattr(engine, "queue_mails", real)
    async with database.session() as db:
        mailing = await service.mailing_by_id(db, mailing_id)
        await service.pause(db, mailing)
    async with database.session() as db:
        assert await engine.step(db, settings, mailing_id) == "stopped"  # paused: nothing more is written
        assert (await api.mailing_figures(db, mailing_id)).queued == 2
    await deliver_all(database, settings)
    async with database.session() as db:
        mailing = await service.mailing_by_id(db, mailing_id)
        await service.resume(db, settings, mailing)
    assert await send(database, settings, mailing_id) == "done"
    await deliver_all(database, settings)
    counts = Counter(m.recipients[0] for m in smtp.messages)
    assert counts == Counter({f"p{n}@example.jp": 1 for n in range(7)})
    async with database.session(write=False) as db:
        assert (await db.scalar(select(OutboxMail.id).where(OutboxMail.campaign.is_(None)))) is None
        assert len(list(await db.scalars(select(OutboxMail.id)))) == 7


async def test_cancel_stops_for_good(database, settings):
    settings.mailings.batch_size = 1
    writer, approver = await staff(database)
    for n in range(3):
        await person(database, f"c{n}@example.jp")
    mailing_id = await approved_mailing(database, settings, writer, approver)
    async with database.session() as db:
        await engine.step(db, settings, mailing_id)
    async with database.session() as db:
        await engine.step(db, settings, mailing_id)
    async with database.session() as db:
        await service.cancel(db, await service.mailing_by_id(db, mailing_id))
    assert await send(database, settings, mailing_id) == "stopped"
    async with database.session(write=False) as db:
        figures = await api.mailing_figures(db, mailing_id)
        with pytest.raises(TransitionRefused):
            await service.resume(db, settings, await service.mailing_by_id(db, mailing_id))
    assert figures.queued == 1 and figures.unprocessed == 2


async def test_news_mailing_from_another_slice_follows_preferences(database, settings, frozen_clock):
    writer, approver = await staff(database)
    org = await organization(database, "org@example.jp")
    reader = await person(database, "reader@example.jp")
    await person(database, "quiet@example.jp")
    async with database.session() as db:
        await preferences.set_preference(db, reader, preferences.Category.NEWS, True)
        mailing_id = await api.create_approved_mailing(
            db,
            settings,
            category="news",
            subject="PARTNERニュース 第12号",
            body="{氏名} 様\n今週のお知らせです。",
            audience="news_subscribers",
            send_at=frozen_clock.current.replace(hour=1) + __import__("datetime").timedelta(days=1),
            created_by=writer,
            approved_by=approver,
            origin="partner_news:12",
        )
    assert await send(database, settings, mailing_id) == "not_due"
    frozen_clock.advance(days=2)
    assert await send(database, settings, mailing_id) == "done"
    assert await _recipients(database, mailing_id) == {
        "org@example.jp": ("queued", ""),
        "reader@example.jp": ("queued", ""),
        "quiet@example.jp": ("suppressed", "opted_out"),
    }
    async with database.session(write=False) as db:
        bodies = {m.to_address: m.body for m in await db.scalars(select(OutboxMail))}
        labels = await engine.campaign_labels(db, [f"mailing:{mailing_id}", "news:1"])
    assert bodies["org@example.jp"].startswith("担当 一郎 様")  # a 団体's {氏名} is its 担当者
    assert labels == {f"mailing:{mailing_id}": "メール配信「PARTNERニュース 第12号」（2026-11-22）"}
    assert org


def test_merge_field_errors_are_japanese_and_know_the_audience():
    assert api.merge_field_errors("{氏名} 様 {登録コード}") == []
    assert api.merge_field_errors("{住所} 様") == [
        "「{住所}」は使えない差し込み項目です。使えるのは {氏名} {登録コード} {団体名} です。"
    ]
    assert "対応" in api.merge_field_errors("{氏名 様")[0]
    assert "対応" in api.merge_field_errors("氏名} 様")[0]
    assert "全角" in api.merge_field_errors("｛氏名｝")[0]
    assert "団体あて" in api.merge_field_errors("{登録コード}", "organizations")[0]
    assert "個人あて" in api.merge_field_errors("{団体名}", "individuals")[0]
    assert api.merge_field_errors("{団体名}", "news_subscribers")
    with pytest.raises(ValueError):
        import asyncio

        asyncio.run(
            service.create_approved_mailing(
                None,
                None,
                category="news",
                subject="x",
                body="{x}",
                audience="news_subscribers",
                send_at=clock.now(),
                created_by=1,
                approved_by=2,
                origin="",
            )
        )


async def test_a_person_erased_after_sending_leaves_no_address_but_the_counts_stay(database, settings):
    writer, approver = await staff(database)
    gone = await person(database, "erase-me@example.jp")
    mailing_id = await approved_mailing(database, settings, writer, approver)
    await send(database, settings, mailing_id)
    async with database.session() as db:
        await service.erase_recipient(db, settings, gone)
    async with database.session(write=False) as db:
        rows = list(await db.scalars(select(MailingRecipient)))
        figures = await api.mailing_figures(db, mailing_id)
    assert [(r.user_id, r.email) for r in rows] == [(None, "")]
    assert figures.recipients == figures.queued == 1
