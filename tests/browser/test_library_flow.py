"""ライブラリ in Chromium, keyboard only where a form is filled: the secretariat registers a banner
(the empty form first: 422, the summary takes focus), marks it 公開, and it appears on the public
広報ツール page with its pixel size; axe-core on every new page and the list's fragment state."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import log_in_by_keyboard
from tests.browser.test_contact_flow import tab_to
from tests.browser.test_recruitment_flow import choose_by_keyboard

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "partner-demo-2026"
TITLE = "スカイスクレイパーバナー 120×600"


def _banner() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 600), (0, 61, 122)).save(out, format="PNG")
    return out.getvalue()


def test_staff_uploads_a_banner_makes_it_public_and_it_appears_on_the_pr_tools_page(page, smtp_server):
    page.goto("/pr-tools")
    expect(page.locator("h1")).to_have_text("広報ツール")
    expect(page.get_by_text("728×90ピクセル")).to_be_visible()
    assert_no_axe_violations(page, "/pr-tools")

    log_in_by_keyboard(page, smtp_server, "admin@example.org", DEMO_PASSWORD)
    page.goto("/admin/library")
    assert_no_axe_violations(page, "/admin/library")
    tab_to(page, "input[name=due]")
    page.keyboard.press("Space")
    tab_to(page, "form.filters button")
    page.keyboard.press("Enter")  # htmx swaps the rows: the 要確認 list
    expect(page.locator("#library-rows caption")).to_contain_text("要確認の資料 1件")
    assert_no_axe_violations(page, "/admin/library 要確認 fragment")
    screenshot(page, "library-admin-due")

    page.goto("/admin/library/new")
    assert_no_axe_violations(page, "/admin/library/new")
    tab_to(page, "form[enctype] button[type=submit]")
    page.keyboard.press("Enter")  # empty: 422, the summary takes focus
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page, "new item with errors")

    tab_to(page, "#f-title")
    page.keyboard.type(TITLE)
    choose_by_keyboard(page, "#f-category", "バナー")
    # a file chooser has no keyboard path in headless Chromium
    page.locator("#f-file").set_input_files(
        files=[{"name": "banner_120x600.png", "mimeType": "image/png", "buffer": _banner()}]
    )
    tab_to(page, "form[enctype] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/library/\d+$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.get_by_text("120×600ピクセル")).to_be_visible()
    assert_no_axe_violations(page, "item page")
    screenshot(page, "library-item")

    tab_to(page, "input[name=audience]:checked")  # a radio group: Tab lands on the checked one (事務局内)
    page.keyboard.press("ArrowDown")  # 団体
    page.keyboard.press("ArrowDown")  # 公開
    expect(page.locator("input[name=audience][value=public]")).to_be_checked()
    tab_to(page, 'form[action$="/library/' + page.url.rsplit("/", 1)[1] + '"] button[type=submit]')
    page.keyboard.press("Enter")
    expect(page.locator(".flash").first).to_contain_text("を保存しました")
    tab_to(page, 'form[action$="/confirm"] button')
    page.keyboard.press("Enter")
    expect(page.get_by_text("確認済みにしました")).to_be_visible()

    page.goto("/pr-tools")
    card = page.locator(".library-card", has_text=TITLE)
    expect(card).to_contain_text("120×600ピクセル")
    expect(card.locator("img")).to_have_attribute("alt", f"{TITLE}の縮小画像")
    # The thumbnail loaded (wait for it: the page's load event may come before a lazy image's).
    card.locator("img").scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=card.locator("img").element_handle(), timeout=15000
    )
    assert_no_axe_violations(page, "/pr-tools with the new banner")
    screenshot(page, "library-pr-tools")


def test_an_organization_sees_its_materials(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "org@example.org", DEMO_PASSWORD)
    page.goto("/mypage/library")
    expect(page.locator("h1")).to_have_text("団体向け資料")
    expect(page.get_by_role("heading", name="団体登録のご案内リーフレット")).to_be_visible()
    expect(page.get_by_role("heading", name="PARTNERパンフレット（2026年度版）")).to_be_visible()
    expect(page.get_by_text("事務局業務マニュアル")).to_have_count(0)
    assert_no_axe_violations(page, "/mypage/library")
    screenshot(page, "library-org-materials")
