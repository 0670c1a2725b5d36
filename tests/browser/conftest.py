"""A live server (uvicorn, SQLite, demo data, in-process worker) and Debian's Chromium."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import ROOT
from tests.services import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = ROOT / "test-artifacts"
# The live server's database file, for the per-test reset of the rate limits below.
_LIVE_DATABASE: list[Path] = []


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, smtp_server) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("live")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PARTNER_APP_DEBUG": "true",  # as `make run` does: /dev/mail for the browser on this machine
        "PARTNER_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'partner.sqlite3'}",
        "PARTNER_APP_VAR_DIR": str(workdir / "var"),
        "PARTNER_APP_BASE_URL": base_url,
        "PARTNER_QUEUE_URL": "embedded",
        # Mail goes into the suite's real SMTP server; /dev/mail (debug) still lists it.
        "PARTNER_MAIL_TRANSPORT": "smtp",
        "PARTNER_MAIL_SMTP_PORT": str(smtp_server.port),
    }
    litestar = [sys.executable, "-m", "litestar"]
    subprocess.run([*litestar, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*litestar, "demo", "load", "--if-empty"], cwd=ROOT, env=env, check=True, capture_output=True)
    log = open(workdir / "server.log", "wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-proxy-headers",
        ],  # security.trusted_proxies alone decides, as under `litestar run`
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    _LIVE_DATABASE[:] = [workdir / "partner.sqlite3"]
    try:
        _wait_healthy(base_url, server)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request: pytest.FixtureRequest) -> None:
    """Every test is one visitor's session: the whole suite logs in from 127.0.0.1 far more often
    than one person could (the login limit is 30 per 15 minutes per address), so each test starts
    with the server's counters empty instead of inheriting the previous tests' attempts."""
    if "live_server" not in request.fixturenames or not _LIVE_DATABASE:
        return
    with sqlite3.connect(_LIVE_DATABASE[0]) as connection:
        connection.execute("DELETE FROM rate_counter")


def _wait_healthy(base_url: str, server: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the live server exited during start-up")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the live server did not become healthy")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} がありません (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="ja-JP", base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.console_problems = problems
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_axe_violations(page, label: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{label}:\n{results.generate_report()}"
