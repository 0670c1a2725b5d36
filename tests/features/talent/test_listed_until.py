"""resume.listed_until: the visibility rule folded into one indexed column by triggers (migration
0037_talent_search). Every change to an input shows in the search at once, whoever writes it, and
the column always agrees with the accounts slice's own rule."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app import clock
from app.config import Settings
from features.accounts import deceased, lifecycle, staff
from features.accounts import service as accounts
from features.accounts.models import Individual, Role, UserAccount
from features.talent import service
from features.talent.models import Resume
from tests.features.accounts.helpers import make_user

PR = "母子保健の改善に取り組みました。"


async def _person(database, email: str, *, public: bool = True) -> tuple[int, int]:
    """(user id, résumé id) of a registrant whose résumé is public or not."""
    await make_user(database, email)
    async with database.session() as db:
        user_id = (await db.execute(select(UserAccount.id).where(UserAccount.email == email))).scalar_one()
        resume = await service.resume_of(db, user_id, create=True)
        await service.save_profile(db, resume, _profile(public))
        return user_id, resume.id


def _profile(public: bool) -> dict:
    values = dict.fromkeys(
        ("specialty_main", "specialty_sub", "education_level", "wish_location", "wish_term", "available_from"), ""
    )
    return {
        **values,
        "visibility": "public" if public else "private",
        "self_pr": PR,
        "wish_employment": [],
        "wish_flexible": [],
    }


async def _found(database) -> set[int]:
    """Who the search finds, without and with a keyword, checked against the accounts rule itself."""
    async with database.session(write=False) as db:
        plain = {r.id for r in (await service.search(db, service.TalentFilters())).items}
        keyword = {r.id for r in (await service.search(db, service.TalentFilters(keyword="保健"))).items}
        rule = set(
            (
                await db.execute(
                    select(Resume.id).where(Resume.visibility == "public", accounts.findable(Resume.user_id))
                )
            ).scalars()
        )
    assert plain == keyword == rule
    return plain


async def test_every_change_to_the_rule_shows_in_the_search_at_once(database, frozen_clock):
    settings = Settings()
    admin = await make_user(database, "admin@example.jp", Role.SECRETARIAT)
    (a_user, a), (b_user, b) = await _person(database, "a@example.jp"), await _person(database, "b@example.jp")
    c_user, c = await _person(database, "c@example.jp", public=False)
    assert await _found(database) == {a, b}

    async with database.session() as db:  # a's registration ends tomorrow …
        individual = (await db.execute(select(Individual).where(Individual.user_id == a_user))).scalar_one()
        individual.expires_at = clock.now() + timedelta(days=1)
    assert await _found(database) == {a, b}
    frozen_clock.advance(days=2)  # … and the day after, nobody had to write anything
    assert await _found(database) == {b}
    async with database.session() as db:  # 延長登録
        await lifecycle.extend_registration(db, settings, a_user)
    assert await _found(database) == {a, b}

    async with database.session() as db:  # 物故, then the record revoked
        record = await deceased.record_death(db, b_user, died_on=None, source="テスト", actor_id=admin.id)
    assert await _found(database) == {a}
    async with database.session() as db:
        await deceased.revoke_record(db, record.id, reason="誤記録", actor_id=admin.id)
    assert await _found(database) == {a, b}

    async with database.session() as db:  # suspended by the secretariat, then restored
        await staff.set_suspended(db, a_user, True, acting_user_id=admin.id)
    assert await _found(database) == {b}
    async with database.session() as db:
        await staff.set_suspended(db, a_user, False, acting_user_id=admin.id)
    assert await _found(database) == {a, b}

    async with database.session() as db:  # プロフィール公開 ticked, then unticked
        await service.save_profile(db, await db.get(Resume, c), _profile(True))
    assert await _found(database) == {a, b, c}
    async with database.session() as db:
        await service.save_profile(db, await db.get(Resume, c), _profile(False))
    assert await _found(database) == {a, b}

    async with database.session() as db:  # a bulk UPDATE that no service sees: the triggers still do
        await db.execute(update(Individual).where(Individual.user_id == b_user).values(kind="簡易登録"))
        await db.execute(update(UserAccount).where(UserAccount.id == c_user).values(status="suspended"))
    assert await _found(database) == {a}
    async with database.session() as db:  # a withdrawn person's résumé goes with them
        await service.erase_resume(db, settings, a_user)
    assert await _found(database) == set()
