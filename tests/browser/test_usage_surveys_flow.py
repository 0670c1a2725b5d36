"""利用アンケート in Chromium, keyboard only: a visitor answers the public 認知度アンケート of the demo
(first sending it without the required answers: the summary takes focus), is thanked, and a second
visit from the same browser says 回答済み; the secretariat opens 定期アンケート, narrows the rounds
to one survey (htmx fragment) and opens a past round's results. axe on every page and state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import fill_by_keyboard, log_in_by_keyboard
from tests.browser.test_contact_flow import tab_to
from tests.browser.test_recruitment_flow import choose_by_keyboard

pytestmark = pytest.mark.browser
PASSWORD = "partner-demo-2026"
TOO_FAST = "送信が早すぎます"


def _choose_first(page, name: str) -> None:
    tab_to(page, f"input[name='{name}']")
    page.keyboard.press("Space")


def test_visitor_answers_the_awareness_survey_and_staff_open_the_round_results(page, smtp_server):
    page.goto("/survey/awareness")
    expect(page.locator("h1")).to_have_text("PARTNER認知度アンケート")
    assert_no_axe_violations(page, "認知度アンケート")

    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")  # nothing chosen: 422, the answers' summary takes focus
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("問1：選択してください。")
    assert_no_axe_violations(page, "認知度アンケート with errors")

    names = page.eval_on_selector_all(
        "main form input[type=radio], main form input[type=checkbox]", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        _choose_first(page, name)  # 知っている, JICAのウェブサイト, とても関心がある, 10代
    fill_by_keyboard(page, "main form textarea", "国際協力の求人がまとまっていて便利です。")
    for _ in range(10):  # the form may come back sooner than the server's minimum time: it says so
        tab_to(page, "main form button[type=submit]")
        with page.expect_navigation():  # a plain POST: wait for its answer, not the old page
            page.keyboard.press("Enter")
        if TOO_FAST not in page.locator("main").inner_text():
            break
        expect(page.locator("#error-summary")).to_be_focused()
        assert_no_axe_violations(page, "認知度アンケート too fast")
    expect(page.locator("main")).to_contain_text("ご回答ありがとうございました。")
    expect(page.locator("main h2")).to_have_text("回答済みです")
    assert_no_axe_violations(page, "認知度アンケート answered")
    page.goto("/survey/awareness")
    expect(page.locator("main")).to_contain_text("このブラウザからはすでにご回答いただいています。")
    screenshot(page, "usage_surveys_awareness_answered")

    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto("/mypage")
    tab_to(page, "a[href='/admin/surveys/programs']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/surveys/programs$"))
    expect(page.locator("h1")).to_have_text("定期アンケート・認知度アンケート")
    expect(page.locator("#round-rows tbody tr")).to_have_count(10)  # two past quarters of five surveys
    assert_no_axe_violations(page, "定期アンケート")

    choose_by_keyboard(page, "#f-program", "人材閲覧機能利用満足度アンケート")
    tab_to(page, "form.filters button[type=submit]")
    page.keyboard.press("Enter")  # htmx swaps #round-rows
    expect(page.locator("#round-rows tbody tr")).to_have_count(2)
    assert "program=talent" in page.url
    assert_no_axe_violations(page, "定期アンケート rounds fragment")

    tab_to(page, "#round-rows a[href$='/results']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/surveys/\d+/results$"))
    expect(page.locator("h1")).to_contain_text("人材閲覧機能利用満足度アンケート")
    expect(page.locator("main svg.survey-chart").first).to_be_visible()
    assert_no_axe_violations(page, "定期アンケートの結果")
    screenshot(page, "usage_surveys_round_results")

    page.goto("/admin/surveys/programs")
    tab_to(page, "#program-partner summary")
    page.keyboard.press("Enter")  # the schedule form opens
    fill_by_keyboard(page, "#f-open_day-partner", "40")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_contain_text("開始日は1〜28の範囲で入力してください。")
    assert_no_axe_violations(page, "実施日程 with errors")

    page.goto("/admin/reports?kind=quarter")
    expect(page.locator("#h-surveys")).to_have_text("利用アンケート（満足度）")
    expect(page.locator("#chart-surveys-title")).to_have_count(1)
    assert_no_axe_violations(page, "報告 with 利用アンケート")
