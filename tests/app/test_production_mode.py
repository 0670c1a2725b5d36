"""With debug off: no /dev/mail, __Host- cookies with Secure, HSTS. With debug on: /dev/mail for
this machine's own browser only."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient, transport

from app import create_app
from app.security import is_local_request


@pytest.fixture
def from_loopback(monkeypatch):
    """The test client's requests come from 127.0.0.1, as a developer's browser on this machine
    (Litestar's test client otherwise reports the peer "testclient")."""
    parse_request = transport.TestClientTransport.parse_request
    monkeypatch.setattr(
        transport.TestClientTransport,
        "parse_request",
        lambda self, request: {**parse_request(self, request), "client": ("127.0.0.1", 50000)},
    )


async def test_production_mode_has_no_dev_mail_and_secure_cookies(settings):
    settings.app.debug = False
    settings.app.base_url = "https://testserver.local"
    settings.security.secure_cookies = True
    settings.mail.transport = "smtp"
    application = create_app(settings)
    async with AsyncTestClient(application, base_url="https://testserver.local") as client:
        assert (await client.get("/dev/mail")).status_code == 404
        page = await client.get("/")
        assert page.status_code == 200
        assert "__Host-partner_csrf=" in page.headers["set-cookie"]
        assert "Secure" in page.headers["set-cookie"]
        assert page.headers["strict-transport-security"].startswith("max-age=")


async def test_debug_mode_shows_delivered_mail_newest_first(from_loopback, client, database, settings):
    from app.mail import queue_mail

    async with database.session() as db:
        await queue_mail(db, settings, to="a@example.org", subject="最初のメール", body="本文A")
        await queue_mail(
            db, settings, to="b@example.org", subject="ログイン用ワンタイムパスワード", body="コード: 123456"
        )
    html = (await client.get("/dev/mail")).text
    assert html.index("ログイン用ワンタイムパスワード") < html.index("最初のメール")
    assert "コード: 123456" in html and "b@example.org" in html


async def test_dev_mail_is_404_for_anyone_but_this_machine_even_in_debug(client, database, settings):
    from app.mail import queue_mail

    async with database.session() as db:
        await queue_mail(
            db, settings, to="a@example.org", subject="ログイン用ワンタイムパスワード", body="コード: 123456"
        )
    assert settings.app.debug
    remote = await client.get("/dev/mail")  # the test client's peer is "testclient", not loopback
    assert remote.status_code == 404 and "123456" not in remote.text
    # X-Forwarded-For never makes a request local, even from a trusted proxy
    settings.security.trusted_proxies = ["testclient"]
    forged = await client.get("/dev/mail", headers={"X-Forwarded-For": "127.0.0.1"})
    assert forged.status_code == 404 and "123456" not in forged.text


async def test_dev_mail_through_a_proxy_on_this_machine_is_404(from_loopback, client):
    assert (await client.get("/dev/mail")).status_code == 200
    for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
        assert (await client.get("/dev/mail", headers={header: "203.0.113.9"})).status_code == 404


@pytest.mark.parametrize(
    "peer, headers, local",
    [
        ("127.0.0.1", [], True),
        ("::1", [], True),
        ("::ffff:127.0.0.1", [], True),
        ("127.0.0.2", [], True),
        ("192.0.2.10", [], False),
        ("testclient", [], False),
        (None, [], False),
        ("192.0.2.10", [(b"x-forwarded-for", b"127.0.0.1")], False),
        ("127.0.0.1", [(b"x-forwarded-for", b"127.0.0.1")], False),
        ("127.0.0.1", [(b"forwarded", b"for=127.0.0.1")], False),
    ],
)
def test_a_local_request_is_decided_by_the_peer_address(peer, headers, local):
    scope = {"client": (peer, 50000) if peer else None, "headers": headers}
    assert is_local_request(scope) is local


async def test_healthz_reports_database_and_queue(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}
