"""Seminar planning: the seminar itself, its programme (sessions A–H) and its states. Speakers
(講師) and the counselors (キャリア相談員) at its consultation booths are in people.py.

Public for the follow-up part of the slice (analysis, check-in, materials, survey, report):
- get_seminar(db, seminar_id) -> Seminar               (LookupError when missing)
- list_registrations(db, seminar_id, statuses=None) -> list[SeminarRegistration]
- sessions_of(db, seminar_id) -> list[SeminarSession]
- transition(db, settings, seminar, new_status, actor) -> Seminar   (TransitionRefused)
- counselor_names(db) -> dict[int, str]             (in people.py)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit, clock, urls
from app.config import Settings
from app.mail import queue_template_mail
from app.pagination import Page
from app.templating import format_datetime_ja
from features.seminars import followup, seminar_report, states
from features.seminars.models import (
    KIND_LABELS,
    RegistrationStatus,
    Seminar,
    SeminarKind,
    SeminarRegistration,
    SeminarRegistrationSession,
    SeminarSession,
    SeminarSpeaker,
    SeminarStatus,
)
from features.seminars.states import Actor, Move, TransitionRefused

PER_PAGE = 30
LIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)

SEMINAR_FIELDS = (
    "kind",
    "title",
    "theme",
    "description",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "venue_map_url",
    "online_url",
    "capacity",
    "audience",
    "fee",
    "apply_from",
    "apply_until",
    "reminder_days",
)


# -- seminars --------------------------------------------------------------------------


async def get_seminar(db: AsyncSession, seminar_id: int) -> Seminar:
    seminar = await db.get(Seminar, seminar_id)
    if seminar is None:
        raise LookupError(seminar_id)
    return seminar


async def list_seminars(db: AsyncSession, *, status: str = "", page: int = 1) -> Page:
    query = select(Seminar)
    if status:
        query = query.where(Seminar.status == status)
    total = await db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = await db.scalars(
        query.order_by(Seminar.starts_at.desc().nulls_first(), Seminar.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=list(rows), total=total, page=page, per_page=PER_PAGE)


async def registration_counts(db: AsyncSession, seminar_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per seminar: how many confirmed / waiting / pending / cancelled (one query for a list)."""
    ids = set(seminar_ids)
    counts: dict[int, dict[str, int]] = {i: {s.value: 0 for s in RegistrationStatus} for i in ids}
    if ids:
        rows = await db.execute(
            select(SeminarRegistration.seminar_id, SeminarRegistration.status, func.count())
            .where(SeminarRegistration.seminar_id.in_(ids))
            .group_by(SeminarRegistration.seminar_id, SeminarRegistration.status)
        )
        for seminar_id, status, n in rows.all():
            counts[seminar_id][status] = n
    return counts


async def create_seminar(db: AsyncSession, settings: Settings, values: dict, actor_user_id: int) -> Seminar:
    now = clock.now()
    data = {k: values[k] for k in SEMINAR_FIELDS if k in values}
    data.setdefault("reminder_days", settings.seminars.reminder_days)
    seminar = Seminar(**data, created_by=actor_user_id, created_at=now, updated_at=now)
    db.add(seminar)
    await db.flush()
    await audit.record(db, "seminar_created", actor_user_id=actor_user_id, target_type="seminar", target_id=seminar.id)
    return seminar


async def update_seminar(db: AsyncSession, seminar: Seminar, values: dict, actor_user_id: int) -> Seminar:
    if seminar.status not in states.EDITABLE_STATES:
        raise TransitionRefused(f"{states.label(seminar.status)}のセミナーは編集できません。")
    for key in SEMINAR_FIELDS:
        if key in values:
            setattr(seminar, key, values[key])
    # A public seminar must keep what 告知中 needed.
    if seminar.status != SeminarStatus.PLANNING and (problems := states.guard_problems(seminar, Move.ANNOUNCE)):
        raise TransitionRefused(" ".join(problems))
    seminar.updated_at = clock.now()
    await db.flush()
    return seminar


async def transition(
    db: AsyncSession,
    settings: Settings,
    seminar: Seminar,
    new_status: str,
    actor: Actor = Actor.SECRETARIAT,
    *,
    actor_user_id: int | None = None,
    reason: str = "",
) -> Seminar:
    """Move the seminar to `new_status` if the table allows it from its state for this actor and
    its guards pass. 中止 mails everyone registered (confirmed, waiting, and those still to
    confirm their address) in the same transaction."""
    move = next(
        (m for (m, frm), (to, _a) in states.TRANSITIONS.items() if frm == seminar.status and to == new_status), None
    )
    if move is None:
        raise TransitionRefused(
            f"{states.label(seminar.status)}のセミナーを{states.label(new_status)}にすることはできません。"
        )
    return await apply_move(db, settings, seminar, move, actor, actor_user_id=actor_user_id, reason=reason)


async def apply_move(
    db: AsyncSession,
    settings: Settings,
    seminar: Seminar,
    move: Move,
    actor: Actor,
    *,
    actor_user_id: int | None = None,
    reason: str = "",
) -> Seminar:
    # The row lock makes a move and a registration of the same seminar take turns.
    await lock_seminar(db, seminar.id)
    to_state = states.target(seminar, move, actor)
    if to_state == SeminarStatus.DONE and not await seminar_report.is_published(db, seminar.id):
        raise TransitionRefused("後処理完了にするには、セミナーレポートを公開してください。")
    now = clock.now()
    seminar.status = to_state
    seminar.updated_at = now
    if to_state == SeminarStatus.ANNOUNCED and seminar.announced_at is None:
        seminar.announced_at = now
    if to_state == SeminarStatus.CANCELLED:
        seminar.cancelled_at = now
        seminar.cancel_reason = reason
        await _mail_cancellation(db, settings, seminar)
    await db.flush()
    if to_state == SeminarStatus.HELD:
        await followup.on_held(db, settings, seminar)  # the survey to those marked 出席, once
    await audit.record(
        db,
        "seminar_status",
        actor_user_id=actor_user_id,
        target_type="seminar",
        target_id=seminar.id,
        detail=f"{move.value} → {states.label(to_state)}",
    )
    return seminar


async def lock_seminar(db: AsyncSession, seminar_id: int) -> Seminar:
    """The seminar row, locked until the end of the transaction (PostgreSQL: FOR UPDATE; SQLite:
    a write transaction already holds the database), and refreshed from the database."""
    seminar = await db.scalar(
        select(Seminar).where(Seminar.id == seminar_id).with_for_update().execution_options(populate_existing=True)
    )
    if seminar is None:
        raise LookupError(seminar_id)
    return seminar


async def _mail_cancellation(db: AsyncSession, settings: Settings, seminar: Seminar) -> None:
    rows = await db.scalars(
        select(SeminarRegistration).where(
            SeminarRegistration.seminar_id == seminar.id,
            SeminarRegistration.status != RegistrationStatus.CANCELLED,
        )
    )
    context = seminar_mail_context(settings, seminar)
    for registration in rows:
        await queue_template_mail(
            db,
            settings,
            to=registration.email,
            template="seminars/seminar_cancelled.txt.jinja",
            registration=registration,
            reason=seminar.cancel_reason,
            **context,
        )


def seminar_mail_context(settings: Settings, seminar: Seminar) -> dict:
    return {
        "seminar": seminar,
        "kind_label": KIND_LABELS.get(seminar.kind, ""),  # type: ignore[call-overload]
        "when": when_text(seminar.starts_at, seminar.ends_at),
        "place": place_text(seminar),
        "seminar_url": urls.absolute_url(settings, "seminars:detail", seminar_id=seminar.id),
        "home_url": urls.absolute_url(settings, "home:index"),
        "base_url": settings.app.base_url,
    }


def when_text(starts_at: datetime | None, ends_at: datetime | None) -> str:
    if starts_at is None:
        return "未定"
    start = format_datetime_ja(starts_at)
    if ends_at is None:
        return start
    end = clock.to_jst(ends_at)
    return (
        f"{start}〜{end:%H:%M}"
        if clock.to_jst(starts_at).date() == end.date()
        else f"{start}〜{format_datetime_ja(ends_at)}"
    )


def place_text(seminar: Seminar) -> str:
    parts = [p for p in (seminar.venue_name, seminar.venue_address) if p]
    if seminar.online_url:
        parts.append("オンライン参加あり")
    return "　".join(parts) or "未定"


async def list_registrations(
    db: AsyncSession, seminar_id: int, statuses: Iterable[str] | None = None
) -> list[SeminarRegistration]:
    """The seminar's registrations in a given status (default: confirmed and waiting), confirmed
    by 受付番号 first, then the waiting list in its order."""
    wanted = tuple(statuses) if statuses is not None else LIVE
    rows = await db.scalars(
        select(SeminarRegistration)
        .where(SeminarRegistration.seminar_id == seminar_id, SeminarRegistration.status.in_(wanted))
        .order_by(
            SeminarRegistration.status,
            SeminarRegistration.waiting_position.nulls_first(),
            SeminarRegistration.id,
        )
    )
    return list(rows)


# -- programme -------------------------------------------------------------------------


async def sessions_of(db: AsyncSession, seminar_id: int) -> list[SeminarSession]:
    rows = await db.scalars(
        select(SeminarSession)
        .where(SeminarSession.seminar_id == seminar_id)
        .order_by(SeminarSession.starts_at, SeminarSession.track, SeminarSession.position, SeminarSession.id)
    )
    return list(rows)


async def session_counts(db: AsyncSession, seminar_id: int) -> dict[int, dict[str, int]]:
    """Per session: confirmed and waiting seats (among live registrations)."""
    rows = await db.execute(
        select(SeminarRegistrationSession.session_id, SeminarRegistrationSession.status, func.count())
        .join(SeminarSession, SeminarSession.id == SeminarRegistrationSession.session_id)
        .where(SeminarSession.seminar_id == seminar_id)
        .group_by(SeminarRegistrationSession.session_id, SeminarRegistrationSession.status)
    )
    counts: dict[int, dict[str, int]] = {}
    for session_id, status, n in rows.all():
        counts.setdefault(session_id, {"confirmed": 0, "waiting": 0})[status] = n
    return counts


async def _own_session(db: AsyncSession, seminar: Seminar, session_id: int) -> SeminarSession:
    session = await db.get(SeminarSession, session_id)
    if session is None or session.seminar_id != seminar.id:
        raise LookupError(session_id)
    return session


def check_editable(seminar: Seminar) -> None:
    if seminar.status not in states.EDITABLE_STATES:
        raise TransitionRefused(f"{states.label(seminar.status)}のセミナーのプログラムは変更できません。")


async def save_session(
    db: AsyncSession, seminar: Seminar, values: dict, session_id: int | None = None
) -> SeminarSession:
    check_editable(seminar)
    if values.get("speaker_id") is not None:
        speaker = await db.get(SeminarSpeaker, values["speaker_id"])
        if speaker is None or speaker.seminar_id != seminar.id:
            raise LookupError(values["speaker_id"])
    if session_id is None:
        position = await db.scalar(
            select(func.coalesce(func.max(SeminarSession.position), 0)).where(SeminarSession.seminar_id == seminar.id)
        )
        session = SeminarSession(seminar_id=seminar.id, position=(position or 0) + 1, **values)
        db.add(session)
    else:
        session = await _own_session(db, seminar, session_id)
        for key, value in values.items():
            setattr(session, key, value)
    await db.flush()
    return session


async def delete_session(db: AsyncSession, seminar: Seminar, session_id: int) -> None:
    check_editable(seminar)
    session = await _own_session(db, seminar, session_id)
    taken = await db.scalar(select(func.count()).where(SeminarRegistrationSession.session_id == session.id))
    if taken:
        raise TransitionRefused(f"このセッションには{taken}名の申込があるため削除できません。")
    await db.delete(session)
    await db.flush()


# -- public pages --------------------------------------------------------------------------


async def public_seminars(db: AsyncSession, now: datetime) -> list[Seminar]:
    """告知中 and 受付終了 seminars that have not ended yet, soonest first."""
    rows = await db.scalars(
        select(Seminar)
        .where(Seminar.status.in_(states.PUBLIC_STATES), Seminar.ends_at >= now)
        .order_by(Seminar.starts_at, Seminar.id)
    )
    return list(rows)


async def public_seminar(db: AsyncSession, seminar_id: int) -> Seminar:
    seminar = await db.get(Seminar, seminar_id)
    if seminar is None or seminar.status not in (*states.PUBLIC_STATES, SeminarStatus.HELD, SeminarStatus.DONE):
        raise LookupError(seminar_id)
    return seminar


def accepts_registrations(seminar: Seminar, now: datetime) -> bool:
    return (
        seminar.status == SeminarStatus.ANNOUNCED
        and seminar.apply_from is not None
        and seminar.apply_until is not None
        and seminar.apply_from <= now < seminar.apply_until
    )


def who_may_apply(seminar: Seminar) -> str:
    return "organization" if seminar.kind == SeminarKind.ORGANIZATION else "individual"


async def close_due_seminars(db: AsyncSession, settings: Settings) -> int:
    """The hourly job: 告知中 seminars whose 申込期間 has ended become 受付終了, public seminars that
    have ended become 開催済 (the system's moves in the table), and registrations never confirmed by
    their mailed link are deleted once the link has expired. Running it twice changes nothing."""
    now = clock.now()
    moved = 0
    due = await db.scalars(
        select(Seminar.id).where(
            Seminar.status.in_(states.PUBLIC_STATES),
            ((Seminar.status == SeminarStatus.ANNOUNCED) & (Seminar.apply_until <= now)) | (Seminar.ends_at <= now),
        )
    )
    for seminar_id in list(due):
        seminar = await lock_seminar(db, seminar_id)
        ended = seminar.ends_at is not None and seminar.ends_at <= now
        move = Move.HOLD if ended else Move.CLOSE
        try:
            await apply_move(db, settings, seminar, move, Actor.SYSTEM)
        except TransitionRefused:
            continue
        moved += 1
    # Registrations whose mailed link was never followed: the person's data goes once the link is dead.
    stale = select(SeminarRegistration.id).where(
        SeminarRegistration.status == RegistrationStatus.PENDING, SeminarRegistration.verify_expires_at < now
    )
    await db.execute(delete(SeminarRegistrationSession).where(SeminarRegistrationSession.registration_id.in_(stale)))
    await db.execute(delete(SeminarRegistration).where(SeminarRegistration.id.in_(stale)))
    return moved
