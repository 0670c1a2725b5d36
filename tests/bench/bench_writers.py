"""Writers under load (issue 17 item 5): 50 logged-in writers — 応募 (確認 then 応募する), replies in a
PARTNER mail thread, 一時保存 of a new 求人, 気になる toggles — each a real POST with its CSRF token, plus
200 anonymous readers of public pages, for 60 s, on SQLite (one server process with its mail worker,
as `make run`) and on PostgreSQL (two server processes, a saq worker, Redis: the production topology).

The load is wrk's (tests/bench/lua/writers_*.lua): one wrk per kind of writer runs at the same time
as the readers' wrk, so every kind gets its own latency percentiles; each Lua thread counts the 2xx/3xx
answers of the writes and remembers the one still in flight when wrk stops. Afterwards the database is
counted: every accepted write must be there. Printed: per kind p50/p95/p99, writes/s, errors (4xx,
5xx, socket), "database is locked" in the servers' logs, and the peak RSS of every server process.

The per-client rate limit on unsafe requests (security.unsafe_requests_per_minute) is RAISED for the
bench (every wrk connection comes from 127.0.0.1) — not switched off: each POST still counts itself.
Writers and readers pause about WRITERS_THINK_MS / READERS_THINK_MS between two requests, as people
do; BENCH_WRITERS_THINK_MS=0 BENCH_READERS_THINK_MS=0 gives the closed loop (saturation) figures.
BENCH_WRITERS_SECONDS sets the length, BENCH_WRITERS_ENGINES=sqlite (or postgresql) runs one engine.

Also printed: the CPU seconds the server processes used during the load (utime + stime from /proc,
every thread and every forked worker; the database server's apart) per accepted write — on a
machine shared with other work the stable measure of what a write costs, where latencies are not.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from app.cli import upgrade_database
from app.config import ROOT, Settings
from app.db import create_database
from tests import services
from tests.bench.history import record
from tests.bench.writers_data import KINDS, count_writes, plans, seed
from tests.bench.writers_procs import RssSampler, cpu_seconds

LUA = Path(__file__).parent / "lua"
SECONDS = int(os.environ.get("BENCH_WRITERS_SECONDS", "60"))
WRITER_THINK_MS = int(os.environ.get("BENCH_WRITERS_THINK_MS", "1000"))
READER_THINK_MS = int(os.environ.get("BENCH_READERS_THINK_MS", "3000"))
ENGINES = os.environ.get("BENCH_WRITERS_ENGINES", "sqlite,postgresql").split(",")
RAISED_RATE_LIMIT = "1000000"  # unsafe requests per minute per client, for the bench only
GOAL_P95_MS = {"sqlite": 500, "postgresql": 250}
RSS_LIMIT_MB = 250


@dataclass
class Load:
    writers: dict[str, int] = field(default_factory=lambda: {"apply": 12, "message": 13, "posting": 12, "favorite": 13})
    readers: int = 200
    seconds: int = SECONDS
    writer_think_ms: int = WRITER_THINK_MS
    reader_think_ms: int = READER_THINK_MS
    warm_up_rounds: int = 2  # GETs of every read path before the load: templates compiled, caches filled


@dataclass
class Servers:
    processes: list[subprocess.Popen]
    port: int
    logs: list[Path]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    def log_text(self) -> str:
        return "".join(path.read_text(errors="replace") for path in self.logs if path.exists())


def _environment(url: str, work: Path, port: int, queue_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNER_")}
    return {
        **env,
        "PARTNER_APP_DEBUG": "true",  # plain http on loopback, as `make run`
        "PARTNER_APP_SECRET_KEY": "bench-writers-" + "s" * 40,
        "PARTNER_APP_BASE_URL": f"http://127.0.0.1:{port}",
        "PARTNER_APP_VAR_DIR": str(work / "var"),
        "PARTNER_DATABASE_URL": url,
        "PARTNER_QUEUE_URL": queue_url,
        "PARTNER_QUEUE_NAME": f"writers{uuid.uuid4().hex[:8]}",
        "PARTNER_QUEUE_RUN_WORKER_IN_APP": "true" if queue_url == "embedded" else "false",
        "PARTNER_MAIL_TRANSPORT": "log",
        "PARTNER_SECURITY_UNSAFE_REQUESTS_PER_MINUTE": RAISED_RATE_LIMIT,
    }


def start_servers(url: str, work: Path, queue_url: str = "embedded", web_processes: int = 1) -> Servers:
    """uvicorn as `litestar run` starts it (one process, or --workers N sharing one port), and with a
    Redis queue one saq worker process besides."""
    port = services.free_port()
    env = _environment(url, work, port, queue_url)
    command = [sys.executable, "-m", "uvicorn", "app:create_app", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--no-access-log", "--log-level", "warning", "--no-proxy-headers"]
    if web_processes > 1:
        command += ["--workers", str(web_processes)]
    logs = [work / "web.log"]
    processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=logs[0].open("ab"), stderr=subprocess.STDOUT)]
    if queue_url != "embedded":
        logs.append(work / "worker.log")
        worker = [sys.executable, "-m", "tasks.worker"]
        processes.append(
            subprocess.Popen(worker, cwd=ROOT, env=env, stdout=logs[1].open("ab"), stderr=subprocess.STDOUT)
        )
    servers = Servers(processes, port, logs)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return servers
        except OSError:
            if processes[0].poll() is not None:
                break
            time.sleep(0.2)
    servers.stop()
    raise RuntimeError(f"the server did not start:\n{servers.log_text()[-3000:]}")


class ThreadServer:
    """The application under uvicorn on a thread of this process (its own event loop), for the test
    suite: no second Python importing the whole application (~20 s on a loaded 2-core machine). What
    it logs at WARNING and above goes to a file, read like a server process's log."""

    def __init__(self, url: str, work: Path) -> None:
        import logging

        import uvicorn

        from app import create_app
        from app.config import load_settings

        self.port = services.free_port()
        self.processes: list[subprocess.Popen] = []
        self.logs = [work / "web.log"]
        settings = load_settings(environ=_environment(url, work, self.port, "embedded"))
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, access_log=False, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.handler = logging.FileHandler(self.logs[0], encoding="utf-8")
        self.handler.setLevel(logging.WARNING)
        self.handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        logging.getLogger().addHandler(self.handler)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the in-process server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        import logging

        self.server.should_exit = True
        self.thread.join(timeout=30)
        logging.getLogger().removeHandler(self.handler)
        self.handler.close()

    def log_text(self) -> str:
        return "".join(path.read_text(errors="replace") for path in self.logs if path.exists())


def _csrf_token(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=30) as answer:
        for header in answer.headers.get_all("set-cookie") or []:
            found = re.match(r"partner_csrf=([^;]+)", header)
            if found:
                return found.group(1)
    raise RuntimeError("no CSRF cookie on /login")


# -- wrk ----------------------------------------------------------------------------------------------


def _wrk(script: str, connections: int, threads: int, seconds: int, port: int, env: dict) -> subprocess.Popen:
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s"]
    return subprocess.Popen(
        [*command, "-s", str(LUA / script), f"http://127.0.0.1:{port}"],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _parsed(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=600)
    for line in out.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON ") :])
    raise RuntimeError(f"wrk printed no figures: {out[-2000:]} {err[-2000:]}")


def read_paths(posting_ids: list[int]) -> list[str]:
    keyword = urllib.parse.quote("保健")
    pages = ["/", "/jobs", f"/jobs?keyword={keyword}", "/events", "/seminars", "/organizations", "/news"]
    return pages + [f"/jobs/{posting_id}" for posting_id in posting_ids[:3]]


def drive(servers: Servers, world, load: Load, work: Path, cpu: dict | None = None) -> dict[str, dict]:
    """The load; `cpu` gets the CPU seconds used before and after it (see cpu_seconds)."""
    csrf = _csrf_token(servers.port)
    for path in read_paths(world.posting_ids) * load.warm_up_rounds:
        urllib.request.urlopen(f"http://127.0.0.1:{servers.port}{path}", timeout=60).read()
    if cpu is not None:
        cpu["before"] = cpu_seconds(servers, cpu.get("database_pid"))
    runs = {}
    for kind in KINDS:
        plan = work / f"plan-{kind}.tsv"
        plan.write_text("\n".join(plans(world, csrf, kind)) + "\n", encoding="utf-8")
        count = load.writers[kind]
        if not count:
            continue
        env = {"WRITERS_PLAN": str(plan), "WRITERS_THINK_MS": str(load.writer_think_ms)}
        env["WRITERS_ONCE"] = "1" if kind == "apply" else "0"
        runs[kind] = _wrk("writers_post.lua", count, count, load.seconds, servers.port, env)
    env = {"WRITERS_READ_PATHS": "|".join(read_paths(world.posting_ids)), "WRITERS_THINK_MS": str(load.reader_think_ms)}
    if load.readers:
        runs["read"] = _wrk("writers_read.lua", load.readers, min(4, load.readers), load.seconds, servers.port, env)
    figures = {kind: _parsed(process) for kind, process in runs.items()}
    if cpu is not None:
        cpu["after"] = cpu_seconds(servers, cpu.get("database_pid"))
    return figures


# -- one engine ---------------------------------------------------------------------------------------


async def _seed(url: str, load: Load, postings: int):
    settings = Settings()
    settings.database.url = url
    database = create_database(settings)
    try:
        return await seed(database, load.writers, postings)
    finally:
        await database.dispose()


async def _count(url: str, world, figures: dict) -> dict:
    settings = Settings()
    settings.database.url = url
    database = create_database(settings)
    try:
        return await count_writes(database, world, figures)
    finally:
        await database.dispose()


def run(
    engine: str,
    url: str,
    work: Path,
    load: Load,
    queue_url: str = "embedded",
    web_processes: int = 1,
    migrate: bool = True,
    in_process: bool = False,
    database_pid: int | None = None,
) -> dict:
    """Seed an empty database (migrated first unless it already is), start the servers (or one server
    on a thread of this process: `in_process`), drive the load, count; the figures."""
    if migrate:
        upgrade_database(url)
    # Each applicant applies to one posting per round trip of two requests: enough postings that no
    # applicant runs out even with no pause (the Lua counts it if one does).
    postings = max(
        40, load.seconds * (20 if load.writer_think_ms == 0 else max(2, 2000 // max(load.writer_think_ms, 1)))
    )
    world = asyncio.run(_seed(url, load, postings))
    servers = ThreadServer(url, work) if in_process else start_servers(url, work, queue_url, web_processes)
    sampler = RssSampler(servers)
    cpu: dict = {"database_pid": database_pid}
    try:
        sampler.start()
        figures = drive(servers, world, load, work, cpu)
        sampler.sample()
    finally:
        sampler.stopped.set()
        servers.stop()
    counted = asyncio.run(_count(url, world, figures))
    log = servers.log_text()
    return {
        "engine": engine,
        "load": load.__dict__,
        "kinds": figures,
        "counted": counted,
        "database_locked": log.count("database is locked"),
        "server_errors_in_log": _logged_errors(log),
        "rss_mb": sampler.peaks,
        "cpu_s": {role: cpu["after"][role] - cpu["before"][role] for role in cpu["after"]} if "after" in cpu else {},
        "load_average": os.getloadavg(),
    }


def _logged_errors(log: str) -> list[str]:
    """Errors the servers logged, less the requests wrk itself cut off when it stopped."""
    return [
        line
        for line in log.splitlines()
        if (line.startswith(("ERROR", "CRITICAL")) or "Exception in ASGI application" in line)
        and "client disconnected prematurely" not in line
    ]


def summary(result: dict) -> dict:
    """The figures that matter, flat: per kind p50/p95/p99 in ms, writes/s, errors, lost writes."""
    kinds = result["kinds"]
    seconds = result["load"]["seconds"]
    writer_kinds = [k for k in KINDS if k in kinds and k in result["counted"]]
    flat = {
        "writes_per_s": sum(result["counted"][k]["accepted"] for k in writer_kinds) / seconds,
        "reads_per_s": kinds["read"]["requests"] / seconds if "read" in kinds else 0.0,
        "errors_5xx": sum(k["server_errors"] for k in kinds.values()),
        "errors_4xx": sum(k["client_errors"] for k in kinds.values()),
        "socket_errors": sum(k["connect"] + k["read"] + k["write"] + k["timeout"] for k in kinds.values()),
        "plans_exhausted": sum(k["exhausted"] for k in kinds.values()),
        "lost_writes": sum(c["lost"] + c["unexplained"] for c in result["counted"].values()),
        "database_locked": result["database_locked"],
        "rss_max_mb": max(result["rss_mb"].values(), default=0.0),
    }
    for kind, figures in kinds.items():
        for p in ("p50", "p95", "p99"):
            flat[f"{kind}_{p}_ms"] = figures[f"{p}_us"] / 1000
    flat["writer_p95_ms"] = max((flat[f"{k}_p95_ms"] for k in writer_kinds), default=0.0)
    # The stable figure on a shared machine: server CPU (web processes and worker; the database's
    # own apart) per accepted write — the readers' pages included, as they run at the same time.
    writes = sum(result["counted"][k]["accepted"] for k in writer_kinds)
    cpu = result.get("cpu_s") or {}
    flat["server_cpu_s"] = cpu.get("server", 0.0)
    flat["database_cpu_s"] = cpu.get("database", 0.0)
    flat["server_cpu_ms_per_write"] = 1000 * cpu.get("server", 0.0) / writes if writes and cpu else None
    flat["database_cpu_ms_per_write"] = 1000 * cpu["database"] / writes if writes and cpu.get("database") else None
    requests = sum(k["requests"] for k in kinds.values())
    flat["server_cpu_ms_per_request"] = 1000 * cpu.get("server", 0.0) / requests if requests and cpu else None
    flat["load_average_1m"] = result.get("load_average", (0.0,))[0]
    return flat


def report(result: dict) -> dict:
    flat = summary(result)
    engine, load = result["engine"], result["load"]
    goal = GOAL_P95_MS[engine]
    print(
        f"  {engine}: {sum(load['writers'].values())} writers {load['writers']} + {load['readers']} readers,"
        f" {load['seconds']} s, think {load['writer_think_ms']} ms (writers) / {load['reader_think_ms']} ms"
        f" (readers); unsafe-request rate limit raised to {RAISED_RATE_LIMIT}/min for the bench"
    )
    for kind, figures in result["kinds"].items():
        counted = result["counted"].get(kind)
        stored = (
            f"  accepted {counted['accepted']:5d}  stored {counted['stored']:5d}  lost {counted['lost']}"
            if counted
            else ""
        )
        print(
            f"    {kind:9s} {figures['requests'] / load['seconds']:7.1f} req/s  p50 {figures['p50_us'] / 1000:7.1f}"
            f"  p95 {figures['p95_us'] / 1000:7.1f}  p99 {figures['p99_us'] / 1000:7.1f} ms"
            f"  4xx {figures['client_errors']}  5xx {figures['server_errors']}{stored}"
        )
    print(
        f"    writes/s {flat['writes_per_s']:.1f}  writer p95 {flat['writer_p95_ms']:.0f} ms (goal ≤ {goal})"
        f"  5xx {flat['errors_5xx']}  4xx {flat['errors_4xx']}  socket errors {flat['socket_errors']}"
        f"  lost writes {flat['lost_writes']}  \"database is locked\" {flat['database_locked']}"
    )
    if flat["server_cpu_ms_per_write"] is not None:
        database = flat["database_cpu_ms_per_write"]
        print(
            f"    server CPU {flat['server_cpu_s']:.1f} s = {flat['server_cpu_ms_per_write']:.1f} ms per accepted write"
            f" ({flat['server_cpu_ms_per_request']:.1f} ms per request)"
            + (f"; database server {database:.1f} ms per write" if database else "")
            + f"  (load average at the end {flat['load_average_1m']:.2f})"
        )
        if result["cpu_s"].get("worker"):
            print(f"      of which web {result['cpu_s']['web']:.1f} s, saq worker {result['cpu_s']['worker']:.1f} s")
    for kind, figures in result["kinds"].items():
        sockets = {name: figures[name] for name in ("connect", "read", "write", "timeout") if figures[name]}
        if sockets:
            print(f"    socket errors of {kind}: {sockets}")
    for line in dict.fromkeys(error.split(" failed: ", 1)[-1] for error in result["server_errors_in_log"]):
        print(f"    server log: {line[:200]}")
    failures = " ".join(f["failures"] for f in result["kinds"].values() if f.get("failures"))
    if failures:
        print(f"    refused: {failures[:600]}")
    rss = ", ".join(f"{name} {mb:.0f} MB" for name, mb in sorted(result["rss_mb"].items()))
    print(f"    RSS peak per process: {rss} (limit {RSS_LIMIT_MB} MB)")
    return flat


def main() -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    load = Load()
    figures = {}
    work = Path(tempfile.mkdtemp(prefix="partner-writers-"))
    try:
        if "sqlite" in ENGINES:
            (work / "sqlite").mkdir()
            url = f"sqlite+aiosqlite:///{work / 'sqlite' / 'bench.sqlite3'}"
            figures["sqlite"] = report(run("sqlite", url, work / "sqlite", load))
        if "postgresql" not in ENGINES:
            return figures
        postgres, redis = services.start_postgres(), services.start_redis()
        try:
            postgres.psql("CREATE DATABASE writers")
            (work / "pg").mkdir()
            postmaster = int((postgres.workdir / "data" / "postmaster.pid").read_text().split()[0])
            result = run(
                "postgresql",
                postgres.url("writers"),
                work / "pg",
                load,
                redis.url,
                web_processes=2,
                database_pid=postmaster,
            )
            figures["postgresql"] = report(result)
        finally:
            redis.stop()
            postgres.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if figures:
            record("writers", figures)
    return figures


if __name__ == "__main__":
    main()
