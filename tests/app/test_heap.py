"""app/heap.py: the startup heap is frozen and young collections are rarer while the application
runs; both are undone when it stops."""

from __future__ import annotations

import gc

from app.heap import YOUNG_THRESHOLD, frozen_startup_heap


async def test_the_startup_heap_is_frozen_while_the_application_runs():
    before = gc.get_threshold()
    gc.unfreeze()
    async with frozen_startup_heap(None):
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
