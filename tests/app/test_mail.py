"""The outbox: written in the caller's transaction, delivered once over real SMTP."""

from __future__ import annotations

import os
import time

import aiosmtplib
import pytest
from sqlalchemy import func, select, update

from app import queue as app_queue
from app.embedded_queue import EmbeddedQueue
from app.mail import (
    BATCH_SIZE,
    Attachment,
    BulkMail,
    DeliveryOutcome,
    MailStatus,
    OutboxMail,
    deliver,
    mail_job_key,
    queue_mail,
    queue_mails,
    render_mail,
    requeue_pending,
    stored_attachments,
)
from app.mail_addresses import parse_verp, verp_sender
from tasks.mail import sweep_mail_attachments


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
    job = await recording_queue.job(mail_job_key(settings, [mail.id]))
    assert job.function == "deliver_mail"
    assert job.kwargs == {"mail_ids": [mail.id]}  # the ids only: never the body or a secret
    assert job.retries > 1 and job.timeout


async def test_a_message_to_many_is_enqueued_in_batches(database, settings, recording_queue):
    count = BATCH_SIZE * 2 + 1
    async with database.session() as db:
        mails = await queue_mails(db, settings, [(f"user{i}@example.org", "件名", "本文") for i in range(count)])
    ids = [mail.id for mail in mails]
    batches = [ids[:BATCH_SIZE], ids[BATCH_SIZE : BATCH_SIZE * 2], ids[BATCH_SIZE * 2 :]]
    assert await recording_queue.count("queued") == len(batches)
    for batch in batches:
        assert (await recording_queue.job(mail_job_key(settings, batch))).kwargs == {"mail_ids": batch}


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
            db,
            smtp_settings,
            to="hanako@example.org",
            subject="【PARTNER】ワンタイムパスワードのお知らせ",
            body="山田 花子 様\n\nワンタイムパスワード：123456\n",
        )
    assert await deliver(database, smtp_settings, [mail.id]) == {mail.id: DeliveryOutcome.SENT}
    received = smtp.wait_for(1)
    assert received[0].subject == "【PARTNER】ワンタイムパスワードのお知らせ"
    assert "山田 花子 様" in received[0].body
    assert received[0].message_id == mail.message_id
    assert received[0].recipients == ["hanako@example.org"]
    # Idempotent: a second job for the same row sends nothing (and opens no connection).
    smtp_settings.mail.smtp_port = 1  # nothing listens there
    assert await deliver(database, smtp_settings, [mail.id]) == {mail.id: DeliveryOutcome.ALREADY_SENT}
    assert len(smtp.messages) == 1
    [row] = await outbox(database)
    assert row.status == MailStatus.SENT and row.sent_at is not None and row.attempts == 1


async def queue_to(database, settings, *addresses: str) -> list[OutboxMail]:
    async with database.session() as db:
        return await queue_mails(db, settings, [(address, "件名", "本文") for address in addresses])


async def test_a_batch_goes_over_one_connection_and_each_row_is_marked_sent(database, smtp_settings, smtp, monkeypatch):
    connections = []
    connect = aiosmtplib.SMTP.connect

    async def counted_connect(client, **options):
        connections.append(client)
        return await connect(client, **options)

    monkeypatch.setattr(aiosmtplib.SMTP, "connect", counted_connect)
    mails = await queue_to(database, smtp_settings, "a@example.org", "b@example.org", "c@example.org")
    ids = [mail.id for mail in mails]
    assert await deliver(database, smtp_settings, [*ids, 999_999]) == {
        **{mail_id: DeliveryOutcome.SENT for mail_id in ids},
        999_999: DeliveryOutcome.MISSING,
    }
    assert sorted(m.message_id for m in smtp.wait_for(3)) == sorted(mail.message_id for mail in mails)
    assert len(connections) == 1
    rows = await outbox(database)
    assert {(row.status, row.attempts, row.claim_token) for row in rows} == {(MailStatus.SENT, 1, None)}


async def test_smtp_failure_leaves_the_rows_pending_for_a_retry(database, smtp_settings, smtp):
    smtp_settings.mail.smtp_port = 1  # nothing listens there
    ids = [mail.id for mail in await queue_to(database, smtp_settings, "a@example.org", "b@example.org")]
    with pytest.raises(aiosmtplib.SMTPConnectError):
        await deliver(database, smtp_settings, ids)
    for row in await outbox(database):
        assert row.status == MailStatus.PENDING and row.last_error and row.claim_token is None
    smtp_settings.mail.smtp_port = smtp.port
    assert await deliver(database, smtp_settings, ids) == {mail_id: DeliveryOutcome.SENT for mail_id in ids}
    assert len(smtp.wait_for(2)) == 2


async def test_a_refused_recipient_does_not_hold_up_the_rest_of_the_batch(database, smtp_settings, smtp, monkeypatch):
    async def handle_RCPT(server, session, envelope, address, rcpt_options):  # aiosmtpd's hook
        if address == "gone@example.org":
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    monkeypatch.setattr(smtp, "handle_RCPT", handle_RCPT, raising=False)
    mails = await queue_to(database, smtp_settings, "a@example.org", "gone@example.org", "b@example.org")
    ids = [mail.id for mail in mails]
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused):  # the job fails, to be retried for the refused row
        await deliver(database, smtp_settings, ids)
    assert sorted(m.recipients[0] for m in smtp.wait_for(2)) == ["a@example.org", "b@example.org"]
    rows = await outbox(database)
    assert [row.status for row in rows] == [MailStatus.SENT, MailStatus.PENDING, MailStatus.SENT]
    assert "no such user" in rows[1].last_error and rows[1].claim_token is None
    monkeypatch.undo()
    assert await deliver(database, smtp_settings, ids) == {
        ids[0]: DeliveryOutcome.ALREADY_SENT,
        ids[1]: DeliveryOutcome.SENT,
        ids[2]: DeliveryOutcome.ALREADY_SENT,
    }
    assert len(smtp.wait_for(3)) == 3


async def test_a_row_in_flight_is_not_sent_by_a_second_worker(database, smtp_settings, smtp, frozen_clock):
    mail, other = await queue_to(database, smtp_settings, "a@example.org", "b@example.org")
    async with database.session() as db:
        await db.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail.id)
            .values(status=MailStatus.SENDING, claim_token="other-worker", claimed_at=frozen_clock())
        )
    ids = [mail.id, other.id]
    assert await deliver(database, smtp_settings, ids) == {
        mail.id: DeliveryOutcome.IN_FLIGHT,
        other.id: DeliveryOutcome.SENT,
    }
    assert [m.recipients for m in smtp.wait_for(1)] == [["b@example.org"]]
    # After the lease the other worker is presumed dead: send, and flag a possible duplicate.
    frozen_clock.advance(seconds=smtp_settings.mail.job_timeout + 1)
    assert await deliver(database, smtp_settings, ids) == {
        mail.id: DeliveryOutcome.SENT,
        other.id: DeliveryOutcome.ALREADY_SENT,
    }
    assert len(smtp.wait_for(2)) == 2
    row, other_row = await outbox(database)
    assert row.suspected_duplicate is True and other_row.suspected_duplicate is False


async def test_sweep_requeues_rows_left_pending(database, settings, recording_queue, frozen_clock):
    app_queue.use_queue(None)  # the queue was down when these were written
    async with database.session() as db:
        first = await queue_mail(db, settings, to="a@example.org", subject="一通目", body="本文")
    app_queue.use_queue(recording_queue)
    assert await requeue_pending(database, settings) == []  # still within the grace period
    frozen_clock.advance(seconds=settings.mail.pending_grace_seconds + 1)
    assert await requeue_pending(database, settings) == [first.id]
    assert await recording_queue.job(mail_job_key(settings, [first.id])) is not None


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


async def test_attachments_of_old_mails_are_deleted_and_recent_ones_kept(database, settings, recording_queue):
    ics = Attachment(filename="seminar.ics", content_type="text/calendar", data=b"BEGIN:VCALENDAR")
    async with database.session() as db:
        old = await queue_mail(db, settings, to="a@example.jp", subject="古い", body="本文", attachments=(ics,))
    long_ago = time.time() - (settings.mail.attachment_keep_days + 1) * 86400
    for directory in (settings.var_path / "mail-attachments").iterdir():  # only the old mail's so far
        os.utime(directory, (long_ago, long_ago))
    async with database.session() as db:
        new = await queue_mail(db, settings, to="b@example.jp", subject="新しい", body="本文", attachments=(ics,))

    assert await sweep_mail_attachments({"settings": settings}) == 1
    assert stored_attachments(settings, old.message_id) == []
    assert stored_attachments(settings, new.message_id)[0].filename == "seminar.ics"


async def test_bulk_mail_carries_its_headers_and_a_signed_verp_envelope_sender(database, smtp_settings, smtp):
    unsubscribe = {
        "List-Unsubscribe": "<https://partner.example.jp/u/abc>, <mailto:unsubscribe+abc@partner.example.jp>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    async with database.session() as db:
        [mail] = await queue_mails(
            db, smtp_settings, [BulkMail("taro@example.org", "件名", "本文", unsubscribe)], campaign="mailing:7"
        )
    assert await deliver(database, smtp_settings, [mail.id]) == {mail.id: DeliveryOutcome.SENT}
    [received] = smtp.wait_for(1)
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received.message["List-Unsubscribe"] == unsubscribe["List-Unsubscribe"]
    assert received.mail_from == verp_sender(smtp_settings, mail.id)
    assert received.mail_from.startswith(f"bounce+{mail.id}.")
    assert parse_verp(smtp_settings, received.mail_from) == mail.id
    [row] = await outbox(database)
    assert row.campaign == "mailing:7"


def test_a_forged_or_foreign_verp_address_names_no_row(settings):
    genuine = verp_sender(settings, 41)
    local, _, domain = genuine.partition("@")
    assert parse_verp(settings, genuine.upper()) == 41  # mail systems may change the case
    assert parse_verp(settings, genuine.replace("bounce+41.", "bounce+42.")) is None  # another row, same mac
    assert parse_verp(settings, local[:-1] + ("0" if local[-1] != "0" else "1") + "@" + domain) is None
    assert parse_verp(settings, f"{local}@elsewhere.example") is None
    assert parse_verp(settings, "someone@example.org") is None


async def test_a_header_that_could_inject_another_is_refused(database, settings):
    async with database.session() as db:
        with pytest.raises(ValueError):
            await queue_mail(db, settings, to="a@example.org", subject="s", body="b", headers={"Bcc": "x@example.org"})
        with pytest.raises(ValueError):
            await queue_mail(db, settings, to="a@example.org", subject="s", body="b", headers={"X-A": "1\r\nBcc: x"})
