"""The sending job's chain on the queue: approval enqueues the first step after commit, each step the
next under a key naming the progress, and the minutely sweep re-enqueues the same keys (never a
second job for one point of progress)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import queue as app_queue
from app.embedded_queue import EmbeddedQueue
from app.mail import OutboxMail
from features.mailings import engine, service
from features.mailings.models import MailingStatus
from tests.features.mailings.helpers import approved_mailing, in_a_while, person, staff


@pytest.fixture
async def recording_queue():
    queue = EmbeddedQueue(name="test")
    await queue.connect()
    app_queue.use_queue(queue)
    yield queue
    app_queue.use_queue(None)


def key(settings, mailing_id, progress) -> str:
    return f"mailing:{settings.queue.name}:{mailing_id}:{progress}"


async def test_approval_then_each_step_enqueues_the_next_after_commit(database, settings, recording_queue):
    settings.mailings.batch_size = 2
    writer, approver = await staff(database)
    for n in range(3):
        await person(database, f"q{n}@example.jp")
    mailing_id = await approved_mailing(database, settings, writer, approver)
    job = await recording_queue.job(key(settings, mailing_id, "start"))
    assert job.function == engine.STEP_TASK and job.kwargs == {"mailing_id": mailing_id} and job.retries > 1
    async with database.session() as db:
        assert await engine.step(db, settings, mailing_id) == "started"
        assert await recording_queue.job(key(settings, mailing_id, "resolved")) is None  # not before the commit
    assert await recording_queue.job(key(settings, mailing_id, "resolved")) is not None
    async with database.session() as db:
        assert await engine.step(db, settings, mailing_id) == "batch"
    assert await recording_queue.job(key(settings, mailing_id, "2")) is not None
    # The sweep asks for the same point of progress: no second job.
    before = await recording_queue.count("queued")
    async with database.session() as db:
        assert await engine.send_due_mailings(db, settings) == 1
    assert await recording_queue.count("queued") == before


async def test_the_sweep_starts_what_is_due_and_only_that(database, settings, recording_queue, frozen_clock):
    writer, approver = await staff(database)
    await person(database, "due@example.jp")
    draft = service.Draft("予約の配信", "本文", "guide", service.Audience())
    async with database.session() as db:
        mailing = await service.create_draft(db, writer, draft)
        await service.submit(db, mailing, writer, draft)
        await service.approve(db, settings, mailing, approver, in_a_while(hours=2))
    async with database.session() as db:
        assert await engine.send_due_mailings(db, settings) == 0
        assert await engine.step(db, settings, mailing.id) == "not_due"
    frozen_clock.advance(hours=2)
    async with database.session() as db:
        assert await engine.send_due_mailings(db, settings) == 1
    assert await recording_queue.job(key(settings, mailing.id, "start")) is not None
    assert await engine.run_steps(database, settings, mailing.id) == "done"
    async with database.session(write=False) as db:
        assert (await service.mailing_by_id(db, mailing.id)).status == MailingStatus.DONE
        assert len(list(await db.scalars(select(OutboxMail)))) == 1
