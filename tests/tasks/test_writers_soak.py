"""Writers under load, the short version of tests/bench/bench_writers.py (issue 17 item 5): for 6 s,
20 logged-in writers (応募, replies in a mail thread, 一時保存 of a 求人, 気になる) and 40 anonymous readers
through wrk against a real server — uvicorn with its mail worker, as `make run`, on each engine, on a
thread of the test process (the bench runs separate processes and PostgreSQL's production topology;
here one server that needs no second import of the application keeps the test near 15 s).
Asserted: no error of any kind, no "database is locked", every accepted write in the database. No
timing is asserted (a loaded 2-core CI machine)."""

from __future__ import annotations

import shutil

import pytest

from tests.bench.bench_writers import Load, run, summary

LOAD = Load(writers={"apply": 5, "message": 5, "posting": 5, "favorite": 5}, readers=40, seconds=6, warm_up_rounds=1)

pytestmark = pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (apt-get install wrk)")


def test_writers_and_readers_get_no_error_and_lose_no_write(db_url, tmp_path):
    engine = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    result = run(engine, db_url, tmp_path, LOAD, migrate=False, in_process=True)
    figures = summary(result)
    refused = {kind: f["failures"] for kind, f in result["kinds"].items() if f["failures"]}
    assert all(kind["requests"] > 0 for kind in result["kinds"].values()), result["kinds"]
    assert sum(c["accepted"] for c in result["counted"].values()) > 0, result["counted"]
    assert figures["errors_5xx"] == 0, refused
    assert figures["errors_4xx"] == 0, refused
    assert figures["socket_errors"] == 0, result["kinds"]
    assert figures["plans_exhausted"] == 0
    assert result["server_errors_in_log"] == []
    assert figures["database_locked"] == 0
    assert figures["lost_writes"] == 0, result["counted"]
