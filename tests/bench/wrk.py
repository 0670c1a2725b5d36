"""Run wrk (Debian package `wrk`) against one URL and read its figures: throughput, latency
percentiles and errors, printed as JSON by the Lua `done` hook in tests/bench/lua/stats.lua."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from app.config import ROOT
from tests.services import free_port

SCRIPT = Path(__file__).parent / "lua" / "stats.lua"
THREADS = int(os.environ.get("BENCH_WRK_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_WRK_CONNECTIONS", "8"))
DURATION = os.environ.get("BENCH_WRK_DURATION", "5s")


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50: float  # milliseconds
    p95: float
    p99: float
    non2xx: int
    socket_errors: int
    bytes: int

    @property
    def errors(self) -> int:
        return self.non2xx + self.socket_errors

    def figures(self) -> dict:
        return {**asdict(self), "errors": self.errors}


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is missing: sudo apt-get install wrk (make bench installs it)")
    return found


def parse(output: str) -> WrkResult:
    """The JSON line the Lua `done` hook printed."""
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            return WrkResult(**json.loads(line.removeprefix("WRK_JSON ")))
    raise ValueError(f"no WRK_JSON line in wrk's output:\n{output}")


def run(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    duration: str = DURATION,
    threads: int = THREADS,
    connections: int = CONNECTIONS,
) -> WrkResult:
    """Load `url` for `duration` with `connections` keep-alive connections on `threads` threads."""
    env = {**os.environ, "WRK_HEADERS": "\n".join(f"{k}: {v}" for k, v in (headers or {}).items())}
    completed = subprocess.run(
        [wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{duration}", "--timeout", "10s", "-s", str(SCRIPT), url],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return parse(completed.stdout)


def serve(factory: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    """Start `factory` under uvicorn (the settings `litestar run` uses) on a free port; wait for `/`."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            factory,
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            "--no-proxy-headers",
        ],  # as under `litestar run`
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120  # a loaded 2-core machine imports the app slowly
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{factory} did not start")
