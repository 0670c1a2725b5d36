"""The secretariat's メール配信 pages over HTTP: compose (422s in Japanese), the live count fragment,
four-eyes approval at the route, the progress fragment that stops polling, templates with history."""

from __future__ import annotations

from sqlalchemy import select

from app.mail import OutboxMail
from features.accounts.models import Role
from features.mailings import engine, service
from features.mailings.models import Mailing, MailingStatus, MailingTemplateVersion
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import log_in, make_user
from tests.features.mailings.helpers import deliver_all, person

WRITER = "writer@example.jp"
APPROVER = "approver@example.jp"
FORM = {
    "subject": "セミナーのご案内",
    "body": "{氏名} 様\n本文です。",
    "category": "guide",
    "audience_kind": "individuals",
}


async def _staff(client, database, email=WRITER):
    await make_user(database, email, Role.SECRETARIAT)
    await log_in(client, database, email)


async def _post(client, path, data):
    return await client.post(path, data=data, headers=csrf_headers(client), follow_redirects=False)


async def test_compose_with_unknown_merge_field_rerenders_422_in_japanese(client, database):
    await _staff(client, database)
    page = await client.get("/admin/mailings/new")
    assert page.status_code == 200 and 'aria-live="polite"' in page.text and "この条件で" in page.text
    response = await _post(client, "/admin/mailings", {**FORM, "body": "{住所} 様", "subject": ""})
    assert response.status_code == 422
    assert "件名を入力してください。" in response.text
    assert "「{住所}」は使えない差し込み項目です" in response.text
    assert 'aria-invalid="true"' in response.text and 'id="error-summary"' in response.text
    団体 = await _post(client, "/admin/mailings", {**FORM, "body": "{団体名} 御中"})
    assert 団体.status_code == 422 and "個人あての配信では使えません" in 団体.text


async def test_live_count_is_a_fragment_that_follows_the_filters(client, database):
    await _staff(client, database)
    await person(database, "tokyo@example.jp")
    await person(database, "osaka@example.jp", prefecture="大阪府")
    await client.get("/admin/mailings/new")
    htmx = {"HX-Request": "true", "HX-Target": "audience-count"}
    everyone = await client.get("/admin/mailings/audience-count?audience_kind=individuals", headers=htmx)
    assert everyone.status_code == 200 and "<html" not in everyone.text
    assert "この条件で 2人に配信されます" in everyone.text
    osaka = await client.get(
        "/admin/mailings/audience-count?audience_kind=individuals&prefectures=大阪府", headers=htmx
    )
    assert "この条件で 1人に配信されます" in osaka.text
    bad = await client.get("/admin/mailings/audience-count?audience_kind=individuals&prefectures=火星", headers=htmx)
    assert "居住地は一覧から選択してください。" in bad.text
    page = await client.get("/admin/mailings/audience-count?audience_kind=organizations")
    assert "<html" in page.text and "この条件で 0団体に配信されます" in page.text


async def test_the_writer_cannot_approve_a_second_staff_member_can(client, database, settings):
    await person(database, "p@example.jp")
    await _staff(client, database)
    created = await _post(client, "/admin/mailings", FORM)
    assert created.status_code == 303
    path = created.headers["location"]
    submitted = await _post(client, f"{path}/submit", FORM)
    assert submitted.status_code == 303
    refused = await _post(client, f"{path}/approve-now", {})
    assert refused.status_code == 409 and "別の事務局員" in refused.text
    use_session_cookie(client, None)
    await _staff(client, database, APPROVER)
    page = await client.get(path)
    assert "承認して今すぐ配信" in page.text
    past = await _post(client, f"{path}/approve-schedule", {"send_at_date": "2000-01-01", "send_at_time": "10:00"})
    assert past.status_code == 422 and "現在より後" in past.text
    approved = await _post(client, f"{path}/approve-now", {})
    assert approved.status_code == 303
    again = await _post(client, f"{path}/approve-now", {})  # a double click acts once
    assert again.status_code == 409
    async with database.session(write=False) as db:
        mailing = (await db.execute(select(Mailing))).scalar_one()
    assert mailing.status == MailingStatus.SCHEDULED and mailing.audience_description == "個人：条件なし（全員）"
    # The progress fragment polls while sending and stops once everything is sent.
    htmx = {"HX-Request": "true", "HX-Target": "mailing-progress"}
    polling = await client.get(path, headers=htmx)
    assert polling.text.lstrip().startswith('<div id="mailing-progress"') and 'hx-trigger="every 2s"' in polling.text
    await engine.run_steps(database, settings, mailing.id)
    await deliver_all(database, settings)  # the log transport marks the outbox rows sent
    done = await client.get(path, headers=htmx)
    assert "hx-trigger" not in done.text and 'value="100"' in done.text and "配信完了" in done.text


async def test_templates_keep_every_version_and_restore_makes_a_new_one(client, database):
    await _staff(client, database)
    await client.get("/admin/mailing-templates/new")
    bad = await _post(
        client, "/admin/mailing-templates", {"name": "", "category": "guide", "subject": "x", "body": "{名前}"}
    )
    assert bad.status_code == 422 and "テンプレート名を入力してください。" in bad.text and "{名前}" in bad.text
    made = await _post(
        client,
        "/admin/mailing-templates",
        {"name": "ご案内", "category": "guide", "subject": "第1版", "body": "{氏名} 様"},
    )
    path = made.headers["location"]
    await _post(client, path, {"name": "ご案内", "category": "guide", "subject": "第2版", "body": "{氏名} 様"})
    restored = await _post(client, f"{path}/versions/1/restore", {})
    assert restored.status_code == 303
    page = await client.get(path)
    assert "第3版" in page.text and "第1版から復元" in page.text and "writer テスト" in page.text
    async with database.session(write=False) as db:
        subjects = [
            v.subject for v in await db.scalars(select(MailingTemplateVersion).order_by(MailingTemplateVersion.version))
        ]
    assert subjects == ["第1版", "第2版", "第1版"]
    missing = await _post(client, f"{path}/versions/9/restore", {})
    assert missing.status_code == 404
    compose = await client.get(f"/admin/mailings/new?template_id={path.rsplit('/', 1)[1]}")
    assert 'value="第1版"' in compose.text


async def _draft_path(client, database) -> str:
    await _staff(client, database)
    created = await _post(client, "/admin/mailings", FORM)
    return created.headers["location"]


async def test_send_test_goes_to_the_staff_members_own_address_with_sample_values(client, database):
    await person(database, "p@example.jp")
    path = await _draft_path(client, database)
    sent = await _post(client, f"{path}/test", {**FORM, "subject": "{氏名} 様へのご案内"})
    assert sent.status_code == 303
    async with database.session(write=False) as db:
        mails = list(await db.scalars(select(OutboxMail)))
    assert [m.to_address for m in mails if m.campaign is None and "送信テスト" in m.subject] == [WRITER]
    [mail] = [m for m in mails if "送信テスト" in m.subject]
    assert mail.subject == "【送信テスト】writer テスト 様へのご案内"  # staff have no 氏名 row: their display name
    assert "P00012345" not in mail.body and "/unsubscribe/" in mail.body
    bad = await _post(client, f"{path}/test", {**FORM, "body": "{登録番号}"})
    assert bad.status_code == 422 and "使えない差し込み項目" in bad.text


async def test_pause_resume_and_cancel_buttons_move_the_mailing_once(client, database, settings):
    await person(database, "p@example.jp")
    path = await _draft_path(client, database)
    mailing_id = int(path.rsplit("/", 1)[1])
    await _post(client, f"{path}/submit", FORM)
    other = await make_user(database, APPROVER, Role.SECRETARIAT, password_hash="x")
    async with database.session() as db:
        await service.approve(db, settings, await service.mailing_by_id(db, mailing_id), other.id, None)
    assert (await _post(client, f"{path}/pause", {})).status_code == 409  # not sending yet
    async with database.session() as db:
        await engine.step(db, settings, mailing_id)
    assert (await _post(client, f"{path}/pause", {})).status_code == 303
    page = await client.get(path)
    assert "一時停止" in page.text and 'action="' + path + '/resume"' in page.text
    assert (await _post(client, f"{path}/resume", {})).status_code == 303
    assert (await _post(client, f"{path}/cancel", {})).status_code == 303
    assert (await _post(client, f"{path}/resume", {})).status_code == 409
    listing = await client.get("/admin/mailings", headers={"HX-Request": "true", "HX-Target": "mailing-rows"})
    assert listing.text.lstrip().startswith("<div class=\"table-wrap\">") and "中止" in listing.text


async def test_odd_numbers_in_the_query_are_422_or_ignored_never_500(client, database):
    """A digit Python's int() cannot read (²), or one too long for it, in 経験年数 or ?template_id=."""
    await _staff(client, database)
    htmx = {"HX-Request": "true", "HX-Target": "audience-count"}
    for years in ("9" * 5000, "𐩀"):
        response = await client.get(
            f"/admin/mailings/audience-count?audience_kind=individuals&min_years={years}", headers=htmx
        )
        assert response.status_code == 200
        assert "経験年数は0〜60の数字で入力してください。" in response.text
    for template_id in ("²", "𐩀", "9" * 25):
        response = await client.get(f"/admin/mailings/new?template_id={template_id}")
        assert response.status_code == 200
    response = await _post(client, "/admin/mailings", {**FORM, "min_years": "9" * 5000, "template_id": "𐩀"})
    assert response.status_code == 422 and "経験年数は0〜60の数字で入力してください。" in response.text


async def test_the_progress_poll_and_the_list_read_only_their_own_campaigns_bounce_figures(client, database, settings):
    """The progress fragment is asked every 2 seconds while a mailing sends: its 不達率 must not
    group the whole outbox (every mailing, news and alert ever sent) by campaign each time."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from tests.features.mailings.helpers import approved_mailing, send, staff

    writer, approver = await staff(database)
    await person(database, "p@example.jp")
    mailing_id = await approved_mailing(database, settings, writer, approver)
    await send(database, settings, mailing_id)
    await _staff(client, database, "viewer@example.jp")
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(Engine, "before_cursor_execute", listener)
    try:
        htmx = {"HX-Request": "true", "HX-Target": "mailing-progress"}
        poll = await client.get(f"/admin/mailings/{mailing_id}", headers=htmx)
        listing = await client.get("/admin/mailings")
    finally:
        event.remove(Engine, "before_cursor_execute", listener)
    assert poll.status_code == 200 and listing.status_code == 200
    grouped = [s for s in statements if "outbox_mail" in s and "GROUP BY outbox_mail.campaign" in s]
    assert grouped and all("outbox_mail.campaign IN" in s for s in grouped), grouped


async def test_when_the_state_changes_under_the_poll_the_page_reloads_its_state_and_buttons(client, database, settings):
    """The page shows 状態 and the buttons (一時停止, 中止) outside the polled progress: once the
    mailing finishes (or is paused from another screen), the poll asks htmx to reload the page,
    so nobody is left with 「配信中」 and a 一時停止 button on a finished mailing."""
    from tests.features.mailings.helpers import approved_mailing, send, staff

    writer, approver = await staff(database)
    await person(database, "p@example.jp")
    mailing_id = await approved_mailing(database, settings, writer, approver)
    await _staff(client, database, "viewer@example.jp")
    page = await client.get(f"/admin/mailings/{mailing_id}")
    assert f'hx-get="/admin/mailings/{mailing_id}?shown=scheduled"' in page.text
    htmx = {"HX-Request": "true", "HX-Target": "mailing-progress"}
    same = await client.get(f"/admin/mailings/{mailing_id}?shown=scheduled", headers=htmx)
    assert same.status_code == 200 and "hx-refresh" not in same.headers
    await send(database, settings, mailing_id)
    changed = await client.get(f"/admin/mailings/{mailing_id}?shown=scheduled", headers=htmx)
    assert changed.status_code == 200 and changed.headers.get("hx-refresh") == "true"
    reloaded = await client.get(f"/admin/mailings/{mailing_id}")
    assert "一時停止</button>" not in reloaded.text and "配信完了" in reloaded.text
