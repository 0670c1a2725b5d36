"""The garbage collector of a server process (issue 17, writers under load).

Measured in the writers bench (SQLite, 50 writers + 200 readers, CPU time of the collections): with
Python's defaults a young collection ran every 700 allocations — some 300 young, 27 middle and one or
two full collections per 20 s, about 0.5 s of CPU; a full collection walks the whole heap (~340,000
objects built at startup, RSS ~210 MB) and stopped the event loop for 130–270 ms of CPU each, a pause
every request in flight waits through. At startup, what exists then (modules, routes, mappers) is
frozen (gc.freeze: never walked again, refcounting still frees it) and a young collection runs every
20,000 allocations: most of a request's objects die by refcount before one runs; the same load then
saw two or three collections and no full one. RSS unchanged. Undone when the application stops (tests
start and stop many applications in one process).
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

YOUNG_THRESHOLD = 20_000  # allocations between two young collections (Python's default: 700)


@asynccontextmanager
async def frozen_startup_heap(_app) -> AsyncIterator[None]:
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
