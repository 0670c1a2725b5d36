"""Accounts in Chromium, keyboard only: register → mailed link → login with the mailed code
→ mypage; password reset from the mailed link; axe on every accounts page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_contact_flow import tab_to

pytestmark = pytest.mark.browser
PASSWORD = "ブラウザで登録するパスワード"


def mail_for(smtp_server, address: str, subject_part: str, count: int = 1):
    def matching():
        return [m for m in smtp_server.messages if address in m.recipients and subject_part in m.subject]

    smtp_server.wait_for(1)
    for _ in range(300):
        if len(matching()) >= count:
            return matching()[-1]
        page_wait(0.05)
    raise AssertionError(f"no mail '{subject_part}' to {address}")


def page_wait(seconds: float) -> None:
    import time

    time.sleep(seconds)  # polling the SMTP sink for a mail the server sends asynchronously


def link_from(mail) -> str:
    return re.search(r"https?://\S+", mail.body).group(0)


def fill_by_keyboard(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def log_in_by_keyboard(page, smtp_server, email: str, password: str) -> None:
    code_mails_before = len(
        [m for m in smtp_server.messages if email in m.recipients and "ワンタイムパスワード" in m.subject]
    )
    page.goto("/login")
    fill_by_keyboard(page, "#f-email", email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/login/code$"))
    assert_no_axe_violations(page, "/login/code")
    mail = mail_for(smtp_server, email, "ワンタイムパスワード", count=code_mails_before + 1)
    code = re.search(r"ワンタイムパスワード：(\d{6})", mail.body).group(1)
    fill_by_keyboard(page, "#f-code", code)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mypage$"))


def test_register_verify_login_with_code_and_reset_password(page, smtp_server):
    email = "browser.talent@example.jp"
    page.goto("/login")
    assert_no_axe_violations(page, "/login")
    page.goto("/register/individual")
    assert_no_axe_violations(page, "/register/individual")
    fill_by_keyboard(page, "#f-email", email)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/register/individual/sent$"))
    expect(page.locator("h1")).to_have_text("確認メールを送信しました")

    page.goto(link_from(mail_for(smtp_server, email, "新規個人登録")))
    assert_no_axe_violations(page, "registration form")
    tab_to(page, "input[name=kind]")
    page.keyboard.press("Space")  # 国際協力人材登録
    for selector, text in [
        ("#f-family_name", "ブラウザ"),
        ("#f-given_name", "花子"),
        ("#f-family_name_kana", "ブラウザ"),
        ("#f-given_name_kana", "ハナコ"),
        ("#f-family_name_roman", "BROWSER"),
        ("#f-given_name_roman", "Hanako"),
        ("#f-phone", "090-0000-1111"),
    ]:
        fill_by_keyboard(page, selector, text)
    page.locator("#f-birth_date").fill("1995-05-05")
    page.locator("#f-prefecture").select_option("東京都")
    fill_by_keyboard(page, "#f-password", PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD + "違う")
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("確認用のパスワードが一致しません。")
    assert_no_axe_violations(page, "registration form with errors")
    fill_by_keyboard(page, "#f-password", PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/register/individual/done$"))
    registered = mail_for(smtp_server, email, "国際協力人材登録が完了しました")
    code = re.search(r"登録コード：(P\d{7})", registered.body).group(1)

    log_in_by_keyboard(page, smtp_server, email, PASSWORD)
    expect(page.locator("h1")).to_have_text("個人マイページ")
    expect(page.locator("main")).to_contain_text(code)
    assert_no_axe_violations(page, "/mypage (individual)")
    screenshot(page, "mypage_individual")

    # Forgot the password: reset from the mailed link, then log in again with a new code.
    tab_to(page, ".site-header__user button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/login$"))
    page.goto("/password/reset")
    assert_no_axe_violations(page, "/password/reset")
    tab_to(page, "a[href='/password/reset?kind=individual']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"kind=individual$"))
    fill_by_keyboard(page, "#f-email", email)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/password/reset/sent$"))
    page.goto(link_from(mail_for(smtp_server, email, "パスワード再発行")))
    expect(page.locator("h1")).to_have_text("パスワード設定")
    assert_no_axe_violations(page, "password form")
    new_password = "再設定した新しいパスワードです"
    fill_by_keyboard(page, "#f-password", new_password)
    page.keyboard.press("Tab")
    page.keyboard.type(new_password)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/login$"))
    expect(page.locator(".flashes")).to_contain_text("パスワードの再設定が完了しました")
    mail_for(smtp_server, email, "パスワードが変更されました")
    log_in_by_keyboard(page, smtp_server, email, new_password)
    expect(page.locator("h1")).to_have_text("個人マイページ")
    assert page.console_problems == [] or all("422" in p for p in page.console_problems), page.console_problems


@pytest.mark.parametrize("path", ["/register/organization", "/organizations", "/password/reset?kind=organization"])
def test_accounts_pages_have_no_axe_violations(page, path):
    page.goto(path)
    assert_no_axe_violations(page, path)


def test_secretariat_approves_an_organization(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "admin@example.org", "partner-demo-2026")
    expect(page.locator("h1")).to_have_text("事務局マイページ")
    tab_to(page, "a[href='/admin/organizations']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/organizations$"))
    assert_no_axe_violations(page, "/admin/organizations")
    page.get_by_role("link", name="特定非営利活動法人 承認待ち国際協力会").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("特定非営利活動法人 承認待ち国際協力会")
    assert_no_axe_violations(page, "organization review")
    screenshot(page, "admin_review")
    tab_to(page, "form[action$='/approve'] button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/organizations$"))
    expect(page.locator(".flashes")).to_contain_text("を承認しました")
    mail = mail_for(smtp_server, "pending@example.org", "団体登録が承認されました")
    assert re.search(r"団体コード：D\d{7}", mail.body)
