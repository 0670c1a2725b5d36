"""The desk over HTTP: only the secretariat, both shapes of the list, the case page's moves (409 on a
refused one, 422 with values kept), a reply in the outbox and the history, 定型文 inserted, 集計,
and the contact form as the desk's front door."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.audit import AuditEvent
from app.mail import OutboxMail
from features.inquiries import service
from features.inquiries.models import CaseStatus as S
from features.inquiries.models import EventKind, InquiryCase
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in
from tests.features.inquiries.helpers import (
    COUNSELOR,
    NOTE,
    OFFICE,
    ORG,
    PERSON,
    as_office,
    events,
    new_case,
    people,
    post,
    reload,
)


async def test_the_desk_is_the_secretariats_only(client, database):
    await people(database)
    case = await new_case(database)
    anonymous = await client.get("/admin/inquiries", follow_redirects=False)
    assert anonymous.status_code == 303
    assert (await post(client, f"/admin/inquiries/{case.id}/start")).status_code == 401
    for email in (PERSON, ORG, COUNSELOR):
        await log_in(client, database, email)
        assert (await client.get(f"/admin/inquiries/{case.id}", follow_redirects=False)).status_code == 403
        assert (await post(client, f"/admin/inquiries/{case.id}/close")).status_code == 403
        await post(client, "/logout")
    assert (await reload(database, case.id)).status == S.NEW


async def test_desk_full_page_and_htmx_rows(client, database, settings):
    await as_office(client, database)
    first = await new_case(database, name="一番目 太郎")
    await new_case(database, name="二番目 花子", category="応募")
    page = await client.get("/admin/inquiries")
    assert page.status_code == 200 and "<html" in page.text
    assert "一番目 太郎" in page.text and "二番目 花子" in page.text and "多いお問い合わせの分類" in page.text
    rows = await client.get("/admin/inquiries?category=応募", headers={"HX-Request": "true", "HX-Target": "desk-rows"})
    assert rows.status_code == 200 and "<html" not in rows.text
    assert "二番目 花子" in rows.text and "一番目 太郎" not in rows.text
    assert rows.headers["vary"] == "HX-Request"
    bogus = await client.get("/admin/inquiries?status=x&category=y&assignee=999&page=abc")
    assert bogus.status_code == 200 and f"No.{first.id}" in bogus.text


async def test_overdue_stands_out_in_text(client, database, settings, frozen_clock):
    await as_office(client, database)
    case = await new_case(database)
    old = await new_case(database, at=frozen_clock.current - timedelta(days=10))
    html = (await client.get("/admin/inquiries")).text
    overdue_row = re.search(rf'<tr class="row--overdue">\s*<td><a href="/admin/inquiries/{old.id}"', html)
    assert overdue_row and "期限超過" in html
    assert html.index(f"/admin/inquiries/{old.id}") < html.index(f"/admin/inquiries/{case.id}")
    only = await client.get("/admin/inquiries?overdue=1")
    assert f"/admin/inquiries/{old.id}\"" in only.text and f"/admin/inquiries/{case.id}\"" not in only.text


async def test_reply_from_the_case_page_mails_and_shows_in_the_history(client, database, settings):
    ids = await as_office(client, database)
    case = await new_case(database)
    page = await client.get(f"/admin/inquiries/{case.id}")
    assert page.status_code == 200 and "ワンタイムパスワードが届きません。" in page.text
    empty = await post(client, f"/admin/inquiries/{case.id}/reply", {"reply": ""})
    assert empty.status_code == 422 and "返信を入力してください。" in empty.text and 'aria-invalid="true"' in empty.text
    bad = await post(client, f"/admin/inquiries/{case.id}/reply", {"reply": "{所属} の件"})
    assert bad.status_code == 422 and "差し込み項目" in bad.text and "{所属} の件" in bad.text  # kept
    done = await post(client, f"/admin/inquiries/{case.id}/reply", {"reply": "{氏名} 様\n再送をお試しください。"})
    assert done.status_code == 303 and done.headers["location"] == f"/admin/inquiries/{case.id}"
    case = await reload(database, case.id)
    assert case.status == S.ANSWERED
    async with database.session(write=False) as db:
        [mail] = list((await db.execute(select(OutboxMail).where(OutboxMail.to_address == case.email))).scalars())
    assert mail.to_address == "hanako@example.jp" and "国際 花子 様\n再送をお試しください。" in mail.body
    assert f"inquiry+{case.id}." in mail.headers
    html = (await client.get(f"/admin/inquiries/{case.id}")).text
    assert "返信（メール送信）" in html and "再送をお試しください。" in html and "新規 → 回答済" in html
    [reply] = [e for e in await events(database, case.id) if e.kind == EventKind.REPLY]
    assert reply.actor_user_id == ids[OFFICE]
    async with database.session(write=False) as db:
        reads = (await db.execute(select(AuditEvent).where(AuditEvent.action == "inquiry_read"))).scalars().all()
    assert len(reads) >= 2 and {r.actor_user_id for r in reads} == {ids[OFFICE]}


async def test_notes_never_reach_the_inquirer(client, database, settings):
    await as_office(client, database)
    case = await new_case(database)
    assert (await post(client, f"/admin/inquiries/{case.id}/notes", {"note": ""})).status_code == 422
    assert (await post(client, f"/admin/inquiries/{case.id}/notes", {"note": NOTE})).status_code == 303
    await post(client, f"/admin/inquiries/{case.id}/reply", {"reply": "回答です。"})
    async with database.session(write=False) as db:
        mails = list((await db.execute(select(OutboxMail).where(OutboxMail.to_address == case.email))).scalars())
    assert mails and all(NOTE not in m.body for m in mails)
    assert NOTE in (await client.get(f"/admin/inquiries/{case.id}")).text


async def test_moves_by_button_and_a_refused_move_is_409(client, database, settings):
    await as_office(client, database)
    case = await new_case(database)
    assert (await post(client, f"/admin/inquiries/{case.id}/reopen")).status_code == 409
    assert (await post(client, f"/admin/inquiries/{case.id}/start")).status_code == 303
    assert (await reload(database, case.id)).status == S.IN_PROGRESS
    assert (await post(client, f"/admin/inquiries/{case.id}/close")).status_code == 303
    closed = await client.get(f"/admin/inquiries/{case.id}")
    assert "再開する" in closed.text and "返信を送信" not in closed.text
    assert (await post(client, f"/admin/inquiries/{case.id}/reply", {"reply": "x"})).status_code == 409
    assert (await post(client, f"/admin/inquiries/{case.id}/reopen")).status_code == 303
    assert (await reload(database, case.id)).status == S.IN_PROGRESS
    assert (await post(client, "/admin/inquiries/99999/start")).status_code == 404


async def test_paste_in_reply_reopens_over_http(client, database, settings):
    await as_office(client, database)
    case = await new_case(database)
    await post(client, f"/admin/inquiries/{case.id}/reply", {"reply": "回答です。"})
    assert (await post(client, f"/admin/inquiries/{case.id}/received", {"received": ""})).status_code == 422
    response = await post(client, f"/admin/inquiries/{case.id}/received", {"received": "追加で質問です。"})
    assert response.status_code == 303
    assert (await reload(database, case.id)).status == S.IN_PROGRESS
    assert "追加で質問です。" in (await client.get(f"/admin/inquiries/{case.id}")).text


async def test_assign_over_http(client, database, settings):
    ids = await as_office(client, database)
    case = await new_case(database)
    refused = await post(client, f"/admin/inquiries/{case.id}/assign", {"assignee_id": str(ids[PERSON])})
    assert refused.status_code == 422 and "担当者を一覧から選択してください。" in refused.text
    assert (
        await post(client, f"/admin/inquiries/{case.id}/assign", {"assignee_id": str(ids[OFFICE])})
    ).status_code == 303
    assert (await reload(database, case.id)).assignee_id == ids[OFFICE]
    html = (await client.get(f"/admin/inquiries?assignee={ids[OFFICE]}")).text
    assert f"/admin/inquiries/{case.id}\"" in html


async def test_templates_are_managed_and_inserted_into_the_reply_box(client, database, settings):
    await as_office(client, database)
    case = await new_case(database)
    bad = await post(client, "/admin/inquiry-templates", {"name": "悪い例", "body": "{会社名} 様"})
    assert bad.status_code == 422 and "差し込み項目" in bad.text
    assert (
        await post(client, "/admin/inquiry-templates", {"name": "お礼", "body": "{氏名} 様 ありがとうございます"})
    ).status_code == 303
    assert (await post(client, "/admin/inquiry-templates", {"name": "お礼", "body": "重複"})).status_code == 422
    async with database.session(write=False) as db:
        [template] = await service.reply_templates(db)
    html = (await client.get(f"/admin/inquiries/{case.id}?template={template.id}")).text
    assert re.search(r'<textarea id="f-reply"[^>]*>\{氏名\} 様 ありがとうございます</textarea>', html)
    assert (await client.get(f"/admin/inquiry-templates/{template.id}")).status_code == 200
    assert (
        await post(client, f"/admin/inquiry-templates/{template.id}", {"name": "お礼2", "body": "本文"})
    ).status_code == 303
    assert (await post(client, f"/admin/inquiry-templates/{template.id}/delete")).status_code == 303
    assert (await post(client, f"/admin/inquiry-templates/{template.id}/delete")).status_code == 404


async def test_stats_page_and_fragment(client, database, settings, frozen_clock):
    await as_office(client, database)
    await new_case(database, category="応募")
    page = await client.get("/admin/inquiries/stats?month=2026-11")
    assert page.status_code == 200 and "2026年11月に受け付けたお問い合わせ：1件" in page.text
    fragment = await client.get(
        "/admin/inquiries/stats?month=2026-10", headers={"HX-Request": "true", "HX-Target": "stats-body"}
    )
    assert "<html" not in fragment.text and "2026年10月に受け付けたお問い合わせ：0件" in fragment.text
    assert (await client.get("/admin/inquiries/stats?month=9999-99")).status_code == 200


async def test_the_case_shows_the_accounts_registration_at_a_glance(client, database, settings):
    ids = await people(database)
    await log_in(client, database, ORG)
    await client.get("/contact")
    form = (await client.get("/contact")).text
    assert 'value="org@example.jp"' in form  # prefilled for a logged-in organization
    sent = await client.post(
        "/contact",
        data={"name": "担当 一郎", "email": "org@example.jp", "category": "求人掲載", "body": "掲載について"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert sent.status_code == 303
    async with database.session(write=False) as db:
        [case] = list((await db.execute(select(InquiryCase))).scalars())
    assert case.user_id == ids[ORG] and case.category == "求人掲載" and case.status == S.NEW
    await post(client, "/logout")
    await log_in(client, database, OFFICE)
    html = (await client.get(f"/admin/inquiries/{case.id}")).text
    assert "団体（有効）" in html and "org@example.jp の団体" in html and "国際協力団体（法人格あり）" in html


async def test_faq_is_refused_before_an_answer(client, database, settings):
    await as_office(client, database)
    case = await new_case(database)
    html = (await client.get(f"/admin/inquiries/{case.id}")).text
    assert "FAQ化" not in html
    assert (await post(client, f"/admin/inquiries/{case.id}/faq", {"audience": "both"})).status_code == 409
    assert (await post(client, f"/admin/inquiries/{case.id}/faq", {"audience": "x"})).status_code == 422
    assert (await reload(database, case.id)).faq_entry_id is None
