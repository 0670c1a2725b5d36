"""The demo 対面相談: three counselors with a month of slots, about a third booked, past ones with
records, some still waiting for one, and one 無断欠席."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from app import clock
from features.consultation.models import BookingStatus, ConsultationBooking, ConsultationRecord, ConsultationSlot


async def test_demo_consultation_data(demo_copy, database, settings, frozen_clock):
    await demo_copy(database, settings)
    now = clock.now()
    async with database.session(write=False) as db:
        slots = list((await db.execute(select(ConsultationSlot))).scalars())
        bookings = list((await db.execute(select(ConsultationBooking))).scalars())
        records = await db.scalar(select(func.count()).select_from(ConsultationRecord))
    assert len({s.counselor_user_id for s in slots}) == 3
    future = [s for s in slots if s.starts_at > now]
    assert len(future) > 60 and {s.place for s in slots} == {"本部", "オンライン"}
    assert 0.2 < len(bookings) / len(slots) < 0.45
    statuses = Counter(b.status for b in bookings)
    assert statuses[BookingStatus.NO_SHOW] == 1
    past_held = [b for b in bookings if b.ends_at <= now and b.status == BookingStatus.BOOKED]
    assert 0 < records < len(past_held)  # some records written, some still to write
    assert all(b.active_slot_id == b.slot_id for b in bookings)
