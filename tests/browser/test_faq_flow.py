"""よくある質問 in Chromium, keyboard only: a visitor searches (htmx after a pause), opens an answer,
votes はい and sees the thanks; the secretariat sees the failing answers, cannot publish a draft
made from an inquiry until its text is edited, reorders (htmx). axe-core on every page and
fragment state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import log_in_by_keyboard
from tests.browser.test_contact_flow import tab_to

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "partner-demo-2026"


def test_a_visitor_searches_with_the_keyboard_and_votes(page):
    page.goto("/faq")
    expect(page.locator("h1")).to_have_text("よくある質問")
    assert_no_axe_violations(page, "/faq")

    tab_to(page, "#f-q")
    page.keyboard.type("ﾛｸﾞｲﾝｺｰﾄﾞ")  # half-width: NFKC finds ログインコード
    expect(page.locator("#faq-count")).to_contain_text("「ﾛｸﾞｲﾝｺｰﾄﾞ」を含む")  # htmx swapped the results
    assert "/faq?" in page.url and page.locator("#f-q").evaluate("e => e === document.activeElement")
    questions = page.locator("#faq-results summary .faq-entry__q").all_inner_texts()
    assert questions and all("ログインコード" in q or "ﾛｸﾞｲﾝｺｰﾄﾞ" in q for q in questions[:1])
    assert_no_axe_violations(page, "search results fragment")

    page.keyboard.type(" 存在しない言葉")
    expect(page.locator("#faq-results")).to_contain_text("条件に合う質問は見つかりませんでした")
    assert_no_axe_violations(page, "no results fragment")
    page.keyboard.press("Control+A")
    page.keyboard.type("ログインコード")
    expect(page.locator("#faq-count")).to_contain_text("「ログインコード」を含む")

    tab_to(page, "#faq-results details summary")
    page.keyboard.press("Enter")  # open the first answer
    first = page.locator("#faq-results details").first
    expect(first).to_have_attribute("open", "")
    assert_no_axe_violations(page, "an opened answer")

    tab_to(page, "#faq-results details[open] button[formaction$='/helpful']")
    page.keyboard.press("Enter")
    thanks = first.locator(".faq-vote [role=status]")
    expect(thanks).to_have_text("ご回答ありがとうございました。")
    expect(thanks).to_be_focused()
    assert page.url.startswith(page.url.split("#")[0])  # no navigation
    assert_no_axe_violations(page, "after voting")
    screenshot(page, "faq_voted")

    tab_to(page, "#faq-results details[open] a[href^='/faq/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/faq/\d+$"))
    expect(page.locator(".faq-vote")).to_contain_text("この回答にはご回答いただきました。")  # one vote a day
    assert_no_axe_violations(page, "entry page, already answered")
    related = page.locator("section[aria-labelledby=related-title] a").first
    target = related.get_attribute("href")
    related.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(target) + "$"))  # the related entry's own URL, not this one
    assert_no_axe_violations(page, "entry page")
    tab_to(page, ".faq-vote button[formaction$='/unhelpful']")
    page.keyboard.press("Enter")
    expect(page.locator(".faq-vote [role=status]")).to_have_text("ご回答ありがとうございました。")
    assert_no_axe_violations(page, "entry page after voting")
    assert not page.console_problems, page.console_problems


def test_the_secretariat_reviews_failing_answers_and_redacts_a_draft_before_publishing(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "admin@example.org", DEMO_PASSWORD)
    page.goto("/mypage")
    tab_to(page, "main a[href='/admin/faq']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/faq$"))
    assert_no_axe_violations(page, "/admin/faq")

    tab_to(page, "nav a[href='/admin/faq?view=failing']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"view=failing"))
    expect(page.locator("caption")).to_contain_text("役に立たなかった回答")
    counts = [int(t) for t in page.locator("tbody tr td:nth-child(6)").all_inner_texts()]
    assert counts and counts == sorted(counts, reverse=True)  # the most いいえ first
    assert_no_axe_violations(page, "failing answers")
    screenshot(page, "faq_failing")

    page.goto("/admin/faq?status=draft")
    tab_to(page, "tbody th a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/faq/\d+$"))
    warning = page.locator("#redaction-warning")
    expect(warning).to_contain_text("個人情報が含まれていないか確認し、編集してから公開してください")
    assert_no_axe_violations(page, "draft from an inquiry")

    tab_to(page, "#f-publish")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("まだ公開できません")
    assert_no_axe_violations(page, "publishing refused")

    tab_to(page, "#f-question")
    page.keyboard.press("Control+A")
    page.keyboard.type("ログインコードのメールが届かないときは？")
    tab_to(page, "#f-answer")
    page.keyboard.press("Control+A")
    page.keyboard.type("迷惑メールフォルダをご確認のうえ、画面の「コードを再送する」をお試しください。")
    tab_to(page, "#f-save")
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_contain_text("公開できるようになりました")
    expect(page.locator("#redaction-warning")).to_have_count(0)
    tab_to(page, "#f-publish")
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_contain_text("を公開にしました。")
    assert_no_axe_violations(page, "published entry")

    page.goto("/admin/faq?category=ログイン")
    names = page.locator("tbody th a").all_inner_texts()
    tab_to(page, "tbody button[formaction$='/down']")
    page.keyboard.press("Enter")
    expect(page.locator("tbody th a").first).to_have_text(names[1])
    assert_no_axe_violations(page, "after moving an entry")

    page.goto("/admin/faq/new")
    assert_no_axe_violations(page, "/admin/faq/new")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page, "new entry with errors")
    unexpected = [p for p in page.console_problems if "status of 409" not in p and "status of 422" not in p]
    assert not unexpected, unexpected
