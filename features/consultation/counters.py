"""Counters for the reports (000 §8.2): 対面相談 whose time falls in [start, end) — booked (not
cancelled), held (over and not 無断欠席), 無断欠席 and キャンセル — in total, by 相談区分, by place
(本部 / オンライン) and by counselor. One grouped query on the bookings' time index. Also the
fiscal year and who consulted in it (the follow-up survey)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.accounts import api as accounts
from features.consultation.basics import CATEGORIES, jst_datetime
from features.consultation.models import BookingStatus, ConsultationBooking, Place

OUTCOMES = ("booked", "held", "no_show", "cancelled")


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


def _zero() -> dict[str, int]:
    return dict.fromkeys(OUTCOMES, 0)


async def count_consultation_figures(db: AsyncSession, start: datetime, end: datetime) -> dict:
    """{"total": {outcome: n}, "by_category": {相談区分: {outcome: n}}, "by_place": {place: {…}},
    "by_counselor": {表示名: {…}}} — every 相談区分 and place present (zeros too); counselors only
    when they had a booking in the period, by name."""
    b = ConsultationBooking
    over = func.sum(case((b.ends_at <= clock.now(), 1), else_=0))
    rows = (
        await db.execute(
            select(b.counselor_user_id, b.category, b.place, b.status, func.count(), over)
            .where(b.starts_at >= start, b.starts_at < end)
            .group_by(b.counselor_user_id, b.category, b.place, b.status)
        )
    ).all()
    names = await accounts.display_names(db, {row[0] for row in rows})
    total = _zero()
    by_category = {c: _zero() for c in CATEGORIES}
    by_place = {p.value: _zero() for p in Place}
    by_counselor: dict[str, dict[str, int]] = {}
    for counselor_id, category, place, status, n, ended in rows:
        name = names.get(counselor_id, f"相談員 {counselor_id}")
        buckets = (
            total,
            by_category.setdefault(category, _zero()),
            by_place.setdefault(place, _zero()),
            by_counselor.setdefault(name, _zero()),
        )
        for bucket in buckets:
            if status == BookingStatus.CANCELLED:
                bucket["cancelled"] += n
                continue
            bucket["booked"] += n
            if status == BookingStatus.NO_SHOW:
                bucket["no_show"] += n
            else:
                bucket["held"] += int(ended or 0)
    return {
        "total": total,
        "by_category": by_category,
        "by_place": by_place,
        "by_counselor": dict(sorted(by_counselor.items())),
    }
