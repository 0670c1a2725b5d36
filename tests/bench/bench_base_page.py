"""The base layout page (top page with news) against a bare Litestar template handler."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from app.config import ROOT
from tests.bench.httpload import run_load
from tests.services import free_port

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "3000"))
CONCURRENCY = 8


def _serve(factory: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
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
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{factory} did not start")


def main() -> dict:
    work = Path(tempfile.mkdtemp(prefix="partner-bench-"))
    env = {
        "PARTNER_APP_DEBUG": "true",
        "PARTNER_DATABASE_URL": f"sqlite+aiosqlite:///{work / 'bench.sqlite3'}",
        "PARTNER_APP_VAR_DIR": str(work / "var"),
        "PARTNER_QUEUE_RUN_WORKER_IN_APP": "false",
        "PARTNER_SECURITY_UNSAFE_REQUESTS_PER_MINUTE": "0",
    }
    litestar = [sys.executable, "-m", "litestar"]
    subprocess.run([*litestar, "db", "upgrade"], cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)
    subprocess.run([*litestar, "demo", "load"], cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)

    ours, our_port = _serve("app:create_app", env)
    try:
        html = urllib.request.urlopen(f"http://127.0.0.1:{our_port}/").read()
        (work / "templates").mkdir()
        # The baseline renders a template of the same size: our page's own HTML, as a template.
        (work / "templates" / "page.html").write_bytes(html.replace(b"{", b"{{ '{' }}"))
        asyncio.run(run_load(our_port, "/", requests=300, concurrency=CONCURRENCY))  # warm-up
        ours_result = asyncio.run(run_load(our_port, "/", requests=REQUESTS, concurrency=CONCURRENCY))
    finally:
        ours.terminate()
        ours.wait()
    baseline, base_port = _serve(
        "tests.bench.baseline_app:create_baseline_app", {"BENCH_TEMPLATE_DIR": str(work / "templates")}
    )
    try:
        asyncio.run(run_load(base_port, "/", requests=300, concurrency=CONCURRENCY))
        base_result = asyncio.run(run_load(base_port, "/", requests=REQUESTS, concurrency=CONCURRENCY))
    finally:
        baseline.terminate()
        baseline.wait()

    ratio = ours_result.throughput / base_result.throughput
    print(f"base layout page: {len(html):,} bytes, {REQUESTS} requests, concurrency {CONCURRENCY}")
    print(
        f"  PARTNER top page     {ours_result.throughput:8.0f} req/s  p50 {ours_result.p50:6.2f} ms"
        f"  p95 {ours_result.percentile(0.95):6.2f} ms  errors {ours_result.errors}"
    )
    print(
        f"  bare Litestar + Jinja {base_result.throughput:8.0f} req/s  p50 {base_result.p50:6.2f} ms"
        f"  p95 {base_result.percentile(0.95):6.2f} ms  errors {base_result.errors}"
    )
    print(f"  ratio (PARTNER / baseline throughput): {ratio:.2f}")
    return {"ratio": ratio, "ours": ours_result.throughput, "baseline": base_result.throughput}


if __name__ == "__main__":
    main()
