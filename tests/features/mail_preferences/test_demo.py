"""Demo メール配信設定: a row for every demo 個人 and 団体, a mix of choices, the talent's 案内メール on."""

from __future__ import annotations

from sqlalchemy import select

from features.accounts import api as accounts
from features.mail_preferences import api
from features.mail_preferences.models import Category, MailPreference


async def test_every_demo_person_has_preferences_and_the_talent_keeps_guide_on(
    demo_copy, database, settings, frozen_clock
):
    await demo_copy(database, settings)
    async with database.session(write=False) as db:
        rows = list((await db.execute(select(MailPreference))).scalars())
        members = await accounts.member_roles(db)
        talent = await accounts.user_by_email(db, "talent@example.org")
        prefs = await api.preferences_of(db, settings, talent.id)
        off = await api.opted_out(db, settings, members, Category.GUIDE)
    assert {r.user_id for r in rows} == set(members)
    assert prefs[Category.GUIDE] is True and talent.id not in off
    for column in ("guide", "news", "alerts"):
        assert {getattr(r, column) for r in rows} == {None, True, False}
