"""Real rows of organization A — a posting, an application with a file, a thread, a template and a
favorite — probed by organization B, by a 国際協力実施団体（法人格なし） and by a 簡易団体登録:
by id, as an htmx fragment, as a POST and as a download. Each answer is a 404 (or a 403 where the
intruder may not use the feature at all), leaks nothing, changes nothing, and a 404 on an existing
row leaves an audit entry naming the intruder."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from app import clock
from app.audit import AuditEvent
from features.accounts.models import Organization, OrganizationType, Role
from features.applications.models import Application, ApplicationFile
from features.messages.models import MailTemplate, Message, MessageThread
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import log_in, make_user
from tests.features.applications.helpers import apply, published_job
from tests.features.postings.helpers import organization_for
from tests.features.talent.helpers import build_resume, post

ORG_A = "org@example.jp"
INTRUDERS = {
    "org_b": ("org-b@example.jp", OrganizationType.CORPORATE),
    "non_corporate": ("nocorp@example.jp", OrganizationType.NON_CORPORATE),
    "simple": ("simple@example.jp", OrganizationType.SIMPLE),
}
SECRET_WORDS = ("山田", "志望動機書", "A団体の定型文", "ご応募ありがとうございます")


async def _rows_of_organization_a(client, database) -> dict[str, int | str]:
    posting = await published_job(database, clock.now(), ORG_A)
    code = await build_resume(client, database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    await apply(client, posting.id)
    await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client))
    use_session_cookie(client, None)
    await log_in(client, database, ORG_A)
    async with database.session(write=False) as db:
        application = (await db.execute(select(Application))).scalar_one()
        document = (await db.execute(select(ApplicationFile).where(ApplicationFile.slot != "resume"))).scalars().first()
    sent = await post(
        client,
        "/mail/send",
        {
            "mode": "contact",
            "category": "選考の調整",
            "to": [str(application.id)],
            "subject": "ご応募ありがとうございます",
            "body": "{氏名} 様",
        },
    )
    assert sent.status_code == 303, sent.text
    await post(
        client,
        "/mail/compose/save-template",
        {
            "mode": "offer",
            "to": [code],
            "subject": "案件",
            "body": "A団体の定型文",
            "template_name": "A団体の定型文",
        },
    )
    await post(client, f"/talent/{code}/favorite", {})
    async with database.session(write=False) as db:
        thread = (await db.execute(select(MessageThread))).scalar_one()
        message = (await db.execute(select(Message))).scalars().first()
        template = (await db.execute(select(MailTemplate))).scalar_one()
    return {
        "posting": posting.id,
        "application": application.id,
        "file": document.id,
        "thread": thread.id,
        "message": message.id,
        "template": template.id,
        "code": code,
    }


PROBES = [
    # (what, method, path, htmx target or None)
    ("posting", "GET", "/postings/jobs/{posting}/edit", None),
    ("posting", "GET", "/postings/jobs/{posting}/edit", "posting-form"),
    ("posting", "GET", "/postings/jobs/{posting}/preview", None),
    ("posting", "POST", "/postings/jobs/{posting}/stop", None),
    ("posting", "POST", "/postings/jobs/{posting}/copy", None),
    ("posting", "GET", "/postings/jobs/{posting}/applications", None),
    ("posting", "POST", "/postings/jobs/{posting}/applications/mailto", None),
    ("application", "GET", "/applications/{application}", None),
    ("application", "GET", "/applications/{application}", "main"),
    ("application", "GET", "/applications/{application}/resume.pdf", None),
    ("application", "GET", "/applications/{application}/files/{file}", None),
    ("application", "POST", "/applications/{application}/status", None),
    ("thread", "GET", "/mailbox/{thread}", None),
    ("thread", "GET", "/mailbox/{thread}", "main"),
    ("thread", "POST", "/mailbox/{thread}/reply", None),
    ("message", "POST", "/mailbox/messages/{message}/unread", None),
    ("template", "POST", "/mail/templates/{template}/rename", None),
    ("template", "POST", "/mail/templates/{template}/delete", None),
    ("template", "POST", "/mail/compose/templates/{template}", None),
]
BODIES = {
    "/applications/{application}/status": {"status": "書類選考"},
    "/mailbox/{thread}/reply": {"body": "横取り"},
    "/mail/templates/{template}/rename": {"name": "乗っ取り"},
    "/postings/jobs/{posting}/applications/mailto": {"to": "{application}"},
    "/mail/compose/templates/{template}": {"mode": "offer", "to": "{code}"},
}


async def _snapshot(database) -> tuple:
    async with database.session(write=False) as db:
        counted = [
            (await db.execute(select(func.count()).select_from(t))).scalar_one()
            for t in (Application, ApplicationFile, MessageThread, Message, MailTemplate)
        ]
        statuses = list((await db.execute(select(Application.status))).scalars())
        names = list((await db.execute(select(MailTemplate.name))).scalars())
    return counted, statuses, names


async def _audit_rows(database, user_id: int) -> list[AuditEvent]:
    async with database.session(write=False) as db:
        rows = await db.execute(
            select(AuditEvent).where(AuditEvent.actor_user_id == user_id, AuditEvent.action.like("foreign_%"))
        )
        return list(rows.scalars())


@pytest.mark.parametrize("intruder", sorted(INTRUDERS))
async def test_organization_a_rows_are_out_of_reach_of_every_other_organization(client, database, intruder):
    ids = await _rows_of_organization_a(client, database)
    email, org_type = INTRUDERS[intruder]
    user = await make_user(database, email, Role.ORGANIZATION)
    async with database.session() as db:
        await db.execute(update(Organization).where(Organization.user_id == user.id).values(org_type=org_type))
    use_session_cookie(client, None)
    await log_in(client, database, email)
    before = await _snapshot(database)
    for what, method, path, target in PROBES:
        url = path.format(**ids)
        headers = {**csrf_headers(client), **({"HX-Request": "true", "HX-Target": target} if target else {})}
        data = {k: v.format(**ids) for k, v in BODIES.get(path, {}).items()}
        audited = len(await _audit_rows(database, user.id))
        response = await client.request(
            method, url, data=data if method == "POST" else None, headers=headers, follow_redirects=False
        )
        label = f"{intruder} {method} {url} {target or ''}"
        assert response.status_code in (403, 404), (label, response.status_code)
        assert not any(word in response.text for word in SECRET_WORDS), label
        assert "mailto:" not in response.headers.get("location", ""), label
        rows = await _audit_rows(database, user.id)
        if response.status_code == 404:
            assert len(rows) == audited + 1, label
            assert (rows[-1].target_type, rows[-1].target_id) == (what, str(ids[what])), label
    assert await _snapshot(database) == before  # nothing changed
    # A's favorite is A's alone: the intruder's favorites list does not show the person.
    favorites = await client.get("/talent/favorites")
    assert str(ids["code"]) not in favorites.text
    # and A still has it
    use_session_cookie(client, None)
    await log_in(client, database, ORG_A)
    assert str(ids["code"]) in (await client.get("/talent/favorites")).text
    assert (await organization_for(database, ORG_A)).org_type == OrganizationType.CORPORATE
