"""Web hardening: headers, CSRF, Origin checks, Host check, rate limits shared by processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import httpx
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from app import create_app
from app.config import ROOT
from app.ratelimit import RateCounter
from tests.app.routes_for_tests import TEST_ROUTES
from tests.conftest import csrf_headers
from tests.services import free_port, make_run_recipe


async def test_security_headers_on_pages_and_on_404(client):
    for path in ["/", "/no-such-page"]:
        response = await client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "object-src 'none'" in csp and "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert response.headers["content-type"].endswith("charset=utf-8")
        assert len(response.headers["x-request-id"]) == 16


async def test_authenticated_pages_are_not_stored(client):
    await client.get("/")
    anonymous = await client.get("/_test/whoami")
    assert anonymous.headers["cache-control"] != "no-store"
    await client.post("/_test/login", data={"uid": "7"}, headers=csrf_headers(client))
    logged_in = await client.get("/")
    assert logged_in.headers["cache-control"] == "no-store"


async def test_htmx_is_pinned_and_configured_safely(client):
    html = (await client.get("/")).text
    assert 'src="/static/js/htmx-2.0.11.min.js"' in html
    for setting in ['"selfRequestsOnly":true', '"allowScriptTags":false', '"allowEval":false', '"historyCacheSize":0']:
        assert setting in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    script = await client.get("/static/js/htmx-2.0.11.min.js")
    assert script.status_code == 200 and 'version:"2.0.11"' in script.text


async def test_post_without_csrf_token_is_refused_in_japanese(client):
    await client.get("/")
    response = await client.post("/_test/echo", data={"x": "1"})
    assert response.status_code == 403
    assert "権限がないか、画面の有効期限が切れています" in response.text


async def test_post_with_csrf_header_or_form_field_passes(client):
    await client.get("/")
    assert (await client.post("/_test/echo", headers=csrf_headers(client))).status_code == 201
    token = client.cookies.get("partner_csrf")
    assert (await client.post("/_test/echo", data={"_csrf_token": token})).status_code == 201


async def test_foreign_origin_and_cross_site_fetch_are_refused(client):
    await client.get("/")
    headers = csrf_headers(client)
    foreign = await client.post("/_test/echo", headers={**headers, "Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert "外部のサイトから送信されたリクエスト" in foreign.text
    cross = await client.post("/_test/echo", headers={**headers, "Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    same = await client.post("/_test/echo", headers={**headers, "Origin": "http://testserver.local"})
    assert same.status_code == 201


async def test_unknown_host_is_refused(client):
    response = await client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "このホスト名ではアクセスできません" in response.text


async def test_rate_limit_is_shared_between_server_processes(settings):
    """Two app instances on one database stand for two server processes."""
    settings.security.unsafe_requests_per_minute = 3
    first, second = create_app(settings), create_app(settings)
    for application in (first, second):
        for route in TEST_ROUTES:
            application.register(route)
    async with (
        AsyncTestClient(first, base_url="http://testserver.local") as a,
        AsyncTestClient(second, base_url="http://testserver.local") as b,
    ):
        await a.get("/")
        await b.get("/")
        statuses = [
            (await a.post("/_test/echo", headers=csrf_headers(a))).status_code,
            (await b.post("/_test/echo", headers=csrf_headers(b))).status_code,
            (await a.post("/_test/echo", headers=csrf_headers(a))).status_code,
        ]
        assert statuses == [201, 201, 201]
        refused = await b.post("/_test/echo", headers=csrf_headers(b))
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert "短時間に多くの操作が行われました" in refused.text


async def test_forwarded_for_is_trusted_only_from_configured_proxies(settings):
    from app.security import client_ip

    scope = {"client": ("10.0.0.5", 1234), "headers": [(b"x-forwarded-for", b"203.0.113.9, 10.0.0.5")]}
    assert client_ip(scope, settings) == "10.0.0.5"
    settings.security.trusted_proxies = ["10.0.0.5"]
    assert client_ip(scope, settings) == "203.0.113.9"
    scope["headers"] = [(b"x-forwarded-for", b"not-an-ip")]
    assert client_ip(scope, settings) == "10.0.0.5"


async def _serve_like_make_run(settings, log, **environ) -> tuple[subprocess.Popen, str]:
    """`litestar run` with the environment `make run` gives it, on a free port, on this test's database."""
    port = free_port()
    make_environ, command = make_run_recipe(PORT=str(port))
    assert command[1:] == ["run", "--host", "127.0.0.1", "--port", str(port)]
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("PARTNER_") and k != "FORWARDED_ALLOW_IPS"}
    server = subprocess.Popen(
        [sys.executable, "-m", "litestar", *command[1:]],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={
            **inherited,
            **make_environ,
            "PARTNER_DATABASE_URL": settings.database.url,
            "PARTNER_APP_VAR_DIR": settings.app.var_dir,
            "PARTNER_QUEUE_RUN_WORKER_IN_APP": "false",
            **environ,
        },
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a ceiling, not a wait: under a parallel suite start-up is slower
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            assert server.poll() is None, "the server exited during start-up"
            try:
                if (await http.get(f"{base_url}/healthz")).status_code == 200:
                    return server, base_url
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    server.kill()
    raise AssertionError("the server did not start")


async def _client_keys(database) -> set[str]:
    async with database.session(write=False) as db:
        return set((await db.execute(select(RateCounter.key).where(RateCounter.key.like("ip:%")))).scalars())


async def test_a_forged_forwarded_for_does_not_fool_a_server_started_like_make_run(settings, database, tmp_path):
    """uvicorn believes X-Forwarded-For from 127.0.0.1 by default; only security.trusted_proxies may."""
    for trusted, forged, expected in [
        ("[]", ["203.0.113.1", "203.0.113.2"], {"ip:127.0.0.1"}),
        ('["127.0.0.1"]', ["198.51.100.7"], {"ip:127.0.0.1", "ip:198.51.100.7"}),
    ]:
        with open(tmp_path / "server.log", "ab") as log:
            server, base_url = await _serve_like_make_run(settings, log, PARTNER_SECURITY_TRUSTED_PROXIES=trusted)
            try:
                async with httpx.AsyncClient(base_url=base_url) as http:
                    for address in forged:  # counted per client before CSRF refuses them
                        answer = await http.post("/contact", headers={"X-Forwarded-For": address})
                        assert answer.status_code == 403
            finally:
                server.terminate()
                server.wait(timeout=30)
        assert await _client_keys(database) == expected, (tmp_path / "server.log").read_text()
