"""対面相談: the rules. Counselors publish slots, registrants book them, counselors keep records.

Who may do what to a booking is one table (TRANSITIONS), checked here and nowhere else. Two
people can never hold one slot: a booking claims its slot with a conditional UPDATE (… WHERE
status = 'free'), which only one transaction can win on either engine, and the booking's unique
active_slot_id backs that up. One person's overlapping bookings are refused under a lock on their
account row, so two tabs booking at the same instant cannot both pass the check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import jpholiday
from sqlalchemy import and_, case, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, urls
from app.config import Settings
from app.ics import CalendarEvent, ics_attachment
from app.mail import keyed_message_id, mail_queued, queue_template_mail
from app.pagination import Page
from features.accounts import api as accounts
from features.consultation.models import (
    BookingStatus,
    ConsultationBooking,
    ConsultationRecord,
    ConsultationSlot,
    Place,
    SlotStatus,
)

CATEGORIES = ("進路", "応募書類", "語学", "帰国後の進路", "その他")  # 相談区分
LENGTHS = (30, 45, 60, 90)  # minutes a counselor may offer
PLACES = (Place.HQ.value, Place.ONLINE.value)
WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")
MAX_PATTERN_DAYS = 190  # a weekly pattern covers at most about half a year
TAKEN = "この相談枠は予約できません（既に予約済み、または受付を終了しています）。別の枠を選んでください。"
PERSON = "person"
COUNSELOR = "counselor"

# (who, action) → the booking states it may start from. Time limits come on top (see _guard).
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (PERSON, "cancel"): frozenset({BookingStatus.BOOKED}),
    (PERSON, "reschedule"): frozenset({BookingStatus.BOOKED}),
    (COUNSELOR, "cancel"): frozenset({BookingStatus.BOOKED}),
    (COUNSELOR, "reschedule"): frozenset({BookingStatus.BOOKED}),
    (COUNSELOR, "no_show"): frozenset({BookingStatus.BOOKED}),
    (COUNSELOR, "record"): frozenset({BookingStatus.BOOKED}),
}

STATUS_LABELS = {
    BookingStatus.BOOKED: "予約済",
    BookingStatus.NO_SHOW: "無断欠席",
    BookingStatus.CANCELLED: "キャンセル",
}


class ConsultationError(Exception):
    """A refused request; the message is Japanese and safe to show. status: 403, 404, 409 or 422."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def phase(booking: ConsultationBooking, now: datetime | None = None) -> str:
    """The label a booking shows: 予約済 until it ends, then 実施済 (unless 無断欠席 or キャンセル)."""
    now = now or clock.now()
    if booking.status == BookingStatus.BOOKED and _aware(booking.ends_at) <= now:
        return "実施済"
    return STATUS_LABELS[BookingStatus(booking.status)]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def has_started(booking: ConsultationBooking) -> bool:
    return clock.now() >= _aware(booking.starts_at)


def has_ended(booking: ConsultationBooking) -> bool:
    return clock.now() >= _aware(booking.ends_at)


def when_label(starts_at: datetime, ends_at: datetime) -> str:
    """2026年12月7日（月）14:00〜15:00, in Japan time."""
    start, end = clock.to_jst(starts_at), clock.to_jst(ends_at)
    return f"{start.year}年{start.month}月{start.day}日（{WEEKDAYS[start.weekday()]}）{start:%H:%M}〜{end:%H:%M}"


def time_label(starts_at: datetime, ends_at: datetime) -> str:
    return f"{clock.to_jst(starts_at):%H:%M}〜{clock.to_jst(ends_at):%H:%M}"


def jst_datetime(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=clock.JST).astimezone(UTC)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


# -- eligibility ------------------------------------------------------------------------------


async def may_book(db: AsyncSession, user_id: int | None) -> bool:
    """対面相談 is for 国際協力人材登録 registrants (not 簡易登録, not organizations)."""
    if not user_id:
        return False
    individual = await accounts.individual_of(db, user_id)
    return individual is not None and individual.kind == accounts.RegistrationKind.FULL


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
    if slot is None or slot.status != SlotStatus.FREE or _aware(slot.starts_at) <= clock.now():
        return None
    return (await _slot_views(db, [slot], with_people=False))[0]


# -- booking ------------------------------------------------------------------------------------


async def _lock_person(db: AsyncSession, user_id: int) -> None:
    await accounts.lock_user(db, user_id)


async def _overlaps_own_booking(
    db: AsyncSession, user_id: int, starts_at: datetime, ends_at: datetime, *, besides: int | None = None
) -> bool:
    query = select(ConsultationBooking.id).where(
        ConsultationBooking.user_id == user_id,
        ConsultationBooking.status == BookingStatus.BOOKED,
        ConsultationBooking.starts_at < ends_at,
        ConsultationBooking.ends_at > starts_at,
    )
    if besides is not None:
        query = query.where(ConsultationBooking.id != besides)
    return (await db.scalar(query.limit(1))) is not None


async def _claim(db: AsyncSession, slot_id: int) -> ConsultationSlot:
    """Take a free, future slot, or refuse: only one transaction's UPDATE can match it."""
    result = await db.execute(
        update(ConsultationSlot)
        .where(
            ConsultationSlot.id == slot_id,
            ConsultationSlot.status == SlotStatus.FREE,
            ConsultationSlot.starts_at > clock.now(),
        )
        .values(status=SlotStatus.BOOKED)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConsultationError(
            "この相談枠は予約できません（既に予約済み、または受付を終了しています）。別の枠を選んでください。"
        )
    slot = await db.get(ConsultationSlot, slot_id)
    await db.refresh(slot)
    return slot


async def _release(db: AsyncSession, slot_id: int) -> None:
    await db.execute(
        update(ConsultationSlot)
        .where(ConsultationSlot.id == slot_id, ConsultationSlot.status == SlotStatus.BOOKED)
        .values(status=SlotStatus.FREE)
        .execution_options(synchronize_session=False)
    )


async def book(
    db: AsyncSession,
    settings: Settings,
    *,
    user_id: int,
    slot_id: int,
    category: str,
    sheet: str,
    share_resume: bool,
) -> ConsultationBooking:
    if not await may_book(db, user_id):
        raise ConsultationError("対面相談の予約には国際協力人材登録が必要です。", 403)
    if category not in CATEGORIES or not sheet or len(sheet) > settings.consultation.sheet_max_length:
        raise ConsultationError("相談区分と相談したいことを確認してください。", 422)
    await _lock_person(db, user_id)
    slot = await db.get(ConsultationSlot, slot_id)
    if slot is None:
        raise ConsultationError("相談枠が見つかりません。", 404)
    if slot.status != SlotStatus.FREE:
        raise ConsultationError(TAKEN)
    if await _overlaps_own_booking(db, user_id, slot.starts_at, slot.ends_at):
        raise ConsultationError("同じ時間帯に別の相談予約があります。予約は重ならないようにしてください。")
    slot = await _claim(db, slot_id)
    now = clock.now()
    booking = ConsultationBooking(
        slot_id=slot.id,
        active_slot_id=slot.id,
        user_id=user_id,
        counselor_user_id=slot.counselor_user_id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        place=slot.place,
        category=category,
        sheet=sheet,
        share_resume=share_resume,
        status=BookingStatus.BOOKED,
        created_at=now,
        updated_at=now,
    )
    db.add(booking)
    await db.flush()
    await _mail_person(db, settings, booking, "consultation/booked.txt.jinja")
    await _mail_counselor(db, settings, booking, "予約が入りました")
    return booking


async def _guard(booking: ConsultationBooking | None, who: str, action: str, settings: Settings) -> ConsultationBooking:
    if booking is None:
        raise ConsultationError("相談予約が見つかりません。", 404)
    if booking.status not in TRANSITIONS.get((who, action), frozenset()):
        raise ConsultationError(f"{phase(booking)}の相談予約にはこの操作はできません。")
    now = clock.now()
    starts_at = _aware(booking.starts_at)
    if who == PERSON and action in ("cancel", "reschedule"):
        hours = settings.consultation.cancel_until_hours
        if now > starts_at - timedelta(hours=hours):
            raise ConsultationError(
                f"キャンセル・日時の変更は相談開始の{hours}時間前までです。PARTNER事務局にご連絡ください。"
            )
    if action in ("no_show", "record") and now < starts_at:
        raise ConsultationError("相談の開始時刻より前には記録できません。")
    if who == COUNSELOR and action in ("cancel", "reschedule") and _aware(booking.ends_at) <= now:
        raise ConsultationError("終了した相談はキャンセル・日時の変更ができません。")
    return booking


async def own_booking(db: AsyncSession, user_id: int, booking_id: int) -> ConsultationBooking | None:
    booking = await db.get(ConsultationBooking, booking_id)
    return booking if booking is not None and booking.user_id == user_id else None


async def counselor_booking(db: AsyncSession, counselor_id: int | None, booking_id: int) -> ConsultationBooking | None:
    """A booking for its counselor, or for the secretariat (counselor_id None)."""
    booking = await db.get(ConsultationBooking, booking_id)
    if booking is None or (counselor_id is not None and booking.counselor_user_id != counselor_id):
        return None
    return booking


async def booking_exists(db: AsyncSession, booking_id: int) -> bool:
    return (await db.get(ConsultationBooking, booking_id)) is not None


async def _cancel(db: AsyncSession, booking: ConsultationBooking, who: str) -> None:
    now = clock.now()
    result = await db.execute(
        update(ConsultationBooking)
        .where(ConsultationBooking.id == booking.id, ConsultationBooking.status == BookingStatus.BOOKED)
        .values(
            status=BookingStatus.CANCELLED,
            active_slot_id=None,
            cancelled_at=now,
            cancelled_by=who,
            updated_at=now,
            sequence=ConsultationBooking.sequence + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # a second click, or the counselor at the same moment
        raise ConsultationError("この相談予約は既にキャンセルされています。")
    await _release(db, booking.slot_id)
    await db.refresh(booking)


async def cancel_by_person(db: AsyncSession, settings: Settings, user_id: int, booking_id: int) -> ConsultationBooking:
    booking = await _guard(await own_booking(db, user_id, booking_id), PERSON, "cancel", settings)
    await _cancel(db, booking, PERSON)
    await _mail_person(db, settings, booking, "consultation/cancelled.txt.jinja")
    await _mail_counselor(db, settings, booking, "予約がキャンセルされました")
    return booking


async def cancel_by_counselor(
    db: AsyncSession, settings: Settings, counselor_id: int, booking_id: int, reason: str
) -> ConsultationBooking:
    booking = await _guard(await counselor_booking(db, counselor_id, booking_id), COUNSELOR, "cancel", settings)
    await _cancel(db, booking, COUNSELOR)
    await _mail_person(db, settings, booking, "consultation/cancelled_by_counselor.txt.jinja", reason=reason)
    return booking


async def reschedule(
    db: AsyncSession, settings: Settings, who: str, actor_id: int, booking_id: int, new_slot_id: int
) -> ConsultationBooking:
    """Move a booking to another free slot: the new one is claimed before the old one is let go."""
    if who == PERSON:
        booking = await _guard(await own_booking(db, actor_id, booking_id), PERSON, "reschedule", settings)
    else:
        booking = await _guard(await counselor_booking(db, actor_id, booking_id), COUNSELOR, "reschedule", settings)
    target = await db.get(ConsultationSlot, new_slot_id)
    if target is None or target.id == booking.slot_id:
        raise ConsultationError("変更先の相談枠を選んでください。", 422)
    if who == COUNSELOR and target.counselor_user_id != actor_id:
        raise ConsultationError("ご自身の相談枠にのみ変更できます。", 422)
    await _lock_person(db, booking.user_id)
    if await _overlaps_own_booking(db, booking.user_id, target.starts_at, target.ends_at, besides=booking.id):
        raise ConsultationError("同じ時間帯に別の相談予約があります。予約は重ならないようにしてください。")
    old_slot_id = booking.slot_id
    target = await _claim(db, new_slot_id)
    # Let go of the old slot first: active_slot_id is unique and must never point to two bookings.
    booking.active_slot_id = None
    await db.flush()
    await _release(db, old_slot_id)
    booking.slot_id = target.id
    booking.active_slot_id = target.id
    booking.counselor_user_id = target.counselor_user_id
    booking.starts_at = target.starts_at
    booking.ends_at = target.ends_at
    booking.place = target.place
    booking.sequence += 1
    booking.reminder_sent_at = None  # a reminder for the new day
    booking.updated_at = clock.now()
    await db.flush()
    await _mail_person(db, settings, booking, "consultation/rescheduled.txt.jinja", by_counselor=who == COUNSELOR)
    if who == PERSON:
        await _mail_counselor(db, settings, booking, "予約の日時が変更されました")
    return booking


async def mark_no_show(db: AsyncSession, settings: Settings, counselor_id: int, booking_id: int) -> None:
    booking = await _guard(await counselor_booking(db, counselor_id, booking_id), COUNSELOR, "no_show", settings)
    booking.status = BookingStatus.NO_SHOW
    booking.updated_at = clock.now()
    await db.flush()


async def save_record(
    db: AsyncSession,
    settings: Settings,
    counselor_id: int,
    booking_id: int,
    *,
    category: str,
    content: str,
    next_steps: str,
) -> ConsultationRecord:
    booking = await _guard(await counselor_booking(db, counselor_id, booking_id), COUNSELOR, "record", settings)
    if category not in CATEGORIES or not content:
        raise ConsultationError("相談区分と相談内容を入力してください。", 422)
    now = clock.now()
    record = await db.scalar(select(ConsultationRecord).where(ConsultationRecord.booking_id == booking.id))
    if record is None:
        record = ConsultationRecord(booking_id=booking.id, counselor_user_id=counselor_id, created_at=now, category="")
        db.add(record)
    record.category = category
    record.content = content
    record.next_steps = next_steps
    record.updated_at = now
    await db.flush()
    return record


async def record_of(db: AsyncSession, booking_id: int) -> ConsultationRecord | None:
    """The 相談記録: callers are counselors or the secretariat and audit the read (app.audit)."""
    return await db.scalar(select(ConsultationRecord).where(ConsultationRecord.booking_id == booking_id))


# -- lists --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingView:
    id: int
    starts_at: datetime
    ends_at: datetime
    place: str
    category: str
    status: str
    phase: str
    counselor: str
    person: str
    registration_code: str
    share_resume: bool
    has_record: bool
    changeable: bool  # the person may still cancel or reschedule

    @property
    def when(self) -> str:
        return when_label(self.starts_at, self.ends_at)


async def _booking_views(
    db: AsyncSession, settings: Settings, bookings: Sequence[ConsultationBooking]
) -> list[BookingView]:
    names = await accounts.display_names(db, {b.counselor_user_id for b in bookings})
    people = await accounts.codes_and_names(db, {b.user_id for b in bookings})
    recorded = set()
    if bookings:
        recorded = set(
            (
                await db.scalars(
                    select(ConsultationRecord.booking_id).where(
                        ConsultationRecord.booking_id.in_([b.id for b in bookings])
                    )
                )
            ).all()
        )
    now = clock.now()
    deadline = timedelta(hours=settings.consultation.cancel_until_hours)
    return [
        BookingView(
            id=b.id,
            starts_at=b.starts_at,
            ends_at=b.ends_at,
            place=b.place,
            category=b.category,
            status=b.status,
            phase=phase(b, now),
            counselor=names.get(b.counselor_user_id, ""),
            person=people.get(b.user_id, ("", ""))[1],
            registration_code=people.get(b.user_id, ("", ""))[0],
            share_resume=b.share_resume,
            has_record=b.id in recorded,
            changeable=b.status == BookingStatus.BOOKED and now <= _aware(b.starts_at) - deadline,
        )
        for b in bookings
    ]


async def bookings_of_person(db: AsyncSession, settings: Settings, user_id: int, page: int = 1) -> Page[BookingView]:
    """The person's 相談予約, newest first, a page at a time."""
    condition = ConsultationBooking.user_id == user_id
    total = await db.scalar(select(func.count()).select_from(ConsultationBooking).where(condition))
    rows = await db.execute(
        select(ConsultationBooking)
        .where(condition)
        .order_by(ConsultationBooking.starts_at.desc(), ConsultationBooking.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    )
    items = await _booking_views(db, settings, list(rows.scalars()))
    return Page(items=items, page=page, per_page=PER_PAGE, total=int(total or 0))


PER_PAGE = 50


async def bookings_for_staff(
    db: AsyncSession, settings: Settings, *, counselor_id: int | None, past: bool, page: int = 1
) -> tuple[list[BookingView], int]:
    """A counselor's bookings (or everyone's for the secretariat): upcoming soonest first, past
    latest first; (page rows, total)."""
    now = clock.now()
    condition = ConsultationBooking.ends_at <= now if past else ConsultationBooking.ends_at > now
    query = select(ConsultationBooking).where(condition)
    if not past:
        query = query.where(ConsultationBooking.status != BookingStatus.CANCELLED)
    if counselor_id is not None:
        query = query.where(ConsultationBooking.counselor_user_id == counselor_id)
    total = await db.scalar(select(func.count()).select_from(query.subquery()))
    order = (
        (ConsultationBooking.starts_at.desc(), ConsultationBooking.id.desc())
        if past
        else (ConsultationBooking.starts_at, ConsultationBooking.id)
    )
    rows = await db.execute(query.order_by(*order).limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    return await _booking_views(db, settings, list(rows.scalars())), int(total or 0)


async def booking_view(db: AsyncSession, settings: Settings, booking: ConsultationBooking) -> BookingView:
    return (await _booking_views(db, settings, [booking]))[0]


# -- mail ---------------------------------------------------------------------------------------


def _calendar_event(settings: Settings, booking: ConsultationBooking, counselor: str) -> CalendarEvent:
    return CalendarEvent(
        uid=f"consultation-booking-{booking.id}@partner",
        starts_at=_aware(booking.starts_at),
        ends_at=_aware(booking.ends_at),
        summary="PARTNER 対面相談（キャリア相談）",
        location="JICA本部" if booking.place == Place.HQ else "オンライン（URLは相談員からご案内します）",
        description=f"相談区分：{booking.category}\nキャリア相談員：{counselor}",
        url=urls.absolute_url(settings, "consultation:my_booking", booking_id=booking.id),
        sequence=booking.sequence,
        cancelled=booking.status == BookingStatus.CANCELLED,
    )


async def _context(db: AsyncSession, settings: Settings, booking: ConsultationBooking) -> dict:
    names = await accounts.display_names(db, {booking.counselor_user_id, booking.user_id})
    people = await accounts.codes_and_names(db, {booking.user_id})
    return {
        "booking": booking,
        "person": people.get(booking.user_id, ("", names.get(booking.user_id, "")))[1],
        "counselor": names.get(booking.counselor_user_id, ""),
        "when": when_label(booking.starts_at, booking.ends_at),
        "booking_url": urls.absolute_url(settings, "consultation:my_booking", booking_id=booking.id),
        "staff_url": urls.absolute_url(settings, "consultation:staff_booking", booking_id=booking.id),
        "home_url": urls.absolute_url(settings, "home:index"),
        "cancel_until_hours": settings.consultation.cancel_until_hours,
    }


async def _mail_person(
    db: AsyncSession,
    settings: Settings,
    booking: ConsultationBooking,
    template: str,
    *,
    message_id: str | None = None,
    **extra,
) -> None:
    to = (await accounts.active_emails_of_users(db, {booking.user_id})).get(booking.user_id)
    if not to:
        return
    context = await _context(db, settings, booking)
    await queue_template_mail(
        db,
        settings,
        to=to,
        template=template,
        message_id=message_id,
        attachments=(ics_attachment(_calendar_event(settings, booking, context["counselor"]), "consultation.ics"),),
        **context,
        **extra,
    )


async def _mail_counselor(db: AsyncSession, settings: Settings, booking: ConsultationBooking, what: str) -> None:
    to = (await accounts.active_emails_of_users(db, {booking.counselor_user_id})).get(booking.counselor_user_id)
    if to:
        context = await _context(db, settings, booking)
        await queue_template_mail(
            db, settings, to=to, template="consultation/counselor_notice.txt.jinja", what=what, **context
        )


async def send_reminders(db: AsyncSession, settings: Settings) -> int:
    """Hourly: the day before (Japan time), a reminder to each booked person, exactly once per
    booking and time (a keyed Message-ID: a second run, or a retry, finds it queued)."""
    tomorrow = clock.today_jst() + timedelta(days=1)
    low, high = jst_datetime(tomorrow, time(0, 0)), jst_datetime(tomorrow + timedelta(days=1), time(0, 0))
    rows = await db.execute(
        select(ConsultationBooking)
        .where(
            ConsultationBooking.status == BookingStatus.BOOKED,
            ConsultationBooking.reminder_sent_at.is_(None),
            and_(ConsultationBooking.starts_at >= low, ConsultationBooking.starts_at < high),
        )
        .order_by(ConsultationBooking.id)
    )
    sent = 0
    for booking in rows.scalars():
        key = keyed_message_id(settings, f"consultation-reminder.{booking.id}.{_aware(booking.starts_at):%Y%m%d%H%M}")
        if not await mail_queued(db, key):
            await _mail_person(db, settings, booking, "consultation/reminder.txt.jinja", message_id=key)
            sent += 1
        booking.reminder_sent_at = clock.now()
    await db.flush()
    return sent


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


async def erase_person(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会 and retention (APPI): the person's bookings and their 相談記録 are deleted; the slots
    they still held become free again."""
    rows = await db.execute(select(ConsultationBooking).where(ConsultationBooking.user_id == user_id))
    bookings = list(rows.scalars())
    if not bookings:
        return
    ids = [b.id for b in bookings]
    await db.execute(delete(ConsultationRecord).where(ConsultationRecord.booking_id.in_(ids)))
    held = [b.active_slot_id for b in bookings if b.active_slot_id is not None]
    await db.execute(delete(ConsultationBooking).where(ConsultationBooking.id.in_(ids)))
    if held:
        await db.execute(
            update(ConsultationSlot)
            .where(ConsultationSlot.id.in_(held), ConsultationSlot.starts_at > clock.now())
            .values(status=SlotStatus.FREE)
            .execution_options(synchronize_session=False)
        )
    await db.flush()


# -- follow-up and counting ---------------------------------------------------------------------


def fiscal_year(day: date) -> int:
    """年度: April to March (2026年度 = 2026-04-01 … 2027-03-31)."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(year: int) -> tuple[datetime, datetime]:
    return jst_datetime(date(year, 4, 1), time(0, 0)), jst_datetime(date(year + 1, 4, 1), time(0, 0))


async def consulted_user_ids(db: AsyncSession, start: datetime, end: datetime) -> dict[int, str]:
    """People who had a consultation between start and end (held: not cancelled, not 無断欠席, begun
    before now) → the 相談区分 of their latest one."""
    rows = await db.execute(
        select(ConsultationBooking.user_id, ConsultationBooking.category)
        .where(
            ConsultationBooking.status == BookingStatus.BOOKED,
            ConsultationBooking.starts_at >= start,
            ConsultationBooking.starts_at < min(end, clock.now()),
        )
        .order_by(ConsultationBooking.starts_at)
    )
    return dict(rows.all())


async def count_consultations(db: AsyncSession, start: datetime, end: datetime) -> dict[str, int]:
    """Bookings whose consultation falls in [start, end): 予約 (not cancelled), 実施 (over, not
    無断欠席), 無断欠席, キャンセル."""
    over = func.sum(case((ConsultationBooking.ends_at <= clock.now(), 1), else_=0))
    rows = await db.execute(
        select(ConsultationBooking.status, func.count(), over)
        .where(ConsultationBooking.starts_at >= start, ConsultationBooking.starts_at < end)
        .group_by(ConsultationBooking.status)
    )
    counts = {"booked": 0, "held": 0, "no_show": 0, "cancelled": 0}
    for status, n, ended in rows.all():
        if status == BookingStatus.CANCELLED:
            counts["cancelled"] += n
            continue
        counts["booked"] += n
        if status == BookingStatus.NO_SHOW:
            counts["no_show"] += n
        else:
            counts["held"] += int(ended or 0)
    return counts
