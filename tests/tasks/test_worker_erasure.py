"""The worker started as production starts it erases a long-expired person from every slice."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select, update

from app import clock
from app.queue import build_queue
from app.uploads import upload_dir
from features.accounts.models import Individual
from features.applications.models import Application, ApplicationFile, ApplicationStatus
from features.messages.models import Message, MessageThread
from features.talent.models import Resume, ResumeRow, ResumeText, TalentFacet
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in
from tests.features.applications.helpers import apply, published_job
from tests.features.talent.helpers import as_org, build_resume, post
from tests.tasks.helpers import start_worker

TALENT = "talent@example.jp"


async def _count(database, model, *where) -> int:
    async with database.session(write=False) as db:
        return (await db.execute(select(func.count()).select_from(model).where(*where))).scalar_one()


async def _person_everywhere(client, database) -> int:
    """A person with a résumé, an application with documents, and an offer in the mailbox."""
    posting = await published_job(database, clock.now())
    code = await build_resume(client, database, TALENT)
    await log_in(client, database, TALENT)
    await apply(client, posting.id)
    await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client))
    await client.post("/logout", headers=csrf_headers(client))
    await as_org(client, database, "offers@example.jp")
    data = {"mode": "offer", "to": [code], "subject": "案件のご案内", "body": "{氏名} 様"}
    assert (await post(client, "/mail/send", data)).status_code == 303
    async with database.session(write=False) as db:
        return (await db.execute(select(Individual.user_id).where(Individual.registration_code == code))).scalar_one()


async def test_the_standalone_worker_erases_a_long_expired_person_from_every_slice(
    client, database, settings, redis_server, tmp_path
):
    user_id = await _person_everywhere(client, database)
    resume_id = await _resume_id(database, user_id)
    assert await _count(database, ApplicationFile) == 2 and len(list(upload_dir(settings).iterdir())) == 2
    assert await _count(database, MessageThread, MessageThread.user_id == user_id) == 1
    retention = settings.registration.expired_retention_days
    async with database.session() as db:  # the worker runs on the real clock
        await db.execute(
            update(Individual)
            .where(Individual.user_id == user_id)
            .values(expires_at=clock.now() - timedelta(days=retention + 1))
        )

    settings.queue.url = redis_server.url
    settings.queue.name = f"erase{uuid.uuid4().hex[:8]}"
    worker = start_worker(settings, tmp_path / "worker.log")
    queue = build_queue(settings)
    await queue.connect()
    try:
        # The daily job, enqueued by its name as the worker's cron does (retryable, as the cron job is).
        # Its count is not asserted: saq's first sweep may run it twice, and the second run finds no one.
        await queue.apply("erase_long_expired_registrations", timeout=60, retries=3)
    finally:
        await queue.disconnect()
        worker.kill()  # its work is done; no graceful stop to wait for
        worker.wait(timeout=20)

    async with database.session(write=False) as db:
        individual = (await db.execute(select(Individual).where(Individual.user_id == user_id))).scalar_one()
        applications = list((await db.execute(select(Application).where(Application.user_id == user_id))).scalars())
    assert individual.family_name == "退会者", (tmp_path / "worker.log").read_text()
    assert await _count(database, Resume, Resume.user_id == user_id) == 0
    for table in (ResumeRow, ResumeText, TalentFacet):
        assert await _count(database, table, table.resume_id == resume_id) == 0
    assert await _count(database, ApplicationFile) == 0
    assert list(upload_dir(settings).iterdir()) == []  # the files on disk too
    assert [(a.status, a.message) for a in applications] == [(ApplicationStatus.WITHDRAWN, "")]
    assert await _count(database, MessageThread, MessageThread.user_id == user_id) == 0
    assert await _count(database, Message) == 0


async def _resume_id(database, user_id: int) -> int:
    async with database.session(write=False) as db:
        return (await db.execute(select(Resume.id).where(Resume.user_id == user_id))).scalar_one()
