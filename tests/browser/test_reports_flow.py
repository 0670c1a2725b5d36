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


def test_staff_makes_a_report_document_on_demand_and_downloads_the_pdf(page, smtp_server):
    """報告書 by keyboard: a week's report is asked for, the progress (role=status) polls until the
    files are ready, and the PDF downloads; axe on the page, the progress and the finished state."""
    log_in_by_keyboard(page, smtp_server, "admin@example.org", DEMO_PASSWORD)
    page.goto("/mypage")
    tab_to(page, 'a[href="/admin/reports"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/reports")
    kind = page.locator("#f-kind")
    kind.focus()
    page.keyboard.press("ArrowUp")  # 月 → 週 (the first option)
    assert kind.evaluate("(s) => s.options[s.selectedIndex].text") == "週"
    tab_to(page, "form.filters button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#report-period")).to_contain_text("の週")
    before = page.locator("#report-period").inner_text()
    tab_to(page, "#period-previous")
    page.keyboard.press("Enter")
    expect(page.locator("#report-period")).not_to_have_text(before)
    label = page.locator("#report-period").inner_text()
    assert_no_axe_violations(page, "/admin/reports (week)")

    tab_to(page, "#create-document")
    page.keyboard.press("Enter")  # htmx posts and swaps the progress into the role=status region
    progress = page.locator("#document-progress[role=status] #document-status")
    expect(progress).to_be_visible()
    expect(progress).to_contain_text(label.removesuffix("（集計中）"))
    if page.locator("#document-status progress").count():
        assert_no_axe_violations(page, "報告書 progress fragment")
        screenshot(page, "reports-document-progress")
    pdf_link = page.locator("#document-pdf")
    expect(pdf_link).to_be_visible(timeout=120_000)  # the in-process worker builds it; htmx polls
    expect(page.locator("#document-status")).to_contain_text("作成しました")
    expect(page.locator("#document-xlsx")).to_be_visible()
    assert_no_axe_violations(page, "報告書 finished fragment")
    screenshot(page, "reports-document-done")

    tab_to(page, "#document-pdf")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("週次報告_")
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
