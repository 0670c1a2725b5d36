"""アンケート with the keyboard alone: the secretariat opens the demo template in the builder, copies
it and adds a question (with the error state first) → the results of the running demo survey, with
the cross-tabulation → talent@example.org opens the link from the invitation mail, sends the form
empty (the error summary takes focus), answers every question without a mouse and is thanked;
a second visit says 回答済みです. axe on each page and state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import fill_by_keyboard, log_in_by_keyboard, mail_for
from tests.browser.test_contact_flow import tab_to
from tests.browser.test_recruitment_flow import choose_by_keyboard, log_out

pytestmark = pytest.mark.browser
PASSWORD = "partner-demo-2026"


def build_and_read_results_as_secretariat(page, smtp_server) -> None:
    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto("/mypage")
    tab_to(page, "main a[href='/admin/surveys']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/surveys$"))
    assert_no_axe_violations(page, "アンケート一覧")

    template = page.locator("main a", has_text=re.compile(r"^セミナー参加者アンケート$"))
    tab_to(page, f"main a[href='{template.get_attribute('href')}']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/surveys/\d+$"))
    expect(page.locator("h1")).to_have_text("セミナー参加者アンケート")
    assert_no_axe_violations(page, "アンケートの編集（下書き）")

    tab_to(page, "form[action$='/copy'] button:not([formaction])")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/surveys/\d+$"))
    expect(page.locator("h1")).to_have_text("セミナー参加者アンケート（複製）")

    tab_to(page, "#add-question button[type=submit]")
    page.keyboard.press("Enter")  # nothing entered: refused, the summary takes focus
    expect(page.locator("#add-question .error-summary")).to_be_focused()
    expect(page.locator("#add-question")).to_contain_text("質問文を入力してください。")
    assert_no_axe_violations(page, "質問の追加 with errors")

    choose_by_keyboard(page, "#f-kind", "5段階評価")
    fill_by_keyboard(page, "#f-text", "会場へのアクセスはよかった。")
    tab_to(page, "#add-question button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/surveys/\d+#questions$"))
    expect(page.locator("#questions")).to_contain_text("問6 会場へのアクセスはよかった。")
    assert_no_axe_violations(page, "質問を追加した後")
    copy_url = page.url.split("#")[0]

    tab_to(page, "#questions a[href*='/questions/']")
    page.keyboard.press("Enter")  # 編集 of 問1
    page.wait_for_url(re.compile(r"/questions/\d+$"))
    assert_no_axe_violations(page, "質問の編集")
    page.goto(copy_url)
    tab_to(page, "main a[href$='/preview']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/preview$"))
    expect(page.locator("main")).to_contain_text("会場へのアクセスはよかった。")
    assert_no_axe_violations(page, "回答画面のプレビュー")
    page.goto(copy_url)
    tab_to(page, "main a[href$='/audience']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/audience$"))
    expect(page.locator("h1")).to_have_text("対象者の選択")
    assert_no_axe_violations(page, "対象者の選択")

    page.goto("/admin/surveys/new")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page, "アンケートの作成 with errors")

    page.goto("/admin/surveys")
    run = page.locator("main a", has_text="国際協力人材セミナー（秋・東京）参加者アンケート").first
    tab_to(page, f"main a[href='{run.get_attribute('href')}/results']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/results$"))
    expect(page.locator("main")).to_contain_text("回答率")
    expect(page.locator("main svg.survey-chart").first).to_be_visible()
    assert_no_axe_violations(page, "アンケート結果")
    choose_by_keyboard(page, "#f-by", "年齢帯")
    tab_to(page, "main form[action$='/results'] button")
    page.keyboard.press("Enter")
    expect(page.locator("#crosstab")).to_contain_text("属性「年齢帯」別のクロス集計")
    assert_no_axe_violations(page, "アンケート結果（クロス集計）")
    screenshot(page, "survey_results")
    log_out(page)


def answer_as_talent(page, smtp_server) -> None:
    # By the survey's title: other tests (the seminar flow) invite talent@example.org to surveys too.
    mail = mail_for(
        smtp_server, "talent@example.org", "アンケートご協力のお願い：国際協力人材セミナー（秋・東京）参加者アンケート"
    )
    link = re.search(r"(http://\S+/surveys/[A-Za-z0-9_-]+)", mail.body).group(1)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("国際協力人材セミナー（秋・東京）参加者アンケート")
    assert_no_axe_violations(page, "アンケート回答")

    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")  # nothing chosen: refused with the answers kept, the summary takes focus
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("問1：選択してください。")
    assert_no_axe_violations(page, "アンケート回答 with errors")
    screenshot(page, "survey_answer_errors")

    radios = page.locator("input[type=radio]")
    first_of = [radios.nth(0), page.locator("input[type=radio][value='満足']"), page.locator("input[value='1']")]
    # 問1: Tab lands on the group's first option, ArrowDown picks the next one (JICAのウェブサイト)
    tab_to(page, f"input[name='{first_of[0].get_attribute('name')}']")
    page.keyboard.press("ArrowDown")
    # 問2: Space chooses the focused 満足
    tab_to(page, f"input[name='{first_of[1].get_attribute('name')}']")
    page.keyboard.press("Space")
    # 問3 (5段階): ArrowDown ×3 from 1 → 4
    tab_to(page, f"input[name='{first_of[2].get_attribute('name')}']")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    # 問4 (複数): Space on two checkboxes
    tab_to(page, "input[type=checkbox][value='応募書類の書き方']")
    page.keyboard.press("Space")
    tab_to(page, "input[type=checkbox][value='帰国後のキャリア']")
    page.keyboard.press("Space")
    fill_by_keyboard(page, "textarea", "キーボードだけで回答できました。")
    expect(page.locator("input[value='JICAのウェブサイト']")).to_be_checked()
    expect(page.locator("input[type=radio][value='4']")).to_be_checked()
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("回答済みです")
    expect(page.locator("main")).to_contain_text("回答を送信しました。")
    assert_no_axe_violations(page, "回答済み")
    page.goto(link)
    expect(page.locator("main")).to_contain_text("回答済みです")


def test_survey_built_answered_by_keyboard_and_results_shown(page, smtp_server):
    build_and_read_results_as_secretariat(page, smtp_server)
    answer_as_talent(page, smtp_server)
    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto("/admin/surveys")
    row = page.locator("tr", has_text="国際協力人材セミナー（秋・東京）参加者アンケート")
    expect(row).to_be_visible()
    run_href = row.locator("a").first.get_attribute("href")
    page.goto(f"{run_href}/results")
    expect(page.locator("main")).to_contain_text("キーボードだけで回答できました。")
