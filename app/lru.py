"""A bounded map whose entries expire: what app/pagecache.py, app/privatecache.py and app/sessions.py
keep in memory (rendered pages, session rows).

An entry is fresh from the time it was put until its expiry (a clock set back before it was put
makes it stale too: tests move app.clock both ways). Reading a fresh entry makes it the most
recently used; reading a stale one drops it. When a put goes over `max_entries`, the least recently
used entries go first. Times are plain floats (app.clock's timestamps), passed in by the caller, so
a hit costs one dict lookup and no clock read of its own. Not thread-safe: each user runs on one
event loop.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ExpiringLRU(Generic[K, V]):
    __slots__ = ("_entries", "max_entries")

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[K, tuple[V, float, float]] = OrderedDict()  # value, put at, expires

    def get(self, key: K, now: float) -> V | None:
        """The value kept under `key` if it is fresh at `now` (then the most recently used), else None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if not entry[1] <= now < entry[2]:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: K, value: V, now: float, expires: float) -> None:
        """Keep `value` fresh from `now` until `expires`; the least recently used go beyond max_entries."""
        entries = self._entries
        entries[key] = (value, now, expires)
        entries.move_to_end(key)
        while len(entries) > self.max_entries:
            entries.popitem(last=False)

    def peek(self, key: K) -> V | None:
        """The value kept under `key`, fresh or not, without making it recently used."""
        entry = self._entries.get(key)
        return None if entry is None else entry[0]

    def discard(self, key: K) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()

    def values(self) -> list[V]:
        return [entry[0] for entry in self._entries.values()]

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries
