"""The activity counters for the reports, on both engines, against hand-counted rows: 公募案件
アクセス数 (daily count rows, Japan-time days; crawlers never counted), 対面相談 by outcome, place,
相談区分 and counselor, and メール相談 response times (business days, median, nearest-rank p90,
within the target). Weeks end on Sunday 23:59:59 JST; fiscal quarters run April–June."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.clock import JST
from features.accounts.models import Role
from features.consultation import api as consultation
from features.consultation.models import BookingStatus, ConsultationBooking, ConsultationSlot
from features.mail_consultation import api as mail_consultation
from features.mail_consultation.models import CaseStatus, MailConsultation
from features.recruitment import api as recruitment
from features.recruitment import counts
from features.reports.periods import Period, PeriodKind
from tests.features.accounts.helpers import make_user
from tests.features.recruitment.helpers import make_jica, make_koubo

WEEK = Period.containing(PeriodKind.WEEK, date(2026, 11, 23))  # Mon 23 – Sun 29 November 2026
NEXT_WEEK = WEEK.shifted(1)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=JST).astimezone(UTC)


async def test_koubo_access_by_japan_day_with_the_top_koubo(database, frozen_clock):
    _, jica = await make_jica(database)
    first = await make_koubo(database, jica.id, serial=1, title="保健医療政策アドバイザー")
    second = await make_koubo(database, jica.id, serial=2, title="教育行政アドバイザー")
    async with database.session() as db:
        await counts.add_count(db, first.id, date(2026, 11, 29), counts.Measure.VIEWS, 5)  # Sunday
        await counts.add_count(db, second.id, date(2026, 11, 29), counts.Measure.VIEWS, 7)
        await counts.add_count(db, second.id, date(2026, 11, 23), counts.Measure.SUBMITTED, 2)  # Monday
        await counts.add_count(db, first.id, date(2026, 11, 30), counts.Measure.VIEWS, 10)  # next Monday
        await counts.add_count(db, first.id, date(2026, 6, 30), counts.Measure.VIEWS, 3)  # 第1四半期's last day
        await counts.add_count(db, first.id, date(2026, 7, 1), counts.Measure.VIEWS, 4)
    frozen_clock.current = _at(2026, 11, 29, 23, 59, 59)  # a view as the week ends, and a crawler's
    async with database.session() as db:
        assert await counts.record(db, first.id, counts.Measure.APPLY_CLICKS, BROWSER)
        assert not await counts.record(db, first.id, counts.Measure.VIEWS, "Googlebot/2.1 (+http://www.google.com)")
        assert not await counts.record(db, first.id, counts.Measure.VIEWS, None)

    async with database.session(write=False) as db:
        week = await recruitment.count_koubo_access(db, WEEK.start, WEEK.end)
        following = await recruitment.count_koubo_access(db, NEXT_WEEK.start, NEXT_WEEK.end)
        chosen = await recruitment.count_koubo_access(db, NEXT_WEEK.start, NEXT_WEEK.end, koubo_ids=[second.id])
        q1 = Period.containing(PeriodKind.QUARTER, date(2026, 4, 1))
        first_quarter = await recruitment.count_koubo_access(db, q1.start, q1.end)
    assert {k: week[k] for k in ("views", "apply_clicks", "started", "submitted", "koubo")} == {
        "views": 12,
        "apply_clicks": 1,
        "started": 0,
        "submitted": 2,
        "koubo": 2,
    }
    assert [(t.koubo_id, t.views, t.submitted) for t in week["top"]] == [(second.id, 7, 2), (first.id, 5, 0)]
    assert week["top"][0].title == "教育行政アドバイザー" and week["top"][0].number == "2026-JE-0002"
    assert following["views"] == 10 and [t.koubo_id for t in following["top"]] == [first.id]
    assert chosen["top"] == []  # the second 公募 had no count that week
    assert first_quarter["views"] == 3


async def test_consultations_by_outcome_place_kind_and_counselor(database, frozen_clock):
    frozen_clock.current = _at(2026, 12, 7, 10)
    person = await make_user(database, "person@example.jp", Role.INDIVIDUAL, password_hash="x")
    ando = await make_user(database, "ando@example.jp", Role.COUNSELOR, password_hash="x")
    baba = await make_user(database, "baba@example.jp", Role.COUNSELOR, password_hash="x")
    async with database.session() as db:
        for counselor, starts, place, category, status in (
            (ando, _at(2026, 11, 29, 23), "本部", "進路", BookingStatus.BOOKED),  # Sunday night: held
            (ando, _at(2026, 11, 24, 10), "オンライン", "語学", BookingStatus.NO_SHOW),
            (baba, _at(2026, 11, 25, 10), "本部", "進路", BookingStatus.CANCELLED),
            (baba, _at(2026, 11, 30), "本部", "応募書類", BookingStatus.BOOKED),  # Monday 00:00: next week
            (baba, _at(2026, 12, 10, 10), "オンライン", "進路", BookingStatus.BOOKED),  # not yet held
        ):
            ends = starts + timedelta(hours=1)
            slot = ConsultationSlot(
                counselor_user_id=counselor.id, starts_at=starts, ends_at=ends, place=place, created_at=starts
            )
            db.add(slot)
            await db.flush()
            db.add(
                ConsultationBooking(
                    slot_id=slot.id,
                    active_slot_id=None if status == BookingStatus.CANCELLED else slot.id,
                    user_id=person.id,
                    counselor_user_id=counselor.id,
                    starts_at=starts,
                    ends_at=ends,
                    place=place,
                    category=category,
                    status=status,
                    created_at=starts - timedelta(days=7),
                    updated_at=starts - timedelta(days=7),
                )
            )
    async with database.session(write=False) as db:
        week = await consultation.count_consultation_figures(db, WEEK.start, WEEK.end)
        following = await consultation.count_consultation_figures(db, NEXT_WEEK.start, NEXT_WEEK.end)
        december = Period.containing(PeriodKind.MONTH, date(2026, 12, 1))
        month = await consultation.count_consultation_figures(db, december.start, december.end)
    assert week["total"] == {"booked": 2, "held": 1, "no_show": 1, "cancelled": 1}
    assert week["by_place"] == {
        "本部": {"booked": 1, "held": 1, "no_show": 0, "cancelled": 1},
        "オンライン": {"booked": 1, "held": 0, "no_show": 1, "cancelled": 0},
    }
    assert week["by_category"]["進路"] == {"booked": 1, "held": 1, "no_show": 0, "cancelled": 1}
    assert week["by_category"]["語学"] == {"booked": 1, "held": 0, "no_show": 1, "cancelled": 0}
    assert week["by_category"]["その他"] == {"booked": 0, "held": 0, "no_show": 0, "cancelled": 0}
    assert week["by_counselor"] == {
        "ando テスト": {"booked": 2, "held": 1, "no_show": 1, "cancelled": 0},
        "baba テスト": {"booked": 0, "held": 0, "no_show": 0, "cancelled": 1},
    }
    assert following["total"] == {"booked": 1, "held": 1, "no_show": 0, "cancelled": 0}
    assert month["total"] == {"booked": 1, "held": 0, "no_show": 0, "cancelled": 0}  # 10 December is still ahead


async def test_mail_consultation_response_times_against_the_target(database):
    person = await make_user(database, "person@example.jp", Role.INDIVIDUAL, password_hash="x")
    async with database.session() as db:
        for received, answered in (
            (_at(2026, 12, 4, 17), _at(2026, 12, 8, 11)),  # Fri → Tue: 2 business days
            (_at(2026, 12, 2, 9), _at(2026, 12, 9, 9)),  # Wed → Wed: 5 (the target, still within)
            (_at(2026, 12, 10, 9), _at(2026, 12, 10, 15)),  # the same day: 0
            (_at(2026, 12, 3, 23, 30), _at(2026, 12, 4, 0, 30)),  # across midnight in Japan: 1
            (_at(2026, 12, 1, 9), _at(2026, 12, 11, 9)),  # Tue → Fri of the next week: 8 (over)
            (_at(2026, 11, 30, 23, 59, 59), None),  # November's last second, not answered
            (_at(2026, 12, 31, 23, 59, 59), _at(2027, 1, 4, 10)),  # received in December, answered in January
        ):
            db.add(
                MailConsultation(
                    user_id=person.id,
                    category="進路",
                    subject="相談",
                    body="相談内容",
                    status=CaseStatus.SENT if answered else CaseStatus.RECEIVED,
                    received_at=received,
                    answered_at=answered,
                    updated_at=answered or received,
                )
            )
    december = Period.containing(PeriodKind.MONTH, date(2026, 12, 1))
    async with database.session(write=False) as db:
        figures = await mail_consultation.count_mail_consultation_figures(db, december.start, december.end, 5)
        strict = await mail_consultation.count_mail_consultation_figures(db, december.start, december.end, 1)
        november = await mail_consultation.count_mail_consultation_figures(
            db, december.previous().start, december.previous().end, 5
        )
    # Answered in December: 0, 1, 2, 5, 8 business days.
    assert figures == {
        "received": 6,
        "answered": 5,
        "median_business_days": 2,
        "p90_business_days": 8,
        "within_target": 4,
        "target_business_days": 5,
    }
    assert strict["within_target"] == 2
    assert november == {
        "received": 1,
        "answered": 0,
        "median_business_days": None,
        "p90_business_days": None,
        "within_target": 0,
        "target_business_days": 5,
    }
