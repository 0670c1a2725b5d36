"""応募する pressed twice at once (two POSTs, each having read the draft before either wrote): one
application, received once, one event and one mail each way; the other POST gets the Japanese
"already applied" answer, never a 500. The same for two 確認 at once before any draft existed."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select

from features.applications import service
from features.applications.models import Application, ApplicationEvent, ApplicationStatus
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, mails_to, make_user
from tests.features.applications.helpers import apply, files, published_job


def _together(monkeypatch, owner, name: str) -> None:
    """The next two calls of owner.name wait for each other after they have read (both requests past
    their checks before either writes)."""
    original = getattr(owner, name)
    barrier = asyncio.Barrier(2)
    calls = 0

    async def read_then_wait(*args, **kwargs):
        nonlocal calls
        result = await original(*args, **kwargs)
        calls += 1
        if calls <= 2:
            await asyncio.wait_for(barrier.wait(), 10)
        return result

    monkeypatch.setattr(owner, name, read_then_wait)


def _at_once(client, url: str, times: int = 2, **kwargs) -> list[httpx.Response]:
    """`times` POSTs of one browser session running at the same time on the application's own event
    loop (the test client sends one request at a time)."""

    async def together() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=client.app)
        base_url = str(client.base_url)
        async with httpx.AsyncClient(transport=transport, base_url=base_url, cookies=client.cookies) as http:
            headers = csrf_headers(client)
            return await asyncio.gather(*(http.post(url, headers=headers, **kwargs) for _ in range(times)))

    return client.blocking_portal.call(together)


async def _counts(database) -> tuple[int, int, list]:
    async with database.session(write=False) as db:
        applications = (await db.execute(select(func.count()).select_from(Application))).scalar_one()
        received = (
            await db.execute(
                select(func.count())
                .select_from(ApplicationEvent)
                .where(ApplicationEvent.status == ApplicationStatus.RECEIVED)
            )
        ).scalar_one()
        statuses = list((await db.execute(select(Application.status))).scalars())
    return applications, received, statuses


async def test_a_double_submit_applies_once(client, database, frozen_clock, monkeypatch):
    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    assert (await apply(client, posting.id)).status_code == 200
    _together(monkeypatch, service.accounts, "organizations_by_ids")  # read inside submit, before its write
    first, second = _at_once(client, f"/apply/{posting.id}/submit")
    assert sorted([first.status_code, second.status_code]) == [303, 403]
    refused = first if first.status_code == 403 else second
    assert "この案件にはすでに応募しています。" in refused.text
    assert await _counts(database) == (1, 1, [ApplicationStatus.RECEIVED])
    assert len([m for m in await mails_to(database, "org@example.jp") if "Web応募がありました" in m.subject]) == 1
    assert len([m for m in await mails_to(database, "talent@example.jp") if "応募しました" in m.subject]) == 1


async def test_two_first_confirmations_at_once_keep_one_draft(client, database, frozen_clock, monkeypatch):
    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    await client.get(f"/apply/{posting.id}")
    _together(monkeypatch, service, "existing")  # both find no draft, then both insert one
    first, second = _at_once(client, f"/apply/{posting.id}", files=files(), data={"message": "よろしくお願いします。"})
    assert sorted([first.status_code, second.status_code]) == [200, 403]
    refused = first if first.status_code == 403 else second
    assert "この案件への応募は別の画面で手続き中です。" in refused.text
    assert await _counts(database) == (1, 0, [ApplicationStatus.DRAFT])
    monkeypatch.undo()
    done = await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client), follow_redirects=False)
    assert done.status_code == 303
    assert await _counts(database) == (1, 1, [ApplicationStatus.RECEIVED])
