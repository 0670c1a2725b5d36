"""Demo 保存した検索条件: the talent's three searches and org@example.org's 人材閲覧 search; the first
alert run after seeding mails the talent and the organization (through the outbox, with the
unsubscribe headers)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.mail import OutboxMail
from features.accounts import api as accounts
from features.saved_searches import alerts
from features.saved_searches.models import SavedSearch


async def test_demo_searches_and_their_first_alerts(demo_copy, database, settings, frozen_clock):
    await demo_copy(database, settings)
    async with database.session(write=False) as db:
        rows = list((await db.execute(select(SavedSearch).order_by(SavedSearch.id))).scalars())
        talent = await accounts.user_by_email(db, "talent@example.org")
        organization = await accounts.user_by_email(db, "org@example.org")
    assert [(r.scope, r.frequency) for r in rows if r.user_id == talent.id] == [
        ("jobs", "daily"),
        ("events", "weekly"),
        ("koubo", "weekly"),
    ]
    assert [r.scope for r in rows if r.user_id == organization.id] == ["talent"]
    frozen_clock.advance(days=2)  # past a daily and a weekly sending moment
    async with database.session() as db:
        await alerts.send_alerts(db, settings)
    async with database.session(write=False) as db:
        mails = list((await db.execute(select(OutboxMail).where(OutboxMail.campaign.like("alert:%")))).scalars())
    assert mails, "the demo's searches have new matches to announce"
    assert all("List-Unsubscribe" in (m.headers or "") for m in mails)
    async with database.session(write=False) as db:
        marks = [r.last_alerted_at for r in (await db.execute(select(SavedSearch))).scalars()]
    assert all(mark > clock.now() - timedelta(days=2) for mark in marks)  # every watermark moved on
