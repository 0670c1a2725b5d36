"""Rows and personas for the seminar tests (the frozen clock is 2026-11-21 12:00 JST)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app import clock
from app.mail import OutboxMail
from features.accounts.models import Role
from features.seminars.models import (
    Seminar,
    SeminarKind,
    SeminarRegistration,
    SeminarRegistrationSession,
    SeminarSession,
    SeminarStatus,
)
from features.seminars.registration import Applicant
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user

OFFICE_EMAIL = "office@example.jp"
STARTS = datetime(2026, 12, 12, 1, 0, tzinfo=UTC)  # 2026-12-12 10:00 JST


async def make_seminar(database, **values) -> Seminar:
    """A 告知中 国際協力人材セミナー accepting registrations now."""
    now = clock.now()
    fields = dict(
        kind=SeminarKind.TALENT,
        title="国際協力人材セミナー東京",
        theme="国際協力のキャリアをひらく",
        description="国際協力の仕事に関心のある方のためのセミナーです。",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=7),
        venue_name="JICA市ヶ谷ビル 国際会議場",
        venue_address="東京都新宿区市谷本村町10-5",
        venue_map_url="https://maps.example.jp/ichigaya",
        online_url="https://meet.example.jp/secret-room",
        capacity=3,
        audience="国際協力の仕事に関心のある社会人・学生",
        fee="無料",
        apply_from=now - timedelta(days=1),
        apply_until=STARTS - timedelta(days=1),
        status=SeminarStatus.ANNOUNCED,
        reminder_days="7,1",
        created_at=now,
        updated_at=now,
    )
    fields.update(values)
    async with database.session() as db:
        seminar = Seminar(**fields)
        db.add(seminar)
        await db.flush()
        await db.refresh(seminar)
    return seminar


async def make_session(database, seminar_id: int, *, hour: int = 2, track: str = "A", **values) -> SeminarSession:
    fields = dict(
        seminar_id=seminar_id,
        starts_at=STARTS.replace(hour=hour),
        ends_at=STARTS.replace(hour=hour + 1),
        track=track,
        title=f"分科会{track}",
        position=0,
    )
    fields.update(values)
    async with database.session() as db:
        session = SeminarSession(**fields)
        db.add(session)
        await db.flush()
        await db.refresh(session)
    return session


def applicant(n: int = 1, **values) -> Applicant:
    fields = dict(
        name=f"申込 {n}郎",
        email=f"person{n}@example.jp",
        age_band="30代",
        occupation="会社員",
        interests=("教育", "保健医療"),
        experience="なし",
        source="PARTNERのウェブサイト",
    )
    fields.update(values)
    return Applicant(**fields)


async def registrations(database, seminar_id: int) -> list[SeminarRegistration]:
    async with database.session(write=False) as db:
        rows = await db.scalars(
            select(SeminarRegistration)
            .where(SeminarRegistration.seminar_id == seminar_id)
            .order_by(SeminarRegistration.id)
        )
        return list(rows)


async def session_links(database, session_id: int) -> list[SeminarRegistrationSession]:
    async with database.session(write=False) as db:
        rows = await db.scalars(
            select(SeminarRegistrationSession).where(SeminarRegistrationSession.session_id == session_id)
        )
        return list(rows)


async def all_mail(database) -> list[OutboxMail]:
    async with database.session(write=False) as db:
        return list(await db.scalars(select(OutboxMail).order_by(OutboxMail.id)))


async def as_office(client, database):
    user = await make_user(database, OFFICE_EMAIL, Role.SECRETARIAT)
    await log_in(client, database, OFFICE_EMAIL)
    return user


async def post(client, path: str, data: dict | None = None, **headers):
    return await client.post(path, data=data or {}, headers={**csrf_headers(client), **headers}, follow_redirects=False)
