"""お問い合わせ: validation with 422 and messages per field, both shapes, mails, limits."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.mail import OutboxMail
from features.inquiries.models import InquiryCase as Inquiry
from tests.conftest import csrf_headers

VALID = {
    "name": "山田 太郎",
    "email": "taro@example.jp",
    "category": "その他",
    "body": "メールマガジンについて質問です。\n二行目",
}


async def inquiries(database) -> list[Inquiry]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(Inquiry))).scalars())


async def outbox(database) -> list[OutboxMail]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(OutboxMail).order_by(OutboxMail.id))).scalars())


async def post_form(client, data, **headers):
    await client.get("/contact")
    return await client.post("/contact", data=data, headers={**csrf_headers(client), **headers}, follow_redirects=False)


async def test_form_page_marks_required_fields_in_text(client):
    html = (await client.get("/contact")).text
    assert html.count('<span class="required">必須</span>') == 4
    assert 'name="_csrf_token"' in html
    assert '<label for="f-email">メールアドレス' in html


async def test_empty_submission_rerenders_422_with_messages_under_each_field(client, database):
    response = await post_form(client, {"name": " ", "email": "", "category": "", "body": ""})
    assert response.status_code == 422
    html = response.text
    assert 'id="error-summary"' in html and "入力内容を確認してください（4件）" in html
    assert "お名前を入力してください。" in html
    assert "メールアドレスを入力してください。" in html
    assert "お問い合わせの種類を選択してください。" in html
    assert "お問い合わせ内容を入力してください。" in html
    name_input = re.search(r'<input id="f-name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in name_input and 'aria-describedby="f-name-error"' in name_input
    assert await inquiries(database) == []
    assert await outbox(database) == []


async def test_invalid_values_keep_the_input_and_explain(client):
    response = await post_form(client, {**VALID, "email": "taro@", "category": "不正な種類", "body": "あ" * 4001})
    assert response.status_code == 422
    assert 'value="山田 太郎"' in response.text  # kept
    assert "メールアドレスの形式が正しくありません" in response.text
    assert "お問い合わせの種類は一覧から選択してください。" in response.text
    assert "4000文字以内で入力してください（現在4001文字）" in response.text


async def test_htmx_submission_with_errors_returns_only_the_form(client):
    response = await post_form(client, {}, **{"HX-Request": "true", "HX-Target": "contact-form"})
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="contact-form"')
    assert "<html" not in response.text


async def test_valid_submission_stores_mails_and_redirects_with_a_flash(client, database, settings):
    response = await post_form(client, {**VALID, "email": "ＴＡＲＯ＠Example.JP"})
    assert response.status_code == 303
    assert response.headers["location"] == "/contact/done"
    [inquiry] = await inquiries(database)
    assert inquiry.email == "taro@example.jp"  # the canonical form: NFKC, the whole address lower-cased
    assert inquiry.body == "メールマガジンについて質問です。\n二行目"
    receipt, notice = await outbox(database)
    assert receipt.to_address == "taro@example.jp"
    assert receipt.subject == "【PARTNER】お問い合わせを受け付けました"
    assert "お問い合わせを受け付けました" in receipt.body and "その他" in receipt.body
    assert notice.to_address == settings.mail.secretariat_address
    assert "山田 太郎" in notice.body and "メールマガジンについて質問です。\n二行目" in notice.body
    assert f"No.{inquiry.id}" in notice.subject
    done = await client.get("/contact/done")
    assert "お問い合わせを受け付けました。確認のメールをお送りしました。" in done.text


async def test_receipt_carries_none_of_the_sender_free_text(client, database, frozen_clock):
    """Anyone can type anyone's address: the receipt must not relay the sender's words."""
    spam = {
        "name": "激安セール https://spam.example/",
        "email": "victim@example.jp",
        "category": "相談",
        "body": "今すぐ登録 http://phish.example/login\nパスワードを入力してください",
    }
    assert (await post_form(client, spam)).status_code == 303
    receipt, notice = await outbox(database)
    assert receipt.to_address == "victim@example.jp"
    sent = receipt.subject + receipt.body
    for text in ("激安セール", "spam.example", "今すぐ登録", "phish.example", "パスワードを入力してください"):
        assert text not in sent
    [inquiry] = await inquiries(database)
    assert f"受付番号\n{inquiry.id}" in receipt.body
    assert "2026年11月21日 12:00" in receipt.body  # 03:00 UTC, shown in Japan time
    assert "相談" in receipt.body and "事務局から" in receipt.body
    assert spam["name"] in notice.body and spam["body"] in notice.body  # the secretariat still reads it all


async def test_the_per_client_limit_holds_whatever_address_is_typed(client, database, frozen_clock):
    for n in range(5):
        assert (await post_form(client, {**VALID, "email": f"person{n}@example.jp"})).status_code == 303
    refused = await post_form(client, {**VALID, "email": "person9@example.jp"})
    assert refused.status_code == 429 and "お問い合わせの送信回数が上限に達しました" in refused.text
    assert len(await inquiries(database)) == 5


async def test_the_per_address_limit_holds_from_many_clients(client, database, settings, frozen_clock):
    settings.security.trusted_proxies = ["testclient"]  # the test client's peer stands for a proxy
    for n in range(5):
        sent = await post_form(client, VALID, **{"X-Forwarded-For": f"203.0.113.{n + 1}"})
        assert sent.status_code == 303
    refused = await post_form(client, {**VALID, "email": "TARO@EXAMPLE.JP"}, **{"X-Forwarded-For": "203.0.113.99"})
    assert refused.status_code == 429 and "お問い合わせの送信回数が上限に達しました" in refused.text
    assert len(await outbox(database)) == 10  # five receipts and five notices, no sixth


async def test_htmx_success_answers_with_hx_location(client):
    response = await post_form(client, VALID, **{"HX-Request": "true", "HX-Target": "contact-form"})
    assert response.status_code == 200
    assert response.headers["hx-location"] == "/contact/done"


async def test_extra_fields_are_ignored(client, database):
    response = await post_form(client, {**VALID, "id": "999", "created_at": "2000-01-01"})
    assert response.status_code == 303
    [inquiry] = await inquiries(database)
    assert inquiry.id != 999 and inquiry.created_at.year != 2000


async def test_too_many_inquiries_from_one_address_get_429(client, database):
    for _ in range(5):
        assert (await post_form(client, VALID)).status_code == 303
    refused = await post_form(client, VALID)
    assert refused.status_code == 429
    assert "お問い合わせの送信回数が上限に達しました" in refused.text
    assert len(await inquiries(database)) == 5


@pytest.mark.parametrize(
    "payload",
    [
        {"name": ["a", "b"], "email": VALID["email"], "category": "その他", "body": "x"},
        {"name": "\x00\x01", "email": "a@b.c", "category": "その他", "body": "\x7f"},
        {"name": "x" * 100_000, "email": "y" * 10_000, "category": "z" * 1000, "body": "b" * 200_000},
        {
            "name": "<script>alert(1)</script>",
            "email": "'\"><img src=x onerror=alert(1)>@x.jp",
            "category": "{{7*7}}",
            "body": "<div hx-get=/x hx-trigger=load>",
        },
    ],
)
async def test_hostile_input_is_a_clear_4xx_never_a_500(client, database, payload):
    response = await post_form(client, payload)
    assert response.status_code in (303, 422)
    assert "<script>alert(1)</script>" not in response.text
    assert "<div hx-get" not in response.text and "<img src=x" not in response.text


async def test_template_syntax_in_input_stays_literal(client):
    response = await post_form(client, {**VALID, "name": "{{7*7}}", "email": "bad"})
    assert response.status_code == 422
    assert 'value="{{7*7}}"' in response.text


async def test_invalid_utf8_body_is_a_4xx(client):
    await client.get("/contact")
    response = await client.post(
        "/contact",
        content=b"name=%ff%fe&email=\xff\xfe",
        follow_redirects=False,
        headers={**csrf_headers(client), "content-type": "application/x-www-form-urlencoded"},
    )
    assert 400 <= response.status_code < 500


async def test_every_submission_becomes_a_new_case_on_the_desk(client, database, settings):
    from features.inquiries.models import CaseStatus, EventKind, InquiryEvent

    assert (await post_form(client, {**VALID, "category": "ログイン"})).status_code == 303
    [case] = await inquiries(database)
    assert case.status == CaseStatus.NEW and case.category == "ログイン" and case.user_id is None
    async with database.session(write=False) as db:
        [event] = list((await db.execute(select(InquiryEvent).where(InquiryEvent.case_id == case.id))).scalars())
    assert event.kind == EventKind.RECEIVED and event.body == VALID["body"]
    receipt, notice = await outbox(database)
    assert f"http://testserver.local/admin/inquiries/{case.id}" in notice.body
    assert "/admin/" not in receipt.body


async def test_the_form_asks_for_faq_suggestions_after_a_pause(client):
    html = (await client.get("/contact")).text
    assert 'aria-live="polite"' in re.search(r'<div id="faq-suggestions"[^>]*>', html).group(0)
    body = re.search(r'<textarea id="f-body"[^>]*>', html).group(0)
    assert (
        'hx-trigger="keyup changed delay:500ms, input changed delay:500ms"' in body
        and 'hx-target="#faq-suggestions"' in body
    )
    assert 'hx-get="/contact/suggestions"' in body and 'aria-describedby="f-body-hint"' in body
    for value in ("ログイン", "x" * 20_000, "<script>alert(1)</script>"):
        fragment = await client.get(
            "/contact/suggestions",
            params={"body": value},
            headers={"HX-Request": "true", "HX-Target": "faq-suggestions"},
        )
        assert fragment.status_code == 200 and "<html" not in fragment.text and "<script>" not in fragment.text
    without_js = await client.get("/contact/suggestions", params={"body": "パスワード"})
    assert without_js.status_code == 200 and "<html" in without_js.text and "パスワード</textarea>" in without_js.text
