"""申込: seats and the waiting list (also under concurrent registrations), sessions, verification
by mail, cancellation by link and promotion, the 受付番号 and the calendar file."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import pytest
from icalendar import Calendar

from app.mail import stored_attachments
from features.seminars import registration
from features.seminars.models import RegistrationStatus as R
from features.seminars.registration import RegistrationRefused
from tests.features.seminars.helpers import (
    all_mail,
    applicant,
    make_seminar,
    make_session,
    registrations,
    session_links,
)


async def register(database, settings, seminar_id, n, *, verified=True, **values):
    async with database.session() as db:
        outcome = await registration.register(db, settings, seminar_id, applicant(n, **values), verified=verified)
        return outcome.registration


async def test_seats_then_waiting_list_with_receipt_numbers(database, settings, frozen_clock):
    seminar = await make_seminar(database, capacity=2)
    regs = [await register(database, settings, seminar.id, n) for n in (1, 2, 3, 4)]
    assert [r.status for r in regs] == [R.CONFIRMED, R.CONFIRMED, R.WAITING, R.WAITING]
    assert [r.receipt_no for r in regs] == [f"S{seminar.id}-000{n}" for n in (1, 2, 3, 4)]
    assert regs[2].waiting_position < regs[3].waiting_position
    mails = await all_mail(database)
    assert [m.to_address for m in mails] == [f"person{n}@example.jp" for n in (1, 2, 3, 4)]
    assert "参加が確定" in mails[0].body and "キャンセル待ち" in mails[2].subject
    # The online URL only for a confirmed seat.
    assert "https://meet.example.jp/secret-room" in mails[0].body
    assert "secret-room" not in mails[2].body


async def test_a_second_live_registration_of_one_address_is_refused(database, settings, frozen_clock):
    seminar = await make_seminar(database)
    await register(database, settings, seminar.id, 1)
    with pytest.raises(RegistrationRefused, match="すでに申し込まれています"):
        await register(database, settings, seminar.id, 1)
    assert len(await registrations(database, seminar.id)) == 1


async def test_outside_the_application_period_nothing_is_registered(database, settings, frozen_clock):
    seminar = await make_seminar(database, apply_from=frozen_clock.current + timedelta(days=1))
    with pytest.raises(RegistrationRefused, match="受け付けていません"):
        await register(database, settings, seminar.id, 1)
    assert await registrations(database, seminar.id) == []


async def test_an_organization_seminar_takes_only_organizations(database, settings, frozen_clock):
    seminar = await make_seminar(database, kind="organization")
    with pytest.raises(RegistrationRefused, match="団体のアカウント"):
        await register(database, settings, seminar.id, 1)


async def test_concurrent_registrations_never_exceed_the_capacity(database, settings, frozen_clock):
    seminar = await make_seminar(database, capacity=5)
    session = await make_session(database, seminar.id, capacity=3)

    async def one(n):
        return await register(database, settings, seminar.id, n, session_ids=(session.id,))

    regs = await asyncio.gather(*(one(n) for n in range(1, 13)))
    stored = await registrations(database, seminar.id)
    assert len(stored) == 12
    assert sum(r.status == R.CONFIRMED for r in stored) == 5
    assert sum(r.status == R.WAITING for r in stored) == 7
    assert len({r.receipt_no for r in regs}) == 12
    waiting_positions = [r.waiting_position for r in stored if r.status == R.WAITING]
    assert len(set(waiting_positions)) == 7
    links = await session_links(database, session.id)
    assert sum(link.status == R.CONFIRMED for link in links) == 3


async def test_overlapping_sessions_are_refused(database, settings, frozen_clock):
    seminar = await make_seminar(database)
    a = await make_session(database, seminar.id, hour=2, track="A")
    b = await make_session(database, seminar.id, hour=2, track="B")
    with pytest.raises(RegistrationRefused, match="時間が重なっています"):
        await register(database, settings, seminar.id, 1, session_ids=(a.id, b.id))
    assert await registrations(database, seminar.id) == []


async def test_a_cancellation_promotes_the_next_person_and_mails_them(database, settings, frozen_clock):
    seminar = await make_seminar(database, capacity=1)
    session = await make_session(database, seminar.id, capacity=1)
    first = await register(database, settings, seminar.id, 1, session_ids=(session.id,))
    second = await register(database, settings, seminar.id, 2, session_ids=(session.id,))
    third = await register(database, settings, seminar.id, 3)
    assert (first.status, second.status, third.status) == (R.CONFIRMED, R.WAITING, R.WAITING)
    async with database.session() as db:
        outcome = await registration.cancel(db, settings, first.id)
    assert outcome.promoted == [second.id]
    stored = {r.id: r for r in await registrations(database, seminar.id)}
    assert stored[first.id].status == R.CANCELLED and stored[first.id].active_email is None
    assert stored[second.id].status == R.CONFIRMED and stored[second.id].waiting_position is None
    assert stored[third.id].status == R.WAITING
    links = await session_links(database, session.id)
    assert [(link.registration_id, link.status) for link in links] == [(second.id, R.CONFIRMED)]
    mails = await all_mail(database)
    promoted = [m for m in mails if m.to_address == "person2@example.jp"][-1]
    assert "参加が確定しました" in promoted.body and "secret-room" in promoted.body
    cancelled = [m for m in mails if m.to_address == "person1@example.jp"][-1]
    assert "キャンセルしました" in cancelled.subject
    # The same address may register again after cancelling (to the end of the waiting list).
    again = await register(database, settings, seminar.id, 1)
    assert again.status == R.WAITING


async def test_session_waiting_list_moves_up_when_a_session_seat_frees(database, settings, frozen_clock):
    seminar = await make_seminar(database, capacity=10)
    session = await make_session(database, seminar.id, capacity=1)
    first = await register(database, settings, seminar.id, 1, session_ids=(session.id,))
    second = await register(database, settings, seminar.id, 2, session_ids=(session.id,))
    links = {link.registration_id: link.status for link in await session_links(database, session.id)}
    assert links == {first.id: R.CONFIRMED, second.id: R.WAITING}
    async with database.session() as db:
        await registration.cancel(db, settings, first.id)
    links = {link.registration_id: link.status for link in await session_links(database, session.id)}
    assert links == {second.id: R.CONFIRMED}
    mail = [m for m in await all_mail(database) if m.to_address == "person2@example.jp"][-1]
    assert "セッションのキャンセル待ちから参加確定" in mail.subject


async def test_the_confirmation_carries_a_calendar_file(database, settings, frozen_clock):
    seminar = await make_seminar(database)
    reg = await register(database, settings, seminar.id, 1)
    mail = (await all_mail(database))[0]
    (attachment,) = stored_attachments(settings, mail.message_id)
    assert attachment.content_type == "text/calendar" and attachment.filename == "seminar.ics"
    event = Calendar.from_ical(attachment.data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == seminar.title
    assert event.decoded("DTSTART") == seminar.starts_at
    assert "JICA市ヶ谷ビル" in str(event["LOCATION"])
    assert reg.receipt_no in str(event["DESCRIPTION"])
    assert str(event["UID"]) == f"seminar-{seminar.id}-reg-{reg.id}@partner"


async def test_mail_verification_takes_the_seat_only_after_the_link(client, database, settings, frozen_clock):
    seminar = await make_seminar(database, capacity=1)
    reg = await register(database, settings, seminar.id, 1, verified=False)
    assert reg.status == R.PENDING and reg.receipt_no is None
    (mail,) = await all_mail(database)
    link = re.search(r"https?://\S+/seminars/verify/\S+", mail.body).group(0)
    path = link.split("testserver.local", 1)[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    page = await client.get(path)
    assert page.status_code == 200 and "申込を確定する" in page.text
    assert (await registrations(database, seminar.id))[0].status == R.PENDING  # no change on GET
    from tests.conftest import csrf_headers

    done = await client.post(path, headers=csrf_headers(client), follow_redirects=False)
    assert done.status_code == 303
    (stored,) = await registrations(database, seminar.id)
    assert stored.status == R.CONFIRMED and stored.receipt_no == f"S{seminar.id}-0001"
    after = await client.get(path)
    assert stored.receipt_no in after.text and "PARTNERに登録する" in after.text
    assert "/register/individual" in after.text
    twice = await client.post(path, headers=csrf_headers(client), follow_redirects=False)
    assert twice.status_code == 409
    assert len(await registrations(database, seminar.id)) == 1


async def test_an_expired_verification_link_confirms_nothing(client, database, settings, frozen_clock):
    seminar = await make_seminar(database)
    await register(database, settings, seminar.id, 1, verified=False)
    token_path = re.search(r"/seminars/verify/\S+", (await all_mail(database))[0].body).group(0)
    frozen_clock.advance(hours=settings.seminars.verify_hours + 1)
    assert (await client.get(token_path)).status_code == 404
    async with database.session() as db:
        with pytest.raises(RegistrationRefused):
            await registration.verify(db, settings, token_path.rsplit("/", 1)[1])


async def test_the_cancel_link_cancels_after_its_button(client, database, settings, frozen_clock):
    from tests.conftest import csrf_headers

    seminar = await make_seminar(database, capacity=1)
    await register(database, settings, seminar.id, 1)
    waiting = await register(database, settings, seminar.id, 2)
    cancel_path = re.search(r"/seminars/cancel/\S+", (await all_mail(database))[0].body).group(0)
    page = await client.get(cancel_path)
    assert page.status_code == 200 and "申込をキャンセルする" in page.text
    done = await client.post(cancel_path, headers=csrf_headers(client), follow_redirects=False)
    assert done.status_code == 303
    assert "キャンセルしました" in (await client.get(cancel_path)).text
    stored = {r.email: r for r in await registrations(database, seminar.id)}
    assert stored["person1@example.jp"].status == R.CANCELLED
    assert stored["person2@example.jp"].status == R.CONFIRMED and stored["person2@example.jp"].id == waiting.id
    again = await client.post(cancel_path, headers=csrf_headers(client), follow_redirects=False)
    assert again.status_code == 409
    assert (await client.get("/seminars/cancel/forged-token")).status_code == 404


async def test_concurrent_cancellations_and_verifications_keep_the_count(database, settings, frozen_clock):
    seminar = await make_seminar(database, capacity=3)
    confirmed = [await register(database, settings, seminar.id, n) for n in (1, 2, 3)]
    waiting = [await register(database, settings, seminar.id, n) for n in (4, 5, 6, 7)]
    await register(database, settings, seminar.id, 8, verified=False)
    token = re.search(r"/seminars/verify/(\S+)", (await all_mail(database))[-1].body).group(1)

    async def cancel(reg):
        async with database.session() as db:
            return await registration.cancel(db, settings, reg.id)

    async def verify():
        async with database.session() as db:
            return await registration.verify(db, settings, token)

    await asyncio.gather(*(cancel(r) for r in confirmed[:2]), verify(), cancel(waiting[3]))
    stored = {r.email: r.status for r in await registrations(database, seminar.id)}
    assert sum(s == R.CONFIRMED for s in stored.values()) == 3
    assert stored["person3@example.jp"] == R.CONFIRMED
    assert stored["person4@example.jp"] == stored["person5@example.jp"] == R.CONFIRMED  # first in line
    assert stored["person6@example.jp"] == R.WAITING and stored["person7@example.jp"] == R.CANCELLED
    assert stored["person8@example.jp"] == R.WAITING  # verified after the waiting list, it queues
