"""With debug off: no /dev/mail, __Host- cookies with Secure, HSTS."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from app import create_app


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


async def test_debug_mode_shows_delivered_mail_newest_first(client, database, settings):
    from app.mail import queue_mail

    async with database.session() as db:
        await queue_mail(db, settings, to="a@example.org", subject="最初のメール", body="本文A")
        await queue_mail(db, settings, to="b@example.org", subject="ログイン用ワンタイムパスワード", body="コード: 123456")
    html = (await client.get("/dev/mail")).text
    assert html.index("ログイン用ワンタイムパスワード") < html.index("最初のメール")
    assert "コード: 123456" in html and "b@example.org" in html


async def test_healthz_reports_database_and_queue(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}
