"""The frame in real Chromium: keyboard, focus, htmx swaps with the URL following, axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser

PAGES = ["/", "/news", "/news/1", "/contact", "/no-such-page", "/dev/mail"]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations_and_no_console_errors(page, path):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "ja"
    assert_no_axe_violations(page, path)
    screenshot(page, "page" + (path.replace("/", "_") or "_top"))
    assert page.console_problems == [] or all("404" in p for p in page.console_problems), page.console_problems


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "本文へスキップ"
    assert page.locator(".skip-link").is_visible()  # visible while focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_focus_is_visible(page):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_navigation_with_the_keyboard_reaches_the_news(page):
    page.goto("/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "事務局からのお知らせ":
            break
    else:
        raise AssertionError("the navigation link was not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/news$"))
    assert page.locator("h1").inner_text() == "事務局からのお知らせ"
    assert page.locator('.site-nav a[aria-current="page"]').inner_text() == "事務局からのお知らせ"


def test_pager_swaps_in_place_announces_and_the_url_follows(page):
    page.goto("/news")
    page.evaluate("window.__noReload = true")
    first_titles = page.locator("#news-list li a").all_inner_texts()
    page.locator("#news-list a[rel=next]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/news\?page=2$"))
    expect(page.locator("#news-list a[rel=prev]")).to_have_count(1)
    assert page.evaluate("window.__noReload") is True  # swapped, not reloaded
    assert page.locator("#news-list li a").all_inner_texts() != first_titles
    expect(page.locator("#live-region")).to_contain_text("2ページ目")
    assert_no_axe_violations(page, "/news page 2 after swap")
    screenshot(page, "news_page2_swapped")
    page.go_back()
    page.wait_for_url(re.compile(r"/news$"))
    expect(page.locator("#news-list a[rel=prev]")).to_have_count(0)
    assert page.locator("#news-list li a").all_inner_texts() == first_titles
    assert page.console_problems == []


def test_pager_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server)
    page = context.new_page()
    page.goto("/news")
    page.locator("#news-list a[rel=next]").click()
    page.wait_for_url(re.compile(r"/news\?page=2$"))
    assert page.locator("#news-list a[rel=prev]").count() == 1
    context.close()


def test_layout_fits_a_phone(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 740}, locale="ja-JP")
    page = context.new_page()
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, "top_phone")
    context.close()
