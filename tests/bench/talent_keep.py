"""Generated talent databases kept between bench runs: BENCH_TALENT_KEEP=<dir> keeps each build
(a SQLite file, a PostgreSQL data directory) under a name holding the count and the generator's
version — a hash of the code that decides what it writes (talent_data.py, the keyword tokens, the
facet keys) — and the next run with the same version measures it again instead of building it
(a million people: ~15 min on PostgreSQL, ~4 GB and longer on SQLite). A kept database is brought to
the latest migration before it is measured; a build that did not finish is never reused."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.services import PG_BIN_CANDIDATES, _as_postgres_user, free_port

_SOURCES = ("tests/bench/talent_data.py", "features/talent/keywords.py", "features/talent/facet_keys.py")
_DONE = "generated"  # written beside a build once its generation finished


def keep_dir() -> Path | None:
    value = os.environ.get("BENCH_TALENT_KEEP", "")
    return Path(value) if value else None


def version() -> str:
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for name in _SOURCES:
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:12]


def sqlite_path(keep: Path, count: int) -> tuple[Path, bool]:
    """The kept file for `count` people, and whether it is complete (else: build it, then done())."""
    path = keep / f"talent-{count}-{version()}.sqlite3"
    marker = path.with_name(path.name + "." + _DONE)
    if path.exists() and not marker.exists():
        for leftover in path.parent.glob(f"{path.name}*"):
            leftover.unlink()
    return path, marker.exists()


def done(path: Path) -> None:
    path.with_name(path.name + "." + _DONE).touch()


@contextmanager
def postgres(keep: Path, count: int) -> Iterator[tuple[str, bool, Path]]:
    """A PostgreSQL server on the kept data directory for `count` people (made if missing): its
    database URL, whether the data is complete, and the directory (done() on it once generated).
    Stopped cleanly at the end (the settings match tests.services.start_postgres)."""
    bin_dir = PG_BIN_CANDIDATES[0]
    home = keep / f"postgres-{count}-{version()}"
    data = home / "data"
    marker = home / _DONE
    run = lambda cmd: subprocess.run(_as_postgres_user(cmd), check=True, capture_output=True)  # noqa: E731
    if home.exists() and not marker.exists():
        shutil.rmtree(home)
    fresh = not home.exists()
    if fresh:
        home.mkdir(parents=True)
        os.chmod(home, 0o777)
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "partner", "--auth=trust", "-E", "UTF8"]
        run([*initdb, "--locale=C.UTF-8"])
    sockets = Path(tempfile.mkdtemp(prefix="partner-pg-keep-"))
    os.chmod(sockets, 0o777)
    port = free_port()
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
        " -c full_page_writes=off -c max_connections=200"
    )
    run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "start"])
    try:
        if fresh:
            subprocess.run(
                [str(bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "partner", "-d", "postgres"]
                + ["-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE bench"],
                check=True,
                capture_output=True,
            )
        yield f"postgresql+asyncpg://partner@127.0.0.1:{port}/bench", not fresh, home
    finally:
        # A clean stop: fsync is off, so an immediate one could leave the kept data unusable.
        run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(sockets, ignore_errors=True)


def postgres_done(home: Path) -> None:
    (home / _DONE).touch()
