"""Calendar files (.ics, RFC 5545) for mails: a seminar registration, a consultation booking.

Mail clients add the event to the person's calendar; a later file with the same UID and a higher
SEQUENCE updates it, and METHOD:CANCEL with STATUS:CANCELLED removes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event

from app import clock
from app.mail import Attachment

PRODUCT_ID = "-//PARTNER//国際協力キャリア総合情報サイト//JA"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable per registration or booking, e.g. "seminar-12-reg-345@partner"
    starts_at: datetime  # timezone-aware
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0  # raise it for each change of time or place
    cancelled: bool = False


def ics_bytes(event: CalendarEvent) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if event.cancelled else "PUBLISH")
    entry = Event()
    entry.add("uid", event.uid)
    entry.add("dtstamp", clock.now())
    # In UTC ("…Z"): a fixed-offset zone such as clock.JST would be written as floating local time.
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("summary", event.summary)
    entry.add("sequence", event.sequence)
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.location:
        entry.add("LOCATION", event.location)  # upper case, as RFC 5545 writes it
    if event.description:
        entry.add("description", event.description)
    if event.url:
        entry.add("url", event.url)
    calendar.add_component(entry)
    return calendar.to_ical()


def ics_attachment(event: CalendarEvent, filename: str = "invite.ics") -> Attachment:
    """The .ics as a mail attachment (queue_template_mail(..., attachments=(…,)))."""
    return Attachment(filename=filename, content_type="text/calendar", data=ics_bytes(event))
