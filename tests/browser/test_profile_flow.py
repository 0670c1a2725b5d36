"""登録内容の確認/更新 in Chromium with the keyboard: 担当者情報 → 変更する → 登録内容を確認する
→ 更新; the password change dialog with OK; axe on each state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import fill_by_keyboard, log_in_by_keyboard
from tests.browser.test_contact_flow import tab_to

pytestmark = pytest.mark.browser


def test_organization_updates_its_contact_person_and_password(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "org2@example.org", "partner-demo-2026")
    expect(page.locator("h1")).to_have_text("団体マイページ")
    tab_to(page, "main a[href='/mypage/profile']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mypage/profile$"))
    assert_no_axe_violations(page, "/mypage/profile (account)")
    tab_to(page, "a[href='/mypage/profile?section=contact']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"section=contact$"))
    assert_no_axe_violations(page, "/mypage/profile (contact)")
    tab_to(page, "a[href='/mypage/profile/contact/edit']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/contact/edit$"))
    assert_no_axe_violations(page, "contact edit")
    name = page.locator("#f-contact_name")
    name.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("国際 三郎")
    tab_to(page, "#profile-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("h2")).to_have_text("担当者情報の変更内容の確認")
    expect(page.locator("tr.is-changed")).to_have_count(1)
    expect(page.locator("tr.is-changed")).to_contain_text("国際 三郎")
    assert_no_axe_violations(page, "contact confirm")
    screenshot(page, "profile_confirm")
    tab_to(page, "form[action$='/update'] button:not([name=back])")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"section=contact$"))
    expect(page.locator(".flashes")).to_contain_text("登録内容を更新しました")
    expect(page.locator("main")).to_contain_text("国際 三郎")

    page.goto("/mypage/profile?section=account")
    new_password = "ブラウザで変えた団体のパスワード"
    fill_by_keyboard(page, "#f-current_password", "partner-demo-2026")
    page.keyboard.press("Tab")
    page.keyboard.type(new_password)
    page.keyboard.press("Tab")
    page.keyboard.type(new_password)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"changed=password$"))
    dialog = page.locator("dialog#password-changed")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("パスワードが変更されました")
    assert page.evaluate("document.querySelector('dialog#password-changed').matches(':modal')")
    expect(page.get_by_role("button", name="OK")).to_be_focused()
    assert_no_axe_violations(page, "password changed dialog")
    screenshot(page, "password_dialog")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    assert page.console_problems == [] or all("422" in p for p in page.console_problems), page.console_problems
