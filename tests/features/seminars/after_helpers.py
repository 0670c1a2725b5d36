"""Seminars, sessions and registrations made straight in the tables, for the day-and-after tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app import clock
from features.seminars.models import (
    Seminar,
    SeminarRegistration,
    SeminarRegistrationSession,
    SeminarSession,
)

DAY = datetime(2026, 11, 21, 4, 0, tzinfo=UTC)  # 13:00 in Japan, the frozen clock's day


async def make_seminar(database, *, status: str = "held", title: str = "国際協力人材セミナー東京", **values) -> Seminar:
    now = clock.now()
    async with database.session() as db:
        seminar = Seminar(
            kind=values.pop("kind", "talent"),
            title=title,
            theme="国際協力のキャリアを考える",
            starts_at=values.pop("starts_at", DAY),
            ends_at=values.pop("ends_at", DAY + timedelta(hours=4)),
            venue_name="JICA市ヶ谷ビル",
            venue_address="東京都新宿区市谷本村町10-5",
            capacity=values.pop("capacity", 200),
            audience="国際協力に関心のある社会人・学生",
            fee="無料",
            apply_from=DAY - timedelta(days=30),
            apply_until=DAY - timedelta(days=1),
            status=status,
            created_at=now,
            updated_at=now,
            **values,
        )
        db.add(seminar)
        await db.flush()
        await db.refresh(seminar)
        return seminar


async def make_session(database, seminar_id: int, *, track: str = "A", title: str = "基調講演", capacity=None):
    async with database.session() as db:
        session = SeminarSession(
            seminar_id=seminar_id,
            starts_at=DAY,
            ends_at=DAY + timedelta(hours=1),
            track=track,
            title=title,
            capacity=capacity,
            position=ord(track[0]) if track else 0,
        )
        db.add(session)
        await db.flush()
        await db.refresh(session)
        return session


async def register(
    database,
    seminar_id: int,
    number: int,
    *,
    name: str | None = None,
    status: str = "confirmed",
    attended: bool = False,
    sessions: tuple[int, ...] = (),
    created_at: datetime | None = None,
    user_id: int | None = None,
    **attributes,
) -> SeminarRegistration:
    email = attributes.pop("email", f"p{seminar_id}-{number}@example.jp")
    async with database.session() as db:
        registration = SeminarRegistration(
            seminar_id=seminar_id,
            receipt_no=f"S{seminar_id}-{number:04d}",
            user_id=user_id,
            name=name or f"参加者{number}",
            email=email,
            active_email=None if status == "cancelled" else email,
            age_band=attributes.pop("age_band", "30代"),
            occupation=attributes.pop("occupation", "会社員"),
            interests=attributes.pop("interests", "教育"),
            experience=attributes.pop("experience", "なし"),
            source=attributes.pop("source", "PARTNERのメール"),
            status=status,
            attended=attended,
            checked_in_at=clock.now() if attended else None,
            created_at=created_at or DAY - timedelta(days=10),
            confirmed_at=created_at or DAY - timedelta(days=10),
            cancelled_at=clock.now() if status == "cancelled" else None,
        )
        db.add(registration)
        await db.flush()
        for session_id in sessions:
            db.add(
                SeminarRegistrationSession(
                    registration_id=registration.id,
                    session_id=session_id,
                    status="waiting" if status == "waiting" else "confirmed",
                )
            )
        await db.flush()
        await db.refresh(registration)
        return registration
