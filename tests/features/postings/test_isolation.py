"""One organization never reads or changes another's postings: 404, and an audit entry."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit import AuditEvent
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user
from tests.features.postings.helpers import BUTTONS, as_organization, job_form, post_job, postings

ATTEMPTS = [
    ("GET", "/postings/jobs/{id}/edit"),
    ("GET", "/postings/jobs/{id}/preview"),
    ("GET", "/postings/jobs/{id}/done"),
    ("GET", "/postings/jobs/{id}/stop"),
    *(("POST", f"/postings/jobs/{{id}}/{button}") for button in BUTTONS),  # each of the form's buttons
    ("POST", "/postings/jobs/{id}/copy"),
    ("POST", "/postings/jobs/{id}/stop"),
]


@pytest.mark.parametrize(("method", "path"), ATTEMPTS)
async def test_another_organizations_posting_is_a_404_with_an_audit_row(client, database, frozen_clock, method, path):
    await as_organization(client, database, "org-a@example.jp")
    await post_job(client, job_form(frozen_clock()), "save")
    [posting] = await postings(database)
    await client.post("/logout", headers=csrf_headers(client))
    intruder = await make_user(database, "org-b@example.jp", "organization")
    await log_in(client, database, "org-b@example.jp")
    url = path.format(id=posting.id)
    headers = {**csrf_headers(client), "HX-Request": "true", "HX-Target": "posting-form"}
    response = await client.request(
        method,
        url,
        data=job_form(frozen_clock()) if method == "POST" else None,
        headers=headers,
        follow_redirects=False,
    )
    assert response.status_code == 404
    assert "カンボジア" not in response.text
    async with database.session(write=False) as db:
        [event] = (await db.execute(select(AuditEvent))).scalars().all()
        [unchanged] = await postings(database)
    assert (event.action, event.actor_user_id, event.target_id) == (
        "foreign_posting_access",
        intruder.id,
        str(posting.id),
    )
    assert unchanged.draft == posting.draft and len(await postings(database)) == 1


async def test_a_missing_posting_is_a_404_without_an_audit_row(client, database):
    await as_organization(client, database)
    assert (await client.get("/postings/jobs/999999/edit")).status_code == 404
    async with database.session(write=False) as db:
        assert (await db.execute(select(AuditEvent))).scalars().all() == []
