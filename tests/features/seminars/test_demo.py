"""The demo seminars: two upcoming 人材セミナー (one full with a waiting list and sessions A–H), a
団体セミナー with 出欠確認 answers, seats never over capacity."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from features.seminars.models import (
    Seminar,
    SeminarOrgAttendance,
    SeminarRegistration,
    SeminarRegistrationSession,
    SeminarSession,
    SeminarSpeaker,
)


async def test_demo_seminars(demo_copy, database, settings, frozen_clock):
    frozen_clock.advance(days=400)  # every date follows the clock
    await demo_copy(database, settings)
    async with database.session(write=False) as db:
        seminars = {s.title: s for s in await db.scalars(select(Seminar))}
        regs = list(await db.scalars(select(SeminarRegistration)))
        sessions = list(await db.scalars(select(SeminarSession)))
        links = list(await db.scalars(select(SeminarRegistrationSession)))
        speakers = list(await db.scalars(select(SeminarSpeaker)))
        answers = list(await db.scalars(select(SeminarOrgAttendance)))
    tokyo = seminars["国際協力人材セミナー東京"]
    assert tokyo.status == "announced" and tokyo.starts_at > frozen_clock.current
    assert tokyo.apply_from <= frozen_clock.current < tokyo.apply_until
    counts = Counter((r.seminar_id, r.status) for r in regs)
    assert counts[(tokyo.id, "confirmed")] == tokyo.capacity == 220 and counts[(tokyo.id, "waiting")] > 0
    tracks = {s.track for s in sessions if s.seminar_id == tokyo.id}
    assert set("ABCDEFGH") <= tracks
    seated = Counter(link.session_id for link in links if link.status == "confirmed")
    assert all(seated[s.id] <= s.capacity for s in sessions if s.capacity)
    assert any(link.status == "waiting" for link in links)
    assert {s.request_status for s in speakers} == {"requested", "accepted", "declined"}
    assert len({r.receipt_no for r in regs}) == len(regs)
    organization = next(s for s in seminars.values() if s.kind == "organization")
    assert {a.answer for a in answers if a.seminar_id == organization.id} >= {"attend", "absent", "considering"}
    online = seminars["国際協力人材セミナー（オンライン）"]
    assert counts[(online.id, "confirmed")] < online.capacity
