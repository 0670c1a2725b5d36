"""お問い合わせ with the keyboard alone: errors take focus, then success, then the mail."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser


def tab_to(page, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_contact_form_keyboard_only_with_errors_then_success(page):
    page.goto("/contact")
    assert_no_axe_violations(page, "/contact")

    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")  # empty: the server answers 422, htmx swaps the form
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("入力内容を確認してください（4件）")
    expect(page.locator("#f-name")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page, "/contact with errors")
    screenshot(page, "contact_errors")

    # The summary links lead to the fields.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#f-name")).to_be_focused()
    page.keyboard.type("国際 花子")
    page.keyboard.press("Tab")
    page.keyboard.type("hanako@example.jp")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the select: choose the first category with the keyboard
    page.keyboard.press("Tab")
    page.keyboard.type("登録の延長方法を教えてください。")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/contact/done$"))
    expect(page.locator("h1")).to_have_text("お問い合わせを受け付けました")
    expect(page.locator(".flashes")).to_contain_text("確認のメールをお送りしました")
    expect(page.locator("h1")).to_be_focused()
    assert_no_axe_violations(page, "/contact/done")
    screenshot(page, "contact_done")
    assert page.console_problems == [] or all("422" in p for p in page.console_problems), page.console_problems

    page.goto("/dev/mail")
    expect(page.locator(".mail-card").first).to_contain_text("hanako@example.jp")  # receipt or notice, newest first
    expect(page.locator("body")).to_contain_text("お名前：国際 花子")  # the secretariat's copy; the receipt has no name


def test_contact_form_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server, locale="ja-JP")
    page = context.new_page()
    page.goto("/contact")
    page.locator("button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    page.fill("#f-name", "無効 次郎")
    page.fill("#f-email", "jiro@example.jp")
    page.select_option("#f-category", "その他")
    page.fill("#f-body", "JavaScriptなしで送信します。")
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/contact/done$"))
    expect(page.locator(".flashes")).to_contain_text("お問い合わせを受け付けました")
    context.close()
