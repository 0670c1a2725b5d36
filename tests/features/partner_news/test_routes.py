"""The secretariat's pages (list, one issue: リード文, 上へ/下へ, 削除, プレビュー, 承認) and the public
back issues, over HTTP: without JavaScript (303 + flash) and as htmx fragments."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from features.partner_news.models import NewsIssue, NewsIssueItem
from tests.features.partner_news.helpers import (
    THU_1,
    approve,
    as_office,
    issues,
    organization,
    post,
    posting,
    run_assembly,
    site_news,
    staff,
    titles,
)

HTMX = {"HX-Request": "true", "HX-Target": "issue-sections"}


async def _draft(database, settings, frozen_clock) -> NewsIssue:
    org = await organization(database)
    frozen_clock.current = THU_1
    for n, hours in ((1, 30), (2, 20), (3, 10)):
        await posting(database, org, f"求人{n}", THU_1 - timedelta(hours=hours))
    await site_news(database, "事務局のお知らせ", THU_1 - timedelta(hours=5))
    await run_assembly(database, settings)
    frozen_clock.current = THU_1 + timedelta(hours=1)
    [issue] = await issues(database)
    return issue


async def _items(database, issue_id: int) -> dict[str, int]:
    async with database.session(write=False) as db:
        return {
            i.title: i.id for i in await db.scalars(select(NewsIssueItem).where(NewsIssueItem.issue_id == issue_id))
        }


async def test_the_issue_page_shows_sections_and_the_staff_list_links_it(client, database, settings, frozen_clock):
    issue = await _draft(database, settings, frozen_clock)
    await as_office(client, database)
    listing = (await client.get("/admin/partner-news")).text
    assert "<caption>PARTNERニュースの号 1件（新しい順）</caption>" in listing and "下書き" in listing
    assert f'href="/admin/partner-news/{issue.id}">第1号</a>' in listing and "4件" in listing
    assert "PARTNERニュース" in (await client.get("/mypage")).text  # the staff's menu entry
    page = (await client.get(f"/admin/partner-news/{issue.id}")).text
    assert "<h1>PARTNERニュース第1号</h1>" in page
    assert page.index("求人1") < page.index("求人2") < page.index("求人3") < page.index("事務局のお知らせ")
    assert '<h3 id="s-jobs">求人情報（3件）</h3>' in page and "事務局からのお知らせ（1件）" in page
    assert "上へ<span class=\"visually-hidden\">：求人2</span>" in page


async def test_an_empty_or_unknown_merge_field_lead_is_refused_with_422(client, database, settings, frozen_clock):
    issue = await _draft(database, settings, frozen_clock)
    await as_office(client, database)
    path = f"/admin/partner-news/{issue.id}/lead"
    empty = await post(client, path, {"lead": "　"})
    assert empty.status_code == 422 and "リード文を入力してください。" in empty.text
    assert 'class="error-summary"' in empty.text and 'aria-invalid="true"' in empty.text
    unknown = await post(client, path, {"lead": "{団体名} 御中 {名前}"})
    assert unknown.status_code == 422
    assert "使えない差し込み項目" in unknown.text or "使えません" in unknown.text
    assert "{団体名} 御中 {名前}</textarea>" in unknown.text  # the value is kept
    ok = await post(client, path, {"lead": "{氏名} 様\n今週もお届けします。"})
    assert ok.status_code == 303 and ok.headers["location"] == f"/admin/partner-news/{issue.id}"
    page = (await client.get(ok.headers["location"])).text
    assert "第1号のリード文を保存しました。" in page and "{氏名} 様\n今週もお届けします。</textarea>" in page


async def test_reordering_and_removing_without_javascript(client, database, settings, frozen_clock):
    issue = await _draft(database, settings, frozen_clock)
    office = await as_office(client, database)
    ids = await _items(database, issue.id)
    base = f"/admin/partner-news/{issue.id}"
    moved = await post(client, f"{base}/items/{ids['求人3']}/up")
    assert moved.status_code == 303 and moved.headers["location"].endswith("#issue-sections")
    assert "「求人3」を上へ移動しました。" in (await client.get(f"{base}")).text
    assert (await titles(database, issue.id))["jobs"] == ["求人1", "求人3", "求人2"]
    await post(client, f"{base}/items/{ids['求人1']}/down")
    await post(client, f"{base}/items/{ids['求人2']}/down")  # already last: nothing moves
    assert (await titles(database, issue.id))["jobs"] == ["求人3", "求人1", "求人2"]
    await post(client, f"{base}/sections/secretariat/up")
    page = (await client.get(base)).text
    assert page.index("事務局からのお知らせ（1件）") < page.index("求人情報（3件）")
    await post(client, f"{base}/items/{ids['求人1']}/remove")
    assert (await titles(database, issue.id))["jobs"] == ["求人3", "求人2"]
    await post(client, f"{base}/items/{ids['事務局のお知らせ']}/remove")
    assert "secretariat" not in await titles(database, issue.id)  # an emptied section goes too
    assert "事務局からのお知らせ（" not in (await client.get(base)).text
    [issue] = await issues(database)
    assert issue.edited_by == office
    assert (await post(client, f"{base}/items/999999/up")).status_code == 404
    assert (await post(client, f"{base}/sections/nope/up")).status_code == 404


async def test_htmx_gets_the_sections_fragment(client, database, settings, frozen_clock):
    issue = await _draft(database, settings, frozen_clock)
    await as_office(client, database)
    ids = await _items(database, issue.id)
    response = await post(client, f"/admin/partner-news/{issue.id}/items/{ids['求人2']}/up", **HTMX)
    assert response.status_code == 200 and response.headers["vary"] == "HX-Request"
    html = response.text
    assert not html.lstrip().startswith("<!DOCTYPE") and "<html" not in html and "<h1>" not in html
    assert html.lstrip().startswith(
        '<section aria-labelledby="sections-title" data-announce="「求人2」を上へ移動しました。"'
    )
    assert html.index("求人2") < html.index("求人1")
    assert 'name="_csrf_token"' in html and 'hx-post="/admin/partner-news/' in html
    whole = await client.get(f"/admin/partner-news/{issue.id}", headers=HTMX)
    assert whole.status_code == 200 and "<h1>" not in whole.text and 'id="s-jobs"' in whole.text


async def test_approval_records_who_and_freezes_the_issue(client, database, settings, frozen_clock):
    issue = await _draft(database, settings, frozen_clock)
    office = await as_office(client, database)
    base = f"/admin/partner-news/{issue.id}"
    refused = await post(client, f"{base}/approve")
    assert refused.status_code == 422 and "リード文を入力してください。" in refused.text
    await post(client, f"{base}/lead", {"lead": "{氏名} 様\n今週の号です。"})
    approved = await post(client, f"{base}/approve")
    assert approved.status_code == 303
    page = (await client.get(base)).text
    assert "第1号を承認しました。2026年12月4日 10:00に配信されます。" in page and "承認を取り消す" in page
    [issue] = await issues(database)
    assert (issue.status, issue.approved_by) == ("approved", office)
    ids = await _items(database, issue.id)
    assert (await post(client, f"{base}/items/{ids['求人2']}/up")).status_code == 409
    assert (await post(client, f"{base}/lead", {"lead": "変更"})).status_code == 409
    assert (await post(client, f"{base}/approve")).status_code == 409
    assert (await post(client, f"{base}/unapprove")).status_code == 303
    [issue] = await issues(database)
    assert (issue.status, issue.approved_by) == ("draft", None)


async def test_approval_after_the_sending_time_is_refused(client, database, settings, frozen_clock):
    issue = await _draft(database, settings, frozen_clock)
    await as_office(client, database)
    await post(client, f"/admin/partner-news/{issue.id}/lead", {"lead": "今週の号です。"})
    # (The session would time out if the clock jumped a day: the sending time comes to us instead.)
    async with database.session() as db:
        await db.execute(
            update(NewsIssue)
            .where(NewsIssue.id == issue.id)
            .values(send_due_at=frozen_clock.current - timedelta(seconds=1))
        )
    late = await post(client, f"/admin/partner-news/{issue.id}/approve")
    assert late.status_code == 422 and "配信予定日時を過ぎているため承認できません。" in late.text


async def test_the_preview_is_the_plain_text_mail(client, database, settings, frozen_clock):
    issue = await _draft(database, settings, frozen_clock)
    await as_office(client, database)
    await post(client, f"/admin/partner-news/{issue.id}/lead", {"lead": "{氏名} 様\n今週の号です。"})
    page = (await client.get(f"/admin/partner-news/{issue.id}/preview")).text
    assert "<dd>PARTNERニュース 第1号（2026年12月4日）</dd>" in page
    body = re.search(r"<pre[^>]*>(.*?)</pre>", page, re.S).group(1)
    assert "{氏名} 様\n今週の号です。" in body
    assert (
        "今週の号です。\n\n■ 求人情報（3件）\n・求人1（ngo@example.jp の団体）\n  http://testserver.local/jobs/" in body
    )
    assert "■ 事務局からのお知らせ（1件）" in body


async def test_the_public_archive_shows_only_sent_issues_newest_first(client, database, settings, frozen_clock):
    office = await staff(database)
    await organization(database)
    frozen_clock.current = THU_1 - timedelta(weeks=3)
    for week in range(3):  # 第1号 and 第2号 sent, then this week's draft
        frozen_clock.current = THU_1 + timedelta(weeks=week - 2)
        await run_assembly(database, settings)
        if week < 2:
            await approve(
                database, (await issues(database))[-1].id, office, f"第{week + 1}号のリード文です。{{氏名}}様"
            )
    drafts = await issues(database)
    assert [i.status for i in drafts] == ["sent", "sent", "draft"]
    archive = await client.get("/news/partner-news")
    html = archive.text
    assert archive.status_code == 200
    assert html.index("第2号") < html.index("第1号") and "第3号" not in html
    fragment = await client.get("/news/partner-news", headers={"HX-Request": "true", "HX-Target": "issue-list"})
    assert "<h1>" not in fragment.text and "第2号" in fragment.text
    one = await client.get("/news/partner-news/1")
    assert one.status_code == 200 and "第1号のリード文です。皆さま様" not in one.text
    assert "第1号のリード文です。皆さま" in one.text and "{氏名}" not in one.text
    assert (await client.get("/news/partner-news/3")).status_code == 404  # the draft is not public
    assert "/news/partner-news" in (await client.get("/news")).text  # linked from 事務局からのお知らせ
    # A news item page is not shadowed by the archive path (and the other way round).
    assert (await client.get("/news/999")).status_code == 404


async def test_the_archive_pages_ten_at_a_time(client, database, settings, frozen_clock):
    async with database.session() as db:
        for n in range(1, 13):
            thursday = THU_1 + timedelta(weeks=n - 12)
            db.add(
                NewsIssue(
                    number=n,
                    week_of=(thursday + timedelta(hours=9)).date(),
                    status="sent",
                    lead=f"リード{n}",
                    cutoff_at=thursday,
                    send_due_at=thursday + timedelta(hours=25),
                    created_at=thursday,
                    updated_at=thursday,
                    sent_at=thursday + timedelta(hours=25),
                )
            )
    first = (await client.get("/news/partner-news")).text
    assert "第12号" in first and "第3号" in first and "第2号" not in first and "12件中 1〜10件を表示" in first
    second = (await client.get("/news/partner-news?page=2")).text
    assert "第2号" in second and "第1号" in second and "第3号" not in second
    async with database.session() as db:
        await db.execute(update(NewsIssue).where(NewsIssue.number == 12).values(status="approved"))
    assert "第12号" not in (await client.get("/news/partner-news")).text


async def test_a_news_template_starts_the_lead_and_is_checked_like_any_lead(client, database, settings, frozen_clock):
    from features.mailings import library

    issue = await _draft(database, settings, frozen_clock)
    office = await as_office(client, database)
    async with database.session() as db:
        news = await library.create(
            db, office, library.TemplateValues("ニュースの定型", "news", "件名", "{氏名} 様\n定型のリード文です。")
        )
        await library.create(db, office, library.TemplateValues("案内の定型", "guide", "件名", "案内"))
    page = (await client.get(f"/admin/partner-news/{issue.id}")).text
    assert "ニュースの定型" in page and "案内の定型" not in page  # only PARTNERニュース templates
    chosen = (await client.get(f"/admin/partner-news/{issue.id}?template={news.id}")).text
    assert "{氏名} 様\n定型のリード文です。</textarea>" in chosen
    [issue] = await issues(database)
    assert issue.lead == ""  # choosing a template changes nothing until saved


async def test_the_staff_list_is_paged_and_its_figures_take_one_query(client, database, settings, frozen_clock):
    """Fifty-two issues a year: the list shows 20 a page (newest first), and the sent issues'
    figures come from one statement, not one per issue."""
    from datetime import date

    from sqlalchemy import event

    from app import clock
    from features.mailings import api as mailings_api

    await as_office(client, database)
    async with database.session() as db:
        now = clock.now()
        for n in range(1, 26):
            db.add(
                NewsIssue(
                    number=n,
                    week_of=date(2025, 1, 2) + timedelta(weeks=n),
                    status="sent",
                    cutoff_at=now,
                    send_due_at=now,
                    created_at=now,
                    updated_at=now,
                )
            )
    async with database.session() as db:
        mailing_id = await mailings_api.create_approved_mailing(
            db,
            settings,
            category="news",
            subject="s",
            body="b",
            audience="news_subscribers",
            send_at=clock.now() + timedelta(days=1),
            created_by=await staff(database, "x@example.jp"),
            approved_by=await staff(database, "y@example.jp"),
            origin="test",
        )
        await db.execute(update(NewsIssue).values(mailing_id=mailing_id))
    statements: list[str] = []
    from sqlalchemy.engine import Engine as engine  # every engine: the app's own included

    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        first = await client.get("/admin/partner-news")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert first.status_code == 200
    assert "第25号" in first.text and "第6号" in first.text and "第5号</a>" not in first.text
    assert "25件中 1〜20件を表示" in first.text
    assert sum("mailing_recipient" in s for s in statements) == 1
    second = await client.get("/admin/partner-news?page=2")
    assert "第5号</a>" in second.text and "第6号</a>" not in second.text
