"""Fixtures: both database engines, real Redis and SMTP servers, an app per test."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
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


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database for one test, on each engine in turn."""
    if request.param == "sqlite":
        path = tmp_path / "partner.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    server: services.PostgresServer = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    server.psql(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield server.url(name)
    server.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


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
    settings.security.unsafe_requests_per_minute = 5000  # the access walk POSTs every route as 6 personas
    for dotted, value in overrides.items():
        section, key = dotted.split("__")
        setattr(getattr(settings, section), key, value)
    return settings


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return make_settings(db_url, tmp_path)


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[Database]:
    db = create_database(settings)
    try:
        yield db
    finally:
        await db.dispose()


@pytest.fixture
def app(settings: Settings) -> Litestar:
    from app import create_app

    return create_app(settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as test_client:
        yield test_client


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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last: sync Playwright keeps an event loop running in the main thread
    for as long as the browser is open, which async tests cannot share."""
    items.sort(key=lambda item: "tests/browser/" in item.nodeid)


@pytest.fixture(autouse=True, scope="session")
def _slices_installed() -> None:
    """Every process installs the slices first (app/slices.py); so does the test process."""
    from app.routes import install_slices

    install_slices()
