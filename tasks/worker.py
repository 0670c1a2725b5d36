"""The saq worker: the same functions and cron jobs in every mode.

In `make run` it runs inside the web server (queue.run_worker_in_app); in production
`litestar worker run` (or `python -m tasks.worker`) runs it as its own process. The scheduled
jobs come from the slices' registry (app/slices.py), installed first in every mode.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from croniter import croniter
from saq import CronJob, Queue, Worker

from app import clock, slices
from app.config import Settings, get_settings
from app.db import Database, create_database
from app.operations import record_job_run
from app.privatecache import shared_generations
from app.queue import build_queue, use_queue
from app.routes import install_slices
from tasks.mail import deliver_mail, sweep_mail_attachments, sweep_outbox

FUNCTIONS = [deliver_mail, sweep_outbox, sweep_mail_attachments]
log = logging.getLogger("saq")


def recorded(name: str, run: Callable[..., Awaitable[Any]]):
    """A saq function named `name` that runs `run(ctx, **kwargs)` and keeps the outcome as the
    job's last run (app/operations.py, shown on the staff's システム運用 page)."""

    async def task(ctx: dict[str, Any], **kwargs: Any) -> Any:
        started = clock.now()
        try:
            result = await run(ctx, **kwargs)
        except Exception as error:
            await record_job_run(ctx["database"], name, started_at=started, error=error)
            raise
        await record_job_run(ctx["database"], name, started_at=started, result=result)
        return result

    task.__name__ = task.__qualname__ = name
    return task


def job_task(job: slices.ScheduledJob):
    """A saq function named after the job that runs it in one transaction of its own."""

    async def run(ctx: dict[str, Any]) -> int:
        async with ctx["database"].session() as db:
            return await job.run(db, ctx["settings"])

    return recorded(job.name, run)


def queued_task(queued: slices.QueuedTask):
    """A saq function named after the slice's task, run in one transaction of its own."""

    async def task(ctx: dict[str, Any], **kwargs: Any) -> object:
        async with ctx["database"].session() as db:
            return await queued.run(db, ctx["settings"], **kwargs)

    task.__name__ = task.__qualname__ = queued.name
    return task


def functions() -> list:
    return [*FUNCTIONS, *(queued_task(t) for t in slices.queued_tasks())]


def cron_jobs(settings: Settings) -> list[CronJob]:
    scheduled = [
        CronJob(job_task(job), cron=job.cron, unique=True, timeout=job.timeout, retries=job.retries)
        for job in slices.scheduled_jobs()
    ]
    return [
        CronJob(
            recorded("sweep_outbox", sweep_outbox), cron=settings.queue.outbox_sweep_cron, unique=True, timeout=120
        ),
        CronJob(
            recorded("sweep_mail_attachments", sweep_mail_attachments), cron="50 19 * * *", unique=True, timeout=600
        ),  # 04:50 in Japan
        *scheduled,
    ]


class _Worker(Worker):
    """saq's worker, but a cron job is enqueued once per run time: saq enqueues every cron job on
    every schedule tick (each second: ~35 Redis calls a second, each a no-op while that run is
    already queued; an idle worker used 0.32 CPU s per 20 s, now 0.13; issue 17). Scheduling keeps
    its 1-second tick, so delayed jobs still start on time; an enqueue that did not take (the job's
    previous run still active) is tried again on the next tick, as saq would.

    Kept as an override because saq 0.26.4 (read in its worker.py and job.py) has no option for it:
    CronJob's only say is `unique` (the fixed key cron:<function>, which still costs an enqueue
    call per job per tick), and the one interval, timers["schedule"], also paces queue.schedule —
    moving delayed jobs and retries into the queue — so lengthening it would start those late.
    Re-check on a saq upgrade (this copies saq's own schedule() but for the run-time memo)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enqueued_runs: dict[str, int] = {}  # cron job → the run time last enqueued

    async def schedule(self, lock: int = 1) -> None:
        for cron_job in self.cron_jobs:
            kwargs = cron_job.__dict__.copy()
            function = kwargs.pop("function").__qualname__
            kwargs["key"] = f"cron:{function}" if kwargs.pop("unique") else None
            scheduled = int(croniter(kwargs.pop("cron"), datetime.now(self.cron_tz)).get_next())
            if self.enqueued_runs.get(function) == scheduled:
                continue
            job = await self.queue.enqueue(
                function, scheduled=scheduled, **{k: v for k, v in kwargs.items() if v is not None}
            )
            if job is not None:
                self.enqueued_runs[function] = scheduled
        job_ids = await self.queue.schedule(lock)
        if job_ids:
            log.info("Scheduled %s", job_ids)


def build_worker(settings: Settings, database: Database, queue: Queue, *, shutdown_grace_s: int = 10) -> Worker:
    install_slices()
    # This process's commits reach the web processes' logged-in pages and kept sessions
    # (app/privatecache.py): at once by a watcher, and at the latest before a job is marked done.
    shared = shared_generations(settings)

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["database"] = database
        ctx["settings"] = settings
        ctx["generations"] = asyncio.create_task(shared.watch())
        # Anything a previous run left pending goes back on the queue at once
        # (job keys and the outbox lease keep this from sending anything twice).
        await sweep_outbox(ctx, grace_seconds=0)
        # What slices run beside the jobs (the bounce MX's SMTP receiver): each answer stops one.
        ctx["services"] = [stop for stop in await slices.ask_all("worker_services", settings, database) if stop]

    async def shutdown(ctx: dict[str, Any]) -> None:
        for stop in ctx.get("services", []):
            await stop()
        if watcher := ctx.pop("generations", None):
            watcher.cancel()
        await shared.publish()
        await shared.close()

    return _Worker(
        queue,
        functions=[shared.published_after(f) for f in functions()],
        cron_jobs=[dataclasses.replace(c, function=shared.published_after(c.function)) for c in cron_jobs(settings)],
        concurrency=settings.queue.concurrency,
        startup=startup,
        shutdown=shutdown,
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
