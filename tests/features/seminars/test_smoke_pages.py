"""Every seminar page renders, for the secretariat and the public (templates, contexts)."""

from __future__ import annotations

from features.seminars import registration
from tests.features.seminars.helpers import applicant, as_office, make_seminar, make_session


async def test_the_pages_render(client, database, settings, frozen_clock):
    seminar = await make_seminar(database)
    session = await make_session(database, seminar.id)
    async with database.session() as db:
        await registration.register(db, settings, seminar.id, applicant(1), verified=True)
    for path in (
        "/seminars",
        f"/seminars/{seminar.id}",
        f"/seminars/{seminar.id}/apply",
        f"/seminars/{seminar.id}/applied",
    ):
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text[:3000])
    await as_office(client, database)
    for path in (
        "/admin/seminars",
        "/admin/seminars/new",
        f"/admin/seminars/{seminar.id}",
        f"/admin/seminars/{seminar.id}/edit",
        f"/admin/seminars/{seminar.id}/cancel",
        f"/admin/seminars/{seminar.id}/sessions/{session.id}",
        f"/admin/seminars/{seminar.id}/registrations",
        f"/admin/seminars/{seminar.id}/messages",
        f"/admin/seminars/{seminar.id}/flyer.pdf",
    ):
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text[:3000])
