"""Personas and rows for the メール配信 tests (hand-counted audiences)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update

from app import clock
from app.mail import MailStatus, OutboxMail, deliver
from features.accounts.models import AccountStatus, Individual, Organization, Role
from features.mailings import engine, service
from features.mailings.audience import Audience
from features.mailings.models import AudienceKind
from features.talent.models import Resume, TalentFacet
from tests.features.accounts.helpers import make_user

WRITER = "writer@example.jp"
APPROVER = "approver@example.jp"


async def staff(database) -> tuple[int, int]:
    writer = await make_user(database, WRITER, Role.SECRETARIAT, password_hash="x")
    approver = await make_user(database, APPROVER, Role.SECRETARIAT, password_hash="x")
    return writer.id, approver.id


async def person(database, email: str, *, status: str = AccountStatus.ACTIVE, facets=(), resume=None, **values) -> int:
    """A 個人 (山田 太郎, 東京都, born 1990-04-01, 国際協力人材登録 unless `values` say otherwise),
    with a résumé's facets [(kind, code, value)] and résumé fields when given."""
    user = await make_user(database, email, Role.INDIVIDUAL, status=status, password_hash="x")
    async with database.session() as db:
        if values:
            await db.execute(update(Individual).where(Individual.user_id == user.id).values(**values))
        if facets or resume:
            row = Resume(user_id=user.id, updated_at=clock.now(), **(resume or {}))
            db.add(row)
            await db.flush()
            for kind, code, value in facets:
                db.add(TalentFacet(resume_id=row.id, kind=kind, code=code, value=value))
    return user.id


async def organization(
    database, email: str, *, status: str = AccountStatus.ACTIVE, org_status: str | None = None, **values
) -> int:
    """A 団体 (国際協力団体（法人格あり）, 活動分野 education), approved when its account is active."""
    user = await make_user(database, email, Role.ORGANIZATION, status=status, password_hash="x")
    if org_status:
        values["status"] = org_status
    if values:
        async with database.session() as db:
            await db.execute(update(Organization).where(Organization.user_id == user.id).values(**values))
    return user.id


def born(age: int) -> date:
    today = clock.now().date()
    return date(today.year - age, 1, 1) if today.month > 1 else date(today.year - age - 1, 1, 1)


async def approved_mailing(
    database, settings, writer: int, approver: int, audience: Audience | None = None, *, body: str = "{氏名} 様\n本文"
) -> int:
    audience = audience or Audience(kind=AudienceKind.INDIVIDUALS)
    draft = service.Draft("セミナーのご案内", body, "guide", audience)
    async with database.session() as db:
        mailing = await service.create_draft(db, writer, draft)
        await service.submit(db, mailing, writer, draft)
        await service.approve(db, settings, mailing, approver, None)
    return mailing.id


async def deliver_all(database, settings) -> None:
    async with database.session(write=False) as db:
        ids = list(await db.scalars(select(OutboxMail.id).where(OutboxMail.status == MailStatus.PENDING)))
    if ids:
        await deliver(database, settings, ids)


async def send(database, settings, mailing_id: int) -> str:
    return await engine.run_steps(database, settings, mailing_id)


def in_a_while(**delta) -> object:
    return clock.now() + timedelta(**delta)
