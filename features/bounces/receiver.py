"""The bounce MX: a small aiosmtpd server for mail to bounce+<row>.<mac>@<bounce domain> (the VERP
return path of every outgoing mail) and unsubscribe+TOKEN@<bounce domain> (the mailto of
List-Unsubscribe, handed to the hook "unsubscribe_by_mail") and inquiry+<case>.<mac>@<bounce domain>
(the Reply-To of the desk's answers, handed to the hook "inbound_reply"). Any other recipient gets 550."""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
from collections.abc import Awaitable, Callable

from aiosmtpd.smtp import SMTP

from app import slices
from app.config import Settings
from app.db import Database
from features.bounces import service

log = logging.getLogger("partner.bounces")
MAX_MESSAGE = 2 * 1024 * 1024
LOCAL_PREFIXES = ("bounce+", "unsubscribe+", "inquiry+")


class BounceHandler:
    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database

    def _ours(self, address: str) -> bool:
        local, _, domain = address.lower().rpartition("@")
        return domain == service.bounce_domain(self.settings) and local.startswith(LOCAL_PREFIXES)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if not self._ours(address):
            return "550 5.1.1 No such recipient here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        if len(raw) > MAX_MESSAGE:
            return "552 5.3.4 Message too big"
        try:
            await self.accept(raw, list(envelope.rcpt_tos))
        except Exception:
            log.exception("a bounce could not be recorded")
            return "451 4.3.0 Try again later"
        return "250 OK"

    async def accept(self, raw: bytes, recipients: list[str]) -> None:
        bounces = [r for r in recipients if r.lower().startswith("bounce+")]
        unsubscribes = [r for r in recipients if r.lower().startswith("unsubscribe+")]
        replies = [r for r in recipients if r.lower().startswith("inquiry+")]
        async with self.database.session() as db:
            if bounces:
                outcome = await service.process_message(db, self.settings, raw, bounces)
                log.info("bounce %s row=%s", outcome.kind, outcome.outbox_id)
            for address in unsubscribes:
                local = address.rpartition("@")[0]
                done = await slices.ask("unsubscribe_by_mail", db, self.settings, local, default=None)
                log.info("unsubscribe by mail: %s", "done" if done else "not ours" if done is False else "no hook")
            for address in replies:
                message = email.message_from_bytes(raw, policy=email.policy.default)
                local = address.rpartition("@")[0]
                done = await slices.ask("inbound_reply", db, self.settings, local, message, default=None)
                log.info("inbound reply: %s", "added" if done else "not ours" if done is False else "no hook")


async def serve(settings: Settings, database: Database, *, port: int | None = None) -> asyncio.Server:
    """The receiver in the running event loop (the one the database's engine belongs to);
    port 0 picks a free one (server.sockets[0].getsockname()[1])."""
    handler = BounceHandler(settings, database)
    loop = asyncio.get_running_loop()
    return await loop.create_server(
        lambda: SMTP(handler, data_size_limit=MAX_MESSAGE, hostname=service.bounce_domain(settings)),
        host=settings.bounces.receiver_host,
        port=settings.bounces.receiver_port if port is None else port,
    )


async def start_in_worker(settings: Settings, database: Database) -> Callable[[], Awaitable[None]] | None:
    """The worker's hook "worker_services": runs the receiver when [bounces] run_receiver_in_worker
    and returns what stops it (None when it is not to run)."""
    if not settings.bounces.run_receiver_in_worker:
        return None
    server = await serve(settings, database)
    log.info("bounce receiver on %s:%s", settings.bounces.receiver_host, settings.bounces.receiver_port)

    async def stop() -> None:
        server.close()
        await server.wait_closed()

    return stop
