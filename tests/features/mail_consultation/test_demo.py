"""The demo メール相談: a dozen cases, every state, one overdue, two 回答テンプレート, and the
talent's answered case in their メールボックス."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from features.mail_consultation import service
from features.mail_consultation.models import CaseStatus, MailConsultation, ReplyTemplate
from features.messages.models import Message


async def test_demo_has_every_state_one_overdue_and_two_templates(demo_copy, database, settings, frozen_clock):
    await demo_copy(database, settings)
    async with database.session(write=False) as db:
        cases = list((await db.execute(select(MailConsultation))).scalars())
        templates = await db.scalar(select(func.count()).select_from(ReplyTemplate))
        answers = await db.scalar(select(func.count()).select_from(Message).where(Message.category == "メール相談"))
        queue = (await service.queue(db, settings)).items
    assert len(cases) == 12 and templates == 2
    assert set(Counter(c.status for c in cases)) == set(CaseStatus)
    assert [r.case.subject for r in queue if r.overdue] == ["開発コンサルタントへの転職について"]
    assert all(c.answer for c in cases if c.status in (CaseStatus.SENT, CaseStatus.CLOSED))
    assert answers >= 1
