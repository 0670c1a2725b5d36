"""The 団体's weekly 人材閲覧 digest: only people newly findable since the last digest, only those
the visibility rule allows when it is sent (not someone who turned プロフィール非公開 or withdrew),
never contact data — on both databases, with a controlled clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from features.accounts.models import AccountStatus, UserAccount
from features.saved_searches.service import pack_ids, unpack_ids
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in
from tests.features.saved_searches.helpers import alert_mails, post, run_alerts, searches
from tests.features.talent.helpers import as_org, build_resume

MONDAY_0705_JST = datetime(2026, 11, 22, 22, 5, tzinfo=UTC)


async def set_visibility(client, database, email: str, public: bool) -> None:
    await log_in(client, database, email)
    await post(
        client,
        "/mypage/resume/profile",
        {"visibility": "1" if public else "", "specialty_main": "health", "wish_location": "海外", "self_pr": "PR"},
    )
    await client.post("/logout", headers=csrf_headers(client))


def test_the_packed_ids_round_trip():
    assert unpack_ids(pack_ids([])) == set() and unpack_ids(None) == set()
    ids = [5, 1, 99_999, 3, 3, 100_000]
    assert unpack_ids(pack_ids(ids)) == {1, 3, 5, 99_999, 100_000}
    dense = pack_ids(range(1, 100_001))
    assert len(dense) < 2_000 and unpack_ids(dense) == set(range(1, 100_001))  # 100,000 people: a few hundred bytes


async def test_the_digest_lists_only_the_newly_findable_and_visible(client, database, settings, frozen_clock):
    known = await build_resume(client, database, "known@example.jp")
    await as_org(client, database)
    saved = await post(
        client,
        "/mypage/saved-searches",
        {"scope": "talent", "query": "sector=health", "name": "保健の経験者", "frequency": "weekly"},
    )
    assert saved.status_code == 303
    await client.post("/logout", headers=csrf_headers(client))
    frozen_clock.advance(hours=1)
    newcomer = await build_resume(client, database, "new@example.jp")
    hidden = await build_resume(client, database, "hidden@example.jp")
    gone = await build_resume(client, database, "gone@example.jp")
    other_field = await build_resume(client, database, "edu@example.jp", sector="education")
    await set_visibility(client, database, "hidden@example.jp", public=False)  # プロフィール非公開
    async with database.session() as db:  # 退会
        await db.execute(
            update(UserAccount).where(UserAccount.email == "gone@example.jp").values(status=AccountStatus.WITHDRAWN)
        )
    assert await run_alerts(database, settings) == 0  # Saturday: the digest goes out on Monday
    frozen_clock.current = MONDAY_0705_JST
    assert await run_alerts(database, settings) == 1
    (mail,) = await alert_mails(database)
    assert mail.to_address == "org@example.jp" and mail.campaign == "alert:talent"
    assert mail.subject == "【PARTNER】新着情報のお知らせ：保健の経験者（1件）"
    codes = set(re.findall(r"P\d{7}", mail.body))
    assert codes == {newcomer}, (codes, known, hidden, gone, other_field)
    assert f"http://testserver.local/talent/{newcomer}" in mail.body
    assert "保健医療 8年" in mail.body  # what 人材閲覧's list shows
    for contact in ("@example.jp", "山田", "太郎", "ヤマダ", "YAMADA"):  # never contact data or names
        assert contact not in mail.body.replace("org@example.jp", ""), contact
    assert await run_alerts(database, settings) == 0  # exactly once
    # Next week: the hidden person turns public again — newly findable, so reported then.
    await set_visibility(client, database, "hidden@example.jp", public=True)
    frozen_clock.advance(days=7)
    assert await run_alerts(database, settings) == 1
    latest = (await alert_mails(database))[-1]
    assert set(re.findall(r"P\d{7}", latest.body)) == {hidden}
    (search,) = await searches(database)
    assert len(unpack_ids(search.reported_ids)) == 3  # known, newcomer, hidden: who it finds now
    frozen_clock.advance(days=7)
    assert await run_alerts(database, settings) == 0  # nobody new: no mail


async def test_an_organization_that_may_no_longer_browse_gets_no_digest(client, database, settings, frozen_clock):
    from features.accounts.models import Organization

    await as_org(client, database)
    await post(
        client,
        "/mypage/saved-searches",
        {"scope": "talent", "query": "", "name": "全員", "frequency": "weekly"},
    )
    await client.post("/logout", headers=csrf_headers(client))
    frozen_clock.advance(hours=1)
    await build_resume(client, database, "new@example.jp")
    async with database.session() as db:
        await db.execute(update(Organization).values(org_type="簡易団体登録"))
    frozen_clock.current = MONDAY_0705_JST + timedelta(minutes=1)
    assert await run_alerts(database, settings) == 0
    assert await alert_mails(database) == []


async def test_the_digest_finds_whom_the_talent_page_finds(client, database):
    """The same parser and the same condition as 人材閲覧, compared over several queries."""
    from features.talent import api as talent
    from tests.features.talent.helpers import titles

    codes = {
        await build_resume(client, database, "a@example.jp"): "a@example.jp",
        await build_resume(client, database, "b@example.jp", sector="education", years="2"): "b@example.jp",
        await build_resume(client, database, "c@example.jp", public=False): "c@example.jp",
    }
    await as_org(client, database)
    async with database.session(write=False) as db:
        user_ids = {(await _user_id(db, email)): code for code, email in codes.items()}
    for query in (
        "",
        "sector=health",
        "sector=education&min_years=5",
        "language=fr",
        "keyword=母子保健",
        "sector=bogus",
    ):
        page = await client.get("/talent?" + query)
        async with database.session(write=False) as db:
            found = await talent.matching_user_ids(db, query)
        assert {user_ids[i] for i in found} == set(titles(page.text)), query


async def _user_id(db, email: str) -> int:
    from features.accounts import api as accounts

    return (await accounts.user_by_email(db, email)).id
