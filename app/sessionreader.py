"""How the session middleware (app/sessions.py) reads a session row: every request with a session
cookie whose row is not kept in memory reads it, so it is read the cheapest way each engine allows."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.engine import make_url

from app.config import Settings
from app.db import Database
from app.sessions import SessionRow, WebSession

_COLUMNS = (WebSession.data, WebSession.created_at, WebSession.last_seen_at)  # type: ignore[arg-type]
_SELECT = "SELECT data, created_at, last_seen_at FROM web_session WHERE id_hash = $1"
_IDLE_READERS = 4


class SessionReader:
    """The session row in one statement, without a transaction around it (every request reads it).

    SQLite: read by the standard library's sqlite3 on the event loop's own thread. A primary-key
    lookup in a WAL database takes microseconds and never waits for a writer, whereas each
    aiosqlite call is a round trip to its thread (~0.1–0.5 ms; BEGIN, SELECT and COMMIT were three).
    PostgreSQL: one SELECT on a few asyncpg connections of the reader's own, outside the pool: no
    check-out, no pre-ping, no BEGIN/COMMIT; a connection that fails is dropped and the read tried once
    more on a new one. An in-memory SQLite database (one per connection) is read through the ordinary
    read session. Built with the application and closed when it stops (the SQLite connection must not
    outlive the database it was opened on).
    """

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        url = make_url(settings.database.url)
        self.sqlite_path = url.database if url.get_backend_name() == "sqlite" else None
        if self.sqlite_path in (None, "", ":memory:") or "mode=memory" in str(url):
            self.sqlite_path = None
        self.is_sqlite = url.get_backend_name() == "sqlite"
        self.connection: sqlite3.Connection | None = None
        self.idle: dict[asyncio.AbstractEventLoop, list] = {}  # asyncpg connections, by the loop they belong to

    async def get(self, id_hash: str) -> SessionRow | None:
        if self.sqlite_path:
            return self._sqlite(id_hash)
        if self.is_sqlite:
            async with self.database.session(write=False) as db:
                row = await db.get(WebSession, id_hash)
            return (row.data, row.created_at, row.last_seen_at) if row else None
        if self.database.engine.dialect.driver != "asyncpg":
            async with self.database.engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                found = (await autocommit.execute(select(*_COLUMNS).where(WebSession.id_hash == id_hash))).first()
            return (found[0], _aware(found[1]), _aware(found[2])) if found else None
        idle = self.idle.setdefault(asyncio.get_running_loop(), [])
        for attempt in range(2):
            connection = idle.pop() if idle else await self._connect()
            try:
                found = await connection.fetchrow(_SELECT, id_hash, timeout=10)
            except Exception:
                connection.terminate()  # gone (a restarted server, an idle timeout): a new one, once
                if attempt:
                    raise
                continue
            if len(idle) < _IDLE_READERS:
                idle.append(connection)
            else:
                await connection.close()
            return (found[0], _aware(found[1]), _aware(found[2])) if found else None
        return None  # never reached

    async def _connect(self):
        import asyncpg

        url = self.database.engine.url
        _args, options = self.database.engine.dialect.create_connect_args(url)
        for sqlalchemy_only in ("prepared_statement_cache_size", "prepared_statement_name_func", "async_creator_fn"):
            options.pop(sqlalchemy_only, None)
        return await asyncpg.connect(**options)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        for idle in self.idle.values():
            for connection in idle:
                connection.terminate()
        self.idle.clear()

    def _sqlite(self, id_hash: str) -> SessionRow | None:
        if self.connection is None:
            self.connection = sqlite3.connect(
                f"file:{self.sqlite_path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
            self.connection.execute("PRAGMA busy_timeout = 2000")
        rows = self.connection.execute(
            "SELECT data, created_at, last_seen_at FROM web_session WHERE id_hash = ?", (id_hash,)
        ).fetchall()  # all: the statement finishes, so no read snapshot stays open between requests
        if not rows:
            return None
        found = rows[0]
        return found[0], _aware(datetime.fromisoformat(found[1])), _aware(datetime.fromisoformat(found[2]))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
