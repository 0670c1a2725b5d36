"""報告 in Chromium, keyboard only: the secretariat opens the report (last month by default),
changes the period kind to 四半期 (htmx swaps the figures), moves 前へ, and every state is
axe-clean — the charts included."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import log_in_by_keyboard
from tests.browser.test_contact_flow import tab_to
from tests.browser.test_recruitment_flow import choose_by_keyboard

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "partner-demo-2026"


def test_staff_opens_the_report_changes_the_period_and_moves_back(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "admin@example.org", DEMO_PASSWORD)
    page.goto("/mypage")
    tab_to(page, 'a[href="/admin/reports"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/reports")
    expect(page.locator("h1")).to_have_text("報告（主要な数値）")
    expect(page.locator("#report-period")).to_contain_text("月")
    expect(page.locator("#chart-registrations")).to_have_count(0)  # the chart's title id is chart-…-title
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert_no_axe_violations(page, "/admin/reports (month)")
    screenshot(page, "reports-month")

    choose_by_keyboard(page, "#f-kind", "四半期")
    tab_to(page, "form.filters button[type=submit]")
    page.keyboard.press("Enter")  # htmx swaps #report-body
    expect(page.locator("#report-period")).to_contain_text("四半期")
    assert "kind=quarter" in page.url
    assert_no_axe_violations(page, "/admin/reports quarter fragment")
    before = page.locator("#report-period").inner_text()

    tab_to(page, "#period-previous")
    page.keyboard.press("Enter")
    expect(page.locator("#report-period")).not_to_have_text(before)
    expect(page.locator("#report-period")).to_contain_text("四半期")
    expect(page.locator("#period-next")).to_be_visible()
    assert_no_axe_violations(page, "/admin/reports previous quarter")
    screenshot(page, "reports-quarter-previous")
