"""The hourly survey reminder job as the worker runs it: twice in a row sends each reminder once,
delivered through the real SMTP server with the personal link."""

from __future__ import annotations

from sqlalchemy import select

from app import mail, slices
from app.mail import OutboxMail
from tasks.worker import job_task
from tests.features.surveys.helpers import make_survey, people, start, tokens


async def test_the_reminder_job_runs_hourly_and_twice_sends_once(database, settings, smtp, frozen_clock):
    [job] = [j for j in slices.scheduled_jobs() if j.name == "send_survey_reminders"]
    assert job.cron == "17 * * * *"
    survey_id = await make_survey(database, settings, max_reminders=1, reminder_gap_days=2)
    await start(database, settings, survey_id, people(2))
    mailed = await tokens(database)
    ctx = {"database": database, "settings": settings}
    frozen_clock.advance(days=2)
    assert await job_task(job)(ctx) == 2
    assert await job_task(job)(ctx) == 0
    settings.mail.transport = "smtp"
    settings.mail.smtp_host = "127.0.0.1"
    settings.mail.smtp_port = smtp.port
    async with database.session(write=False) as db:
        ids = list((await db.execute(select(OutboxMail.id).order_by(OutboxMail.id))).scalars())
    await mail.deliver(database, settings, ids)
    reminders = [m for m in smtp.messages if "再送" in m.subject]
    assert sorted(r for m in reminders for r in m.recipients) == ["p1@example.jp", "p2@example.jp"]
    for message in reminders:
        assert f"/surveys/{mailed[message.recipients[0]]}" in message.body
    assert len({m.message_id for m in smtp.messages}) == 4  # 2 invitations + 2 reminders, each once
