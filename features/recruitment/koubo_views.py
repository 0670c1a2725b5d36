"""公募案件, read: how a 公募 is shown (languages_of, koubo_documents, view, …), what the other
parts of the slice show a 公募 with; and the text the keyword search looks in."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.reference import LANGUAGES, country_name, sector_label
from features.recruitment import states
from features.recruitment.forms_koubo import RESUME
from features.recruitment.models import Koubo
from features.recruitment.states import Phase

LANGUAGE_NAMES = dict(LANGUAGES)
WEEKDAYS = "月火水木金土日"


# -- readers: how a 公募 is shown ------------------------------------------------------------


def aware(value: datetime | None) -> datetime | None:
    """A stored datetime as aware UTC (SQLite hands them back naive)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _json_list(raw: str | list | None) -> list:
    if isinstance(raw, list):
        return raw
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def languages_of(koubo: Any) -> list[dict[str, str]]:
    """語学要件: [{"language": "en", "name": "英語", "level": "B", "need": "必須"}, …]."""
    rows = []
    for row in _json_list(koubo.languages):
        if isinstance(row, dict) and row.get("language"):
            code = row["language"]
            rows.append(
                {
                    "language": code,
                    "name": LANGUAGE_NAMES.get(code, code),
                    "level": row.get("level", ""),
                    "need": row.get("need", "必須"),
                }
            )
    return rows


def qualifications_of(koubo: Any) -> tuple[list[str], list[str]]:
    """資格要件: (必須, 望ましい)."""
    return _json_list(koubo.required_qualifications), _json_list(koubo.preferred_qualifications)


def text_lists_of(koubo: Any) -> dict[str, list[str]]:
    """The one-per-line lists as stored (資格要件 必須/望ましい, 応募書類 必須/任意 without the 専門家履歴書)."""
    names = ("required_qualifications", "preferred_qualifications", "required_documents", "optional_documents")
    return {name: [v for v in _json_list(getattr(koubo, name)) if isinstance(v, str)] for name in names}


def koubo_documents(koubo: Any) -> tuple[list[str], list[str]]:
    """応募書類: (required, with the 専門家履歴書 always first; optional)."""
    required = [d for d in _json_list(koubo.required_documents) if d != RESUME]
    return [RESUME, *required], [d for d in _json_list(koubo.optional_documents) if d != RESUME]


def place_of(koubo: Any) -> str:
    """国・地域: the country's name, or 国内（都道府県）."""
    if koubo.domestic:
        return f"国内（{koubo.prefecture}）" if koubo.prefecture else "国内"
    return country_name(koubo.country) or ""


def term_label(koubo: Any) -> str:
    if not (koubo.period_start and koubo.period_end):
        return ""
    return "長期" if koubo.long_term else "短期"


def date_ja(day: date | datetime | None) -> str:
    """2026年12月15日（火）."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = clock.to_jst(aware(day)).date()
    return f"{day.year}年{day.month}月{day.day}日（{WEEKDAYS[day.weekday()]}）"


def deadline_ja(at: datetime | None) -> str:
    """2026年12月15日（火）12:00 (Japan time)."""
    if at is None:
        return ""
    local = clock.to_jst(aware(at))
    return f"{date_ja(local.date())}{local:%H:%M}"


def phase_of(koubo: Any, now: datetime | None = None) -> Phase:
    return states.phase(koubo.status, aware(koubo.publish_at), aware(koubo.deadline_at), now or clock.now())


@dataclass(frozen=True)
class KouboView:
    """A 公募 (stored or only typed) ready for the page: what _koubo_body.html.jinja shows.
    `raw` is the row itself (its id, number, title … are read through it)."""

    raw: Any
    phase: Phase
    place: str
    sector: str
    term: str
    period: str
    languages: list[dict[str, str]]
    required_qualifications: list[str]
    preferred_qualifications: list[str]
    required_documents: list[str]
    optional_documents: list[str]
    deadline: str
    publish: str
    screening_on: str
    interview_on: str
    result_on: str
    repeat_of: Any = None  # the earlier 公募 it repeats (a Koubo or None)
    repeated_by: tuple = ()  # later 公募 that repeat this one

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def view(koubo: Any, *, now: datetime | None = None, repeat_of: Any = None, repeated_by: Sequence = ()) -> KouboView:
    required_q, preferred_q = qualifications_of(koubo)
    required_d, optional_d = koubo_documents(koubo)
    period = ""
    if koubo.period_start or koubo.period_end:
        period = f"{date_ja(koubo.period_start)} 〜 {date_ja(koubo.period_end)}"
    return KouboView(
        raw=koubo,
        phase=phase_of(koubo, now),
        place=place_of(koubo),
        sector=sector_label(koubo.sector) or "",
        term=term_label(koubo),
        period=period,
        languages=languages_of(koubo),
        required_qualifications=required_q,
        preferred_qualifications=preferred_q,
        required_documents=required_d,
        optional_documents=optional_d,
        deadline=deadline_ja(koubo.deadline_at),
        publish=deadline_ja(koubo.publish_at),
        screening_on=date_ja(koubo.screening_on),
        interview_on=date_ja(koubo.interview_on),
        result_on=date_ja(koubo.result_on),
        repeat_of=repeat_of,
        repeated_by=tuple(repeated_by),
    )


async def view_of(db: AsyncSession, koubo: Koubo, *, now: datetime | None = None) -> KouboView:
    """A stored 公募's view with its 再公募 chain both ways (the earlier one, the later ones)."""
    repeat_of = await db.get(Koubo, koubo.repeat_of_id) if koubo.repeat_of_id else None
    later: list[Koubo] = []
    if koubo.id is not None:
        rows = await db.execute(select(Koubo).where(Koubo.repeat_of_id == koubo.id).order_by(Koubo.id))
        later = list(rows.scalars())
    return view(koubo, now=now, repeat_of=repeat_of, repeated_by=later)


def search_text_of(koubo: Any) -> str:
    """What the keyword search looks in: 案件名, 担当業務, 配属先, 国・地域, 公募種別, 公募番号."""
    parts = [koubo.title, koubo.duties, koubo.assignment, place_of(koubo), koubo.prefecture]
    parts += [koubo.koubo_type, koubo.number or "", term_label(koubo), sector_label(koubo.sector) or ""]
    return " ".join(p for p in parts if p).lower()
