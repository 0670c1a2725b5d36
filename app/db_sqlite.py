"""SQLite for SQLAlchemy's aiosqlite dialect without aiosqlite's thread: each statement runs right
away on the event loop's thread.

aiosqlite sends every call (cursor, execute, fetch, close, commit) to a thread of its own and back:
about four trips through the event loop per statement. Under load each trip waits behind every
other ready task, so a write transaction of ten statements held SQLite's single write lock for
forty turns of a busy loop (issue 17: 9 writes/s, p95 7.6 s). SQLite answers a typical statement
here in microseconds, so running it inline is cheaper than the trip, and a write transaction now
holds the lock only as long as its own work.

The one thing that may not block the loop is waiting for a lock held by another connection (another
process, or a second engine in this one): the connection's busy timeout is 0 and a busy statement is
retried after an asyncio.sleep, until the configured busy timeout has passed.
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

_BUSY = ("database is locked", "database table is locked", "database schema is locked")


def _busy(error: sqlite3.OperationalError) -> bool:
    return str(error).startswith(_BUSY)


async def _retrying(call, timeout: float):
    """`call()`, again after a short sleep while SQLite answers SQLITE_BUSY, up to `timeout` seconds."""
    pause = 0.001
    deadline = None
    while True:
        try:
            return call()
        except sqlite3.OperationalError as error:
            if not _busy(error):
                raise
            now = asyncio.get_running_loop().time()
            deadline = deadline or now + timeout
            if now >= deadline:
                raise
            await asyncio.sleep(min(pause, deadline - now))
            pause = min(pause * 2, 0.025)


class InlineCursor:
    """The part of aiosqlite.Cursor that SQLAlchemy's adapter uses."""

    def __init__(self, connection: InlineConnection) -> None:
        self._connection = connection
        self._cursor = connection._conn.cursor()

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    def __await__(self):
        async def itself() -> InlineCursor:
            return self

        return itself().__await__()

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        await _retrying(lambda: self._cursor.execute(sql, parameters), self._connection.busy_timeout)
        return self

    async def executemany(self, sql: str, parameters: Any) -> InlineCursor:
        await _retrying(lambda: self._cursor.executemany(sql, parameters), self._connection.busy_timeout)
        return self

    async def fetchone(self):
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None):
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self):
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def setinputsizes(self, *sizes: Any) -> None:
        return None

    async def nextset(self) -> None:
        return None

    @property
    def description(self):
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self):
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class _RunNow:
    """Stands in for aiosqlite's request queue: the adapter's isolation_level setter puts
    (future, function) on it; run the function at once."""

    def put_nowait(self, item) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:  # handed to the awaiting adapter, as aiosqlite does
            future.set_exception(error)


class InlineConnection:
    """The part of aiosqlite.Connection that SQLAlchemy's adapter uses."""

    def __init__(self, conn: sqlite3.Connection, busy_timeout: float) -> None:
        self._conn = conn
        self._connection = conn  # the adapter checks it before commit and rollback
        self._tx = _RunNow()
        self.busy_timeout = busy_timeout

    @property
    def isolation_level(self):
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self)

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        await _retrying(self._conn.commit, self.busy_timeout)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        if self._connection is not None:
            self._conn.close()
            self._connection = None

    def stop(self) -> None:
        if self._connection is not None:
            self._conn.close()
            self._connection = None

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)


def inline_creator(path: str, busy_timeout: float):
    """create_async_engine(async_creator=…) for a file database at `path`."""

    async def connect() -> InlineConnection:
        conn = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
        return InlineConnection(conn, busy_timeout)

    return connect
