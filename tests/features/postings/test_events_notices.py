"""研修・イベント・セミナー情報 and 団体からのお知らせ: the same life with their own fields."""

from __future__ import annotations

from datetime import timedelta

from app.clock import JST
from features.postings import service
from features.postings.models import Posting, PostingKind, PostingStatus
from tests.features.accounts.helpers import mails_to
from tests.features.postings.helpers import as_organization, post_form, postings


def event_form(now, **changes) -> dict:
    day = lambda d: (now + timedelta(days=d)).astimezone(JST)  # noqa: E731
    data = {
        "title": "国際協力キャリアセミナー 保健分野",
        "event_type": "セミナー",
        "sector": "health",
        "starts_at": day(20).strftime("%Y-%m-%dT14:00"),
        "ends_at": day(20).strftime("%Y-%m-%dT16:00"),
        "venue_kind": "online",
        "audience": "学生・社会人",
        "capacity": "１００",
        "fee": "無料",
        "closes_on": day(18).date().isoformat(),
        "publish_at": day(1).strftime("%Y-%m-%dT09:00"),
        "description": "保健分野で働く専門家が登壇します。",
        "contact": "seminar@example.org",
        "application_method": "other",
        "other_instructions": "メールでお申し込みください。",
    }
    data.update(changes)
    return data


def notice_form(now, **changes) -> dict:
    today = now.astimezone(JST).date()
    data = {
        "title": "事務所移転のお知らせ",
        "body": "12月から新事務所で業務を行います。",
        "opens_on": (today + timedelta(days=1)).isoformat(),
        "closes_on": (today + timedelta(days=30)).isoformat(),
        "url": "https://www.example.org/news",
    }
    data.update(changes)
    return data


async def submit(client, slug: str, data: dict, button: str = "submit"):
    return await post_form(client, slug, data, button)


async def approve_all(database, settings) -> None:
    async with database.session() as db:
        for posting in await service.review_queue(db):
            await service.approve(db, settings, await db.get(Posting, posting.id))


async def test_event_from_form_to_public(client, database, settings, frozen_clock):
    await as_organization(client, database)
    page = await client.get("/postings/events/new")
    assert "研修・イベント・セミナー情報掲載" in page.text and "開催日時（開始）" in page.text
    incomplete = await submit(client, "events", {"title": "途中"}, "confirm")
    assert incomplete.status_code == 422 and "種別を選択してください。" in incomplete.text
    bad = await submit(
        client,
        "events",
        event_form(
            frozen_clock(), venue_kind="venue", closes_on=(frozen_clock() + timedelta(days=25)).date().isoformat()
        ),
        "confirm",
    )
    assert (
        "会場で開催する場合は会場を入力してください。" in bad.text
        and "申込締切は開催日以前にしてください。" in bad.text
    )
    confirm = await submit(client, "events", event_form(frozen_clock()), "confirm")
    assert "研修・イベント・セミナー情報 内容確認" in confirm.text
    done = await submit(client, "events", event_form(frozen_clock()))
    assert done.status_code == 303
    [posting] = await postings(database)
    assert posting.kind == PostingKind.EVENT and posting.status == PostingStatus.PENDING
    assert (
        "研修・イベント・セミナー情報の掲載申請を受け付けました"
        in (await mails_to(database, "org@example.jp"))[-1].subject
    )
    await approve_all(database, settings)
    frozen_clock.advance(days=1, hours=1)
    search = await client.get("/events", params={"event_type": "セミナー", "keyword": "保健"})
    assert "国際協力キャリアセミナー 保健分野" in search.text
    detail = await client.get(f"/events/{posting.id}")
    assert detail.status_code == 200 and "オンライン" in detail.text and "100名" in detail.text
    assert (await client.get(f"/jobs/{posting.id}")).status_code == 404  # an event is not a job
    frozen_clock.advance(days=18)  # past the 申込締切
    assert (await client.get(f"/events/{posting.id}")).status_code == 404


async def test_notice_uses_the_manual_screens_and_period(client, database, settings, frozen_clock):
    await as_organization(client, database)
    page = await client.get("/postings/notices/new")
    assert "団体からのお知らせ情報登録" in page.text
    confirm = await submit(client, "notices", notice_form(frozen_clock()), "confirm")
    assert "団体からのお知らせ 登録・編集" in confirm.text and "掲載申請する" in confirm.text
    long_period = notice_form(frozen_clock(), closes_on=(frozen_clock() + timedelta(days=400)).date().isoformat())
    assert "掲載期間は1年以内" in (await submit(client, "notices", long_period, "confirm")).text
    await submit(client, "notices", notice_form(frozen_clock()))
    await approve_all(database, settings)
    assert "事務所移転のお知らせ" not in (await client.get("/notices")).text  # its period has not begun
    frozen_clock.advance(days=1)
    listed = await client.get("/notices")
    assert "事務所移転のお知らせ" in listed.text and "org@example.jp の団体" in listed.text
    [posting] = await postings(database)
    assert "https://www.example.org/news" in (await client.get(f"/notices/{posting.id}")).text
    frozen_clock.advance(days=30)
    assert "事務所移転のお知らせ" not in (await client.get("/notices")).text


async def test_kinds_stay_apart_for_the_organization(client, database, frozen_clock):
    await as_organization(client, database)
    await submit(client, "notices", notice_form(frozen_clock()), "save")
    [notice] = await postings(database)
    assert (await client.get(f"/postings/jobs/{notice.id}/edit")).status_code == 404
    assert (await client.get(f"/postings/notices/{notice.id}/edit")).status_code == 200
    assert "事務所移転のお知らせ" not in (await client.get("/postings/jobs")).text
    assert "事務所移転のお知らせ" in (await client.get("/postings/notices")).text
    assert (await client.get("/postings/unknown")).status_code == 404
