"""saq wiring: one queue per process, chosen by URL (embedded, Redis or PostgreSQL)."""

from __future__ import annotations

import logging
from typing import Any

from saq import Queue

from app.config import Settings

log = logging.getLogger("partner.queue")
_current: Queue | None = None


def build_queue(settings: Settings) -> Queue:
    url = settings.queue.url
    name = settings.queue.name
    if url == "embedded":
        from app.embedded_queue import EmbeddedQueue

        return EmbeddedQueue(name=name)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from saq.queue.redis import RedisQueue

        return RedisQueue.from_url(url, name=name)
    if url.startswith(("postgresql://", "postgres://")):
        from saq.queue.postgres import PostgresQueue

        return PostgresQueue.from_url(url, name=name)
    raise ValueError(f"queue.url を解釈できません: {url!r}")


def use_queue(queue: Queue | None) -> None:
    """Make `queue` the one this process enqueues into (set at start-up)."""
    global _current
    _current = queue


def current_queue() -> Queue | None:
    return _current


async def enqueue(function: str, *, key: str, **options: Any) -> bool:
    """Enqueue a job; a queue outage is logged, not raised.

    Callers only enqueue work whose durable record is already committed (the
    outbox), so a periodic sweep re-enqueues whatever could not be queued now.
    """
    queue = _current
    if queue is None:
        log.warning("no queue in this process; %s left for the sweep", key)
        return False
    try:
        await queue.enqueue(function, key=key, **options)  # None: already queued under that key
        return True
    except Exception:  # Redis or PostgreSQL down: the sweep will retry
        log.exception("enqueue of %s failed; left for the sweep", key)
        return False


async def queue_health() -> str:
    queue = _current
    if queue is None:
        return "none"
    try:
        await queue.count("queued")
        return "ok"
    except Exception:
        log.exception("queue health check failed")
        return "error"
