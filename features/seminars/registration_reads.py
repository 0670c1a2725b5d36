"""Reading registrations: a person's own (セミナー申込 on the mypage), their place on the waiting
list now, a registration by 受付番号. The seat-changing side (register, verify, cancel, promote)
is in registration.py.

Public for the follow-up part: registrations_of_user(db, user_id), registration_by_receipt(db,
seminar_id, receipt_no).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.seminars import states
from features.seminars.models import (
    RegistrationStatus,
    Seminar,
    SeminarRegistration,
    SeminarRegistrationSession,
    SeminarSession,
    SeminarStatus,
)

R = RegistrationStatus


async def own_registration(db: AsyncSession, user_id: int, registration_id: int) -> SeminarRegistration | None:
    registration = await db.get(SeminarRegistration, registration_id)
    return registration if registration is not None and registration.user_id == user_id else None


# -- reading -------------------------------------------------------------------------------


async def waiting_rank(db: AsyncSession, registration: SeminarRegistration) -> int | None:
    """The person's place on the waiting list now (1 = next), not the number handed out."""
    if registration.status != R.WAITING or registration.waiting_position is None:
        return None
    ahead = await db.scalar(
        select(func.count()).where(
            SeminarRegistration.seminar_id == registration.seminar_id,
            SeminarRegistration.status == R.WAITING,
            SeminarRegistration.waiting_position < registration.waiting_position,
        )
    )
    return (ahead or 0) + 1


@dataclass(frozen=True)
class MyRegistration:
    registration: SeminarRegistration
    seminar: Seminar
    sessions: list[tuple[SeminarSession, str]]
    rank: int | None
    online_url: str | None
    may_cancel: bool


async def registrations_of_user(db: AsyncSession, user_id: int) -> list[MyRegistration]:
    """セミナー申込 on the mypage: the person's live and past registrations, newest seminar first.
    The online URL only for a confirmed seat in a seminar not cancelled."""
    rows = (
        await db.execute(
            select(SeminarRegistration, Seminar)
            .join(Seminar, Seminar.id == SeminarRegistration.seminar_id)
            .where(SeminarRegistration.user_id == user_id, SeminarRegistration.status != R.PENDING)
            .order_by(Seminar.starts_at.desc(), SeminarRegistration.id.desc())
            .limit(100)
        )
    ).all()
    if not rows:
        return []
    reg_ids = [r.id for r, _s in rows]
    session_rows = (
        await db.execute(
            select(SeminarRegistrationSession, SeminarSession)
            .join(SeminarSession, SeminarSession.id == SeminarRegistrationSession.session_id)
            .where(SeminarRegistrationSession.registration_id.in_(reg_ids))
            .order_by(SeminarSession.starts_at, SeminarSession.track)
        )
    ).all()
    by_reg: dict[int, list[tuple[SeminarSession, str]]] = {}
    for link, session in session_rows:
        by_reg.setdefault(link.registration_id, []).append((session, link.status))
    now = clock.now()
    result = []
    for registration, seminar in rows:
        live = registration.status in (R.CONFIRMED, R.WAITING)
        confirmed = registration.status == R.CONFIRMED and seminar.status != SeminarStatus.CANCELLED
        result.append(
            MyRegistration(
                registration=registration,
                seminar=seminar,
                sessions=by_reg.get(registration.id, []),
                rank=await waiting_rank(db, registration),
                online_url=seminar.online_url if confirmed else None,
                may_cancel=live
                and seminar.status in states.LIVE_REGISTRATION_STATES
                and (seminar.starts_at is None or seminar.starts_at > now),
            )
        )
    return result


async def registration_by_receipt(db: AsyncSession, seminar_id: int, receipt_no: str) -> SeminarRegistration | None:
    return await db.scalar(
        select(SeminarRegistration).where(
            SeminarRegistration.seminar_id == seminar_id, SeminarRegistration.receipt_no == receipt_no
        )
    )
