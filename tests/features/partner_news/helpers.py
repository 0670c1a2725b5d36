"""Rows and times for the PARTNERニュース tests. The weeks: Thursday 2026-12-03 and 2026-12-10,
09:00 JST (00:00 UTC) is each week's assembly; Friday 10:00 JST (01:00 UTC) its sending."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from app import clock
from app.mail import OutboxMail
from features.accounts.models import Role
from features.home.models import SiteNews
from features.partner_news import assembly, sending, service
from features.partner_news.models import NewsIssue, NewsIssueItem
from features.postings.models import Posting, PostingKind, PostingStatus
from features.recruitment.models import NoticeStatus
from features.seminars.models import SeminarStatus
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user
from tests.features.recruitment.helpers import make_koubo, make_organization
from tests.features.seminars.helpers import make_seminar

THU_1 = datetime(2026, 12, 3, 0, 0, tzinfo=UTC)  # Thursday 09:00 JST
FRI_1 = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)  # Friday 10:00 JST
THU_2 = THU_1 + timedelta(weeks=1)
FRI_2 = FRI_1 + timedelta(weeks=1)
OFFICE = "office@example.jp"
OFFICE_2 = "office2@example.jp"


async def organization(database, email: str = "ngo@example.jp") -> int:
    _, org = await make_organization(database, email)
    return org.id


async def posting(
    database, organization_id: int, title: str, at: datetime, kind: str = PostingKind.JOB, **values
) -> int:
    now = clock.now()
    fields = dict(
        organization_id=organization_id,
        kind=kind,
        status=PostingStatus.APPROVED,
        title=title,
        publish_at=at,
        approved_at=at - timedelta(hours=1),
        closes_on=date(2027, 3, 31),
        created_at=at - timedelta(days=1),
        updated_at=now,
    )
    fields.update(values)
    async with database.session() as db:
        row = Posting(**fields)
        db.add(row)
        await db.flush()
        return row.id


async def koubo(database, organization_id: int, title: str, at: datetime, serial: int = 1) -> int:
    row = await make_koubo(
        database, organization_id, title=title, publish_at=at, approved_at=at, created_at=at, serial=serial
    )
    return row.id


async def seminar(database, title: str, at: datetime) -> int:
    starts = datetime(2027, 1, 20, 1, 0, tzinfo=UTC)
    row = await make_seminar(
        database,
        title=title,
        announced_at=at,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        status=SeminarStatus.ANNOUNCED,
    )
    return row.id


async def site_news(database, title: str, at: datetime) -> int:
    async with database.session() as db:
        row = SiteNews(title=title, body="本文", published_at=at, created_at=at)
        db.add(row)
        await db.flush()
        return row.id


async def approve(
    database, issue_id: int, staff_id: int, lead: str = "{氏名} 様\n\n今週のPARTNERニュースです。"
) -> None:
    async with database.session() as db:
        issue = await service.issue_by_id(db, issue_id)
        await service.save_lead(db, issue, lead, staff_id)
        await service.approve(db, issue, staff_id)


async def staff(database, email: str = OFFICE) -> int:
    return (await make_user(database, email, Role.SECRETARIAT, password_hash="x")).id


async def run_assembly(database, settings) -> int:
    async with database.session() as db:
        return await assembly.assemble_weekly_issue(db, settings)


async def run_sending(database, settings) -> int:
    async with database.session() as db:
        return await sending.send_due_issues(db, settings)


async def issues(database) -> list[NewsIssue]:
    async with database.session(write=False) as db:
        return list((await db.scalars(select(NewsIssue).order_by(NewsIssue.week_of))).all())


async def titles(database, issue_id: int) -> dict[str, list[str]]:
    async with database.session(write=False) as db:
        rows = await db.scalars(
            select(NewsIssueItem).where(NewsIssueItem.issue_id == issue_id).order_by(NewsIssueItem.position)
        )
        found: dict[str, list[str]] = {}
        for item in rows:
            found.setdefault(item.section_key, []).append(item.title)
        return found


async def mails(database) -> list[OutboxMail]:
    async with database.session(write=False) as db:
        return list((await db.scalars(select(OutboxMail).order_by(OutboxMail.id))).all())


async def as_office(client, database, email: str = OFFICE) -> int:
    user = await make_user(database, email, Role.SECRETARIAT)
    await log_in(client, database, email)
    return user.id


async def post(client, path: str, data: dict | None = None, **headers):
    await client.get("/healthz")
    return await client.post(
        path,
        data=data or {},
        headers={**csrf_headers(client), **headers},
        follow_redirects=False,
    )


__all__ = ["NoticeStatus"]
