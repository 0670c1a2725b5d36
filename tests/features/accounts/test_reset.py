"""パスワード再発行: no enumeration, token rules, sessions end, notice mail, no auto-login."""

from __future__ import annotations

from litestar.testing import AsyncTestClient
from sqlalchemy import event, select

from app import create_app, slices
from app.db import create_database
from features.accounts.models import PasswordResetRequest, Role
from tasks.worker import queued_task
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import PASSWORD, link_in, log_in, mails_to, make_user, submit_password


async def _process_reset_request(ctx, **kwargs):
    """The accounts slice's queued task, as the worker runs it."""
    [task] = [t for t in slices.queued_tasks() if t.name == "process_reset_request"]
    return await queued_task(task)(ctx, **kwargs)


EMAIL = "ichiro@example.jp"
NEW_PASSWORD = "新しいパスワードは十二文字以上"


async def run_reset_jobs(app) -> None:
    """What the worker does with each queued request (the request itself only leaves a row).
    Through an engine of this test's own event loop: the test client runs the app in another."""
    database = create_database(app.state.settings)
    try:
        async with database.session(write=False) as db:
            ids = list((await db.execute(select(PasswordResetRequest.id).order_by(PasswordResetRequest.id))).scalars())
        for request_id in ids:
            await _process_reset_request({"database": database, "settings": app.state.settings}, request_id=request_id)
    finally:
        await database.dispose()


async def request_reset(client, email: str, kind: str = "individual"):
    await client.get("/password/reset")
    response = await client.post(
        "/password/reset", data={"email": email, "kind": kind}, headers=csrf_headers(client), follow_redirects=False
    )
    await run_reset_jobs(client.app)
    return response


async def reset_path(database, email: str) -> str:
    mail = [m for m in await mails_to(database, email) if "パスワード再発行" in m.subject][-1]
    return "/" + link_in(mail).split("/", 3)[3]


async def set_password(client, path: str, password: str = NEW_PASSWORD):
    return await client.post(
        path,
        data={"password": password, "password_confirm": password},
        headers=csrf_headers(client),
        follow_redirects=False,
    )


async def test_reset_answers_the_same_and_mails_only_real_accounts(client, database):
    await make_user(database, EMAIL)
    real = await request_reset(client, EMAIL)
    unknown = await request_reset(client, "nobody@example.jp")
    assert real.status_code == unknown.status_code == 303
    assert real.headers["location"] == unknown.headers["location"] == "/password/reset/sent"
    assert len(await mails_to(database, EMAIL)) == 1 and await mails_to(database, "nobody@example.jp") == []
    page = await client.get("/password/reset?kind=organization")
    assert "ID（ご登録メールアドレス）" in page.text and ">確認</button>" in page.text


async def test_known_and_unknown_addresses_do_the_same_work_in_the_request(client, database):
    """No timing oracle: the request runs the very same SQL for a registered address as for an
    unknown one, and queues one job whose only argument is a row id (no address, no token)."""
    await make_user(database, EMAIL)
    await client.get("/password/reset")
    statements: list[str] = []

    def record(_connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        statements.append(statement)

    async def work_for(email: str) -> list[str]:
        statements.clear()
        response = await client.post(
            "/password/reset",
            data={"email": email, "kind": "individual"},
            headers=csrf_headers(client),
            follow_redirects=False,
        )
        assert response.status_code == 303 and response.headers["location"] == "/password/reset/sent"
        return list(statements)

    engine = client.app.state.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        known, unknown = await work_for(EMAIL), await work_for("nobody@example.jp")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert known == unknown
    assert any("INSERT INTO password_reset_request" in s for s in known)
    assert not any("user_account" in s or "action_token" in s or "outbox_mail" in s for s in known)
    jobs = (await client.app.state.queue.info(jobs=True))["jobs"]
    assert [(job["function"], sorted(job["kwargs"])) for job in jobs] == [("process_reset_request", ["request_id"])] * 2
    assert await mails_to(database, EMAIL) == []  # nothing yet: the worker does the rest
    await run_reset_jobs(client.app)
    assert len(await mails_to(database, EMAIL)) == 1 and await mails_to(database, "nobody@example.jp") == []


async def test_a_reset_job_run_twice_mails_once(client, database, settings):
    await make_user(database, EMAIL)
    await client.get("/password/reset")
    await client.post("/password/reset", data={"email": EMAIL}, headers=csrf_headers(client))
    async with database.session(write=False) as db:
        [request_id] = (await db.execute(select(PasswordResetRequest.id))).scalars()
    ctx = {"database": database, "settings": settings}
    assert await _process_reset_request(ctx, request_id=request_id) is True
    assert await _process_reset_request(ctx, request_id=request_id) is False  # the row is gone: claimed once
    assert len(await mails_to(database, EMAIL)) == 1


async def test_per_address_limit_counts_every_casing_of_the_address(client, database, frozen_clock):
    await make_user(database, EMAIL)
    for spelling in (
        "ichiro@example.jp",
        "ICHIRO@example.jp",
        "Ichiro@Example.JP",
        "ｉｃｈｉｒｏ@example.jp",
        "iChIrO@example.jp",
    ):
        assert (await request_reset(client, spelling)).status_code == 303
    assert (await request_reset(client, "ICHIRO@EXAMPLE.JP")).status_code == 429  # 5 an hour, however spelled
    assert len(await mails_to(database, EMAIL)) == 5


async def test_reset_link_sets_the_password_ends_sessions_and_does_not_log_in(client, database):
    await make_user(database, EMAIL)
    await log_in(client, database, EMAIL)
    other_browser_cookie = client.cookies.get("partner_session")
    await request_reset(client, EMAIL)
    path = await reset_path(database, EMAIL)
    form = await client.get(path)
    assert "パスワード設定" in form.text and "パスワードを設定する" in form.text
    weak = await set_password(client, path, "password1234")
    assert weak.status_code == 422 and "推測されやすい" in weak.text
    done = await set_password(client, path)
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert (await client.get("/mypage", follow_redirects=False)).status_code == 303  # no auto-login
    use_session_cookie(client, other_browser_cookie)
    assert (await client.get("/mypage", follow_redirects=False)).status_code == 303  # every session ended
    assert (await mails_to(database, EMAIL))[-1].subject == "【PARTNER】パスワードが変更されました"
    assert (await set_password(client, path)).status_code == 400  # single use
    assert (await submit_password(client, EMAIL, PASSWORD)).status_code == 422
    # The next login still asks for the code.
    response = await submit_password(client, EMAIL, NEW_PASSWORD)
    assert response.headers["location"] == "/login/code"


async def test_reset_link_expires_after_60_minutes(client, database, frozen_clock):
    await make_user(database, EMAIL)
    await request_reset(client, EMAIL)
    path = await reset_path(database, EMAIL)
    frozen_clock.advance(minutes=60, seconds=1)
    assert (await client.get(path)).status_code == 400


async def test_a_newer_reset_kills_the_older_link(client, database):
    await make_user(database, EMAIL)
    await request_reset(client, EMAIL)
    first = await reset_path(database, EMAIL)
    await request_reset(client, EMAIL)
    assert (await client.get(first)).status_code == 400
    assert (await client.get(await reset_path(database, EMAIL))).status_code == 200


async def test_the_kind_must_match_the_account(client, database):
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    await request_reset(client, "org@example.jp", kind="individual")
    assert await mails_to(database, "org@example.jp") == []
    await request_reset(client, "org@example.jp", kind="organization")
    assert len(await mails_to(database, "org@example.jp")) == 1


async def test_reset_link_is_built_from_the_configured_base_url_not_the_host(settings, database):
    settings.app.base_url = "https://partner.example.jp"
    settings.app.allowed_hosts = ["testserver.local", "attacker.example"]
    await make_user(database, EMAIL)
    async with AsyncTestClient(create_app(settings), base_url="http://attacker.example") as client:
        await request_reset(client, EMAIL)
    mail = (await mails_to(database, EMAIL))[-1]
    assert link_in(mail).startswith("https://partner.example.jp/password/reset/")
    assert "attacker.example" not in mail.body


async def test_org_code_is_mailed_only_to_the_registered_organization(client, database):
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    await make_user(database, EMAIL)
    await client.get("/org-code")
    for address in ("org@example.jp", EMAIL, "nobody@example.jp"):
        response = await client.post(
            "/org-code", data={"email": address}, headers=csrf_headers(client), follow_redirects=False
        )
        assert response.status_code == 303 and response.headers["location"] == "/login"
    # The request only records it (the same work for every address); the job looks it up and mails.
    assert await mails_to(database, "org@example.jp") == []
    await run_reset_jobs(client.app)
    [mail] = await mails_to(database, "org@example.jp")
    assert mail.subject == "【PARTNER】団体コードのお知らせ" and "団体コード：D" in mail.body
    assert await mails_to(database, EMAIL) == [] and await mails_to(database, "nobody@example.jp") == []


async def test_a_password_change_kills_an_open_reset_link(client, database):
    await make_user(database, EMAIL)
    await request_reset(client, EMAIL)
    path = await reset_path(database, EMAIL)
    await log_in(client, database, EMAIL)
    new_password = "プロフィールから変えたパスワード"
    await client.post(
        "/mypage/password",
        data={"current_password": PASSWORD, "new_password": new_password, "new_password_confirm": new_password},
        headers=csrf_headers(client),
    )
    assert (await client.get(path)).status_code == 400


async def test_a_request_whose_job_was_lost_is_done_by_the_minutely_sweep(database, settings, frozen_clock):
    from features.accounts import reset
    from tasks.worker import job_task

    await make_user(database, EMAIL)
    async with database.session() as db:  # no queue here: the request's own job never runs
        await reset.request_reset(db, settings, EMAIL, "")
    [sweep] = [j for j in slices.scheduled_jobs() if j.name == "process_stale_reset_requests"]
    assert sweep.cron == "* * * * *"
    ctx = {"database": database, "settings": settings}
    assert await job_task(sweep)(ctx) == 0  # too fresh: its job may still be on its way
    frozen_clock.advance(minutes=3)
    assert await job_task(sweep)(ctx) == 1
    assert [m.subject for m in await mails_to(database, EMAIL)] == ["【PARTNER】パスワード再発行のご案内"]
    assert await job_task(sweep)(ctx) == 0  # done once
