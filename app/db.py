"""Async engine and sessions: SQLite through aiosqlite, PostgreSQL through asyncpg.

SQLite gets WAL, foreign keys and a busy timeout on every connection. A session that may write
(Database.session(), the default for unsafe requests) reads without a transaction until its first
writing statement (INSERT, UPDATE, DELETE, SAVEPOINT, or a SELECT … FOR UPDATE, which SQLite cannot
say itself); that statement is preceded by BEGIN IMMEDIATE, so a writer never fails later with
"database is locked", and what it reads from then on cannot change under it. Reads before the first
write see the latest committed data, statement by statement, as on PostgreSQL (READ COMMITTED): a
service that must read and then write one state consistently locks the row first
(with_for_update(), which also begins the write here).

Within one process the write transactions also take turns on an asyncio lock (taken just before
BEGIN IMMEDIATE, given back when the connection returns to the pool): a writer waits in a FIFO
queue and starts the moment the previous one commits, instead of sleeping in SQLite's busy handler
(which backs off up to 100 ms a try: 9 writes/s and p95 7.6 s with 50 writers, issue 17). The turn
used to be taken at the request's BEGIN, so every writer held it through its reads, its guards and
its Python between statements — each statement several thread round trips through aiosqlite, each
waiting its place on a loaded event loop; now it is held only from the first write to the commit.
The busy timeout still arbitrates between processes (a worker, the CLI).
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiosqlite
from sqlalchemy import event, exc, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.util import await_
from sqlmodel import SQLModel

from app.config import DatabaseSection, Settings

log = logging.getLogger("partner")
WRITE_OPTION = "partner_write"
_AFTER_COMMIT = "partner_after_commit"
_HOLDS_WRITE_TURN = "partner_write_turn"
_WRITE_PENDING = "partner_write_pending"  # a write session's BEGIN IMMEDIATE waits for its first write
_READ_STATEMENTS = ("select", "pragma", "explain", "values", "begin", "commit", "end", "rollback", "release")
_WRITING_CTE = re.compile(r"\b(insert|update|delete|replace)\b", re.IGNORECASE)


def import_all_models() -> type[SQLModel]:
    """The one place that knows every table: the frame's and each slice's."""
    import app.audit
    import app.mail
    import app.mailblock
    import app.operations
    import app.ratelimit
    import app.sessions  # noqa: F401
    import features.accounts.models
    import features.applications.models
    import features.bounces.models
    import features.consultation.models
    import features.contact.models
    import features.content.models
    import features.faq.models
    import features.home.models
    import features.inquiries.models
    import features.library.models
    import features.mail_consultation.models
    import features.mail_preferences.models
    import features.mailings.models
    import features.messages.models
    import features.partner_news.models
    import features.postings.models
    import features.press.models
    import features.recruitment.models
    import features.reports.models
    import features.saved_searches.models
    import features.seminars.models
    import features.seminars.models_after
    import features.surveys.models
    import features.talent.models  # noqa: F401

    return SQLModel


# What a migration creates by hand for one engine only: the keyword index as SQLite's FTS5 table
# (with its shadow tables) or PostgreSQL's tsvector column and GIN index, see
# features/talent/keywords.py.
ENGINE_SPECIFIC_PREFIXES = ("resume_fts", "search_vector", "ix_resume_search_vector")


def described_by_models(name: str | None, type_: str, _parent_names) -> bool:
    """Alembic's include_name: leave the engine-specific objects out of model comparisons."""
    return not (type_ in ("table", "index", "column") and name and name.startswith(ENGINE_SPECIFIC_PREFIXES))


def _configure_sqlite(engine: AsyncEngine, database: DatabaseSection) -> None:
    busy_timeout_ms = database.busy_timeout_ms

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        # Let us issue BEGIN ourselves (pysqlite would otherwise defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        # SQLite's default page cache (2 MB a connection, ~500 pages) could not keep what one search
        # reads — 「手話通訳」 among a million people is 840 résumés on as many pages, read again from
        # the OS and parsed every time (4 ms; 0.7 ms kept). Each connection may keep more, and SQLite
        # itself holds all of the process's connections near sqlite_memory_mb (a soft heap limit:
        # past it a connection reuses its own oldest pages instead of growing).
        cursor.execute(f"PRAGMA cache_size = -{int(database.sqlite_cache_mb) * 1024}")
        cursor.execute(f"PRAGMA soft_heap_limit = {int(database.sqlite_memory_mb) * 1024 * 1024}")
        # WAL is persistent (the migrations set it); switching needs an exclusive lock that
        # SQLite may refuse at once under load, so switch only a file that is not WAL yet.
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0].lower() != "wal":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    turns = _WriteTurns(busy_timeout_ms / 1000)

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION):
            connection.info[_WRITE_PENDING] = True  # BEGIN IMMEDIATE comes with the first write
        else:
            connection.exec_driver_sql("BEGIN")  # one consistent snapshot for multi-query pages

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def before_execute(connection, cursor, statement, _parameters, context, _executemany) -> None:
        if connection.info.get(_WRITE_PENDING) and writes(statement, context):
            turns.take(connection)
            cursor.execute("BEGIN IMMEDIATE")  # the statement's own cursor: no extra round trip for one
            connection.info.pop(_WRITE_PENDING, None)

    @event.listens_for(engine.sync_engine, "commit")
    @event.listens_for(engine.sync_engine, "rollback")
    def on_end(connection) -> None:
        connection.info.pop(_WRITE_PENDING, None)

    @event.listens_for(engine.sync_engine.pool, "reset")
    def on_reset(dbapi_connection, _record, state) -> None:
        # The pool's reset on return (a ROLLBACK after every session, committed or not) is off for
        # SQLite (create_database): a thread round trip, inside a writer's turn, for nothing when the
        # transaction has ended. Roll back only what is still open, as SQLAlchemy would.
        raw = getattr(dbapi_connection.driver_connection, "_conn", None)  # the sqlite3 connection
        if state.asyncio_safe and (raw is None or raw.in_transaction):
            dbapi_connection.rollback()

    @event.listens_for(engine.sync_engine.pool, "checkin")
    def on_checkin(_dbapi_connection, record) -> None:
        record.info.pop(_WRITE_PENDING, None)
        turns.give_back(record)


def writes(statement: str, context) -> bool:
    """Whether a statement needs the write lock: a write, a savepoint (SQLite would begin a deferred
    transaction for it), or a SELECT … FOR UPDATE (the lock PostgreSQL would take on its rows)."""
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        return True
    compiled = getattr(context, "compiled", None)
    if getattr(getattr(compiled, "statement", None), "_for_update_arg", None) is not None:
        return True
    head = statement.lstrip()[:10].lower()
    if head.startswith("with"):
        return bool(_WRITING_CTE.search(statement))
    return not head.startswith(_READ_STATEMENTS)


class _WriteTurns:
    """One write transaction at a time per process and event loop, first come first served.

    Taken before a session's first write (SQLAlchemy runs the event inside its greenlet, so it may
    await) and
    given back at pool check-in, after the commit or rollback. A second write transaction
    begun on a connection that already holds the turn keeps it. A writer that waited as long as
    the busy timeout (a task that opened a second write session while holding one) goes ahead
    without the turn and lets SQLite's own busy timeout answer, exactly as before the lock.
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()

    def take(self, connection) -> None:
        record = connection.connection._connection_record
        if record is None or record.info.get(_HOLDS_WRITE_TURN):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a synchronous caller: nothing to queue on
            return
        lock = self.locks.get(loop)
        if lock is None:
            lock = self.locks[loop] = asyncio.Lock()
        try:
            await_(asyncio.wait_for(lock.acquire(), self.timeout))
        except TimeoutError:
            return
        record.info[_HOLDS_WRITE_TURN] = lock

    def give_back(self, record) -> None:
        lock = record.info.pop(_HOLDS_WRITE_TURN, None)
        if lock is not None:
            lock.release()


class _OneTripCursor(aiosqlite.Cursor):
    """An aiosqlite cursor that crosses to the connection's thread once per statement: execute and
    fetch all rows in one call there; made and closed on the event loop's thread (no I/O: SQLite's
    serialized mode guards the connection). SQLAlchemy's adapter otherwise waits for four round
    trips (cursor, execute, fetchall, close), each a wake-up of two threads — on a loaded machine
    most of a short request's time and much of its CPU. Rows come prefetched, as the adapter reads
    them anyway."""

    _rows: list | None = None

    async def execute(self, sql: str, parameters=None) -> aiosqlite.Cursor:
        cursor = self._cursor

        def run() -> list | None:
            cursor.execute(sql, [] if parameters is None else parameters)
            return cursor.fetchall() if cursor.description else None

        self._rows = await self._execute(run)
        return self

    async def fetchall(self) -> list:
        rows, self._rows = self._rows or [], []
        return rows

    async def fetchone(self):
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list:
        size = self.arraysize if size is None else size
        rows, self._rows = (self._rows or [])[:size], (self._rows or [])[size:]
        return rows

    async def close(self) -> None:
        self._cursor.close()


class _OneTripConnection(aiosqlite.Connection):
    def cursor(self) -> aiosqlite.Cursor:  # SQLAlchemy enters it with `async with`: no await here
        return _OneTripCursor(self, self._conn.cursor())


def _sqlite_connector(url: str, timeout: float):
    path = make_url(url).database or ":memory:"

    async def connect() -> aiosqlite.Connection:
        connection = _OneTripConnection(lambda: sqlite3.connect(path, timeout=timeout, check_same_thread=False), 64)
        connection._thread.daemon = True
        return await connection

    return connect


@dataclass
class Database:
    """Both engines of one URL: `read` for safe requests, `write` for the rest."""

    engine: AsyncEngine
    write_engine: AsyncEngine
    read_sessions: async_sessionmaker[AsyncSession]
    write_sessions: async_sessionmaker[AsyncSession]
    counter_engine: AsyncEngine | None = None  # PostgreSQL: AUTOCOMMIT, see counters()

    @asynccontextmanager
    async def session(self, *, write: bool = True) -> AsyncIterator[AsyncSession]:
        """One unit of work: commit on success, roll back on error, then run after-commit hooks."""
        factory = self.write_sessions if write else self.read_sessions
        async with factory() as session:
            session.info[WRITE_OPTION] = write
            try:
                yield session
            except BaseException:
                await session.rollback()
                raise
            await session.commit()
        for hook in session.info.pop(_AFTER_COMMIT, []):
            await hook()

    @asynccontextmanager
    async def counters(self) -> AsyncIterator[AsyncConnection]:
        """For a counter every request bumps (the rate limits): a Core connection, no ORM session
        (a counter is one statement; the session cost ~0.3 ms CPU of ~1.3 per count on SQLite).
        On PostgreSQL AUTOCOMMIT — no BEGIN and COMMIT round trips, and the counter's row is locked
        only while its statement runs, not until the client's COMMIT arrives, which under load
        queued every writer behind one row; on SQLite a write transaction (the write turn from its
        first write to its commit), committed at the end, rolled back on an error."""
        async with (self.counter_engine or self.write_engine).connect() as connection:
            yield connection
            await connection.commit()

    @asynccontextmanager
    async def committed_now(self, db: AsyncSession) -> AsyncIterator[AsyncSession]:
        """Somewhere to write a row that must stay even if the request then fails (an audit row
        before a 404): the request's own session when it already holds the write transaction,
        otherwise a write session of its own. A read transaction is never upgraded to a write:
        on SQLite that fails at once when another writer got there first."""
        if db.info.get(WRITE_OPTION):
            yield db
            await db.commit()
            return
        async with self.session() as writer:
            yield writer

    async def dispose(self) -> None:
        await self.engine.dispose()


def contains_pattern(text: str) -> str:
    """A LIKE pattern for "contains text", with % and _ taken literally (use escape="\\")."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def after_commit(session: AsyncSession, hook: Callable[[], Awaitable[None]]) -> None:
    """Run `hook` once the session's transaction has committed (never if it rolls back)."""
    session.info.setdefault(_AFTER_COMMIT, []).append(hook)


def create_database(settings: Settings) -> Database:
    url = settings.database.url
    kwargs: dict = {"echo": settings.database.echo}
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        kwargs["async_creator"] = _sqlite_connector(url, settings.database.busy_timeout_ms / 1000)
        kwargs["pool_size"] = settings.database.pool_size
        kwargs["max_overflow"] = settings.database.pool_size * 2
        kwargs["pool_reset_on_return"] = None  # done by _configure_sqlite's reset event, when needed
    else:
        kwargs["pool_size"] = settings.database.pool_size
        kwargs["max_overflow"] = settings.database.pool_size
        # Searches filter on very uneven values (a common sector, a rare country): plan each
        # execution for its own parameters instead of reusing a generic plan.
        kwargs["connect_args"] = {"server_settings": {"plan_cache_mode": "force_custom_plan"}}
    engine = create_async_engine(url, **kwargs)
    if url.startswith("sqlite"):
        _configure_sqlite(engine, settings.database)
    else:
        _ping_when_idle(engine)
        _replace_dropped_before_first_trip(engine, kwargs["connect_args"])
    write_engine = engine.execution_options(**{WRITE_OPTION: True})
    counter_engine = None if url.startswith("sqlite") else engine.execution_options(isolation_level="AUTOCOMMIT")
    return Database(
        engine=engine,
        write_engine=write_engine,
        read_sessions=async_sessionmaker(engine, expire_on_commit=False),
        write_sessions=async_sessionmaker(write_engine, expire_on_commit=False),
        counter_engine=counter_engine,
    )


# A pooled PostgreSQL connection idle longer than this is checked (a round trip) before it is used.
PING_AFTER_IDLE_SECONDS = 5.0
_IDLE_SINCE = "partner_idle_since"


def _ping_when_idle(engine: AsyncEngine) -> None:
    """SQLAlchemy's pool_pre_ping, but only for a connection that sat idle in the pool: pre_ping
    costs a round trip on every checkout (3–4 per write request: the session, the rate counter, the
    request's own session), while a connection given back milliseconds ago has not been dropped by
    the server. A dropped one fails its ping and the pool replaces it (DisconnectionError); a
    connection the server drops in the few seconds after its last use is replaced at its checkout
    or its first round trip (_replace_dropped_before_first_trip)."""

    @event.listens_for(engine.sync_engine.pool, "checkin")
    def on_checkin(_dbapi_connection, record) -> None:
        if record is not None:
            record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine.sync_engine.pool, "checkout")
    def on_checkout(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.pop(_IDLE_SINCE, None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise exc.DisconnectionError(str(error)) from error
        if not alive:
            raise exc.DisconnectionError("the connection did not answer its ping")


_FIRST_TRIP = "partner_first_trip"  # a checkout whose first statement has not been sent yet
_DROPPED = frozenset({"57P01", "57P02", "57P03"})  # admin_shutdown, crash_shutdown, cannot_connect_now


def _first_trip(context) -> bool:
    """Whether this statement is the first of its checkout (and from now on, none is)."""
    try:
        info = context.root_connection.info
    except NotImplementedError:  # the dialect's own checks on a new connection: no pool record
        return False
    return info.pop(_FIRST_TRIP, False)


def _replace_dropped_before_first_trip(engine: AsyncEngine, connect_args: dict) -> None:
    """A pooled PostgreSQL connection the server dropped within PING_AFTER_IDLE_SECONDS of its last
    use (a restart, pg_terminate_backend, a failover) is replaced instead of failing its request:
    - at checkout, when the driver has already seen the socket close (no round trip: asyncpg's own
      flag), the pool replaces it (DisconnectionError, as after a failed ping);
    - otherwise its first statement fails on the way (the BEGIN sent with it, or the statement).
      Nothing of this checkout can have taken effect — the transaction was only beginning and the
      server rolls back what a dropped connection left open — so a new asyncpg connection is put
      in the same place (the pool's record and the session keep theirs) and the statement is sent
      once more. Only the first statement of a checkout, only inside a transaction (an AUTOCOMMIT
      statement may have taken effect before the reply was lost), and only once."""
    dialect = engine.dialect
    cargs, cparams = dialect.create_connect_args(engine.url)
    cparams.update(connect_args)
    on_connect = dialect.on_connect()

    @event.listens_for(engine.sync_engine.pool, "checkout")
    def on_checkout(dbapi_connection, record, _proxy) -> None:
        if dbapi_connection.driver_connection.is_closed():
            raise exc.DisconnectionError("the server closed the connection while it sat in the pool")
        record.info[_FIRST_TRIP] = True

    def replace(adapted) -> None:
        fresh = dialect.connect(*cargs, **cparams)  # in SQLAlchemy's greenlet: may await
        if on_connect is not None:
            on_connect(fresh)  # the JSON codecs, as for any new connection of the pool
        dropped, adapted._connection = adapted._connection, fresh._connection
        adapted._transaction = None
        if adapted._prepared_statement_cache is not None:
            adapted._prepared_statement_cache.clear()
        dropped.terminate()

    def retried(send):
        def do(cursor, statement, parameters, context=None):
            if context is None or not _first_trip(context):
                return send(cursor, statement, parameters, context)
            try:
                return send(cursor, statement, parameters, context)
            except Exception as error:
                adapted = cursor._adapt_connection
                dropped = adapted._connection.is_closed() or getattr(error, "sqlstate", None) in _DROPPED
                if adapted.autocommit or not dropped:
                    raise
                log.warning("a pooled connection was dropped by the server; replaced before its first statement")
            replace(adapted)
            cursor._connection = adapted._connection
            return send(cursor, statement, parameters, context)

        return do

    send_no_params = dialect.do_execute_no_params

    def do_execute_no_params(cursor, statement, context=None):
        if context is not None:
            _first_trip(context)  # sent as it is: not retried
        return send_no_params(cursor, statement, context)

    dialect.do_execute = retried(dialect.do_execute)
    dialect.do_executemany = retried(dialect.do_executemany)
    dialect.do_execute_no_params = do_execute_no_params


def _ensure_sqlite_dir(url: str) -> None:
    path = url.split(":///", 1)[-1]
    if path and ":memory:" not in path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
