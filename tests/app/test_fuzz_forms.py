"""Bad input of any shape, on every unsafe route, as a persona allowed to use it: never a 500."""

from __future__ import annotations

import random
import re

import pytest

from tests.app.test_access_control import _personas, _use_cookie
from tests.conftest import csrf_headers

FIELD_NAMES = [
    "email",
    "password",
    "password_confirm",
    "name",
    "title",
    "body",
    "code",
    "kind",
    "org_type",
    "corporate_number",
    "birth_date",
    "closes_on",
    "opens_on",
    "publish_at",
    "starts_at",
    "action",
    "sector",
    "country",
    "activity_fields",
    "activity_countries",
    "flexible_work",
    "reason",
    "decision",
    "years",
    "start",
    "level",
    "language",
    "visibility",
    "token",
    "granted",
    "new_email",
    "next",
    "back",
]
NASTY = [
    "",
    " ",
    "\u3000",
    "x" * 20_000,
    "<script>alert(1)</script>",
    "'\"><img src=x onerror=alert(1)>",
    "{{7*7}}",
    "javascript:alert(1)",
    "-1",
    "99999999999999999999",
    "2026-02-30",
    "\x00\x01",
    "１２３",
    "remove-999",
    "remove-x",
    "submit",
    "save",
    "preview",
    "confirm",
    "add",
    "approve",
    "../../etc/passwd",
    "%00",
    "😀" * 50,
    "NaN",
    "[]",
    "null",
]


def _payload(rng: random.Random) -> dict:
    data: dict = {}
    for name in rng.sample(FIELD_NAMES, 12):
        data[name] = [rng.choice(NASTY) for _ in range(rng.randint(1, 3))] if rng.random() < 0.3 else rng.choice(NASTY)
    return data


async def test_fuzzed_forms_never_cause_a_server_error(app, client, database):
    cookies, samples = await _personas(client, database)
    rng = random.Random(20261121)
    failures = []
    for route in app.routes:
        for _method in sorted(getattr(route, "methods", set()) & {"POST"}):
            if route.path.startswith("/_test") or route.path == "/logout":
                continue
            url = re.sub(r"\{(\w+):\w+\}", lambda m: samples[m.group(1)], route.path)
            for persona in ("anonymous", "individual", "org_a", "secretariat"):
                _use_cookie(client, cookies[persona])
                await client.get("/healthz")
                for _ in range(3):
                    response = await client.post(
                        url, data=_payload(rng), headers=csrf_headers(client), follow_redirects=False
                    )
                    if response.status_code >= 500:
                        failures.append((route.path, persona, response.status_code))
    assert failures == []


@pytest.mark.parametrize("body", [b"\xff\xfe\xfd=\xff", b"a=%E3%81", b"=" * 5000, b"&&&&====&&&"])
async def test_malformed_bodies_are_a_4xx(client, body):
    await client.get("/contact")
    response = await client.post(
        "/contact",
        content=body,
        follow_redirects=False,
        headers={**csrf_headers(client), "content-type": "application/x-www-form-urlencoded"},
    )
    assert 400 <= response.status_code < 500
