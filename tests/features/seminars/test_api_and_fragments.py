"""What other slices may read (upcoming seminars, counts for reports), and the list fragments htmx
asks for (the block alone, Vary: HX-Request), the audited participant list."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.audit import AuditEvent
from features.seminars import api, registration
from tests.features.seminars.helpers import STARTS, applicant, as_office, make_seminar


async def test_upcoming_seminars_and_counts(database, settings, frozen_clock):
    open_seminar = await make_seminar(database)
    await make_seminar(database, title="企画中のセミナー", status="planning")
    await make_seminar(database, title="中止のセミナー", status="cancelled")
    async with database.session() as db:
        for n in (1, 2, 3, 4):
            await registration.register(db, settings, open_seminar.id, applicant(n), verified=True)
        upcoming = await api.upcoming_seminars(db, frozen_clock.current)
        counts = await api.count_registrations(db, (STARTS - timedelta(days=1), STARTS + timedelta(days=1)))
    assert [s.title for s in upcoming] == [open_seminar.title] and upcoming[0].accepting
    assert counts == {"seminars": 1, "confirmed": 3, "waiting": 1, "cancelled": 0, "attended": 0}


async def test_list_fragments_and_the_audited_participant_list(client, database, settings, frozen_clock):
    seminar = await make_seminar(database)
    async with database.session() as db:
        await registration.register(db, settings, seminar.id, applicant(1), verified=True)
    office = await as_office(client, database)
    htmx = {"HX-Request": "true"}
    listing = await client.get("/admin/seminars", headers={**htmx, "HX-Target": "seminar-list"})
    assert listing.status_code == 200 and "<h1>" not in listing.text and seminar.title in listing.text
    assert "HX-Request" in listing.headers["vary"]
    people = await client.get(
        f"/admin/seminars/{seminar.id}/registrations?status=confirmed",
        headers={**htmx, "HX-Target": "registration-list"},
    )
    assert people.status_code == 200 and "<h1>" not in people.text and "person1@example.jp" in people.text
    waiting = await client.get(f"/admin/seminars/{seminar.id}/registrations?status=waiting")
    assert "person1@example.jp" not in waiting.text
    async with database.session(write=False) as db:
        events = list(await db.scalars(select(AuditEvent).where(AuditEvent.action == "seminar_registrations_viewed")))
    assert len(events) == 2 and all(e.actor_user_id == office.id for e in events)
