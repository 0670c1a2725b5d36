"""Personas and rows for the 対面相談 tests: counselors, registrants, slots in the future."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select, update

from app import clock
from features.accounts.models import Individual, Role
from features.consultation import service, slots
from features.consultation.basics import jst_datetime
from features.consultation.models import ConsultationBooking, ConsultationSlot
from tests.features.accounts.helpers import make_user


async def make_counselor(database, email: str = "counselor@example.jp"):
    return await make_user(database, email, Role.COUNSELOR)


async def make_person(database, email: str = "person@example.jp", *, kind: str = "国際協力人材登録"):
    user = await make_user(database, email, Role.INDIVIDUAL)
    if kind != "国際協力人材登録":
        async with database.session() as db:
            await db.execute(update(Individual).where(Individual.user_id == user.id).values(kind=kind))
    return user


def jst(days: int, hour: int, minute: int = 0) -> datetime:
    """Japan time `days` after today (Japan time) at hour:minute, as aware UTC."""
    return jst_datetime(clock.today_jst() + timedelta(days=days), time(hour, minute))


async def make_slot(database, counselor_id: int, starts_at: datetime, minutes: int = 60, place: str = "本部"):
    async with database.session() as db:
        slot = await slots.add_slot(db, counselor_id, starts_at, minutes, place)
    return slot


async def book(database, settings, user_id: int, slot_id: int, **values):
    fields = {"category": "進路", "sheet": "帰国後の進路について相談したいです。", "share_resume": False, **values}
    async with database.session() as db:
        booking = await service.book(db, settings, user_id=user_id, slot_id=slot_id, **fields)
    return booking


async def booking_row(database, booking_id: int) -> ConsultationBooking:
    async with database.session(write=False) as db:
        return await db.get(ConsultationBooking, booking_id)


async def slot_row(database, slot_id: int) -> ConsultationSlot:
    async with database.session(write=False) as db:
        return (await db.execute(select(ConsultationSlot).where(ConsultationSlot.id == slot_id))).scalar_one()
