"""メール相談利用アンケート: on the first day of a quarter, one survey for the previous quarter to
the people answered in it (each once, not those answered outside it, not those still waiting),
idempotent when the job runs again; and the audiences the survey builder offers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.mail import OutboxMail
from features.mail_consultation import service, survey
from features.surveys import api as surveys
from tests.features.mail_consultation.helpers import OTHER, PERSON, new_case, people, reviewed_case


async def _answer(database, settings, case_id: int) -> None:
    async with database.session() as db:
        await service.approve(db, settings, await service.case_by_id(db, case_id), "回答です。", "事務局")


async def _invitations(database, address: str) -> list[OutboxMail]:
    async with database.session(write=False) as db:
        rows = await db.execute(
            select(OutboxMail).where(OutboxMail.to_address == address, OutboxMail.subject.contains("アンケート"))
        )
        return list(rows.scalars())


def test_quarters_in_japan_time():
    assert survey.previous_quarter(datetime(2027, 1, 1).date()) == (2026, 4)
    assert survey.previous_quarter(datetime(2026, 10, 1).date()) == (2026, 3)
    start, end = survey.quarter_bounds(2026, 4)
    assert start == datetime(2026, 9, 30, 15, 0, tzinfo=UTC) and end == datetime(2026, 12, 31, 15, 0, tzinfo=UTC)


async def test_quarterly_survey_goes_once_to_those_answered_in_the_quarter(database, settings, frozen_clock):
    ids = await people(database)
    frozen_clock.current = datetime(2026, 9, 28, 1, 0, tzinfo=UTC)  # Q3
    outside = await reviewed_case(database, settings, ids)
    await _answer(database, settings, outside.id)  # answered in Q3 (the other person's is not)
    frozen_clock.current = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)  # Q4
    first = await reviewed_case(database, settings, ids)
    second = await reviewed_case(database, settings, ids)
    await _answer(database, settings, first.id)
    await _answer(database, settings, second.id)  # the same person twice: invited once
    await new_case(database, settings, ids[OTHER])  # not answered: not invited
    frozen_clock.current = datetime(2026, 12, 31, 14, 0, tzinfo=UTC)  # 23:00 JST on 31 December: still Q4
    async with database.session() as db:
        assert await survey.send_quarter_survey(db, settings) == 1  # Q3's survey: the Q3 answer
    q3 = await _invitations(database, PERSON)
    assert len(q3) == 1 and "第3四半期" in q3[0].body
    frozen_clock.current = datetime(2026, 12, 31, 15, 30, tzinfo=UTC)  # 00:30 JST on 1 January 2027
    async with database.session() as db:
        assert await survey.send_quarter_survey(db, settings) == 1
    async with database.session() as db:
        assert await survey.send_quarter_survey(db, settings) == 0  # the job runs again: nobody twice
    frozen_clock.advance(days=1)
    async with database.session() as db:
        assert await survey.send_quarter_survey(db, settings) == 0
    assert len(await _invitations(database, PERSON)) == len(q3) + 1
    assert await _invitations(database, OTHER) == []
    async with database.session(write=False) as db:
        summary = await surveys.survey_summary_for_owner(db, "mail_consultation:2026Q4")
    assert summary is not None and summary.invited == 1 and summary.status == "実施中"
    assert "2026年 第4四半期" in summary.title


async def test_audiences_and_recipients_for_the_survey_builder(database, settings, frozen_clock):
    ids = await people(database)
    frozen_clock.current = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    case = await reviewed_case(database, settings, ids)
    await _answer(database, settings, case.id)
    async with database.session(write=False) as db:
        audiences = await survey.survey_audiences(db, settings)
        recipients = await survey.survey_recipients(db, settings, "mail_consultation:answered:2026Q4")
        earlier = await survey.survey_recipients(db, settings, "mail_consultation:answered:2026Q3")
        foreign = await survey.survey_recipients(db, settings, "seminar:12:attended")
        nonsense = await survey.survey_recipients(db, settings, "mail_consultation:answered:2026Q9")
    assert audiences[0].key == "mail_consultation:answered:2026Q4" and len(audiences) == 4
    assert [(r.email, r.user_id, r.name) for r in recipients] == [(PERSON, ids[PERSON], "山田 太郎")]
    assert earlier == [] and foreign is None and nonsense is None
