"""応募, JICA's side: the applicants of its own 公募 (応募者一覧 by 選考状況, the counts, the CSV) and
the one application it may open. The application itself and its moves are in applying.py."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit
from app.exports import csv_bytes
from app.pagination import Page
from app.templating import format_datetime_ja
from features.accounts import api as accounts
from features.recruitment.applying import (
    PER_PAGE,
    SUBMITTED_STATUSES,
)
from features.recruitment.models import Koubo, KouboApplication

# -- JICA's side -----------------------------------------------------------------------------


async def own_koubo(db: AsyncSession, organization_id: int, koubo_id: int) -> Koubo | None:
    rows = await db.execute(select(Koubo).where(Koubo.id == koubo_id, Koubo.organization_id == organization_id))
    return rows.scalar_one_or_none()


async def koubo_exists(db: AsyncSession, koubo_id: int) -> bool:
    return (await db.execute(select(Koubo.id).where(Koubo.id == koubo_id))).first() is not None


@dataclass(frozen=True)
class Applicant:
    application: KouboApplication
    registration_code: str
    name: str
    email: str


def _applicants_where(koubo_id: int, status: str):
    statuses = (status,) if status in SUBMITTED_STATUSES else SUBMITTED_STATUSES
    return (KouboApplication.koubo_id == koubo_id, KouboApplication.status.in_(statuses))


async def with_people(db: AsyncSession, applications: list[KouboApplication]) -> list[Applicant]:
    user_ids = {a.user_id for a in applications}
    names = await accounts.codes_and_names(db, user_ids)
    emails = await accounts.emails_of_users(db, user_ids)
    return [Applicant(a, *names.get(a.user_id, ("", "")), emails.get(a.user_id, "")) for a in applications]


async def applicants(db: AsyncSession, koubo: Koubo, status: str, page: int) -> Page[Applicant]:
    """応募一覧 of one 公募 (the caller has checked it is the organization's own)."""
    where = _applicants_where(koubo.id, status)
    total = (await db.execute(select(func.count()).select_from(KouboApplication).where(*where))).scalar_one()
    rows = await db.execute(
        select(KouboApplication)
        .where(*where)
        .order_by(KouboApplication.submitted_at, KouboApplication.id)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=await with_people(db, list(rows.scalars())), page=page, per_page=PER_PAGE, total=total)


async def status_counts(db: AsyncSession, koubo_id: int) -> dict[str, int]:
    rows = await db.execute(
        select(KouboApplication.status, func.count())
        .where(*_applicants_where(koubo_id, ""))
        .group_by(KouboApplication.status)
    )
    return dict(rows.all())


CSV_COLUMNS = ("公募番号", "案件名", "登録コード", "氏名", "メールアドレス", "選考状況", "応募日時", "最終更新")
CSV_LIMIT = 10_000


async def applicants_csv(
    db: AsyncSession, koubo: Koubo, status: str, *, actor_user_id: int, client_ip: str
) -> tuple[bytes, int]:
    """The 応募一覧 as CSV (formula-safe through app.exports); the export itself is audited."""
    rows = await db.execute(
        select(KouboApplication)
        .where(*_applicants_where(koubo.id, status))
        .order_by(KouboApplication.submitted_at, KouboApplication.id)
        .limit(CSV_LIMIT)
    )
    people = await with_people(db, list(rows.scalars()))
    lines = [
        [
            koubo.number or "",
            koubo.title,
            p.registration_code,
            p.name,
            p.email,
            p.application.status,
            format_datetime_ja(p.application.submitted_at),
            format_datetime_ja(p.application.updated_at),
        ]
        for p in people
    ]
    await audit.record(
        db,
        "koubo_applicants_export",
        actor_user_id=actor_user_id,
        target_type="koubo",
        target_id=koubo.id,
        detail=json.dumps({"status": status, "rows": len(lines)}, ensure_ascii=False),
        client_ip=client_ip,
    )
    return csv_bytes(CSV_COLUMNS, lines), len(lines)


async def for_organization(db: AsyncSession, organization_id: int, application_id: int) -> KouboApplication | None:
    """An organization only ever loads submitted applications to its own 公募."""
    rows = await db.execute(
        select(KouboApplication).where(
            KouboApplication.id == application_id,
            KouboApplication.organization_id == organization_id,
            KouboApplication.status.in_(SUBMITTED_STATUSES),
        )
    )
    return rows.scalar_one_or_none()


async def belongs_to_another_organization(db: AsyncSession, organization_id: int, application_id: int) -> bool:
    rows = await db.execute(
        select(KouboApplication.id).where(
            KouboApplication.id == application_id, KouboApplication.organization_id != organization_id
        )
    )
    return rows.first() is not None
