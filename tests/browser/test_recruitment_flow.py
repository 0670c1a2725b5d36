"""公募 from end to end with the keyboard: JICA enters it and sends 掲載依頼 → the secretariat
approves it in 公募の審査 → a talent finds it by 公募番号 and applies with a document → JICA
opens 応募一覧 → 応募編集 and marks 書類選考合格 → the talent's mail arrives. axe on every page
and fragment state on the way."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import fill_by_keyboard, log_in_by_keyboard, mail_for
from tests.browser.test_contact_flow import tab_to
from tests.features.applications.helpers import PDF

pytestmark = pytest.mark.browser
NUMBER = "2026-JE-9901"
TITLE = "ブラウザ検証 ラオス 母子保健アドバイザー"
PASSWORD = "partner-demo-2026"


def log_out(page) -> None:
    tab_to(page, ".site-header__user button")
    page.keyboard.press("Enter")  # ログアウト
    page.wait_for_url(re.compile(r"/login$"))


def type_into(page, selector: str, text: str) -> None:
    """Focus a field the way Tab would land on it, then type as a person does."""
    page.locator(selector).focus()
    page.keyboard.type(text)


def choose_by_keyboard(page, selector: str, label: str) -> None:
    """A closed <select>: ArrowDown walks its options, as a keyboard user does."""
    select = page.locator(selector)
    select.focus()
    for _ in range(300):
        if select.evaluate("(s) => s.options[s.selectedIndex].text").startswith(label):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{label} is not an option of {selector}")


def enter_koubo_as_jica(page, smtp_server) -> None:
    log_in_by_keyboard(page, smtp_server, "jica@example.org", PASSWORD)
    page.goto("/jica/koubo")
    assert_no_axe_violations(page, "公募一覧 (JICA)")
    tab_to(page, "main a[href='/jica/koubo/new']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/jica/koubo/new$"))
    expect(page.locator("h1")).to_have_text("公募案件登録")
    assert_no_axe_violations(page, "公募案件登録")

    fill_by_keyboard(page, "#f-number", NUMBER)
    tab_to(page, "button[formaction$='/confirm']")
    page.keyboard.press("Enter")  # 確認 with most fields empty: refused, the summary takes focus
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page, "公募案件登録 with errors")
    screenshot(page, "koubo_form_errors")

    choose_by_keyboard(page, "#f-koubo_type", "長期専門家")
    type_into(page, "#f-title", TITLE)
    page.locator("input[name=location_kind][value=overseas]").focus()
    page.keyboard.press("Space")
    choose_by_keyboard(page, "#f-country", "ラオス")
    type_into(page, "#f-assignment", "ラオス保健省（ビエンチャン）")
    choose_by_keyboard(page, "#f-sector", "保健医療")
    type_into(page, "#f-duties", "母子保健サービスの質の向上に向けた助言を行います。")
    today = datetime.now()
    # Date and time widgets follow the OS locale's segment order: set their values directly.
    page.locator("#f-period_start").fill("2027-04-01")
    page.locator("#f-period_end").fill("2029-03-31")
    page.locator("#f-deadline_date").fill((today + timedelta(days=20)).strftime("%Y-%m-%d"))
    page.locator("#f-deadline_time").fill("12:00")
    type_into(page, "#f-required_documents", "業務企画書")
    type_into(page, "#f-contact", "JICA 人事部 公募担当")
    tab_to(page, "button[formaction$='/confirm']")
    page.keyboard.press("Enter")
    # Wait for the new page itself (a load-state wait can return while the old page is still shown).
    try:
        expect(page.locator("h1")).to_have_text("公募案件の確認")
    except AssertionError:
        screenshot(page, "koubo_form_still_errors")
        raise AssertionError(page.locator("#error-summary").inner_text()) from None
    expect(page.locator("main")).to_contain_text(NUMBER)
    expect(page.locator("main")).to_contain_text("長期")  # 派遣期間 of two years, derived
    assert_no_axe_violations(page, "公募 内容確認")
    tab_to(page, "button[formaction$='/submit']")
    page.keyboard.press("Enter")  # 掲載依頼
    page.wait_for_url(re.compile(r"/jica/koubo(/\d+)?$"))
    expect(page.locator(".flashes")).to_contain_text("掲載依頼")
    expect(page.locator("main")).to_contain_text("承認待ち")
    assert_no_axe_violations(page, "公募 after 掲載依頼")
    log_out(page)


def approve_as_secretariat(page, smtp_server) -> None:
    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto("/admin/koubo/review")
    assert_no_axe_violations(page, "公募の審査")
    page.get_by_role("link", name=TITLE).focus()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text(NUMBER)
    assert_no_axe_violations(page, "公募の審査 detail")
    tab_to(page, "form[action$='/approve'] button")
    page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_contain_text("承認しました")
    assert_no_axe_violations(page, "公募 after 承認")
    mail_for(smtp_server, "jica@example.org", f"公募を承認しました：{NUMBER}")
    log_out(page)


def apply_as_talent(page, smtp_server) -> None:
    log_in_by_keyboard(page, smtp_server, "talent@example.org", PASSWORD)
    page.goto("/koubo")
    assert_no_axe_violations(page, "公募情報")
    fill_by_keyboard(page, "#f-keyword", NUMBER)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"keyword="))
    result = page.get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    expect(page.locator(".result-count")).to_contain_text("1件")
    assert_no_axe_violations(page, "公募情報 results (fragment)")
    result.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(TITLE)
    assert_no_axe_violations(page, "公募 detail")
    screenshot(page, "koubo_detail")

    page.get_by_role("link", name="この案件に応募する").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/koubo/\d+/apply$"))
    assert_no_axe_violations(page, "公募 apply form")
    tab_to(page, "form.form button[type=submit]")
    page.keyboard.press("Enter")  # 確認 without the required 業務企画書
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page, "公募 apply form with errors")
    page.locator("input[type=file]").first.set_input_files(
        files=[{"name": "業務企画書.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    type_into(page, "#f-message", "キーボードだけで応募します。")
    tab_to(page, "form.form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("業務企画書.pdf")
    assert_no_axe_violations(page, "公募 apply confirm")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")  # 応募する
    page.wait_for_url(re.compile(r"/mypage/koubo-applications$"))
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.locator("main")).to_contain_text("応募受付")
    assert_no_axe_violations(page, "公募の応募状況")
    mail_for(smtp_server, "talent@example.org", f"公募に応募しました：{TITLE}")
    log_out(page)


def pass_screening_as_jica(page, smtp_server) -> None:
    log_in_by_keyboard(page, smtp_server, "jica@example.org", PASSWORD)
    page.goto("/jica/koubo")
    row = page.locator("tr", has_text=NUMBER)
    row.get_by_role("link", name=re.compile("応募")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/jica/koubo/\d+/applications$"))
    expect(page.locator("h1")).to_contain_text("応募一覧")
    assert_no_axe_violations(page, "公募 応募一覧")
    page.locator("main table a", has_text="応募編集").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/jica/koubo-applications/\d+$"))
    expect(page.locator("main")).to_contain_text("業務企画書.pdf")
    assert_no_axe_violations(page, "公募 応募編集")
    tab_to(page, "button[value='書類選考合格']")
    page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_be_visible()
    expect(page.locator("main")).to_contain_text("書類選考合格")
    assert_no_axe_violations(page, "公募 応募編集 after 書類選考合格")
    screenshot(page, "koubo_application_edit")


def test_koubo_from_jica_entry_to_screening_mail(page, smtp_server):
    enter_koubo_as_jica(page, smtp_server)
    approve_as_secretariat(page, smtp_server)
    apply_as_talent(page, smtp_server)
    pass_screening_as_jica(page, smtp_server)
    mail = mail_for(smtp_server, "talent@example.org", f"書類選考の結果のお知らせ：{TITLE}")
    assert "合格" in mail.body
    assert page.console_problems == [] or all("422" in p for p in page.console_problems), page.console_problems


# The other pages of the slice, as the account that opens them; each list also opens its
# first detail link, so the detail pages are checked on real demo rows.
RECRUITMENT_PAGES = {
    None: ["/koubo", "/koubo/archive", "/koubo/pre", "/koji", "/koji?keyword=調査"],
    "jica@example.org": [
        "/jica/koubo",
        "/jica/koubo/new",
        "/recruitment/pre",
        "/recruitment/pre/new",
        "/mypage/koji",
        "/mypage/koji/new",
    ],
    "admin@example.org": [
        "/admin/koubo",
        "/admin/koubo/proxy",
        "/admin/koubo-types",
        "/admin/koubo/access",
        "/admin/recruitment/pre",
        "/admin/recruitment/pre/new",
        "/admin/koji",
        "/admin/koji/new",
    ],
    "talent@example.org": ["/mypage/koubo-applications"],
}
FIRST_DETAIL = {
    "/koubo": "a[href^='/koubo/']:not([href*='pre']):not([href*='archive']):not([href*='feed'])",
    "/koubo/archive": "li a[href^='/koubo/']",
    "/koji": "li a[href^='/koji/']",
    "/jica/koubo": "td a[href$='/applications']",
    "/admin/koubo": "td a[href^='/admin/koubo/']",
}


@pytest.mark.parametrize("email", list(RECRUITMENT_PAGES), ids=lambda e: e or "anonymous")
def test_recruitment_pages_have_no_axe_violations(page, smtp_server, email):
    if email:
        log_in_by_keyboard(page, smtp_server, email, PASSWORD)
    for path in RECRUITMENT_PAGES[email]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_no_axe_violations(page, f"{email} {path}")
        if path in FIRST_DETAIL:
            link = page.locator(f"main {FIRST_DETAIL[path]}").first
            href = link.get_attribute("href")
            assert page.goto(href).status == 200, href
            assert_no_axe_violations(page, f"{email} {href}")
