"""保存した検索条件 with the keyboard: the talent narrows 求人情報を探す, opens 条件を保存 in place
(htmx), submits it empty (the summary takes focus), names it, and finds it on the mypage; then
opens its change and delete pages. axe on every page and fragment state on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_accounts_flow import log_in_by_keyboard
from tests.browser.test_contact_flow import tab_to
from tests.browser.test_recruitment_flow import PASSWORD, choose_by_keyboard, type_into

pytestmark = pytest.mark.browser
NAME = "ブラウザ検証 保健医療の求人"


def tab_to_text(page, text: str, limit: int = 200) -> None:
    """Tab until the focused link or button reads `text` (a CSS selector cannot name text)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(t) => document.activeElement.textContent.trim() === t", text):
            return
    raise AssertionError(f"{text} is not reachable with Tab")


def test_save_a_search_from_the_jobs_page_and_see_it_on_the_mypage(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "talent@example.org", PASSWORD)
    page.goto("/jobs")
    assert_no_axe_violations(page, "求人情報を探す (logged in, 条件を保存)")
    choose_by_keyboard(page, "#f-sector", "保健医療")  # htmx swaps the results (and the link) in place
    expect(page.locator("a.button:has-text('条件を保存')")).to_have_attribute("href", re.compile(r"sector%3Dhealth"))
    tab_to(page, ".save-search-link a")
    page.keyboard.press("Enter")  # htmx: the form opens inline
    expect(page.locator("#save-search-form form")).to_be_visible()
    assert_no_axe_violations(page, "条件を保存 (inline form)")
    tab_to(page, "#save-search-form button[type=submit]")
    page.keyboard.press("Enter")  # no name: 422, the summary takes focus
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("名前を入力してください。")
    assert_no_axe_violations(page, "条件を保存 (inline form with errors)")
    type_into(page, "#f-name", NAME)
    tab_to(page, "#save-search-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mypage/saved-searches$"))
    row = page.locator("tr", has_text=NAME)
    expect(row).to_contain_text("求人情報を探す")
    expect(row).to_contain_text("毎日")
    expect(page.locator("main")).to_contain_text(f"検索条件「{NAME}」を保存しました。")
    assert_no_axe_violations(page, "保存した検索条件")

    tab_to_text(page, f"変更（{NAME}）")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mypage/saved-searches/\d+$"))
    assert_no_axe_violations(page, "検索条件の変更")
    expect(page.locator("main a:has-text('この条件で検索する')")).to_have_attribute("href", "/jobs?sector=health")
    tab_to_text(page, "この検索条件を削除")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/delete$"))
    assert_no_axe_violations(page, "検索条件の削除")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mypage/saved-searches$"))
    expect(page.locator("main")).to_contain_text(f"検索条件「{NAME}」を削除しました。")
    expect(page.locator("tr", has_text=NAME)).to_have_count(0)
