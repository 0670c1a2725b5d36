"""当日受付: find a confirmed participant by name or 受付番号, mark 出席 (or undo), count 出席 n /
申込 m; and the 受付名簿 PDF for the reception desk.

Two tablets at the same desk may tap the same person at once: marking is one conditional UPDATE
(… WHERE attended = false), so the second tap changes nothing and says so."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit, clock
from features.seminars import documents_after
from features.seminars.models import (
    RegistrationStatus,
    Seminar,
    SeminarRegistration,
    SeminarRegistrationSession,
    SeminarSession,
    SeminarStatus,
)

# Reception happens on the day; 開催済 still lets the secretariat correct the list afterwards.
CHECKIN_STATES = (SeminarStatus.ANNOUNCED, SeminarStatus.CLOSED, SeminarStatus.HELD)
RESULT_LIMIT = 30


class CheckinRefused(Exception):
    def __init__(self, message: str, status_code: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


@dataclass(frozen=True)
class Person:
    registration_id: int
    receipt_no: str
    name: str
    occupation: str
    attended: bool
    checked_in_at: datetime | None
    sessions: str = ""


@dataclass(frozen=True)
class Count:
    attended: int
    registered: int  # 参加確定


def _normalize(text: str) -> str:
    """NFKC, lower case, no spaces (「山田　太郎」 finds 「山田太郎」), katakana as hiragana."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = "".join(text.split())
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def check_open(seminar: Seminar) -> None:
    if seminar.status not in CHECKIN_STATES:
        label = {"planning": "企画中", "done": "後処理完了", "cancelled": "中止"}.get(seminar.status, seminar.status)
        raise CheckinRefused(f"{label}のセミナーは受付できません。")


def _name_key():
    """The name without spaces (half- and full-width) for matching on both engines."""
    return func.lower(func.replace(func.replace(SeminarRegistration.name, " ", ""), "\u3000", ""))


async def search(db: AsyncSession, seminar_id: int, query: str, *, limit: int = RESULT_LIMIT) -> list[Person]:
    """Confirmed participants whose name contains the query, or whose 受付番号 matches it: the
    whole number (S12-0042), or only its digits (42 or 0042). Empty query: the first by 受付番号."""
    text = unicodedata.normalize("NFKC", query or "").strip()
    statement = select(SeminarRegistration).where(
        SeminarRegistration.seminar_id == seminar_id, SeminarRegistration.status == RegistrationStatus.CONFIRMED
    )
    if text:
        compact = "".join(text.split()).lower()
        conditions = [
            _name_key().like(_like(compact), escape="\\"),
            func.lower(SeminarRegistration.receipt_no) == compact,
        ]
        if compact.isdigit() and len(compact) <= 6:
            conditions.append(SeminarRegistration.receipt_no.like(f"%-{int(compact):04d}"))
        statement = statement.where(or_(*conditions))
    statement = statement.order_by(SeminarRegistration.receipt_no, SeminarRegistration.id).limit(limit)
    rows = list((await db.scalars(statement)).all())
    if text and not rows and _normalize(text) != "".join(text.split()).lower():
        # カタカナ typed for a name written in ひらがな (or the other way round): a second pass in Python.
        wanted = _normalize(text)
        candidates = await db.scalars(
            select(SeminarRegistration).where(
                SeminarRegistration.seminar_id == seminar_id,
                SeminarRegistration.status == RegistrationStatus.CONFIRMED,
            )
        )
        rows = [r for r in candidates if wanted in _normalize(r.name)][:limit]
    return [_person(r) for r in rows]


def _person(r: SeminarRegistration, sessions: str = "") -> Person:
    return Person(r.id, r.receipt_no or "", r.name, r.occupation, r.attended, r.checked_in_at, sessions)


async def count(db: AsyncSession, seminar_id: int) -> Count:
    attended, registered = (
        await db.execute(
            select(
                func.count().filter(SeminarRegistration.attended.is_(True)),
                func.count(),
            ).where(
                SeminarRegistration.seminar_id == seminar_id,
                SeminarRegistration.status == RegistrationStatus.CONFIRMED,
            )
        )
    ).one()
    return Count(int(attended or 0), int(registered or 0))


async def person(db: AsyncSession, seminar_id: int, registration_id: int) -> Person:
    registration = await db.get(SeminarRegistration, registration_id, populate_existing=True)
    if (
        registration is None
        or registration.seminar_id != seminar_id
        or registration.status != RegistrationStatus.CONFIRMED
    ):
        raise LookupError(registration_id)
    return _person(registration)


async def _set(
    db: AsyncSession, seminar: Seminar, registration_id: int, *, attended: bool, actor_user_id: int | None
) -> bool:
    check_open(seminar)
    await person(db, seminar.id, registration_id)  # 404 for someone not on this seminar's list
    result = await db.execute(
        update(SeminarRegistration)
        .where(
            SeminarRegistration.id == registration_id,
            SeminarRegistration.seminar_id == seminar.id,
            SeminarRegistration.status == RegistrationStatus.CONFIRMED,
            SeminarRegistration.attended.is_(not attended),
        )
        .values(attended=attended, checked_in_at=clock.now() if attended else None)
        .execution_options(synchronize_session=False)
    )
    changed = result.rowcount == 1
    if changed:
        await audit.record(
            db,
            "seminar_checkin" if attended else "seminar_checkin_undo",
            actor_user_id=actor_user_id,
            target_type="seminar_registration",
            target_id=registration_id,
        )
    return changed


async def mark_attended(db: AsyncSession, seminar: Seminar, registration_id: int, *, actor_user_id: int | None) -> bool:
    """出席: True when this call marked it, False when it already was (a second tap)."""
    return await _set(db, seminar, registration_id, attended=True, actor_user_id=actor_user_id)


async def undo_attended(db: AsyncSession, seminar: Seminar, registration_id: int, *, actor_user_id: int | None) -> bool:
    return await _set(db, seminar, registration_id, attended=False, actor_user_id=actor_user_id)


# -- 受付名簿 --------------------------------------------------------------------------------

ROSTER_ORDERS = {"receipt": "受付番号順", "name": "氏名順"}


def session_label(session: SeminarSession) -> str:
    track = f"{session.track} " if session.track else ""
    return f"{track}{session.title}".strip()


async def sessions_by_registration(db: AsyncSession, seminar_id: int) -> dict[int, list[str]]:
    """registration id → the labels of its sessions (one query)."""
    rows = await db.execute(
        select(SeminarRegistrationSession.registration_id, SeminarSession)
        .join(SeminarSession, SeminarSession.id == SeminarRegistrationSession.session_id)
        .where(SeminarSession.seminar_id == seminar_id)
        .order_by(SeminarSession.starts_at, SeminarSession.position, SeminarSession.id)
    )
    found: dict[int, list[str]] = defaultdict(list)
    for registration_id, session in rows.all():
        found[registration_id].append(session_label(session))
    return found


def sort_roster(lines: Sequence[documents_after.RosterLine], order: str) -> list[documents_after.RosterLine]:
    if order == "name":
        return sorted(lines, key=lambda line: (_normalize(line.name), line.receipt_no))
    return sorted(lines, key=lambda line: line.receipt_no)


async def roster_lines(db: AsyncSession, seminar_id: int, order: str = "receipt") -> list[documents_after.RosterLine]:
    sessions = await sessions_by_registration(db, seminar_id)
    registrations = await db.scalars(
        select(SeminarRegistration).where(
            SeminarRegistration.seminar_id == seminar_id, SeminarRegistration.status == RegistrationStatus.CONFIRMED
        )
    )
    lines = [
        documents_after.RosterLine(
            r.receipt_no or "", r.name, r.occupation, "、".join(sessions.get(r.id, [])), bool(r.attended)
        )
        for r in registrations
    ]
    return sort_roster(lines, order)


async def roster_pdf(db: AsyncSession, seminar: Seminar, when: str, order: str = "receipt") -> bytes:
    order = order if order in ROSTER_ORDERS else "receipt"
    lines = await roster_lines(db, seminar.id, order)
    return documents_after.roster_pdf(seminar.title, when, lines, order_label=ROSTER_ORDERS[order])
