"""求人情報掲載 → 一時保存 → preview → 確認 → 登録 → secretariat 承認 → found in 求人情報を探す,
with the keyboard, and axe on every page and fragment state on the way."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import fill_by_keyboard, log_in_by_keyboard
from tests.browser.test_contact_flow import tab_to

pytestmark = pytest.mark.browser
TITLE = "ブラウザ検証 モザンビーク 農業普及員"


def test_job_posting_from_empty_form_to_public_search(page, browser, live_server, smtp_server):
    log_in_by_keyboard(page, smtp_server, "jica@example.org", "partner-demo-2026")
    tab_to(page, "main a[href='/postings/jobs/new']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/postings/jobs/new$"))
    assert_no_axe_violations(page, "求人情報掲載")
    fill_by_keyboard(page, "#f-title", TITLE)
    tab_to(page, "button[formaction$='/save']")
    page.keyboard.press("Enter")  # 一時保存 with most fields empty
    page.wait_for_url(re.compile(r"/postings/jobs/\d+/edit$"))
    expect(page.locator(".flashes")).to_contain_text("一時保存しました")

    tab_to(page, "button[formaction$='/confirm']")
    page.keyboard.press("Enter")  # 確認 refuses the incomplete form
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page, "求人情報掲載 with errors")

    today = datetime.now()
    fill_by_keyboard(page, "#f-job_type", "農業普及員")
    page.locator("#f-sector").select_option("agriculture")
    tab_to(page, "input[name=location_kind]")  # a radio group: Tab enters it, arrows choose
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=location_kind][value=overseas]")).to_be_checked()
    page.locator("#f-country").select_option("MZ")
    page.locator("#f-employment_type").select_option("契約職員")
    page.locator("#f-opens_on").fill(today.strftime("%Y-%m-%d"))
    page.locator("#f-closes_on").fill((today + timedelta(days=30)).strftime("%Y-%m-%d"))
    page.locator("#f-publish_at").fill((today - timedelta(days=1)).strftime("%Y-%m-%dT09:00"))
    fill_by_keyboard(page, "#f-duties", "小規模農家への技術普及を担当します。")
    fill_by_keyboard(page, "#f-requirements", "農業分野の実務経験3年以上")
    fill_by_keyboard(page, "#f-contact", "recruit@example.org")

    tab_to(page, "button[formaction$='/preview']")
    with page.context.expect_page() as opened:
        page.keyboard.press("Enter")  # 掲載後に表示される内容を確認する: a new tab, the input stays here
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.locator(".preview-banner")).to_contain_text("プレビュー")
    expect(preview.locator("h1")).to_have_text(TITLE)
    assert_no_axe_violations(preview, "preview")
    screenshot(preview, "posting_preview")
    preview.close()
    expect(page.locator("#f-duties")).to_have_value("小規模農家への技術普及を担当します。")

    tab_to(page, "button[formaction$='/confirm']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("内容確認")
    assert_no_axe_violations(page, "内容確認")
    tab_to(page, "button[data-dialog-open]")
    page.keyboard.press("Enter")  # 登録 → a confirmation dialog
    dialog = page.locator("#submit-dialog")
    expect(dialog).to_be_visible()
    assert_no_axe_violations(page, "登録 dialog")
    tab_to(page, "#submit-dialog button[formaction$='/submit']")
    page.keyboard.press("Enter")  # OK
    page.wait_for_url(re.compile(r"/done$"))
    expect(page.locator("h1")).to_have_text("登録完了")

    page.goto("/postings/jobs")
    expect(page.locator("main")).to_contain_text("承認待ち")
    assert_no_axe_violations(page, "求人情報一覧")
    tab_to(page, ".site-header__user button")
    page.keyboard.press("Enter")  # ログアウト
    page.wait_for_url(re.compile(r"/login$"))

    log_in_by_keyboard(page, smtp_server, "admin@example.org", "partner-demo-2026")
    page.goto("/admin/postings")
    assert_no_axe_violations(page, "求人情報の審査")
    page.get_by_role("link", name=TITLE).focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(TITLE)
    assert_no_axe_violations(page, "審査 detail")
    tab_to(page, "form[action$='/approve'] button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/postings$"))
    expect(page.locator(".flashes")).to_contain_text("を承認しました")

    anonymous = browser.new_context(base_url=live_server, locale="ja-JP").new_page()
    anonymous.console_problems = []
    anonymous.goto("/jobs")
    assert_no_axe_violations(anonymous, "求人情報を探す")
    keyword = anonymous.locator("#f-keyword")
    keyword.focus()
    anonymous.keyboard.type("モザンビーク")
    anonymous.keyboard.press("Enter")
    anonymous.wait_for_url(re.compile(r"keyword="))
    result = anonymous.get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    assert_no_axe_violations(anonymous, "求人情報を探す results (fragment)")
    screenshot(anonymous, "job_search")
    result.focus()
    anonymous.keyboard.press("Enter")
    expect(anonymous.locator("h1")).to_have_text(TITLE)
    assert_no_axe_violations(anonymous, "求人情報 detail")
    anonymous.context.close()
