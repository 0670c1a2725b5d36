"""メール相談 with the keyboard: a talent sends a question (first with errors) → the secretariat
assigns the demo counselor → the counselor drafts from a 回答テンプレート and sends it for review
→ the secretariat approves → the talent reads the answer on the mypage and in the メールボックス,
and the notice mail arrives. Then a JICA contact's page behind the mailed link. axe on every page
and state on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import fill_by_keyboard, log_in_by_keyboard, mail_for
from tests.browser.test_contact_flow import tab_to
from tests.browser.test_recruitment_flow import PASSWORD, choose_by_keyboard, log_out, type_into

pytestmark = pytest.mark.browser
SUBJECT = "ブラウザ検証 帰国後のNGO就職について"
JICA_SUBJECT = "ブラウザ検証 JICA専門家の語学要件"


def send_question(page, subject: str) -> str:
    page.goto("/mypage/mail-consultations")
    assert_no_axe_violations(page, "メール相談 (mypage)")
    tab_to(page, "main a[href='/mypage/mail-consultations/new']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mypage/mail-consultations/new$"))
    assert_no_axe_violations(page, "メール相談をする")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")  # empty: refused, the summary takes focus
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page, "メール相談をする with errors")
    page.locator("input[name=category][value='帰国後の進路']").focus()
    page.keyboard.press("Space")
    type_into(page, "#f-subject", subject)
    type_into(page, "#f-body", "協力隊から帰国後、NGOで働くにはどんな準備が必要でしょうか。")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mypage/mail-consultations/\d+$"))
    expect(page.locator("h1")).to_have_text(subject)
    assert_no_axe_violations(page, "メール相談 (the person's case)")
    return page.url.rsplit("/", 1)[1]


def test_question_assigned_drafted_approved_and_answer_read(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "talent@example.org", PASSWORD)
    case_id = send_question(page, SUBJECT)
    mail_for(smtp_server, "talent@example.org", "メール相談を受け付けました")
    log_out(page)

    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto("/admin/mail-consultations")
    expect(page.locator("text=期限超過").first).to_be_visible()
    assert_no_axe_violations(page, "メール相談 (queue)")
    choose_by_keyboard(page, "#f-status", "受付")
    tab_to(page, "form.filters button[type=submit]")
    page.keyboard.press("Enter")  # htmx swaps the rows
    expect(page.locator("#queue-rows caption")).to_contain_text("件")
    assert_no_axe_violations(page, "メール相談 (queue filtered)")
    tab_to(page, f"a[href='/admin/mail-consultations/{case_id}']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/admin/mail-consultations/{case_id}$"))
    assert_no_axe_violations(page, "メール相談 (office case)")
    choose_by_keyboard(page, "#f-counselor_id", "キャリア相談員 小野寺")
    tab_to(page, "form[action$='/assign-counselor'] button")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("担当：キャリア相談員 小野寺")
    page.goto("/admin/mail-consultation-templates")
    assert_no_axe_violations(page, "回答テンプレート")
    log_out(page)

    log_in_by_keyboard(page, smtp_server, "counselor@example.org", PASSWORD)
    page.goto("/counselor/mail-consultations")
    assert_no_axe_violations(page, "担当メール相談")
    tab_to(page, f"a[href='/counselor/mail-consultations/{case_id}']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/counselor/mail-consultations/{case_id}$"))
    assert_no_axe_violations(page, "担当メール相談 (case)")
    choose_by_keyboard(page, "#f-template", "帰国後の進路")
    tab_to(page, "form.template-picker button")
    page.keyboard.press("Enter")
    expect(page.locator("#f-draft")).to_contain_text("帰国後の進路としては")
    page.locator("#f-draft").focus()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n追伸：来月のセミナーもご検討ください。")
    tab_to(page, "button[formaction$='/submit']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/counselor/mail-consultations$"))
    log_out(page)

    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto(f"/admin/mail-consultations/{case_id}")
    expect(page.locator("#f-answer")).to_contain_text("追伸：来月のセミナー")
    assert_no_axe_violations(page, "メール相談 (事務局確認)")
    tab_to(page, "form[action$='/send-back'] button")
    page.keyboard.press("Enter")  # 差戻し without a comment: refused, the summary takes focus
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("差戻しのコメントを入力してください。")
    assert_no_axe_violations(page, "メール相談 (差戻し with errors)")
    tab_to(page, "form[action$='/approve'] button")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("送信した回答")
    log_out(page)

    log_in_by_keyboard(page, smtp_server, "talent@example.org", PASSWORD)
    page.goto(f"/mypage/mail-consultations/{case_id}")
    expect(page.locator("main")).to_contain_text("追伸：来月のセミナー")
    assert_no_axe_violations(page, "メール相談 (answered)")
    notice = mail_for(smtp_server, "talent@example.org", "新着メッセージ")
    thread_path = re.search(r"/mailbox/\d+", notice.body).group(0)
    page.goto(thread_path)
    expect(page.locator("main")).to_contain_text("追伸：来月のセミナー")
    expect(page.locator("main")).to_contain_text("PARTNER事務局")
    assert_no_axe_violations(page, "メールボックス (answer from PARTNER事務局)")
    screenshot(page, "mail_consultation_answer")
    problems = [p for p in page.console_problems if "status of 422" not in p]  # the refused first send
    assert not problems, problems


def test_jica_contact_page_behind_the_mailed_link(page, smtp_server):
    log_in_by_keyboard(page, smtp_server, "talent2@example.org", PASSWORD)
    case_id = send_question(page, JICA_SUBJECT)
    log_out(page)
    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto(f"/admin/mail-consultations/{case_id}")
    fill_by_keyboard(page, "#f-jica_name", "JICA 田村")
    fill_by_keyboard(page, "#f-jica_email", "tamura.browser@example.org")
    tab_to(page, "form[action$='/assign-jica'] button")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("JICA 田村（JICA）")
    log_out(page)
    mail = mail_for(smtp_server, "tamura.browser@example.org", "回答案作成のお願い")
    link = re.search(r"https?://\S+/mail-consultation/jica/\S+", mail.body).group(0)
    page.goto(link)
    assert_no_axe_violations(page, "JICA関係者の回答案")
    fill_by_keyboard(page, "#f-draft", "語学要件Bは業務で使える水準です。")
    tab_to(page, "button[formaction^='/mail-consultation/jica/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mail-consultation/jica-done$"))
    assert_no_axe_violations(page, "回答案を受け付けました")
