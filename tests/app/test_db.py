"""Databases: migrations (single head, no drift, up/down/up) and SQLite under concurrent writers."""

from __future__ import annotations

import asyncio
import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine

import app.db
from app import clock, ratelimit
from app.cli import alembic_config, downgrade_database, upgrade_database
from app.config import Settings
from app.db import _OneTripConnection, create_database, described_by_models, import_all_models


def test_migrations_have_a_single_head():
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1


async def test_models_and_migrated_schema_never_drift(db_url):
    engine = create_async_engine(db_url)
    metadata = import_all_models().metadata

    def diff(connection):
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": described_by_models}
        )
        return compare_metadata(context, metadata)

    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(diff)
    finally:
        await engine.dispose()
    assert differences == []


async def _table_names(url: str) -> set[str]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


async def test_upgrade_downgrade_upgrade_is_clean(empty_db_url):
    model_tables = {t.name for t in import_all_models().metadata.sorted_tables}
    await asyncio.to_thread(upgrade_database, empty_db_url)
    assert model_tables <= await _table_names(empty_db_url)
    await asyncio.to_thread(downgrade_database, empty_db_url, "base")
    assert await _table_names(empty_db_url) <= {"alembic_version"}
    await asyncio.to_thread(upgrade_database, empty_db_url)
    assert model_tables <= await _table_names(empty_db_url)


async def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    settings = Settings()
    settings.database.url = f"sqlite+aiosqlite:///{tmp_path / 'p.sqlite3'}"
    database = create_database(settings)
    try:
        async with database.session(write=False) as db:
            assert (await db.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await db.execute(text("PRAGMA foreign_keys"))).scalar() == 1
            assert (await db.execute(text("PRAGMA busy_timeout"))).scalar() == settings.database.busy_timeout_ms
            # The page cache each connection may keep, and SQLite's soft limit on all of them together.
            assert (await db.execute(text("PRAGMA cache_size"))).scalar() == -settings.database.sqlite_cache_mb * 1024
            limit = (await db.execute(text("PRAGMA soft_heap_limit"))).scalar()
            assert limit == settings.database.sqlite_memory_mb * 1024 * 1024
    finally:
        await database.dispose()


async def test_sqlite_write_transactions_begin_immediate_at_their_first_write(tmp_path):
    """A write session reads without holding anything; its first write takes the write lock
    (BEGIN IMMEDIATE): a second writer waits there, it never fails later in its transaction."""
    settings = Settings()
    settings.database.url = f"sqlite+aiosqlite:///{tmp_path / 'p.sqlite3'}"
    settings.database.busy_timeout_ms = 200
    database = create_database(settings)
    try:
        async with database.session() as db:
            await db.execute(text("CREATE TABLE t (x INTEGER)"))
        async with database.session() as holder:
            await holder.execute(text("INSERT INTO t VALUES (1)"))  # holds the lock until it commits
            async with database.session() as second:
                assert (await second.execute(text("SELECT count(*) FROM t"))).scalar() == 0  # reads: no wait
            try:
                async with database.session() as second:
                    await second.execute(text("INSERT INTO t VALUES (2)"))
                raise AssertionError("second writer should not have begun")
            except Exception as error:  # busy timeout elapsed at BEGIN, before its first write
                assert "locked" in str(error)
            async with database.session(write=False) as reader:  # readers are never blocked (WAL)
                assert (await reader.execute(text("SELECT count(*) FROM t"))).scalar() == 0
        async with database.session(write=False) as reader:
            assert (await reader.execute(text("SELECT x FROM t"))).scalars().all() == [1]
    finally:
        await database.dispose()


async def test_sqlite_select_for_update_takes_the_write_lock(tmp_path):
    """What a service locks with with_for_update() (PostgreSQL's row lock) is, on SQLite, the write
    lock taken before the SELECT: a second locker waits instead of reading a state about to change."""
    settings = Settings()
    settings.database.url = f"sqlite+aiosqlite:///{tmp_path / 'p.sqlite3'}"
    settings.database.busy_timeout_ms = 200
    database = create_database(settings)
    table = sa.table("t", sa.column("x"))
    try:
        async with database.session() as db:
            await db.execute(text("CREATE TABLE t (x INTEGER)"))
        async with database.session() as holder:
            await holder.execute(sa.select(table.c.x).with_for_update())
            try:
                async with database.session() as second:
                    await second.execute(sa.select(table.c.x).with_for_update())
                raise AssertionError("second locker should not have read")
            except Exception as error:
                assert "locked" in str(error)
    finally:
        await database.dispose()


async def test_fifty_concurrent_writers_never_see_database_is_locked(tmp_path, frozen_clock):
    """Two engines (as two server processes), 50 writers, bounded in time; zero errors."""
    seconds = float(os.environ.get("PARTNER_SOAK_SECONDS", "3"))
    url = f"sqlite+aiosqlite:///{tmp_path / 'soak.sqlite3'}"
    await asyncio.to_thread(upgrade_database, url)
    settings = Settings()
    settings.database.url = url
    databases = [create_database(settings), create_database(settings)]
    errors: list[BaseException] = []
    done = 0
    stop_at = asyncio.get_running_loop().time() + seconds

    async def writer(index: int) -> None:
        nonlocal done
        database = databases[index % 2]
        mine = 0
        # Every writer writes at least twice whatever the machine's speed, then on until the time is up.
        while mine < 2 or asyncio.get_running_loop().time() < stop_at:
            try:
                async with database.session() as db:
                    await ratelimit.hit(db, "soak", limit=10**9, window_seconds=3600)
                done += 1
                mine += 1
            except BaseException as error:  # collect, do not stop the others
                errors.append(error)
                return

    try:
        await asyncio.gather(*(writer(i) for i in range(50)))
        async with databases[0].session(write=False) as db:
            counted = (await db.execute(text("SELECT count FROM rate_counter WHERE key = 'soak'"))).scalar()
    finally:
        for database in databases:
            await database.dispose()
    assert errors == []
    assert done >= 100
    assert counted == done  # every committed write is there, none lost


def _hold_the_write_lock(db_url: str, locked, seconds: float) -> None:
    """In another thread (the test client blocks the test's loop): a writer that commits a change."""

    async def hold() -> None:
        engine = create_async_engine(db_url)
        try:
            async with engine.connect() as connection:
                if db_url.startswith("sqlite"):
                    await connection.exec_driver_sql("BEGIN IMMEDIATE")
                else:
                    await connection.exec_driver_sql("LOCK TABLE posting_view IN EXCLUSIVE MODE")
                await connection.exec_driver_sql("UPDATE posting SET updated_at = updated_at")
                locked.set()
                await asyncio.sleep(seconds)
                await connection.commit()
        finally:
            await engine.dispose()

    asyncio.run(hold())


async def test_a_get_that_writes_waits_for_a_busy_writer_instead_of_failing(client, database, db_url):
    """A public detail page counts the view. On SQLite a read transaction that starts writing after
    another writer committed fails at once ("database is locked"); opt writes=True makes the
    request take the write lock up front and wait its turn."""
    import threading

    from tests.features.applications.helpers import published_job

    posting = await published_job(database, clock.now())
    await client.get("/healthz")
    locked = threading.Event()
    writer = threading.Thread(target=_hold_the_write_lock, args=(db_url, locked, 0.5))
    writer.start()
    assert locked.wait(10)
    response = await client.get(f"/jobs/{posting.id}")
    writer.join()
    assert response.status_code == 200


async def test_an_audit_row_written_during_a_get_waits_for_a_busy_writer(client, database, db_url):
    """Another organization's posting answers 404 and leaves an audit row, even while someone
    else writes: the row goes through a write session of its own, not an upgraded read."""
    import threading

    from sqlalchemy import select

    from app.audit import AuditEvent
    from tests.features.accounts.helpers import log_in, make_user
    from tests.features.applications.helpers import published_job

    posting = await published_job(database, clock.now(), "org-a@example.jp")
    await make_user(database, "org-b@example.jp", "organization")
    await log_in(client, database, "org-b@example.jp")
    locked = threading.Event()
    writer = threading.Thread(target=_hold_the_write_lock, args=(db_url, locked, 0.5))
    writer.start()
    assert locked.wait(10)
    response = await client.get(f"/postings/jobs/{posting.id}/edit")
    writer.join()
    assert response.status_code == 404
    async with database.session(write=False) as db:
        actions = list(
            (await db.execute(select(AuditEvent.action).where(AuditEvent.target_id == str(posting.id)))).scalars()
        )
    assert actions == ["foreign_posting_access"]


# -- 0013: one canonical form of every e-mail address --------------------------------------

_ACCOUNTS = sa.table(
    "user_account",
    *(
        sa.column(name)
        for name in (
            "id",
            "email",
            "password_hash",
            "role",
            "status",
            "is_counselor",
            "display_name",
            "created_at",
            "password_changed_at",
        )
    ),
)
_TOKENS = sa.table(
    "action_token", *(sa.column(name) for name in ("id", "token_hash", "purpose", "email", "created_at", "expires_at"))
)


async def _run(url: str, *statements) -> list:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            return [await connection.execute(statement) for statement in statements]
    finally:
        await engine.dispose()


def _account(id_: int, email: str) -> sa.Insert:
    now = clock.now()
    return _ACCOUNTS.insert().values(
        id=id_,
        email=email,
        password_hash="x",
        role="individual",
        status="active",
        is_counselor=False,
        display_name="テスト",
        created_at=now,
        password_changed_at=now,
    )


async def _emails(url: str, table) -> list[str]:
    [rows] = await _run(url, sa.select(table.c.email).order_by(table.c.id))
    return list(rows.scalars())


async def test_canonical_email_migration_stops_on_addresses_that_collide(empty_db_url):
    await asyncio.to_thread(upgrade_database, empty_db_url, "0012_messages")
    await _run(
        empty_db_url, _account(1, "Taro@example.jp"), _account(2, "ok@example.jp"), _account(3, "taro@example.jp")
    )
    with pytest.raises(Exception, match=r"1組.*id: 1, 3.*統合しません"):
        await asyncio.to_thread(upgrade_database, empty_db_url)
    # Nothing merged, nothing rewritten, still at 0012.
    assert await _emails(empty_db_url, _ACCOUNTS) == ["Taro@example.jp", "ok@example.jp", "taro@example.jp"]
    [version] = await _run(empty_db_url, text("SELECT version_num FROM alembic_version"))
    assert version.scalar_one() == "0012_messages"


async def test_canonical_email_migration_lower_cases_and_makes_the_address_unique(empty_db_url):
    await asyncio.to_thread(upgrade_database, empty_db_url, "0012_messages")
    now = clock.now()
    await _run(
        empty_db_url,
        _account(1, "Hanako.Sato@Example.JP"),
        _account(2, "plain@example.jp"),
        _TOKENS.insert().values(
            id=1,
            token_hash="h" * 64,
            purpose="signup_individual",
            email="NewCase@example.org",
            created_at=now,
            expires_at=now,
        ),
    )
    await asyncio.to_thread(upgrade_database, empty_db_url)
    assert await _emails(empty_db_url, _ACCOUNTS) == ["hanako.sato@example.jp", "plain@example.jp"]
    assert await _emails(empty_db_url, _TOKENS) == ["newcase@example.org"]
    with pytest.raises(IntegrityError):
        await _run(empty_db_url, _account(3, "hanako.sato@example.jp"))
    await asyncio.to_thread(downgrade_database, empty_db_url, "0012_messages")
    with pytest.raises(IntegrityError):  # the old constraint is back
        await _run(empty_db_url, _account(3, "plain@example.jp"))
    await asyncio.to_thread(upgrade_database, empty_db_url)
    assert await _emails(empty_db_url, _ACCOUNTS) == ["hanako.sato@example.jp", "plain@example.jp"]


async def test_sqlite_connections_go_back_to_the_pool_without_an_open_transaction(tmp_path, monkeypatch):
    """The pool's ROLLBACK on return is left out after a commit (a thread trip inside the write turn),
    never when a transaction is still open: a session closed mid-write leaves nothing locked."""
    settings = Settings()
    settings.database.url = f"sqlite+aiosqlite:///{tmp_path / 'p.sqlite3'}"
    settings.database.busy_timeout_ms = 200
    database = create_database(settings)
    rollbacks = []
    rollback = _OneTripConnection.rollback

    async def counted_rollback(self):
        rollbacks.append(1)
        await rollback(self)

    monkeypatch.setattr(_OneTripConnection, "rollback", counted_rollback)
    try:
        async with database.session() as db:
            await db.execute(text("CREATE TABLE t (x INTEGER)"))
        rollbacks.clear()  # SQLAlchemy's own on the first connect
        async with database.session() as db:
            await db.execute(text("INSERT INTO t VALUES (1)"))
        async with database.session(write=False) as db:
            assert (await db.execute(text("SELECT count(*) FROM t"))).scalar() == 1
        assert rollbacks == []
        # A write left open (a session closed without commit or rollback): rolled back on return.
        async with database.write_sessions() as db:
            db.info["partner_write"] = True
            await db.execute(text("INSERT INTO t VALUES (2)"))
            connection = await db.connection()
            raw = (await connection.get_raw_connection()).driver_connection
            assert raw._conn.in_transaction
        assert not raw._conn.in_transaction and rollbacks == [1]
        async with database.session() as db:  # the write lock was given back: another writer begins
            await db.execute(text("INSERT INTO t VALUES (3)"))
        async with database.session(write=False) as db:
            assert (await db.execute(text("SELECT x FROM t ORDER BY x"))).scalars().all() == [1, 3]
    finally:
        await database.dispose()


async def test_postgresql_pings_only_connections_that_sat_idle(postgres_server, monkeypatch):
    """No round trip before each use of a connection given back a moment ago; one that sat idle is
    pinged first, and one the server dropped meanwhile is replaced instead of failing the request."""
    postgres_server.psql("DROP DATABASE IF EXISTS pings WITH (FORCE)", "CREATE DATABASE pings")
    settings = Settings()
    settings.database.url = postgres_server.url("pings")
    settings.database.pool_size = 1
    database = create_database(settings)
    pings = []
    do_ping = database.engine.dialect.do_ping
    monkeypatch.setattr(database.engine.dialect, "do_ping", lambda c: pings.append(1) or do_ping(c))
    backend = text("SELECT pg_backend_pid()")
    try:
        for _ in range(3):
            async with database.session(write=False) as db:
                await db.execute(backend)
        assert pings == []
        monkeypatch.setattr(app.db, "PING_AFTER_IDLE_SECONDS", 0.0)
        async with database.session(write=False) as holder:
            await holder.execute(backend)
            async with database.session(write=False) as other:  # a second connection, back in the pool
                second = (await other.execute(backend)).scalar()
            await holder.execute(text(f"SELECT pg_terminate_backend({second})"))  # dropped while idle
        async with database.session(write=False) as db:
            assert (await db.execute(text("SELECT 1"))).scalar() == 1
        assert pings
    finally:
        await database.dispose()


def _terminate(postgres_server, database: str, pid: int | None = None) -> None:
    """pg_terminate_backend, waiting until the backend is gone (its socket closed by the server)."""
    which = f"pid = {pid}" if pid is not None else "pid <> pg_backend_pid()"
    postgres_server.psql(
        f"SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '{database}' AND {which}",
        database=database,
    )


@pytest.fixture
async def drops(postgres_server):
    """A database of one pooled connection on the PostgreSQL server (the ping after 5 s idle never runs)."""
    postgres_server.psql("DROP DATABASE IF EXISTS drops WITH (FORCE)", "CREATE DATABASE drops")
    settings = Settings()
    settings.database.url = postgres_server.url("drops")
    settings.database.pool_size = 1
    database = create_database(settings)
    try:
        yield database
    finally:
        await database.dispose()


async def test_postgresql_a_connection_dropped_between_two_requests_is_replaced(postgres_server, drops):
    """Dropped by the server a moment after its last use: the next unit of work still succeeds, on a
    new connection — whether the driver saw the close before the checkout or only at the first
    statement (here: the checkout happened, then the backend was terminated, then the statement)."""
    backend = text("SELECT pg_backend_pid()")
    async with drops.session() as db:
        first = (await db.execute(backend)).scalar()
    _terminate(postgres_server, "drops", first)  # between two requests
    async with drops.session() as db:
        second = (await db.execute(backend)).scalar()
        await db.execute(text("CREATE TABLE t (x int)"))
    assert second != first
    async with drops.session() as db:
        await db.connection()  # checked out: no round trip yet
        _terminate(postgres_server, "drops", second)  # the event loop is blocked: the close is not seen
        third = (await db.execute(backend)).scalar()
        await db.execute(text("INSERT INTO t VALUES (1)"))
    assert third not in (first, second)
    async with drops.session(write=False) as db:
        assert (await db.execute(text("SELECT count(*) FROM t"))).scalar() == 1


async def test_postgresql_a_connection_dropped_after_its_first_statement_is_not_retried(postgres_server, drops):
    """Once a statement of the checkout has reached the server (a write, perhaps), a drop fails the
    request as before: nothing is sent twice."""
    async with drops.session() as db:
        await db.execute(text("CREATE TABLE t (x int)"))
    with pytest.raises(sa.exc.DBAPIError):
        async with drops.session() as db:
            pid = (await db.execute(text("SELECT pg_backend_pid()"))).scalar()
            await db.execute(text("INSERT INTO t VALUES (1)"))
            _terminate(postgres_server, "drops", pid)
            await db.execute(text("INSERT INTO t VALUES (2)"))
    async with drops.session(write=False) as db:
        assert (await db.execute(text("SELECT count(*) FROM t"))).scalar() == 0


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_postgresql_requests_after_the_server_dropped_every_connection_succeed(client, db_url, postgres_server):
    """The application's own pool and session reader: every backend of its database terminated
    between two requests, the next requests answer as usual."""
    assert (await client.get("/healthz")).json()["database"] == "ok"
    _terminate(postgres_server, db_url.rsplit("/", 1)[1])
    for _ in range(3):
        response = await client.get("/healthz")
        assert response.status_code == 200 and response.json()["database"] == "ok"
