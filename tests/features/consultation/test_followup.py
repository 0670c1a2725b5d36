"""キャリア相談フォローアンケート: once a year to the people who consulted in the 年度 — not the
無断欠席, not the cancelled, each person once, and a second run invites nobody."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from features.consultation import followup, service
from features.surveys import api as surveys
from tests.features.accounts.helpers import mails_to
from tests.features.consultation.helpers import book, make_counselor, make_person, make_slot


async def _consultations(database, settings, frozen_clock):
    counselor = await make_counselor(database)
    held = await make_person(database, "held@example.jp")
    twice = await make_person(database, "twice@example.jp")
    absent = await make_person(database, "absent@example.jp")
    cancelled = await make_person(database, "cancelled@example.jp")
    start = frozen_clock.current
    slots = [await make_slot(database, counselor.id, start + timedelta(days=2, hours=2 * i)) for i in range(5)]
    await book(database, settings, held.id, slots[0].id, category="語学")
    await book(database, settings, twice.id, slots[1].id)
    await book(database, settings, twice.id, slots[2].id, category="応募書類")
    no_show = await book(database, settings, absent.id, slots[3].id)
    gone = await book(database, settings, cancelled.id, slots[4].id)
    async with database.session() as db:
        await service.cancel_by_person(db, settings, cancelled.id, gone.id)
    frozen_clock.advance(days=3)
    async with database.session() as db:
        await service.mark_no_show(db, settings, counselor.id, no_show.id)


async def test_the_followup_survey_goes_once_to_those_who_consulted(database, settings, frozen_clock):
    await _consultations(database, settings, frozen_clock)
    async with database.session() as db:
        assert await followup.send_followup_survey(db, settings) == 0  # not the day
    frozen_clock.current = datetime(2027, 3, 1, 0, 20, tzinfo=UTC)  # 09:20 in Japan, 2026年度
    async with database.session() as db:
        assert await followup.send_followup_survey(db, settings) == 2
    async with database.session() as db:
        assert await followup.send_followup_survey(db, settings) == 0  # the job ran twice
    async with database.session(write=False) as db:
        summary = await surveys.survey_summary_for_owner(db, "consultation:followup:2026")
    assert summary is not None and summary.invited == 2 and summary.status == "実施中"
    assert "フォローアンケート" in summary.title
    for email, expected in (
        ("held@example.jp", 1),
        ("twice@example.jp", 1),
        ("absent@example.jp", 0),
        ("cancelled@example.jp", 0),
    ):
        invitations = [m for m in await mails_to(database, email) if "アンケート" in m.subject]
        assert len(invitations) == expected, email


async def test_the_survey_builder_can_target_the_people_who_consulted(database, settings, frozen_clock):
    await _consultations(database, settings, frozen_clock)
    async with database.session(write=False) as db:
        audiences = await followup.survey_audiences(db, settings)
        recipients = await followup.survey_recipients(db, settings, "consultation:2026")
        assert await followup.survey_recipients(db, settings, "seminar:12:attended") is None
        assert await followup.survey_recipients(db, settings, "consultation:2025") == []
    assert [a.label for a in audiences] == ["対面相談を利用した人 (2026年度)", "対面相談を利用した人 (2025年度)"]
    assert sorted(r.email for r in recipients) == ["held@example.jp", "twice@example.jp"]
    assert {r.email: r.attributes["相談区分"] for r in recipients}["twice@example.jp"] == "応募書類"  # the latest


async def test_the_survey_builder_finds_the_audience_through_the_slice_registry(database, settings, frozen_clock):
    from app import slices

    await _consultations(database, settings, frozen_clock)
    async with database.session(write=False) as db:
        labels = [a.label for answer in await slices.ask_all("survey_audiences", db, settings) for a in answer]
        answers = await slices.ask_all("survey_recipients", db, settings, "consultation:2026")
    assert "対面相談を利用した人 (2026年度)" in labels
    ours = [answer for answer in answers if answer is not None]
    assert len(ours) == 1 and len(ours[0]) == 2
