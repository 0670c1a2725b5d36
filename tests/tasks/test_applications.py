"""The applications slice's daily task: documents of withdrawn applications past the retention,
and stored files that no row points to."""

from __future__ import annotations

import os
from datetime import timedelta

from sqlalchemy import select

from app import slices
from app.config import load_settings
from app.uploads import upload_dir
from features.applications.models import ApplicationFile
from tasks.worker import job_task
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in
from tests.features.applications.helpers import applied_posting


def _job(name: str) -> slices.ScheduledJob:
    [job] = [j for j in slices.scheduled_jobs() if j.name == name]
    return job


async def _run(name: str, ctx) -> int:
    """The job as the worker runs it: the slice's function in a transaction of its own."""
    return await job_task(_job(name))(ctx)


async def _stored_by_application(database) -> dict[int, set[str]]:
    async with database.session(write=False) as db:
        rows = (await db.execute(select(ApplicationFile))).scalars().all()
    result: dict[int, set[str]] = {}
    for row in rows:
        result.setdefault(row.application_id, set()).add(row.stored_name)
    return result


async def test_withdrawn_documents_are_deleted_after_the_retention(client, database, settings, frozen_clock):
    withdrawn, kept = await applied_posting(client, database, "org@example.jp", "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    await client.post(f"/mypage/applications/{withdrawn}/withdraw", headers=csrf_headers(client))
    before = await _stored_by_application(database)
    assert len(before[withdrawn]) == 2 and len(before[kept]) == 2
    ctx = {"database": database, "settings": settings}

    frozen_clock.advance(days=29, hours=23)
    assert await _run("delete_withdrawn_documents", ctx) == 0
    assert await _stored_by_application(database) == before
    frozen_clock.advance(hours=2)  # 30 days and an hour after 取り下げ
    assert await _run("delete_withdrawn_documents", ctx) == 2
    assert await _stored_by_application(database) == {kept: before[kept]}
    assert {p.name for p in upload_dir(settings).iterdir()} == before[kept]  # the files, not only the rows


async def test_the_retention_is_a_setting_and_the_task_runs_daily(client, database, settings, frozen_clock):
    assert load_settings().applications.withdrawn_document_retention_days == 30  # litestar.toml
    overridden = load_settings(environ={"PARTNER_APPLICATIONS_WITHDRAWN_DOCUMENT_RETENTION_DAYS": "7"})
    assert overridden.applications.withdrawn_document_retention_days == 7
    settings.applications.withdrawn_document_retention_days = 7
    withdrawn, _ = await applied_posting(client, database, "org@example.jp", "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    await client.post(f"/mypage/applications/{withdrawn}/withdraw", headers=csrf_headers(client))
    frozen_clock.advance(days=7, hours=1)
    assert await _run("delete_withdrawn_documents", {"database": database, "settings": settings}) == 2
    assert _job("delete_withdrawn_documents").cron == "30 19 * * *"  # daily
    assert _job("sweep_orphan_files").cron == "45 19 * * *"


def _written_at(path, when) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


async def test_the_sweep_removes_old_orphans_and_keeps_referenced_and_fresh_files(
    client, database, settings, frozen_clock
):
    await applied_posting(client, database, "org@example.jp", "talent@example.jp")
    directory = upload_dir(settings)
    referenced = {p.name for p in directory.iterdir()}
    old_orphan, fresh_orphan = directory / ("a" * 32), directory / ("b" * 32)
    old_orphan.write_bytes(b"%PDF-1.4 left by a failed transaction")
    fresh_orphan.write_bytes(b"%PDF-1.4 an upload whose row is not committed yet")
    for name in referenced:
        _written_at(directory / name, frozen_clock() - timedelta(days=3))
    _written_at(old_orphan, frozen_clock() - timedelta(days=1, minutes=1))
    _written_at(fresh_orphan, frozen_clock() - timedelta(hours=23))
    assert await _run("sweep_orphan_files", {"database": database, "settings": settings}) == 1
    assert {p.name for p in directory.iterdir()} == referenced | {fresh_orphan.name}
