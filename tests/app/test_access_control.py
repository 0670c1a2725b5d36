"""Deny by default: every route, as every persona, against the checked-in table.

A route missing from ACCESS_TABLE fails this test: decide who may use it, then add it.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app import clock
from features.accounts.models import AccountStatus, Individual, Organization, Role, UserAccount
from features.postings.models import Posting, PostingStatus
from tests.app.access_table import ACCESS_TABLE, PERSONAS
from tests.app.routes_for_tests import TEST_ROUTES
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import log_in, make_user

COOKIE = "partner_session"
TEST_PATHS = {route.paths.copy().pop() for route in TEST_ROUTES}


def _use_cookie(client, value: str | None) -> None:
    use_session_cookie(client, value)


async def _personas(client, database) -> tuple[dict[str, str | None], dict[str, str]]:
    users = {
        "individual": ("person@example.jp", Role.INDIVIDUAL),
        "org_a": ("org-a@example.jp", Role.ORGANIZATION),
        "org_b": ("org-b@example.jp", Role.ORGANIZATION),
        "secretariat": ("office@example.jp", Role.SECRETARIAT),
        "counselor": ("counselor@example.jp", Role.COUNSELOR),
    }
    cookies: dict[str, str | None] = {"anonymous": None}
    for persona, (email, role) in users.items():
        await make_user(database, email, role)
        _use_cookie(client, None)
        await log_in(client, database, email)
        cookies[persona] = client.cookies.get(COOKIE)
    # Staff routes act on these, never on a persona (whose session must survive the walk).
    target = await make_user(database, "target@example.jp", Role.INDIVIDUAL)
    target_org = await make_user(database, "target-org@example.jp", Role.ORGANIZATION, status=AccountStatus.PENDING)
    async with database.session(write=False) as db:
        org = (await db.execute(select(Organization).where(Organization.user_id == target_org.id))).scalar_one()
    org_a = await _organization_of(database, "org-a@example.jp")
    now = clock.now()
    async with database.session() as db:
        posting = Posting(
            organization_id=org_a.id,
            status=PostingStatus.DRAFT,
            draft='{"title": "A団体の下書き"}',
            created_at=now,
            updated_at=now,
        )
        db.add(posting)
    async with database.session(write=False) as db:
        code = (
            await db.execute(select(Individual.registration_code).where(Individual.user_id == target.id))
        ).scalar_one()
    samples = {
        "code": code,
        "slug": "jobs",
        "posting_id": str(posting.id),
        "news_id": "1",
        "organization_id": str(org.id),
        "kind": "individual",
        "token": "not-a-real-token",
        "file_path": "css/site.css",
        "user_id": str(target.id),
        "individual_id": "1",
        "key": "contact",
        "application_id": "1",
        "file_id": "1",
        "thread_id": "1",
        "template_id": "1",
        "message_id": "1",
        "koubo_id": "1",  # recruitment: no 公募 in this database
        "case_id": "1",  # mail_consultation: no メール相談 in this database
        "address_id": "1",  # bounces: no 不達メールアドレス in this database
        "type_id": "1",  # recruitment: the first seeded 公募種別
        "pre_koubo_id": "1",  # recruitment: no プレ公募 in this database
        "koji_id": "1",  # recruitment: no 公示 in this database
        "survey_id": "1",  # surveys: no survey in this database
        "question_id": "1",
        "program_id": "999",  # surveys: no such 定期アンケート
        "seminar_id": "1",  # seminars: no seminar in this database
        "session_id": "1",
        "speaker_id": "1",
        "slot_id": "1",
        "registration_id": "1",
        "material_id": "1",  # seminars: no 当日配布資料
        "photo_id": "1",  # seminars: no report photo
        "signature": "not-a-signature",  # seminars: a guest's materials link
        "booking_id": "1",  # consultation: no 相談予約 in this database
        "search_id": "1",  # saved_searches: no 保存した検索条件 in this database
        "issue_id": "1",  # partner_news: no PARTNERニュース issue in this database
        "item_id": "1",
        "number": "1",
        "mailing_id": "1",  # mailings: no メール配信 in this database
        "version": "1",  # mailings: a template version
        "record_id": "1",  # accounts: no 物故 record in this database
        "content_id": "1",  # content: no article in this database
        "image_id": "1",
        "width": "480",
        "entry_id": "1",  # faq: no よくある質問 in this database
        "release_id": "1",  # press: no プレスリリース in this database
        "document_id": "1",  # reports: no 報告書 in this database
    }
    return cookies, samples


async def _organization_of(database, email: str) -> Organization:
    async with database.session(write=False) as db:
        rows = await db.execute(
            select(Organization)
            .join(UserAccount, UserAccount.id == Organization.user_id)
            .where(UserAccount.email == email)
        )
        return rows.scalar_one()


def _concrete(path: str, samples: dict[str, str]) -> str:
    return re.sub(r"\{(\w+):\w+\}", lambda m: samples[m.group(1)], path)


async def test_every_route_answers_each_persona_as_the_table_says(app, client, database, settings):
    # The walk sends every unsafe route six times from one address within a minute or two: more
    # than the suite's per-address limit once enough slices exist (tests/app/test_security.py
    # tests the limit itself).
    settings.security.unsafe_requests_per_minute = 100_000
    cookies, samples = await _personas(client, database)
    observed: dict[str, dict[str, int]] = {}
    for route in app.routes:
        if route.path in TEST_PATHS:
            continue
        for method in sorted(getattr(route, "methods", set()) - {"HEAD", "OPTIONS"}):
            key = f"{method} {route.path}"
            observed[key] = {}
            for persona in PERSONAS:
                _use_cookie(client, cookies[persona])
                await client.get("/healthz")  # a CSRF cookie for this persona's requests
                url = _concrete(route.path, samples)
                if method == "GET":
                    response = await client.get(url, follow_redirects=False)
                else:
                    response = await client.request(method, url, headers=csrf_headers(client), follow_redirects=False)
                observed[key][persona] = response.status_code
                # Logging out would end the persona's session for the rest of the walk.
                if key == "POST /logout" and cookies[persona]:
                    cookies[persona] = None if persona == "anonymous" else await _relogin(client, database, persona)
    missing = sorted(set(observed) - set(ACCESS_TABLE))
    assert not missing, "routes missing from tests/app/access_table/ (the module of their slice):\n" + "\n".join(
        f"    {key!r}: {observed[key]}," for key in missing
    )
    gone = sorted(set(ACCESS_TABLE) - set(observed))
    assert not gone, f"the table lists routes that no longer exist: {gone}"
    differences = {key: (ACCESS_TABLE[key], observed[key]) for key in observed if ACCESS_TABLE[key] != observed[key]}
    assert not differences, "\n".join(f"{k}: expected {e}, got {o}" for k, (e, o) in differences.items())


async def _relogin(client, database, persona: str) -> str:
    email = {
        "individual": "person@example.jp",
        "org_a": "org-a@example.jp",
        "org_b": "org-b@example.jp",
        "secretariat": "office@example.jp",
        "counselor": "counselor@example.jp",
    }[persona]
    _use_cookie(client, None)
    await log_in(client, database, email)
    return client.cookies.get(COOKIE)


@pytest.mark.parametrize("persona", ["individual", "org_a"])
def test_no_persona_reaches_the_secretariat_pages(persona):
    for key, row in ACCESS_TABLE.items():
        if " /admin/" in key:
            assert row[persona] in (403, 404), (key, row)
