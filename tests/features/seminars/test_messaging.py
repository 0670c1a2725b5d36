"""セミナーリマインド exactly once (twice in a row and concurrently), messages to all / confirmed /
waiting with their delivery count, and 出欠確認 of a 団体セミナー (htmx and without JS)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select, update

from app.mail import MailStatus, OutboxMail
from features.accounts.models import Organization, Role
from features.seminars import messaging, registration
from features.seminars.models import SeminarOrgAttendance, SeminarReminderSent
from tests.features.accounts.helpers import make_user
from tests.features.seminars.helpers import STARTS, all_mail, applicant, as_office, make_seminar, post


async def _register(database, settings, seminar_id, *numbers):
    for n in numbers:
        async with database.session() as db:
            await registration.register(db, settings, seminar_id, applicant(n), verified=True)


async def _run(database, settings) -> int:
    async with database.session() as db:
        return await messaging.send_reminders(db, settings)


def _reminders(mails):
    return [m for m in mails if "開催：" in m.subject]


async def test_reminders_go_once_per_person_and_reminder(database, settings, frozen_clock):
    seminar = await make_seminar(database, capacity=2)
    await _register(database, settings, seminar.id, 1, 2, 3)  # the third waits: no reminder
    assert await _run(database, settings) == 0  # 3 weeks before: nothing due
    frozen_clock.current = STARTS - timedelta(days=7) + timedelta(minutes=5)
    assert await _run(database, settings) == 2
    assert await _run(database, settings) == 0  # the job again: nothing twice
    mails = _reminders(await all_mail(database))
    assert sorted(m.to_address for m in mails) == ["person1@example.jp", "person2@example.jp"]
    assert all("7日後開催" in m.subject and "secret-room" in m.body for m in mails)
    frozen_clock.current = STARTS - timedelta(days=1) + timedelta(minutes=5)
    results = await asyncio.gather(*(_run(database, settings) for _ in range(4)))  # concurrent runs
    assert sum(results) == 2
    mails = _reminders(await all_mail(database))
    assert len(mails) == 4 and sum("明日開催" in m.subject for m in mails) == 2
    async with database.session(write=False) as db:
        sent = list(await db.scalars(select(SeminarReminderSent)))
    assert len(sent) == 4


async def test_a_late_registration_gets_no_reminder_whose_moment_had_passed(database, settings, frozen_clock):
    seminar = await make_seminar(database)
    frozen_clock.current = STARTS - timedelta(days=3)
    await _register(database, settings, seminar.id, 1)
    assert await _run(database, settings) == 0  # the 7-day reminder was due before they registered
    frozen_clock.current = STARTS - timedelta(hours=20)
    assert await _run(database, settings) == 1
    assert await _run(database, settings) == 0


async def test_a_cancelled_seminar_sends_no_reminder(database, settings, frozen_clock):
    seminar = await make_seminar(database)
    await _register(database, settings, seminar.id, 1)
    async with database.session() as db:
        await db.execute(update(type(seminar)).where(type(seminar).id == seminar.id).values(status="cancelled"))
    frozen_clock.current = STARTS - timedelta(hours=2)
    assert await _run(database, settings) == 0


async def test_messages_reach_the_chosen_audience_with_a_delivery_count(client, database, settings, frozen_clock):
    seminar = await make_seminar(database, capacity=2)
    await _register(database, settings, seminar.id, 1, 2, 3)
    await as_office(client, database)
    await client.get(f"/admin/seminars/{seminar.id}/messages")
    before = len(await all_mail(database))
    empty = await post(
        client, f"/admin/seminars/{seminar.id}/messages", {"audience": "waiting", "subject": "", "body": ""}
    )
    assert empty.status_code == 422 and "件名を入力してください" in empty.text
    sent = await post(
        client,
        f"/admin/seminars/{seminar.id}/messages",
        {"audience": "waiting", "subject": "キャンセル待ちの皆さまへ", "body": "現在の状況をお知らせします。"},
    )
    assert sent.status_code == 303
    new = (await all_mail(database))[before:]
    assert [m.to_address for m in new] == ["person3@example.jp"]
    assert new[0].subject == "【PARTNER】キャンセル待ちの皆さまへ" and new[0].body.startswith("申込 3郎 様")
    await post(
        client, f"/admin/seminars/{seminar.id}/messages", {"audience": "all", "subject": "持ち物", "body": "筆記用具"}
    )
    latest = (await all_mail(database))[before + 1 :]
    assert sorted(m.to_address for m in latest) == [f"person{n}@example.jp" for n in (1, 2, 3)]
    page = await client.get(f"/admin/seminars/{seminar.id}/messages")
    assert "0／3件（送信中）" in page.text and 'hx-trigger="every 2s"' in page.text
    async with database.session() as db:
        await db.execute(update(OutboxMail).values(status=MailStatus.SENT))
    fragment = await client.get(
        f"/admin/seminars/{seminar.id}/messages", headers={"HX-Request": "true", "HX-Target": "message-progress"}
    )
    assert fragment.status_code == 200 and "<h1>" not in fragment.text
    assert "3／3件（完了）" in fragment.text and "every 2s" not in fragment.text


async def test_attendance_answers_are_recorded_inline_and_without_js(client, database, frozen_clock):
    seminar = await make_seminar(database, kind="organization", title="国際協力団体セミナー")
    talent = await make_seminar(database, title="人材セミナー")
    await make_user(database, "ngo-a@example.jp", Role.ORGANIZATION)
    await make_user(database, "ngo-b@example.jp", Role.ORGANIZATION)
    async with database.session(write=False) as db:
        orgs = list(await db.scalars(select(Organization).order_by(Organization.id)))
    office = await as_office(client, database)
    page = await client.get(f"/admin/seminars/{seminar.id}/attendance")
    assert page.status_code == 200 and "ngo-a@example.jp の団体" in page.text and "未確認 2団体" in page.text
    htmx = await post(
        client,
        f"/admin/seminars/{seminar.id}/attendance/{orgs[0].id}",
        {"answer": "attend", "memo": "2名参加"},
        **{"HX-Request": "true", "HX-Target": f"org-{orgs[0].id}"},
    )
    assert htmx.status_code == 200 and htmx.text.lstrip().startswith(f'<tr id="org-{orgs[0].id}"')
    assert "記録しました" in htmx.text and "office テスト" in htmx.text
    plain = await post(
        client, f"/admin/seminars/{seminar.id}/attendance/{orgs[0].id}", {"answer": "absent", "memo": ""}
    )
    assert plain.status_code == 303 and plain.headers["location"].endswith(f"#org-{orgs[0].id}")
    async with database.session(write=False) as db:
        (answer,) = list(await db.scalars(select(SeminarOrgAttendance)))
    assert (answer.answer, answer.memo, answer.recorded_by) == ("absent", "", office.id)
    page = await client.get(f"/admin/seminars/{seminar.id}/attendance?answer=absent")
    assert "欠席 1団体" in page.text and "ngo-b@example.jp の団体" not in page.text
    wrong = await post(client, f"/admin/seminars/{seminar.id}/attendance/{orgs[0].id}", {"answer": "maybe"})
    assert wrong.status_code == 422
    assert (await client.get(f"/admin/seminars/{talent.id}/attendance")).status_code == 404
