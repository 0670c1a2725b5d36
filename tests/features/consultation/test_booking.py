"""Booking rules: who may book, one slot one person (also at the same instant), no overlaps,
the cancellation deadline, rescheduling, the counselor's cancellation, reminders exactly once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from icalendar import Calendar

from app.mail import stored_attachments
from features.consultation import counters, service
from features.consultation import mails as booking_mails
from features.consultation import slots as slot_rules
from features.consultation.basics import ConsultationError
from features.consultation.models import BookingStatus, SlotStatus
from tests.features.accounts.helpers import mails_to, make_user
from tests.features.consultation.helpers import (
    book,
    booking_row,
    jst,
    make_counselor,
    make_person,
    make_slot,
    slot_row,
)


async def test_booking_a_free_slot_mails_a_confirmation_with_a_calendar_file(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    person = await make_person(database)
    slot = await make_slot(database, counselor.id, jst(3, 14))
    booking = await book(database, settings, person.id, slot.id, category="応募書類")
    assert (await slot_row(database, slot.id)).status == SlotStatus.BOOKED
    mails = await mails_to(database, "person@example.jp")
    assert len(mails) == 1 and "対面相談のご予約を受け付けました" in mails[0].subject
    assert "応募書類" in mails[0].body and "14:00〜15:00" in mails[0].body
    (ics,) = stored_attachments(settings, mails[0].message_id)
    event = Calendar.from_ical(ics.data).walk("VEVENT")[0]
    assert str(event["uid"]) == f"consultation-booking-{booking.id}@partner"
    assert event.decoded("dtstart") == slot.starts_at
    counselor_mails = await mails_to(database, "counselor@example.jp")
    assert len(counselor_mails) == 1 and "予約が入りました" in counselor_mails[0].subject


@pytest.mark.parametrize("kind", ["簡易登録"])
async def test_simple_registrants_and_organizations_cannot_book(database, settings, frozen_clock, kind):
    counselor = await make_counselor(database)
    simple = await make_person(database, "simple@example.jp", kind=kind)
    organization = await make_user(database, "org@example.jp", "organization")
    slot = await make_slot(database, counselor.id, jst(3, 14))
    for user in (simple, organization):
        with pytest.raises(ConsultationError) as refused:
            await book(database, settings, user.id, slot.id)
        assert refused.value.status == 403 and "国際協力人材登録" in refused.value.message
    assert (await slot_row(database, slot.id)).status == SlotStatus.FREE


async def test_two_people_booking_one_slot_at_the_same_instant_only_one_gets_it(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    people = [await make_person(database, f"p{i}@example.jp") for i in range(4)]
    slot = await make_slot(database, counselor.id, jst(2, 10))
    outcomes = await asyncio.gather(*(book(database, settings, p.id, slot.id) for p in people), return_exceptions=True)
    won = [o for o in outcomes if not isinstance(o, BaseException)]
    lost = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(won) == 1
    assert all(isinstance(o, ConsultationError) and o.status == 409 for o in lost), lost
    async with database.session(write=False) as db:
        views, total = await service.bookings_for_staff(db, settings, counselor_id=counselor.id, past=False)
    assert total == 1


async def test_one_person_cannot_hold_two_overlapping_bookings_even_at_once(database, settings, frozen_clock):
    first = await make_counselor(database, "c1@example.jp")
    second = await make_counselor(database, "c2@example.jp")
    person = await make_person(database)
    a = await make_slot(database, first.id, jst(2, 10))
    b = await make_slot(database, second.id, jst(2, 10, 30))  # 10:30–11:30 overlaps 10:00–11:00
    outcomes = await asyncio.gather(
        book(database, settings, person.id, a.id), book(database, settings, person.id, b.id), return_exceptions=True
    )
    assert sum(not isinstance(o, BaseException) for o in outcomes) == 1
    refused = next(o for o in outcomes if isinstance(o, BaseException))
    assert isinstance(refused, ConsultationError) and "重ならない" in refused.message
    c = await make_slot(database, first.id, jst(2, 11))  # right after 10:00–11:00: fine with slot a
    if isinstance(outcomes[0], BaseException):
        return  # b (10:30–11:30) won, and c overlaps it: nothing more to show
    await book(database, settings, person.id, c.id)


async def test_booking_refuses_past_taken_and_missing_slots(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    person = await make_person(database)
    other = await make_person(database, "other@example.jp")
    slot = await make_slot(database, counselor.id, jst(1, 9))
    await book(database, settings, other.id, slot.id)
    with pytest.raises(ConsultationError) as taken:
        await book(database, settings, person.id, slot.id)
    assert taken.value.status == 409
    with pytest.raises(ConsultationError) as missing:
        await book(database, settings, person.id, 999_999)
    assert missing.value.status == 404
    later = await make_slot(database, counselor.id, jst(1, 15))
    frozen_clock.advance(days=3)
    with pytest.raises(ConsultationError):
        await book(database, settings, person.id, later.id)


async def test_the_person_cancels_up_to_the_set_hours_before_and_the_slot_is_free_again(
    database, settings, frozen_clock
):
    counselor = await make_counselor(database)
    person = await make_person(database)
    early = await make_slot(database, counselor.id, frozen_clock.current + timedelta(hours=48))
    late = await make_slot(database, counselor.id, frozen_clock.current + timedelta(hours=30))
    a = await book(database, settings, person.id, early.id)
    b = await book(database, settings, person.id, late.id)
    frozen_clock.advance(hours=7)  # late starts in 23 hours: past the 24-hour limit
    async with database.session() as db:
        await service.cancel_by_person(db, settings, person.id, a.id)
    with pytest.raises(ConsultationError) as refused:
        async with database.session() as db:
            await service.cancel_by_person(db, settings, person.id, b.id)
    assert "24時間前まで" in refused.value.message
    assert (await booking_row(database, a.id)).status == BookingStatus.CANCELLED
    assert (await booking_row(database, b.id)).status == BookingStatus.BOOKED
    assert (await slot_row(database, early.id)).status == SlotStatus.FREE
    # The freed slot can be booked by someone else.
    other = await make_person(database, "other@example.jp")
    await book(database, settings, other.id, early.id)
    with pytest.raises(ConsultationError):  # cancelling twice
        async with database.session() as db:
            await service.cancel_by_person(db, settings, person.id, a.id)


async def test_the_deadline_follows_the_setting(database, settings, frozen_clock):
    settings.consultation.cancel_until_hours = 2
    counselor = await make_counselor(database)
    person = await make_person(database)
    slot = await make_slot(database, counselor.id, frozen_clock.current + timedelta(hours=3))
    booking = await book(database, settings, person.id, slot.id)
    async with database.session() as db:
        await service.cancel_by_person(db, settings, person.id, booking.id)


async def test_rescheduling_moves_the_booking_frees_the_old_slot_and_mails_a_new_ics(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    person = await make_person(database)
    old = await make_slot(database, counselor.id, jst(3, 14))
    new = await make_slot(database, counselor.id, jst(4, 10))
    booking = await book(database, settings, person.id, old.id)
    async with database.session() as db:
        await service.reschedule(db, settings, service.PERSON, person.id, booking.id, new.id)
    moved = await booking_row(database, booking.id)
    assert (moved.slot_id, moved.active_slot_id, moved.starts_at, moved.sequence) == (new.id, new.id, new.starts_at, 1)
    assert (await slot_row(database, old.id)).status == SlotStatus.FREE
    assert (await slot_row(database, new.id)).status == SlotStatus.BOOKED
    mail = (await mails_to(database, "person@example.jp"))[-1]
    assert "日時が変更されました" in mail.subject
    event = Calendar.from_ical(stored_attachments(settings, mail.message_id)[0].data).walk("VEVENT")[0]
    assert event["sequence"] == 1 and event.decoded("dtstart") == new.starts_at
    # Onto a taken slot: refused, nothing changes.
    taken = await make_slot(database, counselor.id, jst(5, 10))
    await book(database, settings, (await make_person(database, "x@example.jp")).id, taken.id)
    with pytest.raises(ConsultationError):
        async with database.session() as db:
            await service.reschedule(db, settings, service.PERSON, person.id, booking.id, taken.id)
    assert (await booking_row(database, booking.id)).slot_id == new.id


async def test_the_counselor_cancels_at_any_time_and_the_person_gets_a_mail(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    person = await make_person(database)
    slot = await make_slot(database, counselor.id, frozen_clock.current + timedelta(hours=2))
    booking = await book(database, settings, person.id, slot.id)
    other = await make_counselor(database, "other-counselor@example.jp")
    with pytest.raises(ConsultationError) as foreign:
        async with database.session() as db:
            await service.cancel_by_counselor(db, settings, other.id, booking.id, "体調不良のため")
    assert foreign.value.status == 404
    async with database.session() as db:
        await service.cancel_by_counselor(db, settings, counselor.id, booking.id, "体調不良のため")
    assert (await booking_row(database, booking.id)).cancelled_by == "counselor"
    mail = (await mails_to(database, "person@example.jp"))[-1]
    assert "キャンセルされました" in mail.subject and "体調不良のため" in mail.body
    event = Calendar.from_ical(stored_attachments(settings, mail.message_id)[0].data).walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED"


async def test_the_reminder_goes_the_day_before_exactly_once(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    person = await make_person(database)
    tomorrow = await make_slot(database, counselor.id, jst(1, 15))
    later = await make_slot(database, counselor.id, jst(3, 15))
    await book(database, settings, person.id, tomorrow.id)
    await book(database, settings, person.id, later.id)
    for _ in range(2):  # the job twice (a retry, a second worker)
        async with database.session() as db:
            await booking_mails.send_reminders(db, settings)
    reminders = [m for m in await mails_to(database, "person@example.jp") if "明日は対面相談" in m.subject]
    assert len(reminders) == 1
    frozen_clock.advance(days=2)
    async with database.session() as db:
        assert await booking_mails.send_reminders(db, settings) == 1
    async with database.session() as db:
        assert await booking_mails.send_reminders(db, settings) == 0


async def test_no_show_and_record_only_after_the_start(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    person = await make_person(database)
    slot = await make_slot(database, counselor.id, frozen_clock.current + timedelta(hours=1))
    booking = await book(database, settings, person.id, slot.id)
    with pytest.raises(ConsultationError):
        async with database.session() as db:
            await service.mark_no_show(db, settings, counselor.id, booking.id)
    frozen_clock.advance(hours=2)
    async with database.session() as db:
        await service.mark_no_show(db, settings, counselor.id, booking.id)
    with pytest.raises(ConsultationError):  # a 無断欠席 gets no record and cannot be marked twice
        async with database.session() as db:
            await service.save_record(
                db, settings, counselor.id, booking.id, category="進路", content="…", next_steps=""
            )


async def test_weekly_pattern_skips_holidays_and_existing_slots(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    from datetime import date, time

    # Mondays from 2027-01-04 to 2027-01-25: 2027-01-11 is 成人の日.
    async with database.session() as db:
        outcome = await slot_rules.add_weekly_pattern(
            db, counselor.id, weekday=0, at=time(14, 0), minutes=60, place="本部",
            first=date(2027, 1, 1), last=date(2027, 1, 25),
        )  # fmt: skip
    assert outcome.created == 3 and outcome.holidays == (date(2027, 1, 11),)
    async with database.session() as db:
        again = await slot_rules.add_weekly_pattern(
            db, counselor.id, weekday=0, at=time(14, 30), minutes=60, place="本部",
            first=date(2027, 1, 1), last=date(2027, 1, 25),
        )  # fmt: skip
    assert again.created == 0 and again.taken == 3  # overlapping its own slots


async def test_counts_for_reports(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    people = [await make_person(database, f"p{i}@example.jp") for i in range(4)]
    slots = [
        await make_slot(database, counselor.id, frozen_clock.current + timedelta(hours=30 + 2 * i)) for i in range(4)
    ]
    bookings = [await book(database, settings, p.id, s.id) for p, s in zip(people, slots, strict=True)]
    async with database.session() as db:
        await service.cancel_by_person(db, settings, people[0].id, bookings[0].id)
    frozen_clock.advance(days=2)
    async with database.session() as db:
        await service.mark_no_show(db, settings, counselor.id, bookings[1].id)
    async with database.session(write=False) as db:
        counts = await counters.count_consultations(db, slots[0].starts_at - timedelta(days=1), slots[-1].ends_at)
    assert counts == {"booked": 3, "held": 2, "no_show": 1, "cancelled": 1}


async def test_the_counselor_moves_a_booking_to_an_own_slot_only(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    other = await make_counselor(database, "other-counselor@example.jp")
    person = await make_person(database)
    booking = await book(database, settings, person.id, (await make_slot(database, counselor.id, jst(3, 14))).id)
    foreign = await make_slot(database, other.id, jst(4, 14))
    own = await make_slot(database, counselor.id, jst(4, 10))
    with pytest.raises(ConsultationError):
        async with database.session() as db:
            await service.reschedule(db, settings, service.COUNSELOR, counselor.id, booking.id, foreign.id)
    async with database.session() as db:
        await service.reschedule(db, settings, service.COUNSELOR, counselor.id, booking.id, own.id)
    mail = (await mails_to(database, "person@example.jp"))[-1]
    assert "キャリア相談員の都合により" in mail.body
    async with database.session(write=False) as db:
        free = await slot_rules.free_slots_of_counselor(db, counselor.id)
    assert [s.starts_at for s in free] == [jst(3, 14)]  # the old slot is free again, the new one taken


async def test_erasing_a_person_deletes_bookings_and_records_and_frees_their_slots(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    person = await make_person(database)
    past = await book(
        database,
        settings,
        person.id,
        (await make_slot(database, counselor.id, frozen_clock.current + timedelta(hours=1))).id,
    )
    future_slot = await make_slot(database, counselor.id, jst(5, 10))
    await book(database, settings, person.id, future_slot.id)
    frozen_clock.advance(hours=2)
    async with database.session() as db:
        await service.save_record(db, settings, counselor.id, past.id, category="進路", content="記録", next_steps="")
    async with database.session() as db:
        await service.erase_person(db, settings, person.id)
    async with database.session(write=False) as db:
        assert (await service.bookings_of_person(db, settings, person.id)).items == []
        assert await service.record_of(db, past.id) is None
    assert (await slot_row(database, future_slot.id)).status == SlotStatus.FREE


async def test_a_reschedule_and_a_booking_racing_for_one_slot_leave_one_holder(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    mover = await make_person(database)
    newcomer = await make_person(database, "newcomer@example.jp")
    booking = await book(database, settings, mover.id, (await make_slot(database, counselor.id, jst(3, 14))).id)
    target = await make_slot(database, counselor.id, jst(4, 10))

    async def move():
        async with database.session() as db:
            await service.reschedule(db, settings, service.PERSON, mover.id, booking.id, target.id)

    outcomes = await asyncio.gather(move(), book(database, settings, newcomer.id, target.id), return_exceptions=True)
    assert sum(not isinstance(o, BaseException) for o in outcomes) == 1
    assert all(isinstance(o, ConsultationError) for o in outcomes if isinstance(o, BaseException))
    async with database.session(write=False) as db:
        rows, total = await service.bookings_for_staff(db, settings, counselor_id=counselor.id, past=False)
    assert [r.starts_at for r in rows].count(target.starts_at) == 1  # never two bookings on one slot
    assert total == (1 if not isinstance(outcomes[0], BaseException) else 2)
