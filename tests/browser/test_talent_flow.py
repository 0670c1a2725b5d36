"""人材閲覧 with the keyboard: open a group with ＋, filter, detail, 気になる, 人材お気に入り一覧; axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import log_in_by_keyboard
from tests.browser.test_contact_flow import tab_to

pytestmark = pytest.mark.browser


def test_search_filter_detail_favorite(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "org@example.org", "partner-demo-2026")
    tab_to(page, "main a[href='/talent']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/talent$"))
    assert_no_axe_violations(page, "人材閲覧")
    group = page.locator("button[aria-controls=g2]")
    expect(group).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#g2")).to_be_hidden()
    tab_to(page, "button[aria-controls=g2]")
    page.keyboard.press("Enter")  # ＋ 語学
    expect(group).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#g2")).to_be_visible()
    page.locator("#f-language").focus()
    page.keyboard.press("ArrowDown")  # the first language: htmx updates the results, the URL follows
    page.wait_for_url(re.compile(r"language="))
    expect(page.locator("#live-region")).to_contain_text("人の登録者が見つかりました")
    assert_no_axe_violations(page, "人材閲覧 results")
    screenshot(page, "talent_search")
    first = page.locator("#talent-results tbody a").first
    code = first.inner_text()
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/talent/{code}$"))
    assert_no_axe_violations(page, "人材詳細")
    favorite = page.locator(f"#favorite-{code} button")
    favorite.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#favorite-{code} button")).to_have_attribute("aria-pressed", "true")
    page.goto("/talent/favorites")
    expect(page.locator("main")).to_contain_text(code)
    assert_no_axe_violations(page, "人材お気に入り一覧")
    assert page.console_problems == [], page.console_problems
