"""物故 everywhere a person appears to organizations (issue 16 item 4): 人材閲覧 search and detail,
気になる, オファーメール and the mailing audience lose the person at once; 取消 brings them back."""

from __future__ import annotations

from sqlalchemy import select

from app.mail import OutboxMail
from features.accounts import api as accounts
from features.accounts import deceased
from features.accounts.models import Role, UserAccount
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user
from tests.features.talent.helpers import TALENT, as_org, build_resume, post, titles


async def _user_id(database, email: str) -> int:
    async with database.session(write=False) as db:
        return (await db.execute(select(UserAccount.id).where(UserAccount.email == email))).scalar_one()


async def test_a_deceased_person_leaves_search_favorites_offers_and_mailings_and_returns_on_revoke(client, database):
    code = await build_resume(client, database)
    person_id = await _user_id(database, TALENT)
    staff = await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await as_org(client, database)
    assert code in titles((await client.get("/talent", params={"keyword": "保健"})).text)
    assert (await post(client, f"/talent/{code}/favorite", {})).status_code == 303
    assert code in (await client.get("/talent/favorites")).text
    async with database.session(write=False) as db:
        audience_before = await accounts.count_individuals(db, accounts.PersonCriteria())

    async with database.session() as db:
        record = await deceased.record_death(db, person_id, died_on=None, source="訃報", actor_id=staff.id)

    assert code not in titles((await client.get("/talent", params={"keyword": "保健"})).text)
    assert code not in titles((await client.get("/talent")).text)
    assert (await client.get(f"/talent/{code}")).status_code == 404
    assert code not in (await client.get("/talent/favorites")).text
    offer = await client.post(
        "/mail/send",
        data={"mode": "offer", "to": [code], "subject": "オファー", "body": "{氏名} 様"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert offer.status_code == 422 and "送信できる宛先がありません。" in offer.text
    async with database.session(write=False) as db:
        offers = await db.scalar(
            select(OutboxMail.id).where(OutboxMail.to_address == TALENT, OutboxMail.subject.contains("オファー"))
        )
        assert offers is None  # (the login code mailed while the résumé was built is the only mail)
        assert await accounts.count_individuals(db, accounts.PersonCriteria()) == audience_before - 1

    async with database.session() as db:
        await deceased.revoke_record(db, record.id, reason="別人でした", actor_id=staff.id)
    assert code in titles((await client.get("/talent", params={"keyword": "保健"})).text)
    assert code in (await client.get("/talent/favorites")).text  # the 気になる was kept, not deleted


async def test_a_deceased_person_cannot_log_in(client, database):
    await build_resume(client, database)
    person_id = await _user_id(database, TALENT)
    staff = await make_user(database, "office@example.jp", Role.SECRETARIAT)
    async with database.session() as db:
        await deceased.record_death(db, person_id, died_on=None, source="訃報", actor_id=staff.id)
    try:
        await log_in(client, database, TALENT)
        raise AssertionError("a 物故 account logged in")
    except AssertionError as refused:
        assert "logged in" not in str(refused)
