"""申込者の分析 (seed 000 §6.2.5): the registrations of one seminar counted by the attributes the
form asks (年齢帯, 職業・所属, 関心分野, 国際協力経験, きっかけ), per day, per session, and the
attendance rate once the seminar is held; the CSV of the registrations.

The counting is pure (`tally`, `per_day`, …, over plain rows) so the page, the CSV and the 報告書
PDF show the same numbers; `analyse(db, seminar_id)` reads the rows in a few grouped queries."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.exports import csv_bytes
from features.seminars import charts, registration
from features.seminars.checkin import session_label, sessions_by_registration
from features.seminars.models import (
    RegistrationStatus,
    Seminar,
    SeminarRegistration,
    SeminarRegistrationSession,
    SeminarSession,
    SeminarStatus,
)

UNANSWERED = "未回答"


@dataclass(frozen=True)
class Tally:
    label: str
    count: int
    percent: float  # of the registrations counted (a multiple-choice attribute adds up to more than 100)

    @property
    def percent_text(self) -> str:
        return f"{self.percent:.1f}%"


@dataclass(frozen=True)
class AttributeCount:
    key: str  # the registration's column: age_band, occupation, …
    title: str  # 年齢帯, …
    rows: tuple[Tally, ...]
    total: int  # registrations counted
    multiple: bool = False

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key.replace('_', '-')}"

    @property
    def table_id(self) -> str:
        return f"table-{self.key.replace('_', '-')}"

    def chart_svg(self) -> str:
        return charts.bar_chart_svg(
            [r.label for r in self.rows],
            [r.count for r in self.rows],
            chart_id=self.chart_id,
            title=f"{self.title}別の申込者数",
            described_by=self.table_id,
        )


# The attributes of the form, in its order: (column, heading, several answers per person).
ATTRIBUTES: tuple[tuple[str, str, bool], ...] = (
    ("age_band", "年齢帯", False),
    ("occupation", "職業・所属", False),
    ("interests", "関心分野", True),
    ("experience", "国際協力経験", False),
    ("source", "このセミナーを知ったきっかけ", False),
)

# The registration form's choices per attribute, in the form's order.
FORM_ORDERS: dict[str, Sequence[str]] = {
    "age_band": registration.AGE_BANDS,
    "interests": registration.INTERESTS,
    "experience": registration.EXPERIENCES,
    "source": registration.SOURCES,
}


def _percent(count: int, total: int) -> float:
    return round(count * 100 / total, 1) if total else 0.0


def split_multiple(value: str | None) -> list[str]:
    """関心分野 is stored comma-joined (full-width commas and 、 are accepted too)."""
    text = unicodedata.normalize("NFKC", value or "").replace("、", ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def tally(
    key: str, title: str, values: Iterable[str | None], *, multiple: bool = False, order: Sequence[str] = ()
) -> AttributeCount:
    """Counts per answer. The form's choices come first in the form's order (a choice nobody
    picked shows 0), then other answers by count, and 未回答 last."""
    counter: Counter[str] = Counter()
    total = 0
    for value in values:
        total += 1
        answers = split_multiple(value) if multiple else [(value or "").strip()]
        answers = [a for a in answers if a] or [UNANSWERED]
        counter.update(dict.fromkeys(answers, 1))  # one person counts once per answer
    labels = [label for label in order if label != UNANSWERED]
    rest = sorted(
        (label for label in counter if label not in labels and label != UNANSWERED), key=lambda x: (-counter[x], x)
    )
    labels += rest
    if counter[UNANSWERED]:
        labels.append(UNANSWERED)
    rows = tuple(Tally(label, counter[label], _percent(counter[label], total)) for label in labels)
    return AttributeCount(key, title, rows, total, multiple)


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int
    cumulative: int


def per_day(created: Iterable[datetime], *, until: date | None = None) -> list[DayCount]:
    """Registrations per day (Japan time), every day from the first one to the last (or `until`),
    a day without registrations showing 0, with the running total."""
    counts = Counter(clock.to_jst(moment).date() for moment in created)
    if not counts:
        return []
    first, last = min(counts), max(counts)
    if until is not None and until > last:
        last = until
    days, running = [], 0
    day = first
    while day <= last:
        running += counts[day]
        days.append(DayCount(day, counts[day], running))
        day += timedelta(days=1)
    return days


def per_day_chart_svg(days: Sequence[DayCount]) -> str:
    return charts.line_chart_svg(
        [f"{d.day.month}/{d.day.day}" for d in days],
        [("申込数", [d.count for d in days]), ("累計", [d.cumulative for d in days])],
        chart_id="chart-per-day",
        title="日別の申込数と累計",
        described_by="table-per-day",
    )


@dataclass(frozen=True)
class SessionLoad:
    session_id: int
    label: str  # "A 10:00〜11:00 国際協力のキャリア"
    capacity: int | None
    confirmed: int
    waiting: int
    attended: int = 0

    @property
    def fill_text(self) -> str:
        if not self.capacity:
            return "—"
        return f"{_percent(self.confirmed, self.capacity):.1f}%"


def sessions_chart_svg(loads: Sequence[SessionLoad]) -> str:
    return charts.bar_chart_svg(
        [s.label for s in loads],
        [s.confirmed for s in loads],
        chart_id="chart-sessions",
        title="セッション別の参加確定数",
        described_by="table-sessions",
    )


@dataclass(frozen=True)
class Attendance:
    confirmed: int  # 参加確定 (the ones expected on the day)
    attended: int  # 出席
    waiting: int
    cancelled: int

    @property
    def absent(self) -> int:
        return max(0, self.confirmed - self.attended)

    @property
    def rate(self) -> float | None:
        return None if not self.confirmed else _percent(self.attended, self.confirmed)

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate:.1f}%"


@dataclass(frozen=True)
class RegistrationRow:
    """One registration as the analysis and the CSV see it."""

    receipt_no: str
    name: str
    email: str
    status: str  # confirmed | waiting | cancelled
    age_band: str
    occupation: str
    interests: str
    experience: str
    source: str
    sessions: str  # "A 国際協力のキャリア、B …"
    attended: bool
    created_at: datetime
    checked_in_at: datetime | None = None
    waiting_position: int | None = None


STATUS_LABELS = {"confirmed": "参加確定", "waiting": "キャンセル待ち", "cancelled": "キャンセル"}


@dataclass(frozen=True)
class Analysis:
    total: int  # registrations not cancelled
    attributes: tuple[AttributeCount, ...]
    days: tuple[DayCount, ...]
    sessions: tuple[SessionLoad, ...]
    attendance: Attendance
    held: bool  # 開催済 or later: the attendance figures mean something

    def days_chart_svg(self) -> str:
        return per_day_chart_svg(self.days)

    def sessions_chart_svg(self) -> str:
        return sessions_chart_svg(self.sessions)


def analyse_rows(
    rows: Sequence[RegistrationRow],
    sessions: Sequence[SessionLoad] = (),
    *,
    orders: dict[str, Sequence[str]] | None = None,
    held: bool = False,
) -> Analysis:
    """Everything counted from the registrations (cancelled ones only in the attendance's count)."""
    live = [r for r in rows if r.status != "cancelled"]
    orders = orders or {}
    attributes = tuple(
        tally(key, title, (getattr(r, key) for r in live), multiple=multiple, order=orders.get(key, ()))
        for key, title, multiple in ATTRIBUTES
    )
    confirmed = [r for r in live if r.status == "confirmed"]
    attendance = Attendance(
        confirmed=len(confirmed),
        attended=sum(1 for r in confirmed if r.attended),
        waiting=sum(1 for r in live if r.status == "waiting"),
        cancelled=len(rows) - len(live),
    )
    return Analysis(
        total=len(live),
        attributes=attributes,
        days=tuple(per_day(r.created_at for r in live)),
        sessions=tuple(sessions),
        attendance=attendance,
        held=held,
    )


CSV_HEADER = (
    "受付番号",
    "氏名",
    "メールアドレス",
    "状態",
    "キャンセル待ち順",
    "年齢帯",
    "職業・所属",
    "関心分野",
    "国際協力経験",
    "このセミナーを知ったきっかけ",
    "参加セッション",
    "出席",
    "受付時刻",
    "申込日時",
)


def _jst_text(moment: datetime | None) -> str:
    return "" if moment is None else f"{clock.to_jst(moment):%Y-%m-%d %H:%M}"


def csv_for(rows: Sequence[RegistrationRow]) -> bytes:
    """Every registration, formula-safe (app.exports): a name like =HYPERLINK(…) stays text."""
    body = [
        [
            r.receipt_no,
            r.name,
            r.email,
            STATUS_LABELS.get(r.status, r.status),
            r.waiting_position or "",
            r.age_band,
            r.occupation,
            r.interests,
            r.experience,
            r.source,
            r.sessions,
            "出席" if r.attended else "",
            _jst_text(r.checked_in_at),
            _jst_text(r.created_at),
        ]
        for r in rows
    ]
    return csv_bytes(CSV_HEADER, body)


# -- reading the rows -----------------------------------------------------------------------


async def registration_rows(db: AsyncSession, seminar_id: int) -> list[RegistrationRow]:
    """Every registration past e-mail verification (confirmed, waiting, cancelled), by 受付番号,
    with its sessions (two queries)."""

    sessions = await sessions_by_registration(db, seminar_id)
    registrations = await db.scalars(
        select(SeminarRegistration)
        .where(
            SeminarRegistration.seminar_id == seminar_id,
            SeminarRegistration.status.in_(
                (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.CANCELLED)
            ),
        )
        .order_by(SeminarRegistration.receipt_no, SeminarRegistration.id)
    )
    return [
        RegistrationRow(
            receipt_no=r.receipt_no or "",
            name=r.name,
            email=r.email,
            status=r.status,
            age_band=r.age_band,
            occupation=r.occupation,
            interests=r.interests,
            experience=r.experience,
            source=r.source,
            sessions="、".join(sessions.get(r.id, [])),
            attended=bool(r.attended),
            created_at=r.created_at,
            checked_in_at=r.checked_in_at,
            waiting_position=r.waiting_position,
        )
        for r in registrations
    ]


async def session_loads(db: AsyncSession, seminar_id: int) -> list[SessionLoad]:
    """Per session: confirmed / waiting (of registrations still live) and attended, one grouped query."""

    link, registration = SeminarRegistrationSession, SeminarRegistration
    counted = (
        select(
            link.session_id,
            func.count().filter(link.status == RegistrationStatus.CONFIRMED),
            func.count().filter(link.status == RegistrationStatus.WAITING),
            func.count().filter(link.status == RegistrationStatus.CONFIRMED, registration.attended.is_(True)),
        )
        .join(registration, registration.id == link.registration_id)
        .where(
            registration.seminar_id == seminar_id,
            registration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)),
        )
        .group_by(link.session_id)
    )
    numbers = {sid: (int(c), int(w), int(a)) for sid, c, w, a in (await db.execute(counted)).all()}
    sessions = await db.scalars(
        select(SeminarSession)
        .where(SeminarSession.seminar_id == seminar_id)
        .order_by(SeminarSession.starts_at, SeminarSession.position, SeminarSession.id)
    )
    loads = []
    for s in sessions:
        confirmed, waiting, attended = numbers.get(s.id, (0, 0, 0))
        start = clock.to_jst(s.starts_at)
        label = f"{start:%H:%M} {session_label(s)}"
        loads.append(SessionLoad(s.id, label, s.capacity, confirmed, waiting, attended))
    return loads


async def analyse(db: AsyncSession, seminar: Seminar, *, orders: dict[str, Sequence[str]] | None = None) -> Analysis:

    rows = await registration_rows(db, seminar.id)
    held = seminar.status in (SeminarStatus.HELD, SeminarStatus.DONE)
    return analyse_rows(rows, await session_loads(db, seminar.id), orders=orders, held=held)
