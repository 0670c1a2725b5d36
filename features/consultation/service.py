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
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.pagination import Page
from features.accounts import api as accounts
from features.consultation.basics import CATEGORIES, ConsultationError, aware, when_label
from features.consultation.mails import mail_counselor, mail_person
from features.consultation.models import (
    BookingStatus,
    ConsultationBooking,
    ConsultationRecord,
    ConsultationSlot,
    SlotStatus,
)

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


def phase(booking: ConsultationBooking, now: datetime | None = None) -> str:
    """The label a booking shows: 予約済 until it ends, then 実施済 (unless 無断欠席 or キャンセル)."""
    now = now or clock.now()
    if booking.status == BookingStatus.BOOKED and aware(booking.ends_at) <= now:
        return "実施済"
    return STATUS_LABELS[BookingStatus(booking.status)]


def has_started(booking: ConsultationBooking) -> bool:
    return clock.now() >= aware(booking.starts_at)


def has_ended(booking: ConsultationBooking) -> bool:
    return clock.now() >= aware(booking.ends_at)


# -- eligibility ------------------------------------------------------------------------------


async def may_book(db: AsyncSession, user_id: int | None) -> bool:
    """対面相談 is for 国際協力人材登録 registrants (not 簡易登録, not organizations)."""
    if not user_id:
        return False
    individual = await accounts.individual_of(db, user_id)
    return individual is not None and individual.kind == accounts.RegistrationKind.FULL


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
    await mail_person(db, settings, booking, "consultation/booked.txt.jinja")
    await mail_counselor(db, settings, booking, "予約が入りました")
    return booking


async def _guard(booking: ConsultationBooking | None, who: str, action: str, settings: Settings) -> ConsultationBooking:
    if booking is None:
        raise ConsultationError("相談予約が見つかりません。", 404)
    if booking.status not in TRANSITIONS.get((who, action), frozenset()):
        raise ConsultationError(f"{phase(booking)}の相談予約にはこの操作はできません。")
    now = clock.now()
    starts_at = aware(booking.starts_at)
    if who == PERSON and action in ("cancel", "reschedule"):
        hours = settings.consultation.cancel_until_hours
        if now > starts_at - timedelta(hours=hours):
            raise ConsultationError(
                f"キャンセル・日時の変更は相談開始の{hours}時間前までです。PARTNER事務局にご連絡ください。"
            )
    if action in ("no_show", "record") and now < starts_at:
        raise ConsultationError("相談の開始時刻より前には記録できません。")
    if who == COUNSELOR and action in ("cancel", "reschedule") and aware(booking.ends_at) <= now:
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
    await mail_person(db, settings, booking, "consultation/cancelled.txt.jinja")
    await mail_counselor(db, settings, booking, "予約がキャンセルされました")
    return booking


async def cancel_by_counselor(
    db: AsyncSession, settings: Settings, counselor_id: int, booking_id: int, reason: str
) -> ConsultationBooking:
    booking = await _guard(await counselor_booking(db, counselor_id, booking_id), COUNSELOR, "cancel", settings)
    await _cancel(db, booking, COUNSELOR)
    await mail_person(db, settings, booking, "consultation/cancelled_by_counselor.txt.jinja", reason=reason)
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
    await mail_person(db, settings, booking, "consultation/rescheduled.txt.jinja", by_counselor=who == COUNSELOR)
    if who == PERSON:
        await mail_counselor(db, settings, booking, "予約の日時が変更されました")
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
            changeable=b.status == BookingStatus.BOOKED and now <= aware(b.starts_at) - deadline,
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
