"""対面相談: the counselors' slots: one at a time or 毎週 (public holidays skipped), removed
while free, and read a week at a time (bookable ones for registrants, all with their bookings for
counselors and the secretariat)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import jpholiday
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.accounts import api as accounts
from features.consultation.basics import (
    LENGTHS,
    MAX_PATTERN_DAYS,
    PLACES,
    ConsultationError,
    aware,
    jst_datetime,
    time_label,
    when_label,
)
from features.consultation.models import ConsultationBooking, ConsultationSlot, SlotStatus

# -- slots --------------------------------------------------------------------------------------


async def _overlapping_slot(db: AsyncSession, counselor_id: int, starts_at: datetime, ends_at: datetime) -> bool:
    row = await db.scalar(
        select(ConsultationSlot.id)
        .where(
            ConsultationSlot.counselor_user_id == counselor_id,
            ConsultationSlot.status != SlotStatus.CLOSED,
            ConsultationSlot.starts_at < ends_at,
            ConsultationSlot.ends_at > starts_at,
        )
        .limit(1)
    )
    return row is not None


async def add_slot(
    db: AsyncSession, counselor_id: int, starts_at: datetime, minutes: int, place: str
) -> ConsultationSlot:
    if minutes not in LENGTHS or place not in PLACES:
        raise ConsultationError("相談枠の長さか場所が正しくありません。", 422)
    if starts_at <= clock.now():
        raise ConsultationError("過去の日時には相談枠を作成できません。", 422)
    ends_at = starts_at + timedelta(minutes=minutes)
    if await _overlapping_slot(db, counselor_id, starts_at, ends_at):
        raise ConsultationError("この時間帯には既に相談枠があります。", 409)
    slot = ConsultationSlot(
        counselor_user_id=counselor_id,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        status=SlotStatus.FREE,
        created_at=clock.now(),
    )
    db.add(slot)
    await db.flush()
    return slot


@dataclass(frozen=True)
class PatternOutcome:
    created: int
    holidays: tuple[date, ...]  # skipped: public holidays
    taken: int  # skipped: the counselor already has a slot at that time (or it is past)


async def add_weekly_pattern(
    db: AsyncSession,
    counselor_id: int,
    *,
    weekday: int,
    at: time,
    minutes: int,
    place: str,
    first: date,
    last: date,
) -> PatternOutcome:
    """毎週の相談枠: one slot on each `weekday` from `first` to `last`, skipping public holidays and
    times the counselor already has (so running the same pattern twice adds nothing)."""
    if minutes not in LENGTHS or place not in PLACES or not 0 <= weekday <= 6:
        raise ConsultationError("曜日・長さ・場所のいずれかが正しくありません。", 422)
    if last < first:
        raise ConsultationError("終了日は開始日以降の日付にしてください。", 422)
    if (last - first).days > MAX_PATTERN_DAYS:
        raise ConsultationError("毎週の相談枠は半年（190日）以内の期間で作成してください。", 422)
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    created, taken, holidays = 0, 0, []
    now = clock.now()
    while day <= last:
        # Holidays on weekdays are not business days (clock.is_business_day); on a Saturday ask jpholiday.
        holiday = (day.weekday() < 5 and not clock.is_business_day(day)) or jpholiday.is_holiday(day)
        starts_at = jst_datetime(day, at)
        ends_at = starts_at + timedelta(minutes=minutes)
        if holiday:
            holidays.append(day)
        elif starts_at <= now or await _overlapping_slot(db, counselor_id, starts_at, ends_at):
            taken += 1
        else:
            db.add(
                ConsultationSlot(
                    counselor_user_id=counselor_id,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    place=place,
                    status=SlotStatus.FREE,
                    created_at=now,
                )
            )
            await db.flush()
            created += 1
        day += timedelta(days=7)
    if created == 0 and not holidays and taken == 0:
        raise ConsultationError("指定した期間に該当する曜日がありません。", 422)
    return PatternOutcome(created=created, holidays=tuple(holidays), taken=taken)


async def delete_slot(db: AsyncSession, counselor_id: int, slot_id: int) -> None:
    """A free slot is removed (closed when a cancelled booking still points to it). A booked slot
    is not: the counselor cancels the booking first, which mails the person."""
    slot = await db.get(ConsultationSlot, slot_id)
    if slot is None or slot.counselor_user_id != counselor_id:
        raise ConsultationError("相談枠が見つかりません。", 404)
    result = await db.execute(
        update(ConsultationSlot)
        .where(ConsultationSlot.id == slot_id, ConsultationSlot.status == SlotStatus.FREE)
        .values(status=SlotStatus.CLOSED)
    )
    if result.rowcount != 1:
        raise ConsultationError("予約済みの相談枠は削除できません。先に予約をキャンセルしてください。", 409)
    referenced = await db.scalar(select(ConsultationBooking.id).where(ConsultationBooking.slot_id == slot_id).limit(1))
    if referenced is None:
        await db.execute(delete(ConsultationSlot).where(ConsultationSlot.id == slot_id))


@dataclass(frozen=True)
class SlotView:
    id: int
    counselor_user_id: int
    counselor: str
    starts_at: datetime
    ends_at: datetime
    place: str
    status: str
    booking_id: int | None = None
    person: str = ""

    @property
    def when(self) -> str:
        return when_label(self.starts_at, self.ends_at)

    @property
    def hours(self) -> str:
        return time_label(self.starts_at, self.ends_at)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


async def _slot_views(db: AsyncSession, slots: Sequence[ConsultationSlot], *, with_people: bool) -> list[SlotView]:
    names = await accounts.display_names(db, {s.counselor_user_id for s in slots})
    bookings: dict[int, ConsultationBooking] = {}
    people: dict[int, tuple[str, str]] = {}
    if with_people and slots:
        rows = await db.execute(
            select(ConsultationBooking).where(ConsultationBooking.active_slot_id.in_([s.id for s in slots]))
        )
        bookings = {b.active_slot_id: b for b in rows.scalars()}
        people = await accounts.codes_and_names(db, {b.user_id for b in bookings.values()})
    views = []
    for s in slots:
        booking = bookings.get(s.id)
        views.append(
            SlotView(
                id=s.id,
                counselor_user_id=s.counselor_user_id,
                counselor=names.get(s.counselor_user_id, ""),
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                place=s.place,
                status=s.status,
                booking_id=booking.id if booking else None,
                person=people.get(booking.user_id, ("", ""))[1] if booking else "",
            )
        )
    return views


def _week_bounds(start: date) -> tuple[datetime, datetime]:
    return jst_datetime(start, time(0, 0)), jst_datetime(start + timedelta(days=7), time(0, 0))


async def free_slots_of_week(db: AsyncSession, start: date, *, exclude_counselor: int | None = None) -> list[SlotView]:
    """Bookable slots of the week from `start` (a Monday): free and not yet begun."""
    low, high = _week_bounds(start)
    query = (
        select(ConsultationSlot)
        .where(
            ConsultationSlot.status == SlotStatus.FREE,
            ConsultationSlot.starts_at >= max(low, clock.now()),
            ConsultationSlot.starts_at < high,
        )
        .order_by(ConsultationSlot.starts_at, ConsultationSlot.id)
    )
    if exclude_counselor is not None:
        query = query.where(ConsultationSlot.counselor_user_id != exclude_counselor)
    return await _slot_views(db, list((await db.execute(query)).scalars()), with_people=False)


async def slots_of_week(db: AsyncSession, start: date, *, counselor_id: int | None = None) -> list[SlotView]:
    """Every open or booked slot of the week (a counselor's own, or everyone's for the secretariat)."""
    low, high = _week_bounds(start)
    query = (
        select(ConsultationSlot)
        .where(
            ConsultationSlot.status != SlotStatus.CLOSED,
            ConsultationSlot.starts_at >= low,
            ConsultationSlot.starts_at < high,
        )
        .order_by(ConsultationSlot.starts_at, ConsultationSlot.id)
    )
    if counselor_id is not None:
        query = query.where(ConsultationSlot.counselor_user_id == counselor_id)
    return await _slot_views(db, list((await db.execute(query)).scalars()), with_people=True)


async def bookable_slot(db: AsyncSession, slot_id: int) -> SlotView | None:
    slot = await db.get(ConsultationSlot, slot_id)
    if slot is None or slot.status != SlotStatus.FREE or aware(slot.starts_at) <= clock.now():
        return None
    return (await _slot_views(db, [slot], with_people=False))[0]


async def free_slots_of_counselor(db: AsyncSession, counselor_id: int, days: int = 28) -> list[SlotView]:
    """A counselor's free future slots for the next `days` (where a booking may be moved), one query."""
    now = clock.now()
    rows = await db.execute(
        select(ConsultationSlot)
        .where(
            ConsultationSlot.counselor_user_id == counselor_id,
            ConsultationSlot.status == SlotStatus.FREE,
            ConsultationSlot.starts_at > now,
            ConsultationSlot.starts_at < now + timedelta(days=days),
        )
        .order_by(ConsultationSlot.starts_at)
    )
    return await _slot_views(db, list(rows.scalars()), with_people=False)
