"""PARTNER mail: オファーメール (A, B), 連絡メール and 採用通知メール, {氏名}, テンプレート, the メールボックス,
blocks, the daily cap, isolation, and N messages in one transaction."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select, update

from features.accounts.models import (
    Individual,
    Organization,
    OrganizationType,
    UserAccount,
)
from features.messages import service
from features.messages.models import MailTemplate, Message, MessageThread
from features.postings.models import Posting, PostingKind
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, mails_to
from tests.features.talent.helpers import as_org, build_resume, post

ORG = "org@example.jp"
# Every button of メール作成 and メール内容確認 posts the whole form to its own endpoint (選択 adds the template's id).
COMPOSE_STEPS = (
    "/mail/compose",  # メール送信 / この登録者にメールを送る / 連絡メール / 採用通知メール
    "/mail/compose/templates",  # テンプレート
    "/mail/compose/save-template",  # テンプレート保存
    "/mail/compose/confirm",  # 確認
    "/mail/compose/revise",  # 修正する
)


async def _rename(database, code: str, family: str, given: str) -> None:
    async with database.session() as db:
        await db.execute(
            update(Individual).where(Individual.registration_code == code).values(family_name=family, given_name=given)
        )


async def _offer(
    client, codes: list[str], subject="国際協力案件のご案内", body="{氏名} 様\nぜひご応募ください。", **extra
):
    """(B): メール送信 on the search results → メール作成 → 確認 → 送信."""
    compose = await post(client, "/mail/compose", {"mode": "offer", "to": codes})
    assert compose.status_code == 200, compose.text
    data = {"mode": "offer", "to": codes, "subject": subject, "body": body, **extra}
    confirm = await post(client, "/mail/compose/confirm", data)
    if confirm.status_code != 200:
        return confirm
    assert "メール内容確認" in confirm.text
    return await post(client, "/mail/send", data)


async def _count(database, model) -> int:
    async with database.session(write=False) as db:
        return (await db.execute(select(func.count()).select_from(model))).scalar_one()


async def _switch(client, database, email: str) -> None:
    await client.post("/logout", headers=csrf_headers(client))
    await log_in(client, database, email)


async def test_an_offer_reaches_each_person_by_name_and_the_reply_stays_in_the_thread(client, database):
    hanako = await build_resume(client, database, "hanako@example.jp")
    jiro = await build_resume(client, database, "jiro@example.jp")
    await _rename(database, hanako, "佐藤", "花子")
    await _rename(database, jiro, "鈴木", "次郎")
    await as_org(client, database, ORG)

    search = await client.get("/talent", params={"keyword": "保健"})
    assert 'action="/mail/compose"' in search.text and "メール送信" in search.text
    detail = await client.get(f"/talent/{hanako}")
    assert "この登録者にメールを送る" in detail.text  # (A)
    compose = await post(client, "/mail/compose", {"mode": "offer", "to": [hanako, jiro]})
    assert "一括メール送信対象者" in compose.text and hanako in compose.text and "花子" not in compose.text
    sent = await _offer(client, [hanako, jiro])
    assert sent.status_code == 303 and sent.headers["location"] == "/mailbox?box=sent"

    async with database.session(write=False) as db:
        messages = list((await db.execute(select(Message).order_by(Message.id))).scalars())
    assert [m.body.splitlines()[0] for m in messages] == ["佐藤 花子 様", "鈴木 次郎 様"]
    assert all(m.sender_body.startswith("{氏名} 様") for m in messages)  # the organization never sees the names
    notice = (await mails_to(database, "hanako@example.jp"))[-1]
    assert notice.subject == "【PARTNER】PARTNERで新着メッセージがあります"
    assert "ぜひご応募ください" not in notice.body and f"/mailbox/{messages[0].thread_id}" in notice.body
    outbox = await client.get("/mailbox", params={"box": "sent"})
    assert outbox.text.count("国際協力案件のご案内") == 2 and "花子" not in outbox.text

    await _switch(client, database, "hanako@example.jp")
    assert "未読 1件" in (await client.get("/mailbox/unread")).text
    inbox = await client.get("/mailbox")
    assert "国際協力案件のご案内" in inbox.text and "未読" in inbox.text
    thread = await client.get(f"/mailbox/{messages[0].thread_id}")
    assert "佐藤 花子 様" in thread.text and "返信する" in thread.text
    assert "未読" not in (await client.get("/mailbox/unread")).text
    empty = await post(client, f"/mailbox/{messages[0].thread_id}/reply", {"body": "  "})
    assert empty.status_code == 422 and "返信の本文を入力してください。" in empty.text
    replied = await post(client, f"/mailbox/{messages[0].thread_id}/reply", {"body": "ご連絡ありがとうございます。"})
    assert replied.status_code == 303
    assert "PARTNERで新着メッセージがあります" in (await mails_to(database, ORG))[-1].subject
    assert await client.get(f"/mailbox/{messages[1].thread_id}") is not None
    assert (await client.get(f"/mailbox/{messages[1].thread_id}")).status_code == 404  # 次郎's thread

    await _switch(client, database, ORG)
    assert "未読 1件" in (await client.get("/mailbox/unread")).text
    conversation = await client.get(f"/mailbox/{messages[0].thread_id}")
    assert "ご連絡ありがとうございます。" in conversation.text and "Re: 国際協力案件のご案内" in conversation.text
    assert (await _count(database, MessageThread)) == 2  # the reply joined the thread

    await client.post("/logout", headers=csrf_headers(client))
    await as_org(client, database, "org-b@example.jp")  # another organization: neither reads nor writes here
    assert (await client.get(f"/mailbox/{messages[0].thread_id}")).status_code == 404
    assert (await post(client, f"/mailbox/{messages[0].thread_id}/reply", {"body": "横から"})).status_code == 404
    assert (await post(client, f"/mailbox/messages/{messages[0].id}/unread", {})).status_code == 404
    assert "国際協力案件のご案内" not in (await client.get("/mailbox", params={"box": "sent"})).text
    await _switch(client, database, ORG)
    assert "この登録者とのメール" in (await client.get(f"/talent/{hanako}")).text  # 【補足】 on the detail page


async def test_compose_checks_each_field_and_keeps_what_was_typed(client, database):
    code = await build_resume(client, database)
    await as_org(client, database, ORG)
    missing = await post(client, "/mail/compose/confirm", {"mode": "offer", "to": [code], "body": "本文だけ"})
    assert missing.status_code == 422 and "件名を入力してください。" in missing.text and "本文だけ" in missing.text
    too_long = await post(
        client,
        "/mail/compose/confirm",
        {"mode": "offer", "to": [code], "subject": "件" * 101, "body": "x"},
    )
    assert too_long.status_code == 422 and "件名は100文字以内" in too_long.text
    unchecked = await post(client, "/mail/compose/confirm", {"mode": "offer", "subject": "s", "body": "b"})
    assert unchecked.status_code == 422 and "宛先を1人以上選択" in unchecked.text
    back = await post(
        client, "/mail/compose/revise", {"mode": "offer", "to": [code], "subject": "件名", "body": "本文"}
    )
    assert back.status_code == 200 and 'value="件名"' in back.text
    forged = await post(client, "/mail/send", {"mode": "offer", "to": [code], "subject": "", "body": ""})
    assert forged.status_code == 422 and await _count(database, Message) == 0


async def test_templates_are_saved_chosen_renamed_and_deleted_per_organization(client, database):
    code = await build_resume(client, database)
    await as_org(client, database, ORG)
    saved = await post(
        client,
        "/mail/compose/save-template",
        {
            "mode": "offer",
            "to": [code],
            "subject": "説明会のご案内",
            "body": "{氏名} 様\n説明会を開きます。",
            "template_name": "説明会",
        },
    )
    assert saved.status_code == 200 and "テンプレート「説明会」を保存しました。" in saved.text
    listing = await post(
        client,
        "/mail/compose/templates",
        {"mode": "offer", "to": [code], "subject": "書きかけ", "body": "書きかけ"},
    )
    assert "テンプレートを選択すると、入力中の件名と本文が上書きされます。" in listing.text and "説明会" in listing.text
    template_id = re.search(r'formaction="/mail/compose/templates/(\d+)"', listing.text).group(1)
    chosen = await post(
        client,
        f"/mail/compose/templates/{template_id}",
        {"mode": "offer", "to": [code], "subject": "書きかけ", "body": "書きかけ"},
    )
    assert (
        'value="説明会のご案内"' in chosen.text
        and "説明会を開きます。" in chosen.text
        and "書きかけ" not in chosen.text
    )

    await client.post("/logout", headers=csrf_headers(client))
    await as_org(client, database, "org-b@example.jp")
    assert "説明会" not in (await client.get("/mail/templates")).text
    assert (await post(client, f"/mail/templates/{template_id}/rename", {"name": "乗っ取り"})).status_code == 404
    assert (await post(client, f"/mail/templates/{template_id}/delete", {})).status_code == 404
    stolen = await post(client, f"/mail/compose/templates/{template_id}", {"mode": "offer", "to": [code]})
    assert stolen.status_code == 404

    await _switch(client, database, ORG)
    blank = await post(client, f"/mail/templates/{template_id}/rename", {"name": ""})
    assert blank.status_code == 422 and "テンプレート名を100文字以内で入力してください。" in blank.text
    assert (await post(client, f"/mail/templates/{template_id}/rename", {"name": "秋の説明会"})).status_code == 303
    assert "秋の説明会" in (await client.get("/mail/templates")).text
    assert (await post(client, f"/mail/templates/{template_id}/delete", {})).status_code == 303
    after = await client.get("/mail/templates")
    assert (
        "テンプレート「秋の説明会」を削除しました。" in after.text
        and "保存したテンプレートはまだありません。" in after.text
    )


async def test_a_blocked_organization_can_no_longer_mail_the_person(client, database):
    code = await build_resume(client, database)
    await as_org(client, database, ORG)
    assert (await _offer(client, [code])).status_code == 303
    async with database.session(write=False) as db:
        thread = (await db.execute(select(MessageThread))).scalar_one()
    await _switch(client, database, "talent@example.jp")
    assert (await post(client, f"/mailbox/{thread.id}/block", {"blocked": "1"})).status_code == 303
    assert "の団体" in (await client.get("/mailbox/blocks")).text

    await _switch(client, database, ORG)
    compose = await post(client, "/mail/compose", {"mode": "offer", "to": [code]})
    assert compose.status_code == 422 and "送信できる宛先がありません。" in compose.text
    forged = await post(client, "/mail/send", {"mode": "offer", "to": [code], "subject": "再送", "body": "本文"})
    assert forged.status_code == 422
    reply = await post(client, f"/mailbox/{thread.id}/reply", {"body": "返信もだめ"})
    assert reply.status_code == 422 and "受信を停止しているため、返信できません" in reply.text
    assert await _count(database, Message) == 1

    await _switch(client, database, "talent@example.jp")
    organization_id = thread.organization_id
    assert (await post(client, f"/mailbox/blocks/{organization_id}/delete", {})).status_code == 303
    await _switch(client, database, ORG)
    assert (await _offer(client, [code])).status_code == 303


async def test_no_compose_button_writes_to_a_person_who_blocked_the_organization(client, database):
    code = await build_resume(client, database)
    await as_org(client, database, ORG)
    assert (await _offer(client, [code])).status_code == 303
    saved = await post(
        client, "/mail/compose/save-template", {"mode": "offer", "to": [code], "subject": "件名", "body": "本文"}
    )
    assert saved.status_code == 200
    async with database.session(write=False) as db:
        thread = (await db.execute(select(MessageThread))).scalar_one()
        template_id = (await db.execute(select(MailTemplate.id))).scalar_one()
    await _switch(client, database, "talent@example.jp")
    assert (await post(client, f"/mailbox/{thread.id}/block", {"blocked": "1"})).status_code == 303

    await _switch(client, database, ORG)
    data = {"mode": "offer", "to": [code], "subject": "件名", "body": "本文"}
    for path in (*COMPOSE_STEPS, f"/mail/compose/templates/{template_id}"):
        answer = await post(client, path, data)
        assert f'name="to" value="{code}"' not in answer.text, path
        assert "1人には送信できません" in answer.text, path
    confirm = await post(client, "/mail/compose/confirm", data)
    assert confirm.status_code == 422 and "送信する宛先を1人以上選択してください。" in confirm.text
    assert await _count(database, Message) == 1


async def test_offers_go_only_to_findable_people_and_from_organizations_that_may_browse(client, database, frozen_clock):
    public = await build_resume(client, database, "public@example.jp")
    private = await build_resume(client, database, "private@example.jp", public=False)
    expired = await build_resume(client, database, "expired@example.jp")
    async with database.session() as db:
        await db.execute(
            update(Individual)
            .where(Individual.registration_code == expired)
            .values(expires_at=frozen_clock() - timedelta(days=1))
        )
    await as_org(client, database, ORG)
    compose = await post(client, "/mail/compose", {"mode": "offer", "to": [public, private, expired]})
    assert public in compose.text and private not in compose.text and expired not in compose.text
    assert "2人には送信できません" in compose.text
    forged = await post(client, "/mail/send", {"mode": "offer", "to": [private], "subject": "s", "body": "b"})
    assert forged.status_code == 422 and await _count(database, Message) == 0

    async with database.session() as db:
        await db.execute(update(Organization).values(org_type=OrganizationType.NON_CORPORATE))
    for path in (*COMPOSE_STEPS, "/mail/compose/templates/1", "/mail/send"):  # every button, before anything else
        refused = await post(client, path, {"mode": "offer", "to": [public], "subject": "s", "body": "b"})
        assert refused.status_code == 403 and "人材閲覧が認められた団体のみ" in refused.text, path
    assert await _count(database, MailTemplate) == 0 and await _count(database, Message) == 0


async def test_the_daily_offer_cap_is_enforced_with_a_clear_message(client, database, settings, frozen_clock):
    settings.mail.offer_daily_limit = 2
    codes = [await build_resume(client, database, f"p{n}@example.jp") for n in range(3)]
    await as_org(client, database, ORG)
    over = await _offer(client, codes)
    assert (
        over.status_code == 422
        and "オファーメールは1日2通までです。本日はあと2通送信できます（選択中：3人）" in over.text
    )
    assert (await _offer(client, codes[:2])).status_code == 303
    refused = await post(client, "/mail/send", {"mode": "offer", "to": codes[2:], "subject": "s", "body": "b"})
    assert refused.status_code == 422 and "本日はあと0通送信できます" in refused.text
    assert await _count(database, Message) == 2
    frozen_clock.advance(days=1)  # a new day in Japan
    await log_in(client, database, ORG)
    assert (await _offer(client, codes[2:])).status_code == 303


async def test_sending_to_many_is_one_transaction(client, database, monkeypatch):
    codes = [await build_resume(client, database, f"p{n}@example.jp") for n in range(3)]
    await as_org(client, database, ORG)

    async def broken_notices(*_args, **_kwargs):
        raise RuntimeError("the outbox failed after the messages were written")

    monkeypatch.setattr(service, "_queue_notices", broken_notices)
    assert (await _offer(client, codes)).status_code == 500  # an injected fault, not bad input
    assert await _count(database, Message) == 0 and await _count(database, MessageThread) == 0


async def test_applicants_get_contact_and_hiring_mail_with_a_category(client, database):
    from tests.features.applications.helpers import applied_posting

    application_id, other_application_id = await applied_posting(client, database, ORG, "talent@example.jp")
    await log_in(client, database, ORG)
    listing_url = (await client.get(f"/applications/{application_id}")).text
    assert "連絡メール" in listing_url and "採用通知メール" in listing_url
    compose = await post(
        client, "/mail/compose", {"mode": "contact", "to": [str(application_id), str(other_application_id)]}
    )
    assert "メール種別" in compose.text and "質問" in compose.text and "開催リマインド" in compose.text
    assert compose.text.count('name="to"') == 1  # the other organization's applicant is not offered
    both = {
        "mode": "contact",
        "to": [str(application_id), str(other_application_id)],
        "category": "質問",
        "subject": "件名",
        "body": "本文",
    }
    for path in COMPOSE_STEPS:  # nor on any later step, whatever the form claims
        answer = await post(client, path, both)
        assert answer.status_code == 200 and answer.text.count('name="to"') == 1, path
    no_category = await post(
        client,
        "/mail/compose/confirm",
        {
            "mode": "contact",
            "to": [str(application_id)],
            "subject": "面接日程",
            "body": "ご都合を教えてください。",
        },
    )
    assert no_category.status_code == 422 and "メール種別を選択してください。" in no_category.text
    data = {
        "mode": "contact",
        "to": [str(application_id)],
        "category": "選考の調整",
        "subject": "面接日程",
        "body": "{氏名} 様\nご都合を教えてください。",
    }
    assert (await post(client, "/mail/send", data)).status_code == 303
    hire = {"mode": "hire", "to": [str(application_id)], "subject": "採用のお知らせ", "body": "採用です。"}
    assert (await post(client, "/mail/send", hire)).status_code == 303
    async with database.session(write=False) as db:
        categories = [m.category for m in (await db.execute(select(Message).order_by(Message.id))).scalars()]
        threads = list((await db.execute(select(MessageThread))).scalars())
    assert categories == ["選考の調整", "採用通知"] and all(t.application_id == application_id for t in threads)
    async with database.session() as db:  # a seminar hires no one: no 採用通知メール to its applicants
        await db.execute(update(Posting).values(kind=PostingKind.EVENT))
    assert (await post(client, "/mail/compose", {"mode": "hire", "to": [str(application_id)]})).status_code == 422
    assert (await post(client, "/mail/compose", {"mode": "contact", "to": [str(application_id)]})).status_code == 200

    await _switch(client, database, "talent@example.jp")
    inbox = await client.get("/mailbox")
    assert "面接日程" in inbox.text and "採用のお知らせ" in inbox.text and "選考の調整" in inbox.text


async def test_polling_the_unread_count_does_not_keep_an_idle_session_alive(client, database, frozen_clock):
    await build_resume(client, database)
    await log_in(client, database, "talent@example.jp")
    for _ in range(3):
        frozen_clock.advance(minutes=9)
        poll = await client.get("/mailbox/unread", follow_redirects=False)
        assert poll.status_code == 200 and 'id="unread-mail"' in poll.text
    frozen_clock.advance(minutes=9)
    expired = await client.get("/mailbox/unread", headers={"HX-Request": "true"}, follow_redirects=False)
    assert (
        expired.status_code == 204 and expired.text == ""
    )  # 36 minutes idle: logged out, and the page is left as it is
    assert (await client.get("/mailbox", follow_redirects=False)).status_code == 303
    async with database.session(write=False) as db:
        assert (await db.execute(select(func.count()).select_from(UserAccount))).scalar_one() == 1
