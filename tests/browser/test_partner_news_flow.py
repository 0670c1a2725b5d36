"""PARTNERニュース in Chromium, keyboard only: the secretariat opens this week's demo draft, edits
the lead, moves an item (htmx), approves; axe-core on every new page and fragment state, and on
the public back issues."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import log_in_by_keyboard
from tests.browser.test_contact_flow import tab_to

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "partner-demo-2026"


def test_open_the_draft_edit_the_lead_reorder_and_approve(page, smtp_server):
    page.goto("/news/partner-news")
    assert_no_axe_violations(page, "/news/partner-news")
    expect(page.locator("h1")).to_have_text("PARTNERニュース バックナンバー")
    page.goto("/news/partner-news/1")
    assert_no_axe_violations(page, "/news/partner-news/1")

    log_in_by_keyboard(page, smtp_server, "admin@example.org", DEMO_PASSWORD)
    page.goto("/admin/partner-news")
    assert_no_axe_violations(page, "/admin/partner-news")
    tab_to(page, "table a")  # the newest issue: this week's draft
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/partner-news/\d+$"))
    expect(page.locator("h1")).to_have_text(re.compile(r"PARTNERニュース第\d+号"))
    assert_no_axe_violations(page, "draft issue")

    # リード文: empty first (422, the summary takes focus), then a real one.
    tab_to(page, "#f-lead")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    tab_to(page, 'form[action$="/lead"] button')
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#f-lead")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page, "lead with an error")
    tab_to(page, "#f-lead")
    page.keyboard.type("{氏名} 様\n\n今週もPARTNERニュースをお届けします。")
    tab_to(page, 'form[action$="/lead"] button')
    page.keyboard.press("Enter")
    expect(page.locator(".flash").filter(has_text="リード文を保存しました")).to_have_count(1)

    # 下へ on the first item of the first section: htmx swaps the sections in place.
    first_section = page.locator("#issue-sections section.card").first
    before = first_section.locator("li a").all_inner_texts()
    assert len(before) >= 2
    tab_to(page, "#issue-sections section.card li button[formaction$='/down']")
    page.keyboard.press("Enter")
    expect(page.locator("#issue-sections section.card").first.locator("li a").first).to_have_text(before[1])
    assert page.url.endswith(re.search(r"/admin/partner-news/\d+", page.url).group(0))  # no navigation
    assert_no_axe_violations(page, "after moving an item")
    screenshot(page, "partner_news_draft")

    tab_to(page, 'form[action$="/approve"] button')
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"第\d+号を承認しました。"))).to_be_visible()
    expect(page.locator('form[action$="/unapprove"] button')).to_be_visible()
    assert_no_axe_violations(page, "approved issue")
    page.goto(page.url + "/preview")
    expect(page.locator("pre")).to_contain_text("今週もPARTNERニュースをお届けします。")
    assert_no_axe_violations(page, "preview")
    unexpected = [p for p in page.console_problems if "status of 422" not in p]  # the empty lead, on purpose
    assert not unexpected, unexpected
