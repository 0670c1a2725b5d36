"""メール配信 with the keyboard: the secretariat composes a mailing to a segment (帰国隊員) and sees
the live count → a second staff member approves it (今すぐ配信) → the progress bar reaches 100% →
the talent's mail arrives in the SMTP server with the unsubscribe headers → a mailbox provider's
one-click POST unsubscribes them → the next mailing to the same segment skips them. axe on every
page and fragment state on the way."""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import log_in_by_keyboard, mail_for
from tests.browser.test_contact_flow import tab_to
from tests.browser.test_recruitment_flow import PASSWORD, log_out, type_into

pytestmark = pytest.mark.browser
TALENT = "talent@example.org"
FIRST = "ブラウザ検証 帰国隊員向けセミナーのご案内"
SECOND = "ブラウザ検証 帰国隊員向け相談デーのご案内"


def compose(page, subject: str) -> str:
    page.goto("/admin/mailings")
    assert_no_axe_violations(page, "メール配信")
    tab_to(page, "main a[href='/admin/mailings/new']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/mailings/new$"))
    assert_no_axe_violations(page, "メールを作成")
    type_into(page, "#f-body", "{住所} 様")  # an unknown merge field: refused, never a blank at send time
    tab_to(page, "main form[method=post] button[type=submit]:not([formaction])")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("「{住所}」は使えない差し込み項目です")
    assert_no_axe_violations(page, "メールを作成 (422)")
    page.locator("#f-body").fill("")
    type_into(page, "#f-subject", subject)
    type_into(page, "#f-body", "{氏名} 様\n帰国隊員の皆さまへのご案内です。")
    before = page.locator("#audience-count").inner_text()
    tab_to(page, "input[name=jocv]")
    page.keyboard.press("Space")  # htmx asks for the count of the new segment
    expect(page.locator("#audience-count")).not_to_have_text(before)
    expect(page.locator("#audience-count")).to_contain_text(re.compile(r"この条件で [\d,]+人に配信されます"))
    assert_no_axe_violations(page, "メールを作成 (count after a filter)")
    tab_to(page, "main form[method=post] button[type=submit]:not([formaction])")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/mailings/\d+$"))
    assert_no_axe_violations(page, "メール配信 (下書き)")
    tab_to(page, "button[formaction$='/submit']")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("承認待ち")
    assert_no_axe_violations(page, "メール配信 (承認待ち)")
    return page.url.rsplit("/", 1)[1]


def approve_and_watch(page, mailing_id: str) -> None:
    page.goto(f"/admin/mailings/{mailing_id}")
    tab_to(page, "form[action$='/approve-now'] button")
    page.keyboard.press("Enter")
    expect(page.locator("#mailing-progress-bar")).to_be_visible()  # approved: the page shows the progress
    assert_no_axe_violations(page, "メール配信 (配信中)")
    bar = page.locator("#mailing-progress-bar")
    expect(bar).to_have_attribute("value", "100", timeout=60_000)  # htmx polls until every mail is sent
    expect(page.locator("#mailing-progress")).not_to_have_attribute("hx-trigger", re.compile(".*"))
    expect(page.locator("main")).to_contain_text("配信完了")
    assert_no_axe_violations(page, "メール配信 (配信完了)")


def test_segment_mailing_approved_by_a_second_person_then_one_click_unsubscribe(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    first = compose(page, FIRST)
    log_out(page)
    log_in_by_keyboard(page, smtp_server, "admin2@example.org", PASSWORD)
    approve_and_watch(page, first)
    screenshot(page, "mailing-done")

    mail = mail_for(smtp_server, TALENT, FIRST)
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = re.findall(r"<([^>]+)>", str(mail.message["List-Unsubscribe"]))
    assert mailto.startswith("mailto:unsubscribe+") and https in mail.body.replace("\r\n", "\n")
    # What a mailbox provider sends (RFC 8058): a POST without cookies or a CSRF token.
    request = urllib.request.Request(
        https,
        data=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200

    second = compose(page, SECOND)  # admin2 writes this one; admin approves
    log_out(page)
    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    approve_and_watch(page, second)
    expect(page.locator("#mailing-progress")).to_contain_text("配信停止の設定")
    others = [m for m in smtp_server.messages if SECOND in m.subject]
    assert others and all(TALENT not in m.recipients for m in others)
    page.goto("/admin/mailings")
    expect(page.locator("#mailing-rows")).to_contain_text(SECOND)
    assert_no_axe_violations(page, "メール配信 (archive)")
    page.goto("/admin/mailing-templates/new")
    assert_no_axe_violations(page, "テンプレートを作成")
    page.goto("/admin/mailing-templates")
    assert_no_axe_violations(page, "メールテンプレート")
    page.locator("#template-rows a").first.click()
    assert_no_axe_violations(page, "メールテンプレート (history)")
    problems = [p for p in page.console_problems if "status of 422" not in p]  # the refused compose form
    assert not problems, problems
