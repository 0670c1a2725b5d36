"""問い合わせ対応 with the keyboard (issue 15, items 3, 4 and 8): a visitor asks a question → sees a
suggested FAQ entry while typing but sends anyway → the secretariat answers from the desk → the
visitor receives the answer (SMTP sink) → the secretariat turns the case into an FAQ entry, edits
it and publishes it on the FAQ admin pages → it is found in FAQ search. axe on every page and
fragment state on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import fill_by_keyboard, log_in_by_keyboard, mail_for
from tests.browser.test_contact_flow import tab_to
from tests.browser.test_recruitment_flow import PASSWORD, choose_by_keyboard, log_out, type_into

pytestmark = pytest.mark.browser
VISITOR = "browser.visitor@example.jp"
QUESTION = "パスワードを忘れました。ブラウザ検証用の合言葉はカモミール茶です。"
FAQ_QUESTION = "ブラウザ検証 カモミール茶の合言葉を忘れたときは？"


def replace_by_keyboard(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def test_question_answered_by_mail_then_made_into_a_published_faq(page, smtp_server):
    page.goto("/contact")
    assert_no_axe_violations(page, "/contact")
    fill_by_keyboard(page, "#f-name", "検証 花子")
    page.keyboard.press("Tab")
    page.keyboard.type(VISITOR)
    choose_by_keyboard(page, "#f-category", "ログイン")
    type_into(page, "#f-body", QUESTION)  # keyup, then a pause: htmx asks for suggestions
    suggestion = page.locator("#faq-suggestions a").first
    expect(suggestion).to_be_visible()
    expect(page.locator("#faq-suggestions")).to_have_attribute("aria-live", "polite")
    assert_no_axe_violations(page, "/contact with FAQ suggestions")
    screenshot(page, "inquiries_contact_suggestions")
    tab_to(page, "#contact-form button[type=submit]")  # sends anyway
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/contact/done$"))
    mail_for(smtp_server, VISITOR, "お問い合わせを受け付けました")  # the receipt

    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto("/admin/inquiries")
    assert_no_axe_violations(page, "問い合わせ対応 (desk)")
    choose_by_keyboard(page, "#f-category", "ログイン")
    tab_to(page, "form.filters button[type=submit]")
    page.keyboard.press("Enter")  # htmx swaps the rows
    row = page.locator("#desk-rows tr", has_text="検証 花子")
    expect(row).to_be_visible()
    assert_no_axe_violations(page, "問い合わせ対応 (desk filtered)")
    case_link = row.locator("a").first
    case_path = case_link.get_attribute("href")
    tab_to(page, f"#desk-rows a[href='{case_path}']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(case_path) + "$"))
    assert_no_axe_violations(page, "お問い合わせ (case)")
    tab_to(page, "form[action$='/reply'] button")
    page.keyboard.press("Enter")  # empty: refused, the summary takes focus
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page, "お問い合わせ (reply with errors)")
    fill_by_keyboard(page, "#f-reply", "{氏名} 様\nログイン画面の「パスワードを忘れた方」から再設定してください。")
    tab_to(page, "form[action$='/reply'] button")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("返信をメールで送りました")
    expect(page.locator(".timeline")).to_contain_text("検証 花子 様")
    assert_no_axe_violations(page, "お問い合わせ (answered)")

    answer = mail_for(smtp_server, VISITOR, "お問い合わせへのご回答")
    assert "検証 花子 様" in answer.body and "再設定してください" in answer.body

    choose_by_keyboard(page, "#f-audience", "共通")
    tab_to(page, "form[action$='/faq'] button")
    page.keyboard.press("Enter")  # FAQ化: the FAQ slice's edit page, with its warning
    page.wait_for_url(re.compile(r"/admin/faq/\d+$"))
    expect(page.locator("#redaction-warning")).to_be_visible()
    replace_by_keyboard(page, "#f-question", FAQ_QUESTION)  # the personal details go
    replace_by_keyboard(page, "#f-answer", "ログイン画面の「パスワードを忘れた方」から再設定してください。")
    tab_to(page, "#f-save")
    page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_contain_text("公開できるようになりました")  # the warning is gone
    expect(page.locator("#redaction-warning")).to_have_count(0)
    tab_to(page, "#f-publish")
    page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_contain_text(FAQ_QUESTION)
    log_out(page)

    page.goto("/faq?q=カモミール茶")
    expect(page.locator("main")).to_contain_text(FAQ_QUESTION)
    assert_no_axe_violations(page, "/faq (search)")
    screenshot(page, "inquiries_faq_found")
