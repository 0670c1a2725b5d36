"""A saq queue kept in this process's memory, for `make run` with no Redis or PostgreSQL.

saq ships Redis, PostgreSQL and HTTP queues only. This one runs the same saq Worker,
task functions and cron jobs inside the web server. It is not durable by itself: the
durable part is the mail outbox table, whose periodic sweep re-enqueues every row
still pending after a restart. Production uses the Redis or PostgreSQL queue.
"""

from __future__ import annotations

import asyncio
import typing as t
from collections import deque

from saq.job import TERMINAL_STATUSES, Job, Status
from saq.queue.base import Queue
from saq.utils import now, seconds

_KEEP_FINISHED_MS = 10 * 60 * 1000


class EmbeddedQueue(Queue):
    def __init__(self, name: str = "default", **kwargs: t.Any) -> None:
        super().__init__(name=name, dump=kwargs.get("dump"), load=kwargs.get("load"))
        self._jobs: dict[str, Job] = {}
        self._queued: deque[str] = deque()
        self._scheduled: dict[str, float] = {}  # key -> epoch seconds
        self._wakeup = asyncio.Event()
        self._workers: dict[str, t.Any] = {}

    # -- state ------------------------------------------------------------------
    def _store(self, job: Job) -> None:
        self._jobs[job.key] = job

    def _push(self, job: Job, at: float = 0) -> None:
        if at and at > seconds(now()):
            self._scheduled[job.key] = at
        else:
            self._scheduled.pop(job.key, None)
            if job.key not in self._queued:
                self._queued.append(job.key)
            self._wakeup.set()

    def _promote_due(self) -> list[str]:
        current = seconds(now())
        due = [key for key, at in self._scheduled.items() if at <= current]
        for key in due:
            del self._scheduled[key]
            self._queued.append(key)
        return due

    # -- saq Queue interface -------------------------------------------------------
    async def disconnect(self) -> None:
        self._wakeup.set()

    async def info(self, jobs: bool = False, offset: int = 0, limit: int = 10) -> t.Any:
        incomplete = [j for j in self._jobs.values() if j.status not in TERMINAL_STATUSES]
        return {
            "workers": dict(self._workers),
            "name": self.name,
            "queued": len(self._queued),
            "active": sum(1 for j in incomplete if j.status == Status.ACTIVE),
            "scheduled": len(self._scheduled),
            "jobs": [j.to_dict() for j in incomplete[offset : offset + limit]] if jobs else [],
        }

    async def count(self, kind: t.Any) -> int:
        if kind == "queued":
            return len(self._queued)
        if kind == "active":
            return sum(1 for j in self._jobs.values() if j.status == Status.ACTIVE)
        return sum(1 for j in self._jobs.values() if j.status not in TERMINAL_STATUSES)

    async def schedule(self, _lock: int = 1) -> list[str]:
        due = self._promote_due()
        if due:
            self._wakeup.set()
        return due

    async def sweep(self, lock: int = 60, abort: float = 5.0) -> list[str]:
        swept = []
        cutoff = now() - _KEEP_FINISHED_MS
        for key, job in list(self._jobs.items()):
            if job.status in TERMINAL_STATUSES and job.completed and job.completed < cutoff:
                del self._jobs[key]
            elif job.status == Status.ACTIVE and job.stuck:
                swept.append(key)
                if job.retryable:
                    await self.retry(job, error=self.swept_error_message)
                else:
                    await self.finish(job, Status.ABORTED, error=self.swept_error_message)
        return swept

    async def _update(self, job: Job, status: Status | None = None, **kwargs: t.Any) -> None:
        if status:
            job.status = status
        self._store(job)

    async def job(self, job_key: str) -> Job | None:
        job = self._jobs.get(job_key)
        return self.copy(job) if job else None

    async def jobs(self, job_keys: t.Iterable[str]) -> list[Job | None]:
        return [await self.job(key) for key in job_keys]

    async def iter_jobs(  # type: ignore[override]
        self, statuses: list[Status] | None = None, batch_size: int = 100
    ) -> t.AsyncIterator[Job]:
        statuses = list(Status) if statuses is None else statuses
        for job in list(self._jobs.values()):
            if job.status in statuses:
                yield self.copy(job)

    async def abort(self, job: Job, error: str, ttl: float = 5) -> None:
        job.error = error
        job.status = Status.ABORTING
        if job.key in self._queued:
            self._queued.remove(job.key)
        self._scheduled.pop(job.key, None)
        self._store(job)

    async def dequeue(self, timeout: float = 0.0, poll_interval: float = 0.0) -> Job | None:
        """The next due job, waiting at most `timeout` (or one second when 0).

        Returning None now and then lets the worker notice a stop request promptly.
        """
        wait = timeout if 0 < timeout < 1.0 else 1.0
        for attempt in range(2):
            self._promote_due()
            while self._queued:
                job = self._jobs.get(self._queued.popleft())
                if job is not None and job.status == Status.QUEUED:
                    return self.copy(job)
            if attempt == 0:
                self._wakeup.clear()
                try:
                    await asyncio.wait_for(self._wakeup.wait(), wait)
                except TimeoutError:
                    pass
        return None

    async def write_worker_info(self, worker_id: str, info: t.Any, ttl: int) -> None:
        self._workers[worker_id] = info

    async def _retry(self, job: Job, error: str | None) -> None:
        self._store(job)
        delay = job.next_retry_delay()
        self._push(job, at=seconds(now()) + delay if delay else 0)

    async def _finish(self, job: Job, status: Status, *, result: t.Any = None, error: str | None = None) -> None:
        self._store(job)

    async def _enqueue(self, job: Job) -> Job | None:
        existing = self._jobs.get(job.key)
        if existing is not None and existing.status not in TERMINAL_STATUSES:
            return None
        self._store(job)
        self._push(job, at=job.scheduled)
        return job
