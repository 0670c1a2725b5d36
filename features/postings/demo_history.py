"""The demo's 18 months of postings (issue 16 item 7): 求人情報 and イベント情報 of the generated
organizations, each 申請 on the seasonal calendar (app/demo_calendar.py), 承認 a few business days
later (most within the three-day target, some late), published, and ended at its 募集期間 — a few
stopped (掲載中止) before. Nothing lies after the clock; a posting whose approval would is left out.
Titles never repeat within an organization, and no draft names a year (the demo test checks both)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.clock import JST
from app.config import Settings
from app.demo_calendar import insert_rows, later, spread
from features.accounts import api as accounts
from features.postings import service
from features.postings.demo import job_values, plausible_event, plausible_job
from features.postings.models import Posting, PostingKind, PostingStatus

JOBS = 1100
EVENTS = 260
# Business days from 申請 to 承認: mostly within the three-day target, a tail beyond it.
APPROVAL_DAYS = ([0, 1, 2, 3, 4, 5, 7], [6, 28, 30, 18, 9, 6, 3])
STOPPED_SHARE = 0.06


@dataclass(frozen=True)
class HistoryJob:
    """A published 求人情報 of the history, for the applications' history."""

    id: int
    organization_id: int
    published_at: datetime
    closes_on: date


async def seed_history(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    organizations = await accounts.history_organizations(db)
    if not organizations:
        return
    now = clock.now()
    used = {(org_id, title) for org_id, title in await db.execute(select(Posting.organization_id, Posting.title))}
    made = []
    for kind, total in ((PostingKind.JOB, JOBS), (PostingKind.EVENT, EVENTS)):
        for submitted in spread(rng, total, hours=(9, 21)):
            eligible = [o for o in organizations if o.since < submitted - timedelta(days=1)]
            approved = later(submitted, rng.choices(*APPROVAL_DAYS)[0], rng)
            if not eligible or approved is None:
                continue
            org = rng.choice(eligible)
            for _ in range(50):
                title_job = plausible_job(rng) if kind == PostingKind.JOB else plausible_event(rng)
                if (org.id, title_job[0]) not in used:
                    break
            else:
                continue
            used.add((org.id, title_job[0]))
            made.append(_posting(rng, org.id, kind, title_job, submitted, approved, now))
    await insert_rows(db, made)


def _posting(rng: random.Random, org_id: int, kind: str, title_job: tuple, submitted, approved, now) -> Posting:
    publish = min(approved + timedelta(days=rng.choice([0, 0, 1, 2])), now)
    opens = clock.to_jst(publish).date()
    closes = opens + timedelta(days=rng.randint(14, 60))
    if kind == PostingKind.JOB:
        values = job_values(rng, title_job, opens=opens, closes=closes, publish=publish)
        values["start"] = "採用決定後（応相談）"
    else:
        values = _event_values(rng, title_job, publish, closes)
    posting = Posting(
        organization_id=org_id,
        kind=kind,
        status=PostingStatus.APPROVED,
        draft=json.dumps(values, ensure_ascii=False),
        created_at=submitted - timedelta(days=rng.randint(0, 3), hours=rng.randint(0, 5)),
        submitted_at=submitted,
        approved_at=approved,
        published_at=publish,
        updated_at=approved,
    )
    service.publish_columns(posting, values)
    if rng.random() < STOPPED_SHARE:
        stopped = publish + timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 8))
        if stopped < now:
            posting.status = PostingStatus.STOPPED
            posting.stopped_at = posting.updated_at = stopped
    return posting


def _event_values(rng: random.Random, event: tuple, publish: datetime, closes: date) -> dict:
    title, event_type, sector = event
    starts = datetime(closes.year, closes.month, closes.day, 14, 0, tzinfo=JST) + timedelta(days=2)
    venue_kind = rng.choice(["venue", "online", "hybrid"])
    return {
        "title": title,
        "event_type": event_type,
        "sector": sector,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": starts.replace(hour=16).strftime("%Y-%m-%dT%H:%M"),
        "venue_kind": venue_kind,
        "venue": "" if venue_kind == "online" else "JICA市ヶ谷ビル 2階 国際会議場",
        "audience": "国際協力に関心のある学生・社会人",
        "capacity": str(rng.choice([30, 50, 100])),
        "fee": rng.choice(["無料", "1,000円"]),
        "closes_on": closes.isoformat(),
        "publish_at": publish.astimezone(JST).strftime("%Y-%m-%dT%H:%M"),
        "description": "現場で活躍する専門家が、仕事の内容やキャリアの築き方をお話しします。",
        "contact": "イベント担当：event@example.org",
        "application_method": rng.choice(["web", "external", "other"]),
        "resume_type": "general",
        "resume_items": [],
        "external_url": "https://www.example.org/event",
        "other_instructions": "メールで氏名・所属をお知らせください。",
        "required_documents": [],
        "optional_documents": [],
    }


async def history_jobs(db: AsyncSession, organization_ids: list[int]) -> list[HistoryJob]:
    """The published 求人情報 of these organizations, oldest first (the applications' history)."""
    if not organization_ids:
        return []
    rows = await db.execute(
        select(Posting.id, Posting.organization_id, Posting.published_at, Posting.closes_on)
        .where(
            Posting.organization_id.in_(organization_ids),
            Posting.kind == PostingKind.JOB,
            Posting.status.in_((PostingStatus.APPROVED, PostingStatus.STOPPED)),
            Posting.published_at.is_not(None),
            Posting.closes_on.is_not(None),
        )
        .order_by(Posting.published_at, Posting.id)
    )
    return [HistoryJob(*row) for row in rows.all()]
