"""対面相談: the mail of a booking: to the person (with the calendar invitation), to the
counselor, and the reminder the day before."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, urls
from app.config import Settings
from app.ics import CalendarEvent, ics_attachment
from app.mail import keyed_message_id, mail_queued, queue_template_mail
from features.accounts import api as accounts
from features.consultation.basics import aware, jst_datetime, when_label
from features.consultation.models import BookingStatus, ConsultationBooking, Place

# -- mail ---------------------------------------------------------------------------------------


def _calendar_event(settings: Settings, booking: ConsultationBooking, counselor: str) -> CalendarEvent:
    return CalendarEvent(
        uid=f"consultation-booking-{booking.id}@partner",
        starts_at=aware(booking.starts_at),
        ends_at=aware(booking.ends_at),
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


async def mail_person(
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


async def mail_counselor(db: AsyncSession, settings: Settings, booking: ConsultationBooking, what: str) -> None:
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
        key = keyed_message_id(settings, f"consultation-reminder.{booking.id}.{aware(booking.starts_at):%Y%m%d%H%M}")
        if not await mail_queued(db, key):
            await mail_person(db, settings, booking, "consultation/reminder.txt.jinja", message_id=key)
            sent += 1
        booking.reminder_sent_at = clock.now()
    await db.flush()
    return sent
