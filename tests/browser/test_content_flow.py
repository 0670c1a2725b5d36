"""コンテンツ in Chromium, keyboard only: a staff member writes an article (an empty title first:
422, the summary takes focus), whose body carries XSS payloads, and sends it for review; another
staff member reads the review page and approves; the public sees it, no payload runs (no dialog,
no script element or event handler in the article). axe-core on every new page and fragment."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import log_in_by_keyboard
from tests.browser.test_contact_flow import tab_to
from tests.features.content.payloads import PAYLOADS

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "partner-demo-2026"
TITLE = "キーボードで書いた記事"


def _dialogs(page) -> list[str]:
    fired: list[str] = []

    def on_dialog(dialog) -> None:  # noqa: ANN001
        fired.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return fired


def _log_out(page) -> None:
    tab_to(page, ".site-header__user button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/login$"))


def test_public_pages_and_the_filter_fragment_pass_axe(page):
    page.goto("/content")
    expect(page.locator("h1")).to_have_text("コラム・特集・進路情報")
    assert_no_axe_violations(page, "/content")
    before = page.locator("#content-results .result-count").inner_text()
    tab_to(page, "#f-kind")
    page.keyboard.press("ArrowDown")  # コラム: htmx swaps the list
    expect(page.locator("#content-results .result-count")).not_to_have_text(before)
    assert "kind=column" in page.url
    assert_no_axe_violations(page, "/content filtered (fragment)")
    tab_to(page, "#content-results .content-card a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/content/[\w-]+$"))
    expect(page.locator("img.content-image").first).to_have_attribute("srcset", re.compile(r"480w"))
    assert_no_axe_violations(page, "an article")
    for path in ("/for-individuals", "/for-organizations"):
        page.goto(path)
        assert_no_axe_violations(page, path)
    assert not page.console_problems, page.console_problems


def test_write_review_approve_and_the_payloads_stay_inert(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "admin@example.org", DEMO_PASSWORD)
    page.goto("/admin/content")
    assert_no_axe_violations(page, "/admin/content")
    tab_to(page, "a[href='/admin/content/new']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/content/new$"))
    assert_no_axe_violations(page, "new article form")

    # Nothing typed: 422, the summary takes focus.
    tab_to(page, "form[enctype] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#f-title")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page, "article form with errors")

    tab_to(page, "#f-title")
    page.keyboard.type(TITLE)
    tab_to(page, "#f-audience")
    page.keyboard.press("ArrowDown")  # 団体向け
    tab_to(page, "#f-tags")
    page.keyboard.type("キーボード、テスト")
    tab_to(page, "#f-body")
    page.keyboard.type("# はじめに\n\nキーボードだけで書きました。\n\n" + "\n\n".join(PAYLOADS))
    tab_to(page, "form[enctype] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/content/\d+$"))
    expect(page.locator(".flash").filter(has_text="を保存しました（版1）")).to_have_count(1)
    article_path = re.search(r"/admin/content/(\d+)$", page.url)
    item_id = article_path.group(1)
    tab_to(page, "form[action$='/submit'] button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("確認待ちにしました")).to_be_visible()
    assert_no_axe_violations(page, "article in review")
    _log_out(page)

    log_in_by_keyboard(page, smtp_server, "admin2@example.org", DEMO_PASSWORD)
    page.goto("/admin/content?status=pending")
    assert_no_axe_violations(page, "pending list")
    page.goto(f"/admin/content/{item_id}/review")
    dialogs = _dialogs(page)
    expect(page.locator("h1")).to_contain_text(TITLE)
    assert_no_axe_violations(page, "review of a new article")
    tab_to(page, "form[action$='/approve'] button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("を承認しました。公開中の内容に反映されました。")).to_be_visible()

    # The demo's article with a pending revision: the diff.
    page.goto("/admin/content?status=pending")
    tab_to(page, "#content-rows table a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/content/\d+$"))
    tab_to(page, "a[href$='/review']")
    page.keyboard.press("Enter")
    expect(page.locator(".content-diff ins").first).to_contain_text("追加：")
    assert_no_axe_violations(page, "review with a diff")
    screenshot(page, "content_review_diff")
    _log_out(page)

    page.goto(f"/content/{item_id}")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#article-body h2")).to_have_text("はじめに")
    page.wait_for_load_state("networkidle")
    found = page.evaluate(
        """() => {
            const root = document.querySelector('#article');
            const bad = [];
            for (const el of root.querySelectorAll('*')) {
                const tag = el.tagName.toUpperCase();
                const banned = ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'STYLE', 'INPUT', 'DETAILS'];
                if (banned.includes(tag)) bad.push(tag);
                for (const a of el.attributes) {
                    if (a.name.startsWith('on') || a.name.startsWith('hx-')) bad.push(tag + '[' + a.name + ']');
                    const url = ['href', 'src'].includes(a.name) ? a.value.trim().toLowerCase() : '';
                    if (/^(javascript|data|vbscript):/.test(url)) bad.push(a.value);
                }
            }
            return bad;
        }"""
    )
    assert found == []
    assert dialogs == []
    expect(page.locator("#article-body")).to_contain_text("{{7*7}}")
    assert_no_axe_violations(page, "the approved article")
    screenshot(page, "content_article")
    page.goto("/content?kind=column&audience=organization")
    expect(page.locator("#content-results")).to_contain_text(TITLE)
    assert dialogs == []
