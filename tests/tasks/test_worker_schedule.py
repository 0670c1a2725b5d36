"""tasks/worker.py: each cron job is enqueued once per run time, not on every schedule tick; an
enqueue that did not take is tried again on the next tick."""

from __future__ import annotations

from saq import CronJob

from tasks.worker import _Worker


class Queue:
    name = "test"

    def __init__(self) -> None:
        self.enqueued: list[tuple[str, int]] = []
        self.refuse = False

    async def enqueue(self, function: str, *, scheduled: int, **_kwargs):
        if self.refuse:
            return None
        self.enqueued.append((function, scheduled))
        return object()

    async def schedule(self, _lock: int):
        return []


async def every_minute(_ctx) -> None:
    pass


async def daily(_ctx) -> None:
    pass


async def test_a_cron_job_is_enqueued_once_per_run_time():
    queue = Queue()
    worker = _Worker(
        queue, functions=[], cron_jobs=[CronJob(every_minute, cron="* * * * *"), CronJob(daily, cron="0 3 * * *")]
    )
    queue.refuse = True  # the previous run still holds its key
    await worker.schedule()
    assert queue.enqueued == []
    queue.refuse = False
    for _ in range(5):
        await worker.schedule()
    functions = [function for function, _ in queue.enqueued]
    assert sorted(functions) in (["daily", "every_minute"], ["daily", "every_minute", "every_minute"])
    worker.enqueued_runs["every_minute"] -= 60  # the next run time has come: enqueued again
    await worker.schedule()
    assert [f for f, _ in queue.enqueued].count("every_minute") >= 2
