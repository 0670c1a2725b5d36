"""Demo メール配信: three past mailings sent through the engine with figures, templates with history."""

from __future__ import annotations

from sqlalchemy import select

from features.mailings import api
from features.mailings.models import Mailing, MailingStatus, MailingTemplateVersion


async def test_demo_has_three_past_mailings_with_figures_and_templates_with_history(
    demo_copy, database, settings, frozen_clock
):
    await demo_copy(database, settings)
    async with database.session(write=False) as db:
        mailings = list(await db.scalars(select(Mailing).order_by(Mailing.send_at)))
        figures = [await api.mailing_figures(db, m.id) for m in mailings]
        templates = await api.list_templates(db)
        versions = list(await db.scalars(select(MailingTemplateVersion)))
    assert [m.status for m in mailings] == [MailingStatus.DONE] * 3
    assert all(m.approved_by != m.created_by for m in mailings)
    for f in figures:
        assert f.recipients > 0 and f.sent == f.queued > 0 and f.sent + f.suppressed == f.recipients
    assert any(f.suppressed for f in figures)  # preferences and 不達 of the demo people exclude some
    assert len(templates) == 3 and len(versions) > 3
