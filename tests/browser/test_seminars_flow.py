"""セミナー with the keyboard: the secretariat plans a seminar, adds a session and announces it → a
person without an account registers (the form refuses first, then takes the answers) → the
verification mail → 申込を確定する → the confirmation with the 受付番号. axe on every seminar page
and fragment state on the way, and on the demo seminars' admin pages (出欠確認 with its inline save)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import fill_by_keyboard, log_in_by_keyboard, mail_for
from tests.browser.test_contact_flow import tab_to
from tests.browser.test_recruitment_flow import PASSWORD, choose_by_keyboard, log_out, type_into

pytestmark = pytest.mark.browser
TITLE = "ブラウザ検証 国際協力人材セミナー横浜"


def plan_as_secretariat(page, smtp_server) -> None:
    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto("/admin/seminars")
    assert_no_axe_violations(page, "セミナー管理")
    tab_to(page, "main a[href='/admin/seminars/new']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/seminars/new$"))
    assert_no_axe_violations(page, "セミナーを企画する")
    fill_by_keyboard(page, "#f-title", TITLE)
    type_into(page, "#f-theme", "はじめての国際協力")
    today = datetime.now()
    day = (today + timedelta(days=10)).strftime("%Y-%m-%d")
    # Date and time widgets follow the OS locale's segment order: set their values directly.
    page.locator("#f-starts_at_date").fill(day)
    page.locator("#f-starts_at_time").fill("13:00")
    page.locator("#f-ends_at_date").fill(day)
    page.locator("#f-ends_at_time").fill("17:00")
    type_into(page, "#f-venue_name", "JICA横浜")
    type_into(page, "#f-capacity", "50")
    page.locator("#f-apply_from_date").fill((today - timedelta(days=1)).strftime("%Y-%m-%d"))
    page.locator("#f-apply_from_time").fill("09:00")
    page.locator("#f-apply_until_date").fill((today + timedelta(days=8)).strftime("%Y-%m-%d"))
    page.locator("#f-apply_until_time").fill("17:00")
    tab_to(page, "main form.form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/seminars/\d+$"))
    expect(page.locator(".flashes")).to_contain_text("作成しました")
    assert_no_axe_violations(page, "セミナー detail (企画中)")

    type_into(page, "#f-title", "分科会A 保健医療の仕事")
    choose_by_keyboard(page, "#f-track", "A")
    page.locator("#f-starts_at_date").fill(day)
    page.locator("#f-starts_at_time").fill("14:00")
    page.locator("#f-ends_at_date").fill(day)
    page.locator("#f-ends_at_time").fill("15:00")
    type_into(page, "#f-capacity", "20")
    page.locator("#programme form.form button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_contain_text("セッション「分科会A 保健医療の仕事」を追加しました")
    page.get_by_role("button", name="告知を開始する").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_contain_text("告知中にしました")
    assert_no_axe_violations(page, "セミナー detail (告知中)")
    screenshot(page, "seminar_admin_detail")
    log_out(page)


def register_without_account(page, smtp_server) -> None:
    page.goto("/seminars")
    assert_no_axe_violations(page, "セミナー")
    page.get_by_role("link", name=TITLE).focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(TITLE)
    assert_no_axe_violations(page, "セミナー detail")
    page.get_by_role("link", name="このセミナーに申し込む").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/seminars/\d+/apply$"))
    assert_no_axe_violations(page, "セミナー申込")
    tab_to(page, "#apply-form button[type=submit]")
    page.keyboard.press("Enter")  # empty: 422, htmx swaps the form and the summary takes focus
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page, "セミナー申込 with errors (fragment)")
    type_into(page, "#f-name", "横浜 花子")
    type_into(page, "#f-email", "hanako.seminar@example.net")
    choose_by_keyboard(page, "#f-age_band", "20代")
    type_into(page, "#f-occupation", "大学院生")
    page.locator("input[name=interests][value='教育']").focus()
    page.keyboard.press("Space")
    page.locator("input[name=experience][value='なし']").focus()
    page.keyboard.press("Space")
    choose_by_keyboard(page, "#f-source", "友人・知人の紹介")
    page.get_by_label(re.compile("分科会A 保健医療の仕事")).focus()
    page.keyboard.press("Space")
    tab_to(page, "#apply-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/seminars/\d+/applied$"))
    assert_no_axe_violations(page, "確認メールを送信しました")

    mail = mail_for(smtp_server, "hanako.seminar@example.net", "セミナー申込の確認")
    link = re.search(r"https?://\S+/seminars/verify/\S+", mail.body).group(0)
    page.goto(link)
    assert_no_axe_violations(page, "申込の確認")
    page.get_by_role("button", name="申込を確定する").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("申込が確定しました")
    receipt = page.locator("dd strong").inner_text()
    assert re.fullmatch(r"S\d+-0001", receipt)
    expect(page.get_by_role("link", name=re.compile("PARTNERに登録する"))).to_be_visible()
    assert_no_axe_violations(page, "申込が確定しました")
    done = mail_for(smtp_server, "hanako.seminar@example.net", f"受付番号 {receipt}")
    body = done.message.get_body(("plain",)).get_content()  # multipart: the text and seminar.ics
    assert "分科会A 保健医療の仕事" in body
    ics = next(part for part in done.message.iter_attachments() if part.get_filename() == "seminar.ics")
    assert TITLE in ics.get_content()
    cancel = re.search(r"https?://\S+/seminars/cancel/\S+", body).group(0)
    page.goto(cancel)
    assert_no_axe_violations(page, "申込のキャンセル")


def test_seminar_planned_announced_and_registered_by_keyboard(page, smtp_server):
    plan_as_secretariat(page, smtp_server)
    register_without_account(page, smtp_server)
    assert page.console_problems == [] or all("422" in p for p in page.console_problems), page.console_problems


def test_seminar_admin_pages_of_the_demo_have_no_axe_violations(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto("/admin/seminars")
    hrefs = page.locator("main td a[href^='/admin/seminars/']").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )[:6]  # the newest: the demo's own seminars (its 18 months of history follow, all alike)
    assert len(hrefs) >= 4
    for href in hrefs:
        for suffix in ("", "/edit", "/registrations", "/messages"):
            assert page.goto(href + suffix).status == 200, href + suffix
            assert_no_axe_violations(page, href + suffix)
    page.goto("/admin/seminars")
    org_href = page.locator("main td a", has_text="団体セミナー").first.get_attribute("href")
    page.goto(org_href + "/attendance")
    assert_no_axe_violations(page, "出欠確認")
    row = page.locator("main tbody tr").first
    row.locator("select").focus()
    choose_by_keyboard(page, f"#{row.locator('select').get_attribute('id')}", "検討中")
    row.locator("input[name=memo]").fill("折り返し連絡あり")
    row.get_by_role("button").focus()
    page.keyboard.press("Enter")  # htmx: the row is replaced in place
    expect(page.locator("main tbody tr").first).to_contain_text("記録しました")
    expect(page.locator("#attendance-status")).to_contain_text("「検討中」で記録しました")  # announced
    expect(page.locator("main tbody tr").first.locator("select")).to_have_value("considering")
    assert_no_axe_violations(page, "出欠確認 after an inline save (fragment)")
    screenshot(page, "seminar_attendance")
    log_out(page)
    log_in_by_keyboard(page, smtp_server, "talent@example.org", PASSWORD)
    assert page.goto("/mypage/seminars").status == 200
    assert_no_axe_violations(page, "セミナー申込 (mypage)")
