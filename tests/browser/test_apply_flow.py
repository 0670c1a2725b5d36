"""Web応募 in Chromium: form, 確認, 応募する, 応募履歴; axe on each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_accounts_flow import log_in_by_keyboard
from tests.features.applications.helpers import PDF

pytestmark = pytest.mark.browser


def test_talent_applies_with_documents(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "talent@example.org", "partner-demo-2026")
    page.goto("/jobs?sort=deadline")
    for link in page.locator("#search-results h2 a").all()[:20]:
        href = link.get_attribute("href")
        detail = page.context.new_page()
        detail.goto(href)
        has_web = detail.locator("a.button", has_text="この案件に応募する").count() > 0
        detail.close()
        if has_web:
            break
    else:
        pytest.fail("no Web応募 posting among the first results of the demo data")
    page.goto(href)
    page.get_by_role("link", name="この案件に応募する").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/apply/\d+$"))
    assert_no_axe_violations(page, "apply form")
    for file_input in page.locator("input[type=file]").all():
        file_input.set_input_files(files=[{"name": "応募書類.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.locator("#f-message").fill("ブラウザからの応募です。")
    page.get_by_role("button", name="確認").click()
    expect(page.locator("h1")).to_have_text("応募内容の確認")
    expect(page.locator("main")).to_contain_text("応募書類.pdf")
    assert_no_axe_violations(page, "apply confirm")
    page.get_by_role("button", name="応募する").click()
    page.wait_for_url(re.compile(r"/mypage/applications$"))
    expect(page.locator(".flashes")).to_contain_text("応募しました")
    expect(page.locator("main")).to_contain_text("応募受付")
    assert_no_axe_violations(page, "応募履歴")
