"""A seminar from plan to survey result, with the keyboard: the secretariat creates and announces a
seminar → a talent registers (logged in, prefilled) → the reminder job runs (a worker process with
its clock at the day before) and the reminder arrives → staff check the talent in on the check-in
page (live search, htmx) → 開催済 sends the survey → the talent answers it → the secretariat sees
the result on the after page. axe on every day-and-after page and fragment state."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from app.config import ROOT
from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_accounts_flow import fill_by_keyboard, log_in_by_keyboard, mail_for
from tests.browser.test_contact_flow import tab_to
from tests.browser.test_recruitment_flow import PASSWORD, choose_by_keyboard, log_out, type_into

pytestmark = pytest.mark.browser
TITLE = "ブラウザ検証 国際協力人材セミナー仙台"
TALENT = "talent@example.org"

REMINDER_JOB = """
import asyncio, sys
from datetime import datetime, timedelta
from sqlalchemy import select
from app import clock
from app.config import get_settings
from app.db import create_database
from app.mail import OutboxMail, MailStatus, deliver
from app.routes import install_slices
from features.seminars import messaging
from features.seminars.models import Seminar

async def run():
    install_slices()
    settings = get_settings()
    database = create_database(settings)
    async with database.session() as db:
        seminar = await db.scalar(select(Seminar).where(Seminar.title == sys.argv[1]))
        starts = seminar.starts_at
    clock.set_clock(lambda: starts - timedelta(days=1) + timedelta(hours=1))  # the worker, the day before
    async with database.session() as db:
        queued = await messaging.send_reminders(db, settings)
    async with database.session(write=False) as db:
        pending = [m.id for m in await db.scalars(select(OutboxMail).where(OutboxMail.status == MailStatus.PENDING))]
    await deliver(database, settings, pending)
    await database.dispose()
    print(queued)

asyncio.run(run())
"""


def run_reminder_job(tmp_path_factory, smtp_server, base_url: str) -> str:
    """The job as the worker runs it, against the live server's database and mail settings."""
    databases = sorted(tmp_path_factory.getbasetemp().glob("live*/partner.sqlite3"), key=lambda p: p.stat().st_mtime)
    workdir = databases[-1].parent  # the live server's (the one written last)
    env = {
        **os.environ,
        "PARTNER_APP_DEBUG": "true",
        "PARTNER_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'partner.sqlite3'}",
        "PARTNER_APP_VAR_DIR": str(workdir / "var"),
        "PARTNER_APP_BASE_URL": base_url,
        "PARTNER_QUEUE_URL": "embedded",
        "PARTNER_MAIL_TRANSPORT": "smtp",
        "PARTNER_MAIL_SMTP_PORT": str(smtp_server.port),
    }
    done = subprocess.run(
        [sys.executable, "-c", REMINDER_JOB, TITLE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def plan(page, smtp_server) -> str:
    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto("/admin/seminars/new")
    fill_by_keyboard(page, "#f-title", TITLE)
    type_into(page, "#f-theme", "東北から国際協力へ")
    today = datetime.now()
    day = (today + timedelta(days=3)).strftime("%Y-%m-%d")
    page.locator("#f-starts_at_date").fill(day)  # date widgets follow the OS locale: values set directly
    page.locator("#f-starts_at_time").fill("13:00")
    page.locator("#f-ends_at_date").fill(day)
    page.locator("#f-ends_at_time").fill("16:00")
    type_into(page, "#f-venue_name", "JICA東北")
    type_into(page, "#f-capacity", "30")
    page.locator("#f-apply_from_date").fill((today - timedelta(days=1)).strftime("%Y-%m-%d"))
    page.locator("#f-apply_from_time").fill("09:00")
    page.locator("#f-apply_until_date").fill((today + timedelta(days=2)).strftime("%Y-%m-%d"))
    page.locator("#f-apply_until_time").fill("17:00")
    tab_to(page, "main form.form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/seminars/\d+$"))
    seminar_id = page.url.rsplit("/", 1)[1]
    page.get_by_role("button", name="告知を開始する").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_contain_text("告知中にしました")
    log_out(page)
    return seminar_id


def register(page, smtp_server, seminar_id: str) -> None:
    log_in_by_keyboard(page, smtp_server, TALENT, PASSWORD)
    page.goto(f"/seminars/{seminar_id}")
    page.get_by_role("link", name="このセミナーに申し込む").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/seminars/\d+/apply$"))
    if not page.locator("#f-age_band").input_value():  # prefilled from the profile when it has a birth date
        choose_by_keyboard(page, "#f-age_band", "20歳未満")
    if not page.locator("#f-occupation").input_value():
        type_into(page, "#f-occupation", "会社員")
    page.locator("input[name=interests][value='教育']").focus()
    page.keyboard.press("Space")
    page.locator("input[name=experience][value='なし']").focus()
    page.keyboard.press("Space")
    if not page.locator("#f-source").input_value():
        choose_by_keyboard(page, "#f-source", "PARTNERのウェブサイト")
    tab_to(page, "#apply-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mypage/seminars$"))
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.get_by_role("link", name=f"当日配布資料 （{TITLE}）")).to_be_visible()
    log_out(page)


def check_in(page, smtp_server, seminar_id: str) -> None:
    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto(f"/admin/seminars/{seminar_id}")
    page.get_by_role("link", name="当日受付").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/checkin$"))
    expect(page.locator("#checkin-count")).to_contain_text("出席 0名 ／ 申込 1名")
    assert_no_axe_violations(page, "当日受付")
    expect(page.locator("#f-q")).to_be_focused()  # ready for the next name
    page.keyboard.type("存在しない名前")
    expect(page.locator("#checkin-panel")).to_contain_text("一致する参加確定者はいません")
    assert_no_axe_violations(page, "当日受付 (no match fragment)")
    page.keyboard.press("Control+A")
    page.keyboard.type(f"S{seminar_id}-0001")
    button = page.get_by_role("button", name=re.compile("さんを出席にする"))
    expect(button).to_have_count(1)
    tab_to(page, "button.checkin-button")
    page.keyboard.press("Enter")
    expect(page.locator("#checkin-count")).to_contain_text("出席 1名 ／ 申込 1名")
    expect(page.get_by_role("button", name=re.compile("出席を取り消す"))).to_be_visible()
    expect(page.locator("#live-region")).to_contain_text("出席にしました")
    assert_no_axe_violations(page, "当日受付 (marked fragment)")
    screenshot(page, "seminar_checkin")

    for tab in ("申込者の分析", "当日配布資料", "セミナーレポート"):
        page.goto(f"/admin/seminars/{seminar_id}/checkin")
        page.get_by_role("link", name=tab, exact=True).focus()
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_contain_text(tab)
        assert_no_axe_violations(page, tab)

    page.goto(f"/admin/seminars/{seminar_id}/after")
    assert_no_axe_violations(page, "後処理 (no survey)")
    page.get_by_role("button", name="標準のセミナー参加者アンケートを作成する").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_contain_text("標準のセミナー参加者アンケートを作成しました")
    page.goto(f"/admin/seminars/{seminar_id}")
    page.get_by_role("button", name="開催済にする").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_contain_text("開催済")
    log_out(page)


def answer(page) -> None:
    radios = page.locator("main input[type=radio]")
    names = list(dict.fromkeys(radios.nth(i).get_attribute("name") for i in range(radios.count())))
    for name in names:
        tab_to(page, f"input[type=radio][name='{name}']")
        page.keyboard.press("ArrowDown")  # the group's second option
        page.keyboard.press("ArrowUp")  # back to the first: both by keyboard
        page.keyboard.press("Space")
    fill_by_keyboard(page, "main textarea", "仙台でも開催してくださりありがとうございました。")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("回答を送信しました。")


def test_seminar_from_plan_to_survey_result_by_keyboard(page, smtp_server, live_server, tmp_path_factory):
    seminar_id = plan(page, smtp_server)
    register(page, smtp_server, seminar_id)
    mail_for(smtp_server, TALENT, "受付番号")

    assert run_reminder_job(tmp_path_factory, smtp_server, live_server) == "1"
    reminder = mail_for(smtp_server, TALENT, f"明日開催：{TITLE}")
    body = reminder.message.get_body(("plain",)).get_content() if reminder.message.is_multipart() else reminder.body
    assert "当日配布資料" in body and f"/seminars/{seminar_id}/materials/r/" in body

    check_in(page, smtp_server, seminar_id)

    invitation = mail_for(smtp_server, TALENT, "アンケートご協力のお願い")
    link = re.search(r"(http://\S+/surveys/[A-Za-z0-9_-]+)", invitation.body).group(1)
    page.goto(link)
    expect(page.locator("h1")).to_contain_text(f"{TITLE} 参加者アンケート")
    answer(page)

    log_in_by_keyboard(page, smtp_server, "admin@example.org", PASSWORD)
    page.goto(f"/admin/seminars/{seminar_id}/after")
    expect(page.locator("main")).to_contain_text("回答数")
    expect(page.locator("#h-results")).to_be_visible()
    expect(page.locator("main")).to_contain_text("仙台でも開催してくださりありがとうございました。")
    expect(page.locator("main")).to_contain_text("回答 1件")
    assert_no_axe_violations(page, "後処理 (results)")
    screenshot(page, "seminar_after_results")
    page.goto("/seminars/reports")
    assert_no_axe_violations(page, "セミナーレポート一覧")
    page.get_by_role("link", name=re.compile("国際協力人材セミナー大阪 開催レポート")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("開催レポート")
    assert_no_axe_violations(page, "セミナーレポート (demo)")
    assert page.console_problems == [], page.console_problems
