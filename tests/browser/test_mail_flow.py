"""From application to conversation, by keyboard: the talent applies with a document → the
organization sees 応募件数 1, downloads the document and sends a 連絡メール → the talent reads it in
the メールボックス and replies → the organization sees the reply in the thread. axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import fill_by_keyboard, log_in_by_keyboard, mail_for
from tests.browser.test_contact_flow import tab_to
from tests.features.applications.helpers import PDF

pytestmark = pytest.mark.browser
PASSWORD = "partner-demo-2026"
TITLE = "【Web応募】カンボジア 母子保健プロジェクト プロジェクトオフィサー"  # the demo organization's Web応募 job


def press_enter_on(page, target) -> None:
    """Tab to a CSS selector or a Playwright locator, then press Enter."""
    if isinstance(target, str):
        tab_to(page, target)
    else:
        target = target.first
        for _ in range(300):
            page.keyboard.press("Tab")
            if target.evaluate("element => element === document.activeElement"):
                break
        else:
            raise AssertionError(f"{target} is not reachable with Tab")
    page.keyboard.press("Enter")


def log_out(page) -> None:
    press_enter_on(page, ".site-header__user button")
    page.wait_for_url(re.compile(r"/login$"))


def test_application_to_mail_and_reply(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "talent@example.org", PASSWORD)
    page.goto("/jobs?keyword=" + "Web応募")
    press_enter_on(page, page.locator("#search-results a", has_text=TITLE))
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    press_enter_on(page, page.get_by_role("link", name="この案件に応募する"))
    page.wait_for_url(re.compile(r"/apply/\d+$"))
    for file_input in page.locator(
        "input[type=file]"
    ).all():  # a file chooser has no keyboard path in headless Chromium
        file_input.set_input_files(files=[{"name": "応募書類.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    press_enter_on(page, page.get_by_role("button", name="確認", exact=True))
    expect(page.locator("h1")).to_have_text("応募内容の確認")
    press_enter_on(page, page.get_by_role("button", name="応募する", exact=True))
    page.wait_for_url(re.compile(r"/mypage/applications$"))
    log_out(page)

    log_in_by_keyboard(page, smtp_server, "org@example.org", PASSWORD)
    page.goto("/postings/jobs")
    count = page.locator("tr", has_text=TITLE).locator("a[href$='/applications']")
    expect(count).to_contain_text("1件")
    count.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/applications$"))
    expect(page.locator("h1")).to_have_text("求人応募一覧")
    press_enter_on(page, page.get_by_role("link", name="応募詳細"))
    page.wait_for_url(re.compile(r"/applications/\d+$"))
    assert_no_axe_violations(page, "応募編集")
    with page.expect_download() as download:
        press_enter_on(page, page.get_by_role("link", name="応募書類.pdf"))
    assert download.value.suggested_filename == "応募書類.pdf"

    press_enter_on(page, page.get_by_role("button", name="連絡メール", exact=True))
    expect(page.locator("h1")).to_have_text("メール作成（連絡メール）")
    assert_no_axe_violations(page, "メール作成")
    tab_to(page, "#f-category")
    page.keyboard.press("ArrowDown")  # 質問
    fill_by_keyboard(page, "#f-subject", "面接日程のご相談")
    fill_by_keyboard(page, "#f-body", "{氏名} 様\n面接のご都合をお知らせください。")
    screenshot(page, "mail_compose")
    press_enter_on(page, page.get_by_role("button", name="確認", exact=True))
    expect(page.locator("h1")).to_have_text("メール内容確認")
    press_enter_on(page, page.get_by_role("button", name="修正する", exact=True))  # back, with what was typed
    expect(page.locator("h1")).to_have_text("メール作成（連絡メール）")
    expect(page.locator("#f-subject")).to_have_value("面接日程のご相談")
    press_enter_on(page, page.get_by_role("button", name="確認", exact=True))
    expect(page.locator("h1")).to_have_text("メール内容確認")
    assert_no_axe_violations(page, "メール内容確認")
    press_enter_on(page, page.get_by_role("button", name="送信", exact=True))
    page.wait_for_url(re.compile(r"/mailbox\?box=sent$"))
    expect(page.locator(".flashes")).to_contain_text("連絡メールを1件送信しました。")
    assert_no_axe_violations(page, "送信BOX")
    log_out(page)

    notice = mail_for(smtp_server, "talent@example.org", "PARTNERで新着メッセージがあります")
    assert "面接のご都合" not in notice.body  # a notice with a link, never the content
    log_in_by_keyboard(page, smtp_server, "talent@example.org", PASSWORD)
    # The header's count, loaded by htmx: this mail and the demo's unread メール相談 answer from PARTNER事務局.
    expect(page.locator("#unread-mail")).to_contain_text("未読 2件")
    press_enter_on(page, "#unread-mail")
    page.wait_for_url(re.compile(r"/mailbox$"))
    assert_no_axe_violations(page, "受信BOX")
    press_enter_on(page, page.locator("main").get_by_role("link", name="面接日程のご相談", exact=True))
    page.wait_for_url(re.compile(r"/mailbox/\d+$"))
    expect(page.locator("main")).to_contain_text("面接のご都合をお知らせください。")
    expect(page.locator("main")).not_to_contain_text("{氏名}")  # filled with the talent's name
    assert_no_axe_violations(page, "メール (talent)")
    fill_by_keyboard(page, "#f-body", "来週火曜日の午後でお願いします。")
    press_enter_on(page, page.get_by_role("button", name="返信する", exact=True))
    expect(page.locator(".flashes")).to_contain_text("返信を送信しました。")
    log_out(page)

    log_in_by_keyboard(page, smtp_server, "org@example.org", PASSWORD)
    expect(page.locator("#unread-mail")).to_contain_text("未読 1件")
    page.goto("/mailbox")
    press_enter_on(page, page.locator("main").get_by_role("link", name="Re: 面接日程のご相談", exact=True))
    page.wait_for_url(re.compile(r"/mailbox/\d+$"))
    thread = page.locator(".thread")
    expect(thread).to_contain_text("面接のご都合をお知らせください。")
    expect(thread).to_contain_text("来週火曜日の午後でお願いします。")
    assert_no_axe_violations(page, "メール (organization)")
    screenshot(page, "mail_thread")
    assert not page.console_problems, page.console_problems
