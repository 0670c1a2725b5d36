"""View counts of pages served from the page cache (app/pagecache.py): the handler, which counts a
rendered view in its own transaction, does not run for them, so the hit hook notes the view here and
one background task writes the views noted each half second in one transaction (under load, one
write for many views)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from datetime import date

from litestar.types import Scope

from app import clock
from app.db import Database
from features.postings import service

log = logging.getLogger("partner")

GATHER_SECONDS = 0.5  # views noted within this time are written in one transaction

_pending: Counter[tuple[int, date]] = Counter()
_writer: asyncio.Task | None = None
_idle = threading.Event()  # no views waiting (the writer may run on another thread's event loop)
_idle.set()


async def count_cached_view(scope: Scope) -> None:
    """The page cache's hit hook of a posting's page (route opt "page_cache_hit")."""
    global _writer
    _pending[(int(scope["path_params"]["posting_id"]), clock.today_jst())] += 1
    _idle.clear()
    if _writer is None or _writer.done():
        _writer = asyncio.create_task(_write(scope["app"].state.database))


async def _write(database: Database) -> None:
    try:
        while _pending:
            await asyncio.sleep(GATHER_SECONDS)
            batch = dict(_pending)
            _pending.clear()
            async with database.session() as db:
                for (posting_id, day), views in sorted(batch.items()):
                    await service.count_view(db, posting_id, views=views, day=day)
    except Exception:  # a view count is not worth a failed page; say so in the log
        log.warning("could not write cached views", exc_info=True)
    finally:
        if not _pending:
            _idle.set()


async def flush(timeout: float = 10.0) -> None:
    """Wait until every noted view is written (tests)."""
    await asyncio.to_thread(_idle.wait, timeout)
