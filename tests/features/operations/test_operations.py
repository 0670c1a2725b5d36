"""システム運用: the staff page's figures come from the real tables, errors are kept without personal
data, every scheduled job's last run is recorded (success and failure), and the audit log search
filters by actor, action, subject and dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from litestar import Litestar, get
from litestar.params import FromPath

from app import audit, clock
from app.mail import MailStatus, OutboxMail, queue_mail
from app.operations import ERRORS_KEPT, ErrorEvent, JobRun
from app.slices import ScheduledJob
from features.accounts.models import Role
from features.operations import service
from tasks.worker import job_task, recorded
from tests.conftest import build_app, reused_app
from tests.features.accounts.helpers import log_in, make_user

STAFF = "ops-staff@example.jp"


@get("/_test/explode/{token:str}")
async def explode_for_test(token: FromPath[str]) -> dict:
    raise RuntimeError(f"internal detail with {token}")


def build_app_that_explodes(settings) -> Litestar:
    application = build_app(settings)
    application.register(explode_for_test)
    return application


@pytest.fixture
def app(settings) -> Iterator[Litestar]:
    yield from reused_app(settings, build_app_that_explodes)


async def _staff(client, database) -> int:
    user = await make_user(database, STAFF, Role.SECRETARIAT)
    await log_in(client, database, STAFF)
    return user.id


async def test_only_the_secretariat_sees_the_page(client, database):
    await make_user(database, "person@example.jp", Role.INDIVIDUAL)
    await log_in(client, database, "person@example.jp")
    assert (await client.get("/admin/operations")).status_code == 403
    assert (await client.get("/admin/operations/audit")).status_code == 403


async def test_outbox_figures_count_pending_failing_and_sent(client, database, settings, frozen_clock):
    async with database.session() as db:
        for i in range(3):
            await queue_mail(db, settings, to=f"p{i}@example.jp", subject="件名", body="本文")
    async with database.session() as db:
        rows = list(await db.scalars(OutboxMail.__table__.select().with_only_columns(OutboxMail.id)))
        first, second = rows[0], rows[1]
        await db.execute(
            OutboxMail.__table__.update()
            .where(OutboxMail.id == first)
            .values(status=MailStatus.SENT, sent_at=clock.now() - timedelta(hours=1))
        )
        await db.execute(
            OutboxMail.__table__.update().where(OutboxMail.id == second).values(last_error="connection refused")
        )
    async with database.session(write=False) as db:
        figures = await service.outbox_figures(db)
    assert (figures.pending, figures.sending, figures.failing, figures.sent_24h) == (2, 0, 1, 1)
    assert figures.oldest_pending_at is not None

    await _staff(client, database)
    page = await client.get("/admin/operations")
    assert page.status_code == 200
    assert "送信待ち" in page.text and "再試行中" in page.text
    fragment = await client.get("/admin/operations", headers={"HX-Request": "true", "HX-Target": "operations-figures"})
    assert fragment.status_code == 200 and "<html" not in fragment.text and 'id="operations-figures"' in fragment.text


async def test_a_server_error_is_kept_by_request_id_without_the_path_or_message(client, database):
    await _staff(client, database)
    response = await client.get("/_test/explode/secret-token-123")
    assert response.status_code == 500
    async with database.session(write=False) as db:
        events = list(await db.scalars(ErrorEvent.__table__.select().with_only_columns(ErrorEvent.request_id)))
        row = (await db.execute(ErrorEvent.__table__.select())).one()
    assert len(events) == 1 and events[0] in response.text  # the number the person sees on the error page
    assert row.route == "/_test/explode/{token}" and row.error == "RuntimeError" and row.status == 500
    page = await client.get("/admin/operations")
    assert events[0] in page.text and "/_test/explode/{token}" in page.text
    assert "secret-token-123" not in page.text and "internal detail" not in page.text


async def test_a_client_error_is_not_a_server_error(client, database):
    await _staff(client, database)
    assert (await client.get("/admin/operations/nothing-here")).status_code == 404
    async with database.session(write=False) as db:
        assert (await db.execute(ErrorEvent.__table__.select())).first() is None


async def test_old_errors_are_pruned_past_the_kept_number(client, database):
    async with database.session() as db:
        for i in range(ERRORS_KEPT + 5):
            db.add(ErrorEvent(created_at=clock.now(), request_id=f"r{i}", route="/x", error="E"))
    await client.get("/_test/explode/x")
    async with database.session(write=False) as db:
        ids = [row.id for row in (await db.execute(ErrorEvent.__table__.select())).all()]
    assert len(ids) == ERRORS_KEPT and max(ids) == ERRORS_KEPT + 6


async def test_every_scheduled_job_run_is_recorded_success_and_failure(database, settings, frozen_clock):
    async def works(db, _settings) -> int:
        return 7

    async def fails(db, _settings) -> int:
        raise ValueError("boom with personal data 山田")

    ctx = {"database": database, "settings": settings}
    assert await job_task(ScheduledJob("ok_job", works, cron="* * * * *"))(ctx) == 7
    frozen_clock.advance(minutes=5)
    with pytest.raises(ValueError):
        await job_task(ScheduledJob("ok_job", fails, cron="* * * * *"))(ctx)

    async def sweep(ctx) -> int:
        return 3

    assert await recorded("sweep_outbox", sweep)(ctx) == 3
    async with database.session(write=False) as db:
        ok_job = await db.get(JobRun, "ok_job")
        swept = await db.get(JobRun, "sweep_outbox")
    assert ok_job.succeeded is False and ok_job.error == "ValueError" and ok_job.result is None
    assert ok_job.last_success_at is not None and ok_job.last_success_at < ok_job.finished_at
    assert swept.succeeded and swept.result == 3


async def test_the_page_lists_every_cron_job_with_its_last_run(client, database, settings):
    async def works(db, _settings) -> int:
        return 2

    ctx = {"database": database, "settings": settings}
    await recorded("sweep_outbox", lambda ctx: works(None, None))(ctx)
    await _staff(client, database)
    page = await client.get("/admin/operations")
    assert "sweep_outbox" in page.text and "成功（2件）" in page.text
    assert "assemble_partner_news" in page.text and "未実行" in page.text  # a slice's job that never ran


async def test_database_size_is_reported_on_both_engines(database):
    async with database.session(write=False) as db:
        total, tables = await service.database_size(db)
    assert total and total > 0
    if tables:
        assert all(t.bytes is None or t.bytes > 0 for t in tables)


async def test_uploads_size_counts_every_area(settings):
    (settings.var_path / "uploads" / "seminars").mkdir(parents=True, exist_ok=True)
    (settings.var_path / "uploads" / "a.pdf").write_bytes(b"x" * 1000)
    (settings.var_path / "uploads" / "seminars" / "b.pdf").write_bytes(b"y" * 24)
    assert await service.uploads_size(settings) == (1024, 2)


async def test_audit_search_by_actor_action_subject_and_dates(client, database, frozen_clock):
    staff_id = await _staff(client, database)
    other = await make_user(database, "other-staff@example.jp", Role.SECRETARIAT)
    async with database.session() as db:
        await audit.record(db, "posting_approve", actor_user_id=staff_id, target_type="posting", target_id=11)
        await audit.record(db, "resume_view", actor_user_id=other.id, target_type="resume", target_id=5)
    frozen_clock.advance(days=3)
    async with database.session() as db:
        await audit.record(db, "posting_reject", actor_user_id=other.id, target_type="posting", target_id=12)
    await log_in(client, database, STAFF)  # three days on, the session has ended

    async def found(query: str) -> str:
        htmx = {"HX-Request": "true", "HX-Target": "audit-results"}  # the results alone, not the form's hints
        response = await client.get(f"/admin/operations/audit?{query}", headers=htmx)
        assert response.status_code == 200 and "<html" not in response.text, response.text
        return response.text

    assert "posting_approve" in await found(f"actor={STAFF}") and "resume_view" not in await found(f"actor={STAFF}")
    by_number = await found(f"actor={other.id}")
    assert "resume_view" in by_number and "posting_reject" in by_number and "posting_approve" not in by_number
    nobody = await found("actor=nobody@example.jp")
    assert "該当する記録はありません" in nobody
    assert "posting_reject" in await found("action=reject") and "posting_approve" not in await found("action=reject")
    subject = await found("subject_type=posting&subject_id=12")
    assert "posting_reject" in subject and "posting_approve" not in subject
    today = clock.today_jst().isoformat()
    recent = await found(f"since={today}&until={today}")
    assert "posting_reject" in recent and "resume_view" not in recent


async def test_audit_search_refuses_unreadable_dates_with_422(client, database):
    await _staff(client, database)
    bad = await client.get("/admin/operations/audit?since=2026-13-40")
    assert bad.status_code == 422 and "開始日の日付が正しくありません" in bad.text
    backwards = await client.get("/admin/operations/audit?since=2026-12-07&until=2026-12-01")
    assert backwards.status_code == 422 and "終了日は開始日以降" in backwards.text
    fragment = await client.get(
        "/admin/operations/audit?action=x", headers={"HX-Request": "true", "HX-Target": "audit-results"}
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text


async def test_old_audit_rows_outside_the_dates_are_not_listed(client, database, frozen_clock):
    staff_id = await _staff(client, database)
    async with database.session() as db:
        await audit.record(db, "old_thing", actor_user_id=staff_id)
    frozen_clock.advance(days=40)
    await log_in(client, database, STAFF)
    since = (clock.today_jst() - timedelta(days=1)).isoformat()
    text = (await client.get(f"/admin/operations/audit?since={since}")).text
    assert "old_thing" not in text
