"""The demo's past seminar: 後処理完了 with 120 registrations, about 80% attendance, survey answers
from attendees only, a published report, and a 報告書 that builds."""

from __future__ import annotations

from sqlalchemy import select

from features.seminars import analysis, seminar_report
from features.seminars.models import Seminar
from features.seminars.routes_followup import build_report_pdf
from features.surveys import api as surveys


async def test_the_past_seminar_has_everything_after(demo_copy, database, settings, frozen_clock):
    await demo_copy(database, settings)
    async with database.session(write=False) as db:
        past = await db.scalar(select(Seminar).where(Seminar.title == "国際協力人材セミナー大阪"))
        assert past.status == "done" and past.ends_at < frozen_clock.current
        result = await analysis.analyse(db, past)
        assert result.total + result.attendance.cancelled == 120
        assert 0.7 <= result.attendance.rate / 100 <= 0.9
        summary = await surveys.survey_summary(db, past.survey_id)
        assert summary.invited == result.attendance.attended and summary.answered > 0
        assert await seminar_report.is_published(db, past.id)
        assert len(await build_report_pdf(db, past)) > 10_000
