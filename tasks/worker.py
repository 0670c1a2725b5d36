"""The saq worker: the same functions and cron jobs in every mode.

In `make run` it runs inside the web server (queue.run_worker_in_app); in production
`litestar worker run` (or `python -m tasks.worker`) runs it as its own process.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from saq import CronJob, Queue, Worker

from app.config import Settings, get_settings
from app.db import Database, create_database
from app.queue import build_queue, use_queue
from tasks.accounts import erase_long_expired_registrations, process_reset_request, purge_unfinished_registrations, send_expiry_reminders
from tasks.mail import deliver_mail, sweep_outbox
from tasks.postings import publish_due_postings

FUNCTIONS = [deliver_mail, sweep_outbox, process_reset_request]
# Daily jobs, in UTC (09:00, 03:30 and 04:00 in Japan).
DAILY = [
    CronJob(send_expiry_reminders, cron="0 0 * * *", unique=True, timeout=600),
    CronJob(purge_unfinished_registrations, cron="30 18 * * *", unique=True, timeout=600),
    CronJob(erase_long_expired_registrations, cron="0 19 * * *", unique=True, timeout=600),
]
EVERY_MINUTE = [CronJob(publish_due_postings, cron="* * * * *", unique=True, timeout=120)]


def build_worker(settings: Settings, database: Database, queue: Queue, *, shutdown_grace_s: int = 10) -> Worker:
    async def startup(ctx: dict[str, Any]) -> None:
        ctx["database"] = database
        ctx["settings"] = settings
        # Anything a previous run left pending goes back on the queue at once
        # (job keys and the outbox lease keep this from sending anything twice).
        await sweep_outbox(ctx, grace_seconds=0)

    return Worker(
        queue,
        functions=FUNCTIONS,
        cron_jobs=[CronJob(sweep_outbox, cron=settings.queue.outbox_sweep_cron, unique=True, timeout=120), *DAILY, *EVERY_MINUTE],
        concurrency=settings.queue.concurrency,
        startup=startup,
        timers={"sweep": settings.queue.sweep_seconds},
        shutdown_grace_period_s=shutdown_grace_s,  # in-flight deliveries finish within it
    )


async def run_standalone(settings: Settings | None = None) -> None:
    """Run the worker as its own process until SIGTERM/SIGINT."""
    settings = settings or get_settings()
    database = create_database(settings)
    queue = build_queue(settings)
    use_queue(queue)
    await queue.connect()
    worker = build_worker(settings, database, queue)  # saq stops it on SIGINT/SIGTERM
    try:
        await worker.start()
    finally:
        await queue.disconnect()
        await database.dispose()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    asyncio.run(run_standalone())
