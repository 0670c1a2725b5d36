"""Rows and requests for the 保存した検索条件 tests: published postings, saved searches, the job."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.clock import JST
from app.mail import OutboxMail
from features.postings import service as postings_service
from features.postings.models import Posting, PostingKind, PostingStatus
from features.saved_searches import alerts
from features.saved_searches.models import SavedSearch
from tests.conftest import csrf_headers
from tests.features.postings.helpers import job_form
from tests.features.postings.test_events_notices import event_form

PERSON = "person@example.jp"
OTHER = "other@example.jp"
ORG = "org@example.jp"


async def post(client, path: str, data: dict | None = None, headers: dict | None = None):
    await client.get("/healthz")
    return await client.post(
        path, data=data or {}, headers={**csrf_headers(client), **(headers or {})}, follow_redirects=False
    )


async def publish(database, organization_id: int, *, kind: str = PostingKind.JOB, published_at=None, **changes):
    """A public posting, first seen public at `published_at` (default: now)."""
    now = clock.now()
    values = (event_form if kind == PostingKind.EVENT else job_form)(now, **changes)
    values["publish_at"] = (now - timedelta(days=2)).astimezone(JST).strftime("%Y-%m-%dT%H:%M")
    async with database.session() as db:
        posting = Posting(
            organization_id=organization_id,
            kind=kind,
            status=PostingStatus.APPROVED,
            draft=json.dumps(values),
            created_at=now,
            updated_at=now,
        )
        postings_service.publish_columns(posting, values)
        posting.published_at = published_at or now
        db.add(posting)
    return posting


async def searches(database) -> list[SavedSearch]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(SavedSearch).order_by(SavedSearch.id))).scalars())


async def run_alerts(database, settings) -> int:
    async with database.session() as db:
        return await alerts.send_alerts(db, settings)


async def alert_mails(database) -> list[OutboxMail]:
    async with database.session(write=False) as db:
        rows = await db.execute(select(OutboxMail).where(OutboxMail.campaign.like("alert:%")).order_by(OutboxMail.id))
        return list(rows.scalars())
