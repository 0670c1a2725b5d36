"""The demo data, loaded once per worker and copied into each test that wants it.

`load_demo` on a fresh database takes 15–30 seconds; a dozen tests on two engines check what it
made. So the first test that asks (fixture `demo_copy`, called where the test called `load_demo`)
loads it — `app.demo.load_demo`, at the clock the test has at that moment, with the test's own
settings — into a database of its own beside the test's, with a var directory of its own (the
demo's uploads); every test that asks at the same clock with equal settings gets a copy of that
database (SQLite: the file; PostgreSQL: CREATE DATABASE … TEMPLATE) and of the var directory in
place of its own. Each test so starts from a pristine demo database it may change at will.

Under the real clock (a test without `frozen_clock`) a copy is only taken from a load of the same
Japan-time day and of the last few minutes, as close as a load of its own a moment before."""

from __future__ import annotations

import copy
import itertools
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from app import clock
from app.config import Settings
from app.db import Database, create_database

REAL_CLOCK_REUSE = timedelta(minutes=10)


@dataclass
class _Template:
    location: str  # the SQLite file, or the PostgreSQL database's name
    var_dir: Path
    loaded_at: object  # the clock's time at the load
    loaded_real: object  # and the real time


def _engine(settings: Settings) -> str:
    return "sqlite" if settings.database.url.startswith("sqlite") else "postgresql"


def _settings_key(settings: Settings) -> str:
    """The settings but for the database and the var directory (the copy's own)."""
    plain = copy.deepcopy(settings)
    plain.database.url = ""
    plain.app.var_dir = ""
    return repr(plain)


class DemoCopies:
    """One worker's demo databases, by engine, clock and settings."""

    def __init__(self, home: Path, sqlite_template: callable, postgres: callable) -> None:
        self.home = home
        self.sqlite_template = sqlite_template  # () -> the migrated SQLite file
        self.postgres = postgres  # () -> (server, migrated template's name)
        self.templates: dict[tuple, _Template] = {}
        self.numbers = itertools.count(1)
        self.loads = 0

    async def copy_into(self, database: Database, settings: Settings, apps: list) -> None:
        engine = _engine(settings)
        frozen = clock._source is not None
        now = clock.now()
        moment = now.isoformat() if frozen else "real"
        key = (engine, moment, _settings_key(settings))
        template = self.templates.get(key)
        if template is not None and not frozen and not _still_today(template, now):
            template = None
        if template is None:
            template = await self._load(engine, settings)
            self.templates[key] = template
        # Nothing of the test may hold a connection to the database replaced under it.
        await database.dispose()
        for application in apps:
            await application.state.database.dispose()
        if engine == "sqlite":
            _copy_sqlite(Path(template.location), _sqlite_path(settings.database.url))
        else:
            server, _ = self.postgres()
            name = settings.database.url.rsplit("/", 1)[1]
            server.psql(
                f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
                f"CREATE DATABASE {name} TEMPLATE {template.location}",
            )
        var_dir = settings.var_path
        shutil.rmtree(var_dir, ignore_errors=True)
        if template.var_dir.exists():
            shutil.copytree(template.var_dir, var_dir, copy_function=shutil.copy)  # files new, as a load makes them

    async def _load(self, engine: str, settings: Settings) -> _Template:
        from app.demo import load_demo

        number = next(self.numbers)
        home = self.home / f"{engine}-{number}"
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        own = copy.deepcopy(settings)
        own.app.var_dir = str(home / "var")
        if engine == "sqlite":
            location = str(home / "demo.sqlite3")
            shutil.copy(self.sqlite_template(), location)
            own.database.url = f"sqlite+aiosqlite:///{location}"
        else:
            server, migrated = self.postgres()
            location = f"partner_demo_{number}"
            server.psql(
                f"DROP DATABASE IF EXISTS {location} WITH (FORCE)", f"CREATE DATABASE {location} TEMPLATE {migrated}"
            )
            own.database.url = server.url(location)
        loaded_at, loaded_real = clock.now(), _real_now()
        database = create_database(own)
        try:
            await load_demo(database, own)
        finally:
            await database.dispose()  # PostgreSQL copies only a database nobody is connected to
        self.loads += 1
        return _Template(location, own.var_path, loaded_at, loaded_real)


def _real_now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _still_today(template: _Template, now) -> bool:
    return (
        _real_now() - template.loaded_real < REAL_CLOCK_REUSE
        and clock.to_jst(template.loaded_at).date() == clock.to_jst(now).date()
    )


def _sqlite_path(url: str) -> Path:
    return Path(url.split("///", 1)[1])


def _copy_sqlite(source: Path, target: Path) -> None:
    for leftover in (target, *(target.with_name(target.name + end) for end in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
