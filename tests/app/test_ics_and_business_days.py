"""The frame's calendar files and business-day ages."""

from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar

from app import clock
from app.ics import CalendarEvent, ics_attachment, ics_bytes

EVENT = CalendarEvent(
    uid="seminar-1-reg-2@partner",
    starts_at=datetime(2027, 1, 16, 13, 0, tzinfo=clock.JST),
    ends_at=datetime(2027, 1, 16, 17, 0, tzinfo=clock.JST),
    summary="国際協力人材セミナー 東京",
    location="JICA市ヶ谷ビル 国際会議場",
    url="https://partner.example/seminars/1",
)


def test_an_event_parses_back_with_its_time_place_and_uid():
    parsed = Calendar.from_ical(ics_bytes(EVENT))
    (event,) = parsed.walk("VEVENT")
    assert parsed["method"] == "PUBLISH"
    assert str(event["uid"]) == "seminar-1-reg-2@partner"
    assert event.decoded("dtstart") == EVENT.starts_at
    assert event.decoded("dtend") == EVENT.ends_at
    assert str(event["summary"]) == "国際協力人材セミナー 東京"
    assert str(event["location"]) == "JICA市ヶ谷ビル 国際会議場"
    assert str(event["status"]) == "CONFIRMED"


def test_a_cancellation_carries_cancel_and_the_higher_sequence():
    cancelled = CalendarEvent(**{**EVENT.__dict__, "cancelled": True, "sequence": 2})
    parsed = Calendar.from_ical(ics_bytes(cancelled))
    (event,) = parsed.walk("VEVENT")
    assert parsed["method"] == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 2


def test_the_attachment_is_text_calendar():
    attachment = ics_attachment(EVENT, "seminar.ics")
    assert attachment.content_type == "text/calendar"
    assert attachment.filename == "seminar.ics"
    assert b"BEGIN:VCALENDAR" in attachment.data


def test_business_days_skip_weekends_and_holidays():
    # Fri 2027-01-08 → Tue 2027-01-12: Sat, Sun and 成人の日 (Mon 11th) do not count.
    assert clock.business_days_between(date(2027, 1, 8), date(2027, 1, 12)) == 1
    assert clock.business_days_between(date(2027, 1, 8), date(2027, 1, 8)) == 0
    assert clock.business_days_between(date(2027, 1, 12), date(2027, 1, 8)) == 0
    assert clock.business_days_between(date(2027, 1, 12), date(2027, 1, 19)) == 5
    assert not clock.is_business_day(date(2027, 1, 11))
    assert clock.is_business_day(date(2027, 1, 12))
