"""プレスルーム in Chromium, keyboard only: the public list filtered by htmx, a demo organization
writes a release (an empty submission first: 422 with the summary focused), previews and 申請;
the secretariat tries 差戻し without a reason (422), then 承認; the release is in /press. axe-core
on every new page and fragment state."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import log_in_by_keyboard, mail_for
from tests.browser.test_contact_flow import tab_to

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "partner-demo-2026"
TITLE = "ラオスの小学校に図書室を開設しました"


def _photo(tmp_path) -> str:
    path = tmp_path / "図書室.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1800, 1200), (90, 140, 200)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_public_filters_submit_review_and_publish(page, smtp_server, tmp_path):
    # The public プレスルーム: whole page, then the month filter by keyboard (htmx swaps the results).
    page.goto("/press")
    assert_no_axe_violations(page, "/press")
    tab_to(page, "#f-month")
    page.keyboard.press("ArrowDown")  # the newest month: the select's change event submits through htmx
    expect(page).to_have_url(re.compile(r"/press\?.*month=\d{4}-\d{2}"))
    expect(page.locator("#press-results .result-count")).to_be_visible()
    assert_no_axe_violations(page, "/press filtered by month")
    first = page.locator("#press-results .press-list a").first
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/press/\d+$"))
    assert_no_axe_violations(page, "a release page")

    # The organization writes a release.
    log_in_by_keyboard(page, smtp_server, "org@example.org", DEMO_PASSWORD)
    page.goto("/mypage/press")
    assert_no_axe_violations(page, "/mypage/press")
    tab_to(page, "a[href='/mypage/press/new']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mypage/press/new$"))
    assert_no_axe_violations(page, "the new release form")

    tab_to(page, "#f-title")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    tab_to(page, "button[formaction='/mypage/press/preview']")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#f-title")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page, "the form with an error")

    tab_to(page, "#f-title")
    page.keyboard.type(TITLE)
    tab_to(page, "#f-announced_on")
    page.keyboard.type("12012026")  # headless Chromium's date field takes month, day, year
    tab_to(page, "#f-body")
    page.keyboard.type("ビエンチャン郊外の小学校に**図書室**を開設しました。\n\n- 蔵書：1,200冊\n- 開館：平日の放課後")
    page.set_input_files("#f-image_1", _photo(tmp_path))  # a file chooser is the browser's own dialog
    tab_to(page, "#f-alt_1")
    page.keyboard.type("本棚の前で絵本を読む子どもたち")
    for selector, text in (
        ("#f-contact_department", "広報室"),
        ("#f-contact_name", "田中 愛"),
        ("#f-contact_phone", "03-1234-5678"),
        ("#f-contact_email", "press@example.org"),
    ):
        tab_to(page, selector)
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
    tab_to(page, "button[formaction='/mypage/press/preview']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#error-summary").count() == 0, page.locator("#error-summary").inner_text()
    page.wait_for_url(re.compile(r"/mypage/press/\d+$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".press-images img")).to_have_attribute("alt", "本棚の前で絵本を読む子どもたち")
    assert_no_axe_violations(page, "the preview")
    screenshot(page, "press_preview")
    release_id = re.search(r"/mypage/press/(\d+)$", page.url).group(1)
    # 編集に戻る: the stored image with its alt text on the form, then back to the preview.
    tab_to(page, f"a[href='/mypage/press/{release_id}/edit']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/mypage/press/{release_id}/edit$"))
    expect(page.locator("[id^='f-alt_existing_']")).to_have_value("本棚の前で絵本を読む子どもたち")
    assert_no_axe_violations(page, "the form of a stored release with an image")
    tab_to(page, f"button[formaction='/mypage/press/{release_id}/preview']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/mypage/press/{release_id}$"))
    tab_to(page, f"form[action='/mypage/press/{release_id}/submit'] button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mypage/press$"))
    expect(page.locator(".flash").filter(has_text="申請しました")).to_have_count(1)
    assert_no_axe_violations(page, "the list after 申請")

    # The secretariat: 差戻し without a reason is refused, then 承認.
    page.context.clear_cookies()
    log_in_by_keyboard(page, smtp_server, "admin@example.org", DEMO_PASSWORD)
    page.goto("/admin/press?status=published")
    assert_no_axe_violations(page, "/admin/press: 公開中")
    page.goto("/admin/press")
    assert_no_axe_violations(page, "/admin/press")
    tab_to(page, f"a[href='/admin/press/{release_id}']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/admin/press/{release_id}$"))
    assert_no_axe_violations(page, "the review page")
    tab_to(page, f"form[action='/admin/press/{release_id}/return'] button")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page, "差戻し without a reason")
    tab_to(page, f"form[action='/admin/press/{release_id}/approve'] button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/press$"))
    expect(page.get_by_text(re.compile("を承認しました。"))).to_be_visible()
    mail = mail_for(smtp_server, "org@example.org", "プレスリリースを承認しました")
    assert f"/press/{release_id}" in mail.body

    page.context.clear_cookies()
    page.goto("/press")
    expect(page.locator("#press-results .press-list a").filter(has_text=TITLE)).to_have_count(1)
    page.goto(f"/press/{release_id}")
    assert_no_axe_violations(page, "the new release in public")
    page.goto("/organizations")  # 登録団体一覧: each organization's newest releases
    expect(page.locator(".org-list h3").filter(has_text="プレスリリース").first).to_be_visible()
    assert_no_axe_violations(page, "/organizations with press releases")
    screenshot(page, "press_release")
    unexpected = [p for p in page.console_problems if "status of 422" not in p]
    assert not unexpected, unexpected
