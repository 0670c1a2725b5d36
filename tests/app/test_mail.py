"""The outbox: written in the caller's transaction, delivered once over real SMTP."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import queue as app_queue
from app.embedded_queue import EmbeddedQueue
from app.mail import DeliveryOutcome, mail_job_key, MailStatus, OutboxMail, deliver, queue_mail, render_mail, requeue_pending


@pytest.fixture
def smtp_settings(settings, smtp):
    settings.mail.transport = "smtp"
    settings.mail.smtp_host = "127.0.0.1"
    settings.mail.smtp_port = smtp.port
    settings.mail.smtp_timeout = 5
    return settings


@pytest.fixture
async def recording_queue():
    queue = EmbeddedQueue(name="test")
    await queue.connect()
    app_queue.use_queue(queue)
    yield queue
    app_queue.use_queue(None)


async def outbox(database) -> list[OutboxMail]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(OutboxMail).order_by(OutboxMail.id))).scalars())


async def test_queued_mail_is_enqueued_only_after_commit(database, settings, recording_queue):
    async with database.session() as db:
        mail = await queue_mail(db, settings, to="taro@example.org", subject="件名", body="本文")
        assert await recording_queue.count("queued") == 0  # not before the commit
    assert await recording_queue.count("queued") == 1
    job = await recording_queue.job(mail_job_key(settings, mail.id))
    assert job.function == "deliver_mail"
    assert job.kwargs == {"mail_id": mail.id}  # the id only: never the body or a secret
    assert job.retries > 1 and job.timeout


async def test_rolled_back_transaction_leaves_no_mail_and_no_job(database, settings, recording_queue):
    with pytest.raises(RuntimeError):
        async with database.session() as db:
            await queue_mail(db, settings, to="taro@example.org", subject="件名", body="本文")
            raise RuntimeError("the change that caused the mail failed")
    assert await outbox(database) == []
    assert await recording_queue.count("queued") == 0


async def test_delivery_sends_japanese_mail_once(database, smtp_settings, smtp):
    async with database.session() as db:
        mail = await queue_mail(
            db, smtp_settings, to="hanako@example.org", subject="【PARTNER】ワンタイムパスワードのお知らせ",
            body="山田 花子 様\n\nワンタイムパスワード：123456\n",
        )
    assert await deliver(database, smtp_settings, mail.id) == DeliveryOutcome.SENT
    received = smtp.wait_for(1)
    assert received[0].subject == "【PARTNER】ワンタイムパスワードのお知らせ"
    assert "山田 花子 様" in received[0].body
    assert received[0].message_id == mail.message_id
    assert received[0].recipients == ["hanako@example.org"]
    # Idempotent: a second job for the same row sends nothing.
    assert await deliver(database, smtp_settings, mail.id) == DeliveryOutcome.ALREADY_SENT
    assert len(smtp.messages) == 1
    [row] = await outbox(database)
    assert row.status == MailStatus.SENT and row.sent_at is not None and row.attempts == 1


async def test_smtp_failure_leaves_the_row_pending_for_a_retry(database, smtp_settings, smtp):
    smtp_settings.mail.smtp_port = 1  # nothing listens there
    async with database.session() as db:
        mail = await queue_mail(db, smtp_settings, to="a@example.org", subject="件名", body="本文")
    with pytest.raises(Exception):
        await deliver(database, smtp_settings, mail.id)
    [row] = await outbox(database)
    assert row.status == MailStatus.PENDING and row.last_error and row.claim_token is None
    smtp_settings.mail.smtp_port = smtp.port
    assert await deliver(database, smtp_settings, mail.id) == DeliveryOutcome.SENT
    assert len(smtp.wait_for(1)) == 1


async def test_a_row_in_flight_is_not_sent_by_a_second_worker(database, smtp_settings, smtp, frozen_clock):
    async with database.session() as db:
        mail = await queue_mail(db, smtp_settings, to="a@example.org", subject="件名", body="本文")
        mail.status = MailStatus.SENDING
        mail.claim_token = "other-worker"
        mail.claimed_at = frozen_clock()
    assert await deliver(database, smtp_settings, mail.id) == DeliveryOutcome.IN_FLIGHT
    assert smtp.messages == []
    # After the lease the other worker is presumed dead: send, and flag a possible duplicate.
    frozen_clock.advance(seconds=smtp_settings.mail.job_timeout + 1)
    assert await deliver(database, smtp_settings, mail.id) == DeliveryOutcome.SENT
    [row] = await outbox(database)
    assert row.suspected_duplicate is True


async def test_sweep_requeues_rows_left_pending(database, settings, recording_queue, frozen_clock):
    app_queue.use_queue(None)  # the queue was down when these were written
    async with database.session() as db:
        first = await queue_mail(db, settings, to="a@example.org", subject="一通目", body="本文")
    app_queue.use_queue(recording_queue)
    assert await requeue_pending(database, settings) == []  # still within the grace period
    frozen_clock.advance(seconds=settings.mail.pending_grace_seconds + 1)
    assert await requeue_pending(database, settings) == [first.id]
    assert await recording_queue.job(mail_job_key(settings, first.id)) is not None


def test_mail_templates_render_subject_and_body_from_the_slice():
    rendered = render_mail("home/demo_loaded.txt.jinja", name="事務局", base_url="http://127.0.0.1:8000")
    assert rendered.subject == "【PARTNER】デモデータを作成しました"
    assert rendered.body.startswith("事務局 様")
    assert "http://127.0.0.1:8000/" in rendered.body


async def test_mail_body_is_plain_text_not_escaped(database, settings):
    async with database.session() as db:
        await queue_mail(db, settings, to="a@example.org", subject="<件名>", body="A & B <tag>")
        total = (await db.execute(select(func.count()).select_from(OutboxMail))).scalar_one()
    assert total == 1
    [row] = await outbox(database)
    assert row.body == "A & B <tag>"
