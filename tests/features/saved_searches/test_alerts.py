"""新着情報のお知らせ: the alert job with a controlled clock (no sleeps) on both databases — only new
matches (nothing when none), the page's own search logic, 毎日 vs 毎週, exactly once, the
preference and the suppressions at send time, the unsubscribe headers in the SMTP sink."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from app import clock
from app.mail import deliver
from features.accounts.models import AccountStatus, Role, UserAccount
from features.bounces.models import BouncedAddress
from features.mail_preferences import api as mail_preferences
from features.postings import api as postings
from features.postings.alerts import search_filters
from features.postings.models import PostingKind
from features.saved_searches import alerts
from features.saved_searches.models import SavedSearch
from tests.features.accounts.helpers import log_in, make_user
from tests.features.postings.helpers import organization_for
from tests.features.recruitment.helpers import make_jica, make_koubo
from tests.features.saved_searches.helpers import (
    ORG,
    PERSON,
    alert_mails,
    post,
    publish,
    run_alerts,
    searches,
)

# The frozen clock starts on Saturday 2026-11-21 12:00 JST; daily_time 07:00, weekly on Monday.
SUNDAY_0800_JST = datetime(2026, 11, 21, 23, 0, tzinfo=UTC)
MONDAY_0705_JST = datetime(2026, 11, 22, 22, 5, tzinfo=UTC)


async def setup(client, database, *searches_to_save: tuple[str, str, str, str]) -> int:
    await make_user(database, ORG, Role.ORGANIZATION)
    user = await make_user(database, PERSON)
    await log_in(client, database, PERSON)
    for scope, query, name, frequency in searches_to_save:
        response = await post(
            client, "/mypage/saved-searches", {"scope": scope, "query": query, "name": name, "frequency": frequency}
        )
        assert response.status_code == 303
    return user.id


def test_the_sending_moments_follow_the_japan_time_settings(settings):
    marks = alerts.boundaries(settings, datetime(2026, 11, 21, 3, 0, tzinfo=UTC))  # Sat 12:00 JST
    assert marks["daily"] == datetime(2026, 11, 20, 22, 0, tzinfo=UTC)  # Sat 07:00 JST
    assert marks["weekly"] == datetime(2026, 11, 15, 22, 0, tzinfo=UTC)  # Mon 16th 07:00 JST
    before_seven = alerts.boundaries(settings, datetime(2026, 11, 22, 21, 59, tzinfo=UTC))  # Mon 06:59 JST
    assert before_seven["daily"] == datetime(2026, 11, 21, 22, 0, tzinfo=UTC)
    assert before_seven["weekly"] == datetime(2026, 11, 15, 22, 0, tzinfo=UTC)
    settings.saved_searches.daily_time = "18:30"
    settings.saved_searches.weekly_weekday = 4  # Friday
    marks = alerts.boundaries(settings, datetime(2026, 11, 21, 3, 0, tzinfo=UTC))
    assert marks["daily"] == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)  # Fri 18:30 JST
    assert marks["weekly"] == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


async def test_only_new_matches_are_mailed_once_and_nothing_when_there_are_none(
    client, database, settings, frozen_clock
):
    user_id = await setup(client, database, ("jobs", "sector=health", "保健の求人", "daily"))
    organization = await organization_for(database, ORG)
    await publish(
        database,
        organization.id,
        title="以前からある保健の求人",
        sector="health",
        published_at=clock.now() - timedelta(hours=1),
    )
    frozen_clock.advance(hours=1)
    await publish(database, organization.id, title="ケニア 保健プロジェクト", sector="health", country="KE")
    await publish(database, organization.id, title="カンボジア 教育支援", sector="education")
    assert await run_alerts(database, settings) == 0  # Saturday 13:00 JST: not yet due
    frozen_clock.current = SUNDAY_0800_JST
    assert await run_alerts(database, settings) == 1
    (mail,) = await alert_mails(database)
    assert mail.subject == "【PARTNER】新着情報のお知らせ：保健の求人（1件）"
    assert "ケニア 保健プロジェクト" in mail.body and "教育支援" not in mail.body and "以前からある" not in mail.body
    assert "http://testserver.local/jobs/" in mail.body and "http://testserver.local/jobs?sector=health" in mail.body
    assert mail_preferences.unsubscribe_url(settings, user_id, mail_preferences.Category.ALERTS) in mail.body
    assert mail.campaign == "alert:daily"
    assert await run_alerts(database, settings) == 0  # a second run sends nothing twice
    frozen_clock.advance(days=1)  # Monday 08:00 JST: nothing new since Sunday's alert
    assert await run_alerts(database, settings) == 0
    assert len(await alert_mails(database)) == 1
    (saved,) = await searches(database)
    assert saved.last_alerted_at == datetime(2026, 11, 22, 22, 0, tzinfo=UTC)  # the watermark moved anyway


async def test_daily_and_weekly_go_out_on_their_own_days(client, database, settings, frozen_clock):
    await setup(client, database, ("jobs", "", "毎日の条件", "daily"), ("jobs", "", "毎週の条件", "weekly"))
    organization = await organization_for(database, ORG)
    frozen_clock.advance(minutes=5)
    await publish(database, organization.id, title="新しい求人")
    frozen_clock.current = SUNDAY_0800_JST
    assert await run_alerts(database, settings) == 1
    assert [m.subject for m in await alert_mails(database)] == ["【PARTNER】新着情報のお知らせ：毎日の条件（1件）"]
    frozen_clock.current = MONDAY_0705_JST
    await run_alerts(database, settings)
    weekly = [m for m in await alert_mails(database) if m.campaign == "alert:weekly"]
    assert [m.subject for m in weekly] == ["【PARTNER】新着情報のお知らせ：毎週の条件（1件）"]
    assert await run_alerts(database, settings) == 0


async def test_a_lost_claim_or_a_replayed_run_never_sends_twice(client, database, settings, frozen_clock):
    await setup(client, database, ("jobs", "", "条件", "daily"))
    organization = await organization_for(database, ORG)
    frozen_clock.advance(minutes=5)
    await publish(database, organization.id, title="新しい求人")
    frozen_clock.current = SUNDAY_0800_JST
    (saved,) = await searches(database)
    old_mark = saved.last_alerted_at
    assert await run_alerts(database, settings) == 1
    # A second worker that read the search before the first one committed: its claim finds the
    # watermark moved, and even with the watermark put back the keyed Message-ID is already queued.
    async with database.session() as db:
        await db.execute(update(SavedSearch).values(last_alerted_at=old_mark))
    assert await run_alerts(database, settings) == 0
    assert len(await alert_mails(database)) == 1


async def test_at_most_max_items_per_mail_with_a_link_to_the_rest(client, database, settings, frozen_clock):
    settings.saved_searches.max_items_per_mail = 2
    await setup(client, database, ("jobs", "keyword=求人", "条件", "daily"))
    organization = await organization_for(database, ORG)
    for n in range(3):
        frozen_clock.advance(minutes=5)
        await publish(database, organization.id, title=f"求人{n}")
    frozen_clock.current = SUNDAY_0800_JST
    assert await run_alerts(database, settings) == 1
    (mail,) = await alert_mails(database)
    assert (
        "（3件）" in mail.subject and "■ 求人2" in mail.body and "■ 求人1" in mail.body and "■ 求人0" not in mail.body
    )
    assert "ほか 1件は、検索結果のページでご覧ください。" in mail.body
    assert "http://testserver.local/jobs?keyword=%E6%B1%82%E4%BA%BA" in mail.body


async def test_opted_out_suppressed_and_inactive_people_get_nothing(client, database, settings, frozen_clock):
    user_id = await setup(client, database, ("jobs", "", "条件", "daily"))
    organization = await organization_for(database, ORG)
    frozen_clock.advance(minutes=5)
    await publish(database, organization.id, title="新しい求人")
    frozen_clock.current = SUNDAY_0800_JST
    async with database.session() as db:
        await mail_preferences.set_preference(db, user_id, mail_preferences.Category.ALERTS, False)
    assert await run_alerts(database, settings) == 0
    for block in ("suppressed", "withdrawn"):
        frozen_clock.advance(minutes=1)
        await publish(database, organization.id, title=f"もう一つ {block}")
        frozen_clock.advance(days=1)
        async with database.session() as db:
            await mail_preferences.set_preference(db, user_id, mail_preferences.Category.ALERTS, True)
            if block == "suppressed":
                now = clock.now()
                db.add(BouncedAddress(address=PERSON, kind="hard", first_seen=now, last_seen=now, suppressed_at=now))
            else:
                await db.execute(
                    update(UserAccount).where(UserAccount.id == user_id).values(status=AccountStatus.WITHDRAWN)
                )
        assert await run_alerts(database, settings) == 0, block
    assert await alert_mails(database) == []


async def test_the_alert_reaches_the_smtp_server_with_the_unsubscribe_headers(
    client, database, settings, frozen_clock, smtp
):
    user_id = await setup(client, database, ("events", "event_type=研修", "研修", "weekly"))
    organization = await organization_for(database, ORG)
    frozen_clock.advance(minutes=5)
    await publish(database, organization.id, kind=PostingKind.EVENT, title="保健分野の研修", event_type="研修")
    await publish(database, organization.id, kind=PostingKind.EVENT, title="キャリアセミナー", event_type="セミナー")
    frozen_clock.current = MONDAY_0705_JST
    assert await run_alerts(database, settings) == 1
    settings.mail.transport = "smtp"
    settings.mail.smtp_host = "127.0.0.1"
    settings.mail.smtp_port = smtp.port
    await deliver(database, settings, [m.id for m in await alert_mails(database)])
    (received,) = smtp.wait_for(1)
    headers = mail_preferences.unsubscribe_headers(settings, user_id, mail_preferences.Category.ALERTS)
    folded = " ".join(str(received.message["List-Unsubscribe"]).split())  # a long header comes folded
    assert folded == headers["List-Unsubscribe"]
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received.recipients == [PERSON]
    assert "保健分野の研修" in received.body and "キャリアセミナー" not in received.body
    assert "http://testserver.local/events/" in received.body


async def test_koubo_alerts_use_the_koubo_page_logic(client, database, settings, frozen_clock):
    await setup(client, database, ("koubo", "sector=education", "教育の公募", "daily"))
    _, jica = await make_jica(database)
    frozen_clock.advance(minutes=5)
    await make_koubo(
        database, jica.id, serial=1, title="教育政策アドバイザー", sector="education", published_at=clock.now()
    )
    await make_koubo(
        database, jica.id, serial=2, title="保健医療政策アドバイザー", sector="health", published_at=clock.now()
    )
    frozen_clock.current = SUNDAY_0800_JST
    assert await run_alerts(database, settings) == 1
    (mail,) = await alert_mails(database)
    assert "教育政策アドバイザー" in mail.body and "保健医療" not in mail.body
    assert "http://testserver.local/koubo/" in mail.body


async def test_the_alert_finds_what_the_page_finds(client, database, frozen_clock):
    """The same parser and the same condition as 求人情報を探す: compared over several queries."""
    await setup(client, database)
    organization = await organization_for(database, ORG)
    since = clock.now() - timedelta(days=1)
    await publish(database, organization.id, title="ケニア 保健", sector="health", country="KE", flexible_work=[])
    await publish(database, organization.id, title="カンボジア 教育", sector="education", country="KH")
    await publish(
        database,
        organization.id,
        title="ラオス 教育 正職員",
        sector="education",
        country="LA",
        employment_type="正職員",
    )
    for query in (
        "",
        "sector=health",
        "keyword=教育",
        "country=KH",
        "employment_type=正職員",
        "flexible_work=remote",
        "sector=bogus",
    ):
        page = await client.get("/jobs", params=[tuple(p.split("=")) for p in query.split("&") if p])
        import re

        on_page = set(re.findall(r'<h2><a href="/jobs/\d+">([^<]+)</a></h2>', page.text))
        async with database.session(write=False) as db:
            found = await postings.new_matches(db, PostingKind.JOB, query, since, clock.now(), limit=50)
        assert {m.title for m in found.items} == on_page, query
        assert search_filters(PostingKind.JOB, query).kind == PostingKind.JOB


async def test_bounce_rates_name_the_alert_campaigns(database):
    async with database.session(write=False) as db:
        labels = await alerts.campaign_labels(db, ["alert:daily", "mailing:3"])
    assert labels == {"alert:daily": "新着情報のお知らせ（毎日）"}


async def test_two_workers_at_once_send_one_mail(client, database, settings, frozen_clock):
    import asyncio

    await setup(client, database, ("jobs", "", "条件", "daily"))
    organization = await organization_for(database, ORG)
    frozen_clock.advance(minutes=5)
    await publish(database, organization.id, title="新しい求人")
    frozen_clock.current = SUNDAY_0800_JST
    results = await asyncio.gather(run_alerts(database, settings), run_alerts(database, settings))
    assert sorted(results) == [0, 1]
    assert len(await alert_mails(database)) == 1
