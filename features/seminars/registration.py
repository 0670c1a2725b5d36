"""申込: registering for a seminar, e-mail verification for people without an account, the
waiting list (キャンセル待ち) at seminar and session level, cancellation and promotion.

Every change of seats runs with the seminar row locked (service.lock_seminar), so counting the
confirmed seats and handing out 受付番号 and positions is serialized per seminar on both engines;
the unique (seminar_id, active_email) catches a second live registration of one address.

Reading a person's registrations (セミナー申込 on the mypage, the waiting rank, a registration by
受付番号) is in registration_reads.py.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, urls
from app.config import Settings
from app.ics import CalendarEvent, ics_attachment
from app.mail import queue_template_mail
from app.reference import SECTORS
from features.seminars import materials, service, states
from features.seminars.models import (
    RegistrationStatus,
    Seminar,
    SeminarKind,
    SeminarRegistration,
    SeminarRegistrationSession,
    SeminarSession,
)

R = RegistrationStatus

AGE_BANDS = ["20歳未満", "20代", "30代", "40代", "50代", "60代", "70代以上"]
INTERESTS = [label for _code, label in SECTORS]
EXPERIENCES = [
    "なし",
    "ボランティア・インターン経験あり",
    "青年海外協力隊等の経験あり",
    "国際協力の業務経験3年未満",
    "国際協力の業務経験3年以上",
]
SOURCES = [
    "PARTNERのウェブサイト",
    "PARTNERのメールマガジン",
    "JICAのウェブサイト・SNS",
    "その他のSNS",
    "チラシ・ポスター",
    "大学・職場",
    "友人・知人の紹介",
    "その他",
]


class RegistrationRefused(Exception):
    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Applicant:
    name: str
    email: str
    age_band: str = ""
    occupation: str = ""
    interests: tuple[str, ...] = ()
    experience: str = ""
    source: str = ""
    session_ids: tuple[int, ...] = ()
    user_id: int | None = None
    organization_id: int | None = None


@dataclass
class Outcome:
    registration: SeminarRegistration
    mailed_verification: bool = False
    already_registered: bool = False
    promoted: list[int] = field(default_factory=list)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_sessions(sessions: list[SeminarSession], chosen: tuple[int, ...]) -> list[SeminarSession]:
    by_id = {s.id: s for s in sessions}
    picked = []
    for session_id in dict.fromkeys(chosen):
        if session_id not in by_id:
            raise RegistrationRefused("参加するセッションは一覧から選択してください。", "sessions")
        picked.append(by_id[session_id])
    for i, a in enumerate(picked):
        for b in picked[i + 1 :]:
            if a.starts_at < b.ends_at and b.starts_at < a.ends_at:
                raise RegistrationRefused(
                    f"「{a.title}」と「{b.title}」は時間が重なっています。同じ時間帯のセッションは1つだけ選択してください。",
                    "sessions",
                )
    return picked


async def register(
    db: AsyncSession, settings: Settings, seminar_id: int, applicant: Applicant, *, verified: bool
) -> Outcome:
    """A new registration. `verified`: the address is the logged-in account's own, so the seat is
    taken at once; otherwise the registration waits for the mailed link (verify())."""
    seminar = await service.lock_seminar(db, seminar_id)
    now = clock.now()
    if not service.accepts_registrations(seminar, now):
        raise RegistrationRefused("このセミナーは現在申込を受け付けていません。")
    if seminar.kind == SeminarKind.ORGANIZATION and applicant.organization_id is None:
        raise RegistrationRefused("国際協力団体セミナーには、団体のアカウントでログインしてお申し込みください。")
    if seminar.kind == SeminarKind.TALENT and applicant.organization_id is not None:
        raise RegistrationRefused("国際協力人材セミナーには個人としてお申し込みください。")
    _check_sessions(await service.sessions_of(db, seminar.id), applicant.session_ids)

    existing = await db.scalar(
        select(SeminarRegistration).where(
            SeminarRegistration.seminar_id == seminar.id, SeminarRegistration.active_email == applicant.email
        )
    )
    if existing is not None:
        if existing.status != R.PENDING:
            if verified:
                raise RegistrationRefused(
                    f"このセミナーにはすでに申し込まれています（受付番号 {existing.receipt_no}）。", "email"
                )
            # Without an account the page answers the same way for every address: the owner of
            # the address learns by mail that they are already registered.
            await queue_template_mail(
                db,
                settings,
                to=existing.email,
                template="seminars/already_registered.txt.jinja",
                registration=existing,
                mypage_url=urls.absolute_url(settings, "seminars:my_registrations"),
                **service.seminar_mail_context(settings, seminar),
            )
            return Outcome(existing, already_registered=True)
        # A second try before clicking the first link: this one replaces it.
        await _drop_pending(db, existing)

    registration = SeminarRegistration(
        seminar_id=seminar.id,
        user_id=applicant.user_id,
        organization_id=applicant.organization_id,
        name=applicant.name,
        email=applicant.email,
        active_email=applicant.email,
        age_band=applicant.age_band,
        occupation=applicant.occupation,
        interests=",".join(applicant.interests),
        experience=applicant.experience,
        source=applicant.source,
        status=R.PENDING,
        created_at=now,
    )
    db.add(registration)
    try:
        async with db.begin_nested():
            await db.flush()
    except IntegrityError:
        raise RegistrationRefused("このセミナーにはすでに申し込まれています。", "email") from None
    # The chosen sessions wait with the registration (no seat yet).
    for session_id in dict.fromkeys(applicant.session_ids):
        db.add(SeminarRegistrationSession(registration_id=registration.id, session_id=session_id, status=R.WAITING))
    await db.flush()

    if verified:
        await _place(db, settings, seminar, registration)
        return Outcome(registration)
    raw = secrets.token_urlsafe(32)
    registration.verify_token_hash = _hash(raw)
    registration.verify_expires_at = now + timedelta(hours=settings.seminars.verify_hours)
    await db.flush()
    await queue_template_mail(
        db,
        settings,
        to=registration.email,
        template="seminars/verify.txt.jinja",
        registration=registration,
        verify_url=urls.absolute_url(settings, "seminars:verify", token=raw),
        hours=settings.seminars.verify_hours,
        **service.seminar_mail_context(settings, seminar),
    )
    return Outcome(registration, mailed_verification=True)


async def _drop_pending(db: AsyncSession, registration: SeminarRegistration) -> None:
    await db.execute(
        SeminarRegistrationSession.__table__.delete().where(
            SeminarRegistrationSession.registration_id == registration.id
        )
    )
    await db.delete(registration)
    await db.flush()


async def pending_by_token(db: AsyncSession, raw_token: str) -> SeminarRegistration | None:
    """The registration a verification link belongs to, while the link is still good."""
    if not raw_token or len(raw_token) > 100:
        return None
    registration = await db.scalar(
        select(SeminarRegistration).where(SeminarRegistration.verify_token_hash == _hash(raw_token))
    )
    if registration is None or registration.status != R.PENDING:
        return None
    if registration.verify_expires_at is None or registration.verify_expires_at <= clock.now():
        return None
    return registration


async def verify(db: AsyncSession, settings: Settings, raw_token: str) -> SeminarRegistration:
    """The mailed link was followed (and its button pressed): take a seat or a waiting place."""
    registration = await pending_by_token(db, raw_token)
    if registration is None:
        raise RegistrationRefused("このリンクは無効か、有効期限が切れています。もう一度お申し込みください。")
    seminar = await service.lock_seminar(db, registration.seminar_id)
    await db.refresh(registration)
    if registration.status != R.PENDING:  # the other of two clicks at once
        raise RegistrationRefused("この申込はすでに確定しています。")
    if seminar.status not in states.PUBLIC_STATES:
        raise RegistrationRefused("このセミナーは現在申込を受け付けていません。")
    await _place(db, settings, seminar, registration)
    return registration


async def _confirmed_count(db: AsyncSession, seminar_id: int) -> int:
    return (
        await db.scalar(
            select(func.count()).where(
                SeminarRegistration.seminar_id == seminar_id, SeminarRegistration.status == R.CONFIRMED
            )
        )
        or 0
    )


def _next_waiting(seminar: Seminar) -> int:
    seminar.waiting_seq += 1
    return seminar.waiting_seq


async def _place(db: AsyncSession, settings: Settings, seminar: Seminar, registration: SeminarRegistration) -> None:
    """With the seminar locked: a 受付番号, a seat or a place on the waiting list, the session
    seats, a cancel link, and the mail with the calendar file."""
    now = clock.now()
    seminar.receipt_seq += 1
    registration.receipt_no = f"S{seminar.id}-{seminar.receipt_seq:04d}"
    # verify_token_hash stays: the link then shows the confirmed registration (受付番号, PARTNER登録).
    registration.confirmed_at = now
    if await _confirmed_count(db, seminar.id) < seminar.capacity:
        registration.status = R.CONFIRMED
        registration.waiting_position = None
    else:
        registration.status = R.WAITING
        registration.waiting_position = _next_waiting(seminar)
    await db.flush()
    if registration.status == R.CONFIRMED:
        await _seat_sessions(db, seminar, registration)
    raw = secrets.token_urlsafe(32)
    registration.cancel_token_hash = _hash(raw)
    await db.flush()
    template = "seminars/registered.txt.jinja" if registration.status == R.CONFIRMED else "seminars/waiting.txt.jinja"
    await _mail_with_calendar(db, settings, seminar, registration, template, cancel_token=raw)


async def _session_rows(db: AsyncSession, registration_id: int) -> list[SeminarRegistrationSession]:
    rows = await db.scalars(
        select(SeminarRegistrationSession).where(SeminarRegistrationSession.registration_id == registration_id)
    )
    return list(rows)


async def _seat_sessions(db: AsyncSession, seminar: Seminar, registration: SeminarRegistration) -> None:
    """A registration that has just got its seminar seat: a seat in each chosen session, or the
    end of that session's waiting list."""
    rows = await _session_rows(db, registration.id)
    if not rows:
        return
    sessions = {s.id: s for s in await service.sessions_of(db, seminar.id)}
    for row in rows:
        session = sessions[row.session_id]
        taken = await db.scalar(
            select(func.count()).where(
                SeminarRegistrationSession.session_id == session.id,
                SeminarRegistrationSession.status == R.CONFIRMED,
            )
        )
        if session.capacity is None or (taken or 0) < session.capacity:
            row.status, row.waiting_position = R.CONFIRMED, None
        else:
            row.status, row.waiting_position = R.WAITING, _next_waiting(seminar)
    await db.flush()


def calendar_event(settings: Settings, seminar: Seminar, registration: SeminarRegistration, *, cancelled=False):
    confirmed = registration.status == R.CONFIRMED
    description = (
        f"受付番号：{registration.receipt_no}\n{service.seminar_mail_context(settings, seminar)['seminar_url']}"
    )
    if confirmed and seminar.online_url:
        description += f"\nオンライン参加URL：{seminar.online_url}"
    return CalendarEvent(
        uid=f"seminar-{seminar.id}-reg-{registration.id}@partner",
        starts_at=seminar.starts_at,
        ends_at=seminar.ends_at or seminar.starts_at,
        summary=seminar.title if confirmed or cancelled else f"【キャンセル待ち】{seminar.title}",
        location=" ".join(p for p in (seminar.venue_name, seminar.venue_address) if p)
        or ("オンライン" if seminar.online_url else ""),
        description=description,
        url=service.seminar_mail_context(settings, seminar)["seminar_url"],
        sequence=2 if cancelled else (1 if confirmed and registration.waiting_position is None else 0),
        cancelled=cancelled,
    )


async def _mail_with_calendar(
    db: AsyncSession,
    settings: Settings,
    seminar: Seminar,
    registration: SeminarRegistration,
    template: str,
    *,
    cancel_token: str | None = None,
    sessions: list[SeminarSession] | None = None,
) -> None:
    my_sessions = sessions
    if my_sessions is None:
        rows = {r.session_id: r for r in await _session_rows(db, registration.id)}
        my_sessions = [s for s in await service.sessions_of(db, seminar.id) if s.id in rows]
        statuses = {sid: r.status for sid, r in rows.items()}
    else:
        statuses = {s.id: R.CONFIRMED for s in my_sessions}
    context = service.seminar_mail_context(settings, seminar)
    await queue_template_mail(
        db,
        settings,
        to=registration.email,
        template=template,
        attachments=(ics_attachment(calendar_event(settings, seminar, registration), filename="seminar.ics"),),
        registration=registration,
        sessions=[
            (service.when_text(s.starts_at, s.ends_at), s.track, s.title, statuses.get(s.id) == R.WAITING)
            for s in my_sessions
        ],
        online_url=seminar.online_url if registration.status == R.CONFIRMED else None,
        materials_url=(
            materials.guest_url(settings, seminar.id, registration.id) if registration.status == R.CONFIRMED else None
        ),
        cancel_url=urls.absolute_url(settings, "seminars:cancel_link", token=cancel_token) if cancel_token else None,
        mypage_url=urls.absolute_url(settings, "seminars:my_registrations"),
        register_url=urls.absolute_url(settings, "accounts:register", kind="individual"),
        **context,
    )


# -- cancellation and promotion -------------------------------------------------------------


async def by_cancel_token(db: AsyncSession, raw_token: str) -> SeminarRegistration | None:
    if not raw_token or len(raw_token) > 100:
        return None
    registration = await db.scalar(
        select(SeminarRegistration).where(SeminarRegistration.cancel_token_hash == _hash(raw_token))
    )
    if registration is None or registration.status == R.PENDING:
        return None
    return registration


async def by_verify_token(db: AsyncSession, raw_token: str) -> SeminarRegistration | None:
    """The registration of a verification link: still pending (and the link good), or already
    confirmed through it."""
    if not raw_token or len(raw_token) > 100:
        return None
    registration = await db.scalar(
        select(SeminarRegistration).where(SeminarRegistration.verify_token_hash == _hash(raw_token))
    )
    if registration is None:
        return None
    if registration.status == R.PENDING:
        return await pending_by_token(db, raw_token)
    return registration


async def cancel(db: AsyncSession, settings: Settings, registration_id: int) -> Outcome:
    """The person cancels (mailed link or mypage): the seat goes to the next on the waiting list,
    who is mailed; the person gets a confirmation with the calendar entry withdrawn."""
    registration = await db.get(SeminarRegistration, registration_id)
    if registration is None:
        raise LookupError(registration_id)
    seminar = await service.lock_seminar(db, registration.seminar_id)
    await db.refresh(registration)
    if registration.status not in (R.CONFIRMED, R.WAITING):
        raise RegistrationRefused("この申込はすでにキャンセルされています。")
    if seminar.status not in states.LIVE_REGISTRATION_STATES or (
        seminar.starts_at is not None and seminar.starts_at <= clock.now()
    ):
        raise RegistrationRefused("開催日時を過ぎたため、キャンセルの手続きはできません。事務局へご連絡ください。")
    now = clock.now()
    registration.status = R.CANCELLED
    registration.active_email = None
    registration.waiting_position = None
    registration.cancelled_at = now
    await db.execute(
        SeminarRegistrationSession.__table__.delete().where(
            SeminarRegistrationSession.registration_id == registration.id
        )
    )
    await db.flush()
    context = service.seminar_mail_context(settings, seminar)
    await queue_template_mail(
        db,
        settings,
        to=registration.email,
        template="seminars/cancelled.txt.jinja",
        attachments=(
            ics_attachment(calendar_event(settings, seminar, registration, cancelled=True), filename="seminar.ics"),
        ),
        registration=registration,
        **context,
    )
    promoted = await promote(db, settings, seminar)
    return Outcome(registration, promoted=promoted)


async def promote(db: AsyncSession, settings: Settings, seminar: Seminar) -> list[int]:
    """Fill free seats from the waiting lists, first the seminar's, then each session's; mail
    each person moved up. Returns the ids of registrations that got a seminar seat."""
    promoted: list[int] = []
    free = seminar.capacity - await _confirmed_count(db, seminar.id)
    if free > 0:
        waiting = await db.scalars(
            select(SeminarRegistration)
            .where(SeminarRegistration.seminar_id == seminar.id, SeminarRegistration.status == R.WAITING)
            .order_by(SeminarRegistration.waiting_position, SeminarRegistration.id)
            .limit(free)
        )
        for registration in list(waiting):
            registration.status = R.CONFIRMED
            registration.waiting_position = None
            await db.flush()
            await _seat_sessions(db, seminar, registration)
            await _mail_with_calendar(db, settings, seminar, registration, "seminars/promoted.txt.jinja")
            promoted.append(registration.id)
    # Sessions: a confirmed person waiting for a session seat gets it when one is free.
    moved_up: dict[int, list[SeminarSession]] = {}
    for session in await service.sessions_of(db, seminar.id):
        if session.capacity is None:
            continue
        taken = await db.scalar(
            select(func.count()).where(
                SeminarRegistrationSession.session_id == session.id,
                SeminarRegistrationSession.status == R.CONFIRMED,
            )
        )
        free_seats = session.capacity - (taken or 0)
        if free_seats <= 0:
            continue
        rows = await db.scalars(
            select(SeminarRegistrationSession)
            .join(SeminarRegistration, SeminarRegistration.id == SeminarRegistrationSession.registration_id)
            .where(
                SeminarRegistrationSession.session_id == session.id,
                SeminarRegistrationSession.status == R.WAITING,
                SeminarRegistration.status == R.CONFIRMED,
            )
            .order_by(SeminarRegistrationSession.waiting_position, SeminarRegistrationSession.registration_id)
            .limit(free_seats)
        )
        for row in list(rows):
            row.status, row.waiting_position = R.CONFIRMED, None
            if row.registration_id not in promoted:
                moved_up.setdefault(row.registration_id, []).append(session)
    await db.flush()
    for registration_id, sessions in moved_up.items():
        registration = await db.get(SeminarRegistration, registration_id)
        await _mail_with_calendar(
            db, settings, seminar, registration, "seminars/session_promoted.txt.jinja", sessions=sessions
        )
    return promoted
