"""The production topology (README "Production"): two web server processes and two saq worker
processes, separate OS processes, on one PostgreSQL and one Redis. A session started on one web
process continues on the other, a rate limit counts attempts made on both, and an オファーメール to
1,000 people reaches the SMTP server exactly once per Message-ID although one worker is SIGKILLed
mid-delivery (a second copy only where the outbox flagged a possible duplicate)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, update

from app.config import ROOT
from app.db import create_database
from app.mail import MailStatus, OutboxMail
from features.accounts.models import Individual, Role
from features.accounts.routes_login import LOGIN_LIMIT_PER_ACCOUNT
from tests.bench.bench_offer_mail import BODY, SUBJECT, _findable_codes
from tests.bench.talent_data import generate
from tests.conftest import make_settings
from tests.features.accounts.helpers import PASSWORD, latest_code, make_user
from tests.services import free_port
from tests.tasks.helpers import start_worker, wait_until

RECIPIENTS = 1000
ORGANIZATION = "topology-org@example.jp"
WINDOW = 900  # the login limits' window (features/accounts/routes_login.py)


def _start_web(settings, port: int, log_path, extra: dict[str, str]) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PARTNER_")},
        # Production refuses plain http (secure cookies, an https base URL): it runs behind the TLS proxy.
        # Here the processes are reached directly over http, so the one setting that allows it is on.
        "PARTNER_APP_DEBUG": "true",
        "PARTNER_APP_SECRET_KEY": settings.app.secret_key,
        "PARTNER_APP_VAR_DIR": settings.app.var_dir,
        "PARTNER_APP_BASE_URL": f"http://127.0.0.1:{port}",
        "PARTNER_DATABASE_URL": settings.database.url,
        "PARTNER_QUEUE_URL": settings.queue.url,
        "PARTNER_QUEUE_NAME": settings.queue.name,
        "PARTNER_QUEUE_RUN_WORKER_IN_APP": "false",
        **extra,
    }
    command = [sys.executable, "-m", "uvicorn", "app:create_app", "--factory", "--host", "127.0.0.1"]
    return subprocess.Popen(
        [*command, "--port", str(port), "--no-proxy-headers"],
        cwd=ROOT,
        env=env,
        stdout=open(log_path, "ab"),
        stderr=subprocess.STDOUT,
    )


async def _healthy(base_url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            assert process.poll() is None, f"{base_url} exited during start-up"
            try:
                if (await http.get(f"{base_url}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError(f"{base_url} did not become healthy")


def _csrf(client: httpx.AsyncClient) -> dict[str, str]:
    return {"x-csrftoken": client.cookies.get("partner_csrf")}


async def _log_in(client: httpx.AsyncClient, base_url: str, database) -> None:
    await client.get(f"{base_url}/login")
    sent = await client.post(
        f"{base_url}/login",
        data={"email": ORGANIZATION, "password": PASSWORD},
        headers=_csrf(client),
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/login/code", sent.text[:500]
    code = await latest_code(database, ORGANIZATION)
    done = await client.post(f"{base_url}/login/code", data={"code": code}, headers=_csrf(client))
    assert done.status_code == 303, done.text[:500]


async def _wrong_logins_until_refused(bases: list[str], limit: int) -> list[int]:
    """Wrong passwords for one address, alternating between the web processes, until one is refused.
    A fixed window can end between two attempts (the count restarts): then try once more."""
    for _ in range(2):
        window = int(time.time()) // WINDOW
        statuses = []
        async with httpx.AsyncClient(follow_redirects=False) as client:
            for attempt in range(limit + 1):
                base = bases[attempt % len(bases)]
                await client.get(f"{base}/login")
                answer = await client.post(
                    f"{base}/login", data={"email": "nobody@example.jp", "password": "wrong"}, headers=_csrf(client)
                )
                statuses.append(answer.status_code)
        if statuses[-1] == 429 or int(time.time()) // WINDOW == window:
            return statuses
    return statuses


async def _all_sent(database, timeout: float = 120.0) -> list[OutboxMail]:
    deadline = time.monotonic() + timeout
    while True:
        async with database.session(write=False) as db:
            rows = list(await db.scalars(select(OutboxMail).where(OutboxMail.to_address != ORGANIZATION)))
        if rows and all(row.status == MailStatus.SENT for row in rows):
            return rows
        if time.monotonic() > deadline:
            raise AssertionError(Counter(row.status for row in rows))
        await asyncio.sleep(0.2)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_two_web_and_two_worker_processes_share_sessions_limits_and_deliver_once(
    db_url, tmp_path, redis_server, smtp
):
    settings = make_settings(db_url, tmp_path)
    settings.queue.url = redis_server.url
    settings.queue.name = f"topology{uuid.uuid4().hex[:8]}"
    database = create_database(settings)
    try:
        await generate(database, RECIPIENTS * 2)  # 70 % public: more than 1,000 findable once all are current
        async with database.session() as db:
            await db.execute(update(Individual).values(expires_at=datetime.now(UTC) + timedelta(days=365)))
        await make_user(database, ORGANIZATION, Role.ORGANIZATION)
        codes = await _findable_codes(database, RECIPIENTS)
        assert len(codes) == RECIPIENTS

        mail_env = {
            "PARTNER_MAIL_TRANSPORT": "smtp",
            "PARTNER_MAIL_SMTP_PORT": str(smtp.port),
            "PARTNER_MAIL_JOB_TIMEOUT": "10",  # a delivery running longer counts as lost (short for the test)
            "PARTNER_MAIL_RETRY_DELAY": "0",
            "PARTNER_MAIL_OFFER_DAILY_LIMIT": str(RECIPIENTS),
        }
        ports = [free_port(), free_port()]
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        webs = [_start_web(settings, port, tmp_path / f"web{i}.log", mail_env) for i, port in enumerate(ports)]
        workers = [start_worker(settings, tmp_path / f"worker{i}.log", **mail_env) for i in range(2)]
        try:
            for base, web in zip(bases, webs, strict=True):
                await _healthy(base, web)
            async with httpx.AsyncClient(follow_redirects=False, timeout=300) as client:
                await _log_in(client, bases[0], database)
                mypage = await client.get(f"{bases[1]}/mypage")  # the session made by process 1
                assert mypage.status_code == 200 and "ログアウト" in mypage.text, mypage.status_code

                statuses = await _wrong_logins_until_refused(bases, LOGIN_LIMIT_PER_ACCOUNT[0])
                assert statuses[-1] == 429 and 429 not in statuses[:-1], statuses

                form = {"mode": "offer", "to": codes, "subject": SUBJECT, "body": BODY}
                sent = await client.post(f"{bases[1]}/mail/send", data=form, headers=_csrf(client))
                assert sent.status_code == 303, sent.text[:1000]

            def offers_arrived() -> int:
                return len({m.message_id for m in smtp.messages if ORGANIZATION not in m.recipients})

            await wait_until(lambda: offers_arrived() >= 100, timeout=300)
            workers[0].send_signal(signal.SIGKILL)  # mid-delivery: the other worker must finish its work
            workers[0].wait(timeout=10)
            await wait_until(lambda: offers_arrived() >= RECIPIENTS, timeout=600)
            rows = await _all_sent(database)
        finally:
            for process in [*webs, *workers]:
                if process.poll() is None:
                    process.kill()
                process.wait(timeout=30)
    finally:
        await database.dispose()

    counts = Counter(m.message_id for m in smtp.messages if ORGANIZATION not in m.recipients)
    assert len(rows) == RECIPIENTS and set(counts) == {row.message_id for row in rows}
    flagged = {row.message_id for row in rows if row.suspected_duplicate}
    doubled = {message_id for message_id, n in counts.items() if n > 1}
    assert doubled <= flagged, (doubled - flagged, (tmp_path / "worker0.log").read_text()[-3000:])
    assert max(counts.values()) <= 2
