"""The publication job: a 公募 made from a プレ公募 mails each follower once, when it becomes public."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from app import clock
from features.accounts.models import AccountStatus, Role, UserAccount
from features.recruitment import publication
from features.recruitment.models import Koubo, NoticeStatus, PreKoubo, PreKouboFollower
from tests.features.accounts.helpers import log_in, mails_to, make_user
from tests.features.recruitment.helpers import JICA_EMAIL, make_jica
from tests.features.recruitment.test_pre import approved_pre, followers, post


async def koubo_mails(database, email: str):
    return [m for m in await mails_to(database, email) if "公募が始まりました" in m.subject]


async def test_followers_are_mailed_once_when_the_koubo_is_published(client, database, settings, frozen_clock):
    _, jica = await make_jica(database)
    pre = await approved_pre(database, jica.id)
    people = [await make_user(database, f"p{i}@example.jp", Role.INDIVIDUAL) for i in range(4)]
    for person in people:
        await log_in(client, database, person.email)
        assert (await post(client, f"/koubo/pre/{pre.id}/follow")).status_code == 303
        await post(client, "/logout")
    await log_in(client, database, people[2].email)  # changes their mind
    assert (await post(client, f"/koubo/pre/{pre.id}/unfollow")).status_code == 303
    await post(client, "/logout")
    async with database.session() as db:  # 退会 without the erasers (say, suspended): no mail
        await db.execute(
            update(UserAccount).where(UserAccount.id == people[3].id).values(status=AccountStatus.SUSPENDED)
        )

    await log_in(client, database, JICA_EMAIL)
    assert (await post(client, f"/recruitment/pre/{pre.id}/koubo")).status_code == 303
    async with database.session() as db:
        koubo_id = (await db.get(PreKoubo, pre.id)).koubo_id
        deadline = frozen_clock() + timedelta(days=30)
        await db.execute(
            update(Koubo)
            .where(Koubo.id == koubo_id)
            .values(
                status=NoticeStatus.APPROVED,
                number="2026-JE-0123",
                deadline_at=deadline,
                publish_at=frozen_clock() + timedelta(hours=1),  # 掲載予定
                approved_at=frozen_clock(),
            )
        )
    async with database.session() as db:
        assert await publication.mark_published(db, settings) == 0
    for person in people:
        assert await koubo_mails(database, person.email) == []
    assert pre.title in (await client.get("/koubo/pre")).text  # still on show while 掲載予定

    frozen_clock.advance(hours=1, minutes=1)
    async with database.session() as db:
        assert await publication.mark_published(db, settings) == 1
    async with database.session() as db:
        assert await publication.mark_published(db, settings) == 0  # a second run (or worker) finds nothing
        assert (await db.get(Koubo, koubo_id)).published_at is not None
    expected_deadline = f"{deadline.astimezone(clock.JST):%Y年%-m月%-d日 %H:%M}"
    for person in people[:2]:
        [mail] = await koubo_mails(database, person.email)
        assert pre.title in mail.subject
        assert "公募番号：2026-JE-0123" in mail.body
        assert f"応募締切：{expected_deadline}（日本時間）" in mail.body
        assert f"http://testserver.local/koubo/{koubo_id}\n" in mail.body
    assert await koubo_mails(database, people[2].email) == []  # unfollowed
    assert await koubo_mails(database, people[3].email) == []  # no longer active
    rows = {f.user_id: f.notified_at for f in await followers(database)}
    assert set(rows) == {people[0].id, people[1].id, people[3].id} and all(rows.values())
    await post(client, "/logout")
    listed = await client.get("/koubo/pre")
    assert "<strong>0</strong>件のプレ公募情報" in listed.text  # the プレ公募 leaves the list with its 公募 out


async def test_a_koubo_without_a_pre_koubo_is_noted_and_mails_nobody(database, settings, frozen_clock):
    from tests.features.recruitment.helpers import make_koubo

    _, jica = await make_jica(database)
    koubo = await make_koubo(database, jica.id)
    async with database.session() as db:
        assert await publication.mark_published(db, settings) == 1
        assert (await db.get(Koubo, koubo.id)).published_at == frozen_clock()


async def test_a_follower_already_told_is_not_told_again(database, settings, frozen_clock):
    from tests.features.recruitment.helpers import make_koubo

    _, jica = await make_jica(database)
    pre = await approved_pre(database, jica.id)
    person = await make_user(database, "told@example.jp", Role.INDIVIDUAL)
    async with database.session() as db:
        db.add(
            PreKouboFollower(pre_koubo_id=pre.id, user_id=person.id, created_at=clock.now(), notified_at=clock.now())
        )
    await make_koubo(database, jica.id, pre_koubo_id=pre.id)
    async with database.session() as db:
        assert await publication.mark_published(db, settings) == 1
    assert await koubo_mails(database, person.email) == []
