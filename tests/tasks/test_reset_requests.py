"""パスワード再発行 through the real worker: the request only queues a row id; the job mails
the link to a real account and to nobody else."""

from __future__ import annotations

import asyncio

from litestar.testing import AsyncTestClient
from sqlalchemy import select

from app import create_app
from app.mail import MailStatus, OutboxMail
from features.accounts.models import PasswordResetRequest
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import make_user
from tests.services import wait_for_mail


async def _settled(database) -> bool:
    """Every request handled by its job and every mail delivered."""
    async with database.session(write=False) as db:
        waiting = (await db.execute(select(PasswordResetRequest.id))).first()
        unsent = (await db.execute(select(OutboxMail.id).where(OutboxMail.status != MailStatus.SENT))).first()
    return waiting is None and unsent is None


async def test_the_worker_mails_the_reset_link_to_a_real_account_only(settings, database, smtp):
    settings.mail.transport = "smtp"
    settings.mail.smtp_port = smtp.port
    settings.mail.smtp_timeout = 5
    settings.queue.run_worker_in_app = True
    await make_user(database, "ichiro@example.jp")
    async with AsyncTestClient(create_app(settings), base_url="http://testserver.local") as client:
        await client.get("/password/reset")
        for address in ("nobody@example.jp", "Ichiro@Example.JP"):
            response = await client.post(
                "/password/reset",
                data={"email": address, "kind": "individual"},
                headers=csrf_headers(client),
                follow_redirects=False,
            )
            assert response.status_code == 303 and response.headers["location"] == "/password/reset/sent"
        await wait_for_mail(smtp, 1)
        for _ in range(1000):  # until the worker has handled both requests (bounded, not a timing assertion)
            if await _settled(database):
                break
            await asyncio.sleep(0.01)
        assert await _settled(database)
    [mail] = smtp.messages
    assert mail.recipients == ["ichiro@example.jp"] and "パスワード再発行" in mail.subject
    assert "http://testserver.local/password/reset/" in mail.body
