"""The demo's 18 months of 対面相談 (issue 16 item 7): the history's registrants book a counselor's
slot on the seasonal calendar (app/demo_calendar.py) a few business days ahead — 本部 in the
afternoon or オンライン in the evening — and most consultations take place with a 相談記録; a few
are cancelled or 無断欠席. Only consultations before today: the demo's own month of slots (two weeks
back, four ahead) stays as features/consultation/demo.py made it. No counter reads these yet: a
report section of 対面相談 finds them ready."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.demo_calendar import add_business_days, at_jst, insert_rows, spread
from features.accounts import api as accounts
from features.consultation.demo import COUNSELORS, RECORDS, SHEETS
from features.consultation.models import (
    BookingStatus,
    ConsultationBooking,
    ConsultationRecord,
    ConsultationSlot,
    Place,
    SlotStatus,
)

BOOKINGS = 320
OUTCOMES = ([BookingStatus.BOOKED, BookingStatus.CANCELLED, BookingStatus.NO_SHOW], [85, 11, 4])


async def seed_history(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    people = await accounts.history_people(db)
    counselors = [u.id for u in [await accounts.user_by_email(db, email) for email, _ in COUNSELORS] if u]
    if not people or not counselors:
        return
    taken = set((await db.execute(select(ConsultationSlot.counselor_user_id, ConsultationSlot.starts_at))).all())
    taken = {(counselor, clock.to_jst(at)) for counselor, at in taken}
    first_demo_day = clock.today_jst() - timedelta(days=15)
    planned = []
    for booked in spread(rng, BOOKINGS, hours=(8, 23)):
        known = [p for p in people if p.since < booked]
        day = add_business_days(clock.to_jst(booked).date(), rng.randint(3, 10))
        if not known or day >= first_demo_day:
            continue
        online = rng.random() < 0.35
        starts = at_jst(day, 19 * 60 if online else rng.choice([13, 14, 15, 16]) * 60)
        counselor = rng.choice(counselors)
        if (counselor, clock.to_jst(starts)) in taken:
            continue
        taken.add((counselor, clock.to_jst(starts)))
        category = rng.choice(list(SHEETS))
        status = rng.choices(*OUTCOMES)[0]
        planned.append((rng.choice(known).user_id, counselor, starts, online, category, status, booked))
    slots = [
        ConsultationSlot(
            counselor_user_id=counselor,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=45 if online else 60),
            place=Place.ONLINE if online else Place.HQ,
            status=SlotStatus.FREE if status == BookingStatus.CANCELLED else SlotStatus.BOOKED,
            created_at=booked - timedelta(days=rng.randint(7, 30)),
        )
        for _, counselor, starts, online, _, status, booked in planned
    ]
    await insert_rows(db, slots)
    rows = await db.execute(
        select(ConsultationSlot.id, ConsultationSlot.counselor_user_id, ConsultationSlot.starts_at).where(
            ConsultationSlot.starts_at < at_jst(first_demo_day, 0)
        )
    )
    slot_ids = {(counselor, clock.to_jst(at)): id_ for id_, counselor, at in rows.all()}
    bookings = []
    for (person, counselor, starts, _online, category, status, booked), slot in zip(planned, slots, strict=True):
        slot_id = slot_ids[(counselor, clock.to_jst(starts))]
        cancelled = status == BookingStatus.CANCELLED
        bookings.append(
            ConsultationBooking(
                slot_id=slot_id,
                active_slot_id=None if cancelled else slot_id,
                user_id=person,
                counselor_user_id=counselor,
                starts_at=starts,
                ends_at=slot.ends_at,
                place=slot.place,
                category=category,
                sheet=SHEETS[category],
                share_resume=rng.random() < 0.6,
                status=status,
                reminder_sent_at=None if cancelled else starts - timedelta(days=1),
                created_at=booked,
                updated_at=starts - timedelta(days=1) if cancelled else slot.ends_at,
                cancelled_at=starts - timedelta(days=1, hours=rng.randint(1, 40)) if cancelled else None,
                cancelled_by="person" if cancelled else "",
            )
        )
    await insert_rows(db, bookings)
    rows = await db.execute(
        select(ConsultationBooking.id, ConsultationBooking.slot_id).where(
            ConsultationBooking.slot_id.in_(list(slot_ids.values()))
        )
    )
    booking_ids = {slot_id: id_ for id_, slot_id in rows.all()}
    records = []
    for booking in bookings:
        if booking.status == BookingStatus.BOOKED and rng.random() < 0.85:
            content, next_steps = rng.choice(RECORDS)
            records.append(
                ConsultationRecord(
                    booking_id=booking_ids[booking.slot_id],
                    counselor_user_id=booking.counselor_user_id,
                    category=booking.category,
                    content=content,
                    next_steps=next_steps,
                    created_at=booking.ends_at,
                    updated_at=booking.ends_at,
                )
            )
    await insert_rows(db, records)
