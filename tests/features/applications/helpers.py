"""Shared by the applications and mail tests: a published job with Web応募, and applying to it."""

from __future__ import annotations

import json
from datetime import timedelta

from fpdf import FPDF
from sqlalchemy import select

from app import clock
from app.clock import JST
from features.applications.models import Application
from features.postings import service as postings
from features.postings.models import Posting, PostingStatus
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user
from tests.features.postings.helpers import job_form, organization_for


def one_page_pdf(text: str = "PARTNER") -> bytes:
    """A real PDF (uploads must parse, not only start with %PDF-)."""
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text)
    return bytes(document.output())


PDF = one_page_pdf()


async def published_job(database, now, email="org@example.jp", **changes) -> Posting:
    await make_user(database, email, "organization")
    org = await organization_for(database, email)
    values = job_form(
        now, resume_attachment="履歴書", required_documents=["志望動機書"], optional_documents=["語学証明書"], **changes
    )
    values["publish_at"] = (now - timedelta(hours=1)).astimezone(JST).strftime("%Y-%m-%dT%H:%M")
    async with database.session() as db:
        posting = Posting(
            organization_id=org.id,
            status=PostingStatus.APPROVED,
            draft=json.dumps(values),
            created_at=now,
            updated_at=now,
        )
        postings.publish_columns(posting, values)
        db.add(posting)
    return posting


def files(**overrides):
    chosen = {
        "file-resume": ("履歴書_山田.pdf", PDF, "application/pdf"),
        "file-required-0": ("志望動機書.pdf", PDF, "application/pdf"),
    }
    chosen.update(overrides)
    return {k: v for k, v in chosen.items() if v is not None}


async def apply(client, posting_id: int, **overrides):
    await client.get(f"/apply/{posting_id}")
    return await client.post(
        f"/apply/{posting_id}",
        files=files(**overrides),
        data={"message": "よろしくお願いします。"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )


async def applied_posting(client, database, org_email: str, talent_email: str) -> tuple[int, int]:
    """The talent applies to a job of org_email and to one of another organization: both application ids."""
    now = clock.now()
    mine = await published_job(database, now, org_email)
    theirs = await published_job(database, now, "other-org@example.jp")
    await make_user(database, talent_email)
    await log_in(client, database, talent_email)
    for posting in (mine, theirs):
        await apply(client, posting.id)
        await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client), follow_redirects=False)
    await client.post("/logout", headers=csrf_headers(client))
    async with database.session(write=False) as db:
        ids = {a.posting_id: a.id for a in (await db.execute(select(Application))).scalars()}
    return ids[mine.id], ids[theirs.id]
