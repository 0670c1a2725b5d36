"""対面相談 with the keyboard: a registrant picks a free slot of キャリア相談員 小野寺, fills in the
事前相談シート (first empty: refused), agrees to show the résumé and books → the confirmation mail
arrives → the counselor logs in, finds the booking with the sheet and the résumé link, and writes
the 相談記録 of a consultation already held. axe on every new page and fragment state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import log_in_by_keyboard, mail_for
from tests.browser.test_contact_flow import tab_to
from tests.browser.test_recruitment_flow import PASSWORD, choose_by_keyboard, log_out, type_into

pytestmark = pytest.mark.browser
SHEET = "ブラウザ検証：帰国後の進路について、開発コンサルタントの仕事を知りたいです。"
RECORD = "ブラウザ検証：開発コンサルタントの業務と公募情報の探し方を説明した。"


def _press(page, selector: str) -> None:
    tab_to(page, selector, limit=600)  # a week of slots is a long list of links
    page.keyboard.press("Enter")


def book_as_talent(page, smtp_server) -> str:
    log_in_by_keyboard(page, smtp_server, "talent@example.org", PASSWORD)
    page.goto("/consultation")
    expect(page.locator("h1")).to_have_text("対面相談（キャリア相談）")
    assert_no_axe_violations(page, "/consultation")
    # The next seven days by keyboard: an htmx swap of the list (and of the address).
    heading = page.locator("#week-slots h2").inner_text()
    _press(page, "#week-slots nav li:nth-child(3) a")
    expect(page.locator("#week-slots h2")).not_to_have_text(heading)
    expect(page).to_have_url(re.compile(r"\?week=\d{4}-\d{2}-\d{2}$"))
    assert_no_axe_violations(page, "/consultation, the next seven days (fragment)")
    slot_link = page.locator("#week-slots li:has-text('小野寺') a[href^='/consultation/slots/']").last
    href = slot_link.get_attribute("href")
    _press(page, f"a[href='{href}']")
    page.wait_for_url(re.compile(r"/consultation/slots/\d+$"))
    assert_no_axe_violations(page, "対面相談の予約")

    _press(page, "#book-form button[type=submit]")  # nothing filled in: 422, the summary takes focus
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("相談したいことを入力してください")
    assert_no_axe_violations(page, "対面相談の予約 with errors")
    screenshot(page, "consultation_book_errors")

    choose_by_keyboard(page, "#f-category", "帰国後の進路")
    type_into(page, "#f-sheet", SHEET)
    page.locator("#f-share_resume").focus()
    page.keyboard.press("Space")
    expect(page.locator("#f-share_resume")).to_be_checked()
    _press(page, "#book-form button[type=submit]")
    page.wait_for_url(re.compile(r"/mypage/consultations/\d+$"))
    expect(page.locator("main")).to_contain_text(SHEET)
    assert_no_axe_violations(page, "相談予約の詳細")
    booking_path = page.url.split(page.url.split("/mypage")[0])[1]
    mail = mail_for(smtp_server, "talent@example.org", "対面相談のご予約を受け付けました")
    body = mail.message.get_body(preferencelist=("plain",)).get_content()  # multipart: the .ics is attached
    assert "帰国後の進路" in body and "小野寺" in body
    assert any(part.get_filename() == "consultation.ics" for part in mail.message.iter_attachments())

    _press(page, f"a[href='{booking_path}/reschedule']")
    page.wait_for_url(re.compile(r"/reschedule$"))
    assert_no_axe_violations(page, "相談日時の変更")
    page.goto("/mypage/consultations")
    expect(page.locator("table")).to_contain_text("帰国後の進路")
    assert_no_axe_violations(page, "相談予約 (mypage)")
    log_out(page)
    return booking_path.rsplit("/", 1)[1]


def test_a_talent_books_and_the_counselor_writes_the_record(page, smtp_server):
    booking_id = book_as_talent(page, smtp_server)

    log_in_by_keyboard(page, smtp_server, "counselor@example.org", PASSWORD)
    page.goto("/counselor/bookings")
    assert_no_axe_violations(page, "相談予約一覧 (counselor)")
    _press(page, f"a[href='/counselor/bookings/{booking_id}']")
    page.wait_for_url(re.compile(rf"/counselor/bookings/{booking_id}$"))
    expect(page.locator("main")).to_contain_text(SHEET)
    expect(page.locator(f"a[href='/counselor/bookings/{booking_id}/resume']")).to_be_visible()
    assert_no_axe_violations(page, "相談予約 (counselor, upcoming)")

    page.goto("/counselor/bookings?past=1")
    assert_no_axe_violations(page, "相談予約一覧 (counselor, past)")
    waiting = page.locator("tr:has-text('未記入') a[href^='/counselor/bookings/']").first
    href = waiting.get_attribute("href")
    _press(page, f"a[href='{href}']")
    page.wait_for_url(re.compile(r"/counselor/bookings/\d+$"))
    assert_no_axe_violations(page, "相談予約 (counselor, held)")
    _press(page, "#record-form button[type=submit]")  # empty 相談内容: refused
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page, "相談記録 with errors")
    type_into(page, "#f-content", RECORD)
    type_into(page, "#f-next_steps", "公募情報のお知らせを設定する。")
    _press(page, "#record-form button[type=submit]")
    page.wait_for_url(re.compile(r"/counselor/bookings/\d+$"))
    expect(page.locator("#f-content")).to_have_value(RECORD)
    screenshot(page, "consultation_record")

    page.goto("/counselor/slots")
    assert_no_axe_violations(page, "相談枠の管理")
    log_out(page)

    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto("/admin/consultation")
    assert_no_axe_violations(page, "対面相談 (secretariat)")
    page.goto(href)
    expect(page.locator("main")).to_contain_text(RECORD)  # the secretariat reads it (audited)
    assert_no_axe_violations(page, "相談記録 (secretariat)")
    unexpected = [p for p in page.console_problems if "status of 422" not in p]  # the two refused forms
    assert not unexpected, unexpected


def test_a_counselor_publishes_slots_and_a_simple_registrant_is_turned_away(page, smtp_server):
    from datetime import date, timedelta

    log_in_by_keyboard(page, smtp_server, "counselor2@example.org", PASSWORD)
    page.goto("/counselor/slots")
    assert_no_axe_violations(page, "相談枠の管理")
    _press(page, "#slot-form button[type=submit]")  # empty: 422 with the summary focused
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page, "相談枠の管理 with errors")
    day = date.today() + timedelta(days=40)
    # Date and time widgets follow the OS locale's segment order: set their values directly.
    page.locator("#f-day").fill(day.isoformat())
    page.locator("#f-start").fill("18:15")
    choose_by_keyboard(page, "#f-minutes", "90分")  # ArrowDown from the preset 60分
    page.locator("#slot-form input[name=place][value=オンライン]").focus()
    page.keyboard.press("Space")
    _press(page, "#slot-form button[type=submit]")
    page.wait_for_url(re.compile(r"/counselor/slots\?week="))
    expect(page.locator("#week-slots")).to_contain_text("18:15")
    delete_action = page.locator("#week-slots tr:has-text('18:15') form").get_attribute("action")
    slot_id = re.search(r"/counselor/slots/(\d+)/delete", delete_action).group(1)

    choose_by_keyboard(page, "#f-weekday", "水曜日")
    page.locator("#f-pattern_start").fill("10:00")
    page.locator("#f-first").fill((day + timedelta(days=7)).isoformat())
    page.locator("#f-last").fill((day + timedelta(days=35)).isoformat())
    _press(page, "#pattern-form button[type=submit]")
    page.wait_for_url(re.compile(r"/counselor/slots\?week="))
    expect(page.locator("main")).to_contain_text("毎週の相談枠を")
    assert_no_axe_violations(page, "相談枠の管理 after a weekly pattern")
    log_out(page)

    log_in_by_keyboard(page, smtp_server, "talent2@example.org", PASSWORD)  # 簡易登録
    page.goto("/consultation")
    expect(page.locator(".notice")).to_contain_text("国際協力人材登録")
    assert_no_axe_violations(page, "/consultation (簡易登録)")
    response = page.goto(f"/consultation/slots/{slot_id}")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("対面相談を予約できません")
    assert_no_axe_violations(page, "対面相談を予約できません")
