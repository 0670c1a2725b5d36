"""Fixtures: both database engines, real Redis and SMTP servers, an app per test."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import os
import shutil
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app import clock
from app.cli import upgrade_database
from app.config import Settings
from app.db import Database, create_database
from tests import services
from tests.demo_copies import DemoCopies

IN_CI = os.environ.get("CI") == "true"
ENGINES = ["sqlite", "postgresql"]


# -- servers (one per test session) ---------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[services.PostgresServer]:
    server = services.start_postgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[services.RedisServer]:
    server = services.start_redis()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[services.SmtpSink]:
    sink = services.SmtpSink().start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def smtp(smtp_server: services.SmtpSink) -> services.SmtpSink:
    smtp_server.clear()
    smtp_server.hold = None
    smtp_server.reject_held = False
    smtp_server.held = 0
    return smtp_server


# -- migrated template databases, copied per test ------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade_database(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_server: services.PostgresServer) -> str:
    postgres_server.psql("CREATE DATABASE partner_template")
    upgrade_database(postgres_server.url("partner_template"))
    return "partner_template"


# -- one database and one settings object per engine and worker, made fresh for every test -----
#
# Building the application costs about a second (Litestar parses some thousand route handlers),
# more than most tests. So each worker keeps, per engine, one database name, one Settings object
# and the applications built on them: before every test the database is replaced by a copy of
# the migrated template, the var directory emptied and the settings put back to their values
# (in place: an application holds the object), and a test gets an application built for settings
# equal to its own — with an empty queue and page cache. A test whose settings differ when it asks
# for the app (it changed them first) gets one built for those; one that leaves the application's
# connection pool in use, or uses a queue server, gets a new one for itself as before.

SLOT_DATABASE = "partner_test"
APPS_KEPT_PER_ENGINE = 3


@pytest.fixture(scope="session")
def slot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("slot")


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, slot_dir: Path) -> str:
    """A freshly migrated database for one test, on each engine in turn."""
    if request.param == "sqlite":
        path = slot_dir / "partner.sqlite3"
        for leftover in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    server: services.PostgresServer = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    server.psql(
        f"DROP DATABASE IF EXISTS {SLOT_DATABASE} WITH (FORCE)",  # and whatever the last test left connected
        f"CREATE DATABASE {SLOT_DATABASE} TEMPLATE {template}",
    )
    return server.url(SLOT_DATABASE)


def make_settings(db_url: str, tmp_path: Path, **overrides) -> Settings:
    settings = Settings()
    settings.app.debug = True
    settings.app.secret_key = "test-secret-key-" + "x" * 32
    settings.app.var_dir = str(tmp_path / "var")
    settings.app.allowed_hosts = ["testserver.local", "127.0.0.1", "localhost"]
    settings.app.base_url = "http://testserver.local"
    settings.database.url = db_url
    settings.queue.url = "embedded"
    settings.queue.run_worker_in_app = False
    settings.mail.transport = "log"
    # High enough for the access walk (every unsafe route × six personas within a minute).
    settings.security.unsafe_requests_per_minute = 10_000
    for dotted, value in overrides.items():
        section, key = dotted.split("__")
        setattr(getattr(settings, section), key, value)
    return settings


class _Slot:
    """One engine's Settings object in this worker, and the applications built on it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Every section, list, dict and set as first made: a reset fills these very objects again,
        # so an application holding one (not only the Settings object) sees the reset too.
        self.originals = _containers(settings)
        self.apps: OrderedDict[tuple, Litestar] = OrderedDict()

    def reset(self, fresh: Settings) -> None:
        _restore(self.settings, fresh, self.originals, ())


def _containers(value, path: tuple = ()) -> dict[tuple, object]:
    found: dict[tuple, object] = {}
    if dataclasses.is_dataclass(value):
        found[path] = value
        for f in dataclasses.fields(value):
            found.update(_containers(getattr(value, f.name), (*path, f.name)))
    elif isinstance(value, (list, dict, set)):
        found[path] = value
    return found


def _restore(target, fresh, originals: dict[tuple, object], path: tuple) -> None:
    for f in dataclasses.fields(fresh):
        where, value = (*path, f.name), getattr(fresh, f.name)
        original = originals.get(where)
        if dataclasses.is_dataclass(value) and original is not None:
            _restore(original, value, originals, where)
            value = original
        elif isinstance(value, list) and isinstance(original, list):
            original[:] = value
            value = original
        elif isinstance(value, (dict, set)) and type(original) is type(value):
            original.clear()
            original.update(value)
            value = original
        setattr(target, f.name, value)


_SLOTS: dict[str, _Slot] = {}
_APPS_IN_USE: list[Litestar] = []  # the applications of the running test (demo_copy disposes their pools)


@pytest.fixture
def settings(db_url: str, slot_dir: Path) -> Settings:
    engine = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    home = slot_dir / engine
    shutil.rmtree(home, ignore_errors=True)  # the last test's uploads, attachments, …
    fresh = make_settings(db_url, home)
    slot = _SLOTS.get(engine)
    if slot is None:
        _SLOTS[engine] = _Slot(fresh)
        return fresh
    slot.reset(fresh)
    return slot.settings


def reused_app(settings: Settings, build: Callable[[Settings], Litestar]) -> Iterator[Litestar]:
    """For an app fixture: `build(settings)`, or the application it made for equal settings
    before, its queue and page cache emptied. `build` must depend on nothing but the settings."""
    slot = next((s for s in _SLOTS.values() if s.settings is settings), None)
    if slot is None or settings.queue.url != "embedded":
        application = build(settings)
        _APPS_IN_USE.append(application)
        try:
            yield application
        finally:
            _APPS_IN_USE.remove(application)
        return
    key = (build, repr(settings))
    application = slot.apps.pop(key, None)
    if application is None:
        application = build(settings)
    else:
        queue = application.state.queue
        type(queue).__init__(queue, name=queue.name)  # no jobs, and a wake-up event of no loop yet
        application.state.pages.clear()
        application.state.pages.rendering.clear()
        application.state.private_pages.clear()
        application.state.private_pages.rendering.clear()
    _APPS_IN_USE.append(application)
    try:
        yield application
    finally:
        _APPS_IN_USE.remove(application)
    pool = application.state.database.engine.sync_engine.pool
    if pool.checkedin() == 0 and pool.checkedout() == 0:  # its lifespan ended: nothing of this test left
        slot.apps[key] = application
        while len(slot.apps) > APPS_KEPT_PER_ENGINE:
            slot.apps.popitem(last=False)


def build_app(settings: Settings) -> Litestar:
    from app import create_app

    return create_app(settings)


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[Database]:
    db = create_database(settings)
    try:
        yield db
    finally:
        await db.dispose()


@pytest.fixture
def app(settings: Settings) -> Iterator[Litestar]:
    yield from reused_app(settings, build_app)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as test_client:
        yield test_client


# -- the demo data, loaded once per worker, engine, clock and settings (tests/demo_copies.py) -------


@pytest.fixture(scope="session")
def demo_copies(slot_dir: Path, request: pytest.FixtureRequest) -> DemoCopies:
    return DemoCopies(
        slot_dir / "demo",
        lambda: request.getfixturevalue("sqlite_template"),
        lambda: (request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_template")),
    )


@pytest.fixture
def demo_copy(demo_copies: DemoCopies) -> Callable[[Database, Settings], Awaitable[None]]:
    """`await demo_copy(database, settings)` where a test would `await load_demo(database, settings)`:
    the test's database and var directory become a copy of what load_demo made at this clock."""

    async def copy_demo(database: Database, settings: Settings) -> None:
        await demo_copies.copy_into(database, settings, list(_APPS_IN_USE))

    return copy_demo


# -- the clock ------------------------------------------------------------------------


class FrozenClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current


@pytest.fixture
def frozen_clock() -> Iterator[FrozenClock]:
    frozen = FrozenClock(datetime(2026, 11, 21, 3, 0, tzinfo=UTC))
    clock.set_clock(frozen)
    try:
        yield frozen
    finally:
        clock.set_clock(None)


@pytest.fixture(autouse=True)
def _real_clock_after_each_test() -> Iterator[None]:
    yield
    clock.set_clock(None)


# -- the test process's heap, frozen between tests --------------------------------------------
#
# Every application start (app/heap.py) runs a full collection and freezes what survives; its stop
# unfreezes. In a worker that has imported every test module and keeps half a dozen applications,
# that full collection walks millions of objects: about a second per test with a client, more than
# many tests take. So after each test the heap is frozen again (what is alive then lives on, mostly),
# and the application's start collects only what the test made; every HEAP_FULL_COLLECT_EVERY tests
# the whole heap is collected once, so garbage frozen with it is not kept for longer than that.

HEAP_FULL_COLLECT_EVERY = 25
_tests_since_full_collect = [0]


@pytest.fixture(autouse=True)
def _heap_frozen_between_tests() -> Iterator[None]:
    yield
    _tests_since_full_collect[0] += 1
    if _tests_since_full_collect[0] >= HEAP_FULL_COLLECT_EVERY:
        _tests_since_full_collect[0] = 0
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def csrf_headers(client: AsyncTestClient) -> dict[str, str]:
    """The CSRF header htmx would send (the token is also in the page's hx-headers)."""
    token = client.cookies.get("partner_csrf")
    assert token, "GET a page first to receive the CSRF cookie"
    return {"x-csrftoken": token}


def use_session_cookie(client, value: str | None) -> None:
    """Present `value` as the session cookie (another browser's, or an attacker's); None: none at all."""
    for cookie in list(client.cookies.jar):
        if cookie.name == "partner_session":
            client.cookies.jar.clear(cookie.domain, cookie.path, cookie.name)
    if value:
        client.cookies.set("partner_session", value, domain="testserver.local")


def run_sync(fn, *args):
    return asyncio.to_thread(fn, *args)


@pytest.fixture(params=ENGINES)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no migrations applied), on each engine in turn."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    server: services.PostgresServer = request.getfixturevalue("postgres_server")
    name = f"e_{uuid.uuid4().hex[:12]}"
    server.psql(f"CREATE DATABASE {name}")
    yield server.url(name)
    server.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def pytest_configure(config: pytest.Config) -> None:
    """`-n 2` balances tests one by one (--dist load); loadgroup does the same but keeps each
    xdist_group in one worker (the demo tests below)."""
    config.addinivalue_line("markers", "xdist_group(name): run in one xdist worker (also without xdist)")
    if getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadgroup"
    if getattr(config, "workerinput", {}).get("partner_loadgroup"):
        config.option.loadgroup = True  # a worker: xdist adds the group to the node ids on this flag


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """The workers parse the command line again (`-n 2`, so `load`): tell them it is loadgroup."""
    node.workerinput["partner_loadgroup"] = node.config.option.dist == "loadgroup"


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last: sync Playwright keeps an event loop running in the main thread
    for as long as the browser is open, which async tests cannot share. The tests of the demo
    data run in one worker per engine (`--dist loadgroup`), which loads each demo once for them."""
    items.sort(key=lambda item: "tests/browser/" in item.nodeid)
    for item in items:
        if "demo_copy" in getattr(item, "fixturenames", ()):
            engine = getattr(item, "callspec", None) and item.callspec.params.get("db_url")
            item.add_marker(pytest.mark.xdist_group(f"demo-{engine}"))


@pytest.fixture(autouse=True, scope="session")
def _slices_installed() -> None:
    """Every process installs the slices first (app/slices.py); so does the test process."""
    from app.routes import install_slices

    install_slices()
