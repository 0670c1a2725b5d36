"""An organization that is gone posts nothing: 無効登録 stops its postings, and the public query
checks the organization itself."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from app.clock import JST
from features.accounts.models import AccountStatus, Organization, OrganizationStatus, Role, UserAccount
from features.postings import service
from features.postings.models import Posting, PostingKind, PostingStatus, RevisionState
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, mails_to, make_user
from tests.features.postings.helpers import job_form, organization_for
from tests.features.postings.test_events_notices import event_form, notice_form


async def add_posting(
    database,
    org_id: int,
    now,
    kind: str,
    values: dict,
    status: str = PostingStatus.APPROVED,
    revision: str = RevisionState.NONE,
) -> int:
    async with database.session() as db:
        posting = Posting(
            organization_id=org_id,
            kind=kind,
            status=status,
            draft=json.dumps(values),
            revision_state=revision,
            created_at=now,
            updated_at=now,
            submitted_at=now,
        )
        if status == PostingStatus.APPROVED:
            service.publish_columns(posting, values)
        db.add(posting)
        await db.flush()
        return posting.id


async def seed(database, now) -> dict[str, int]:
    """One posting of every sort for the organization that will retire, and one of another organization."""
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    await make_user(database, "other@example.jp", Role.ORGANIZATION)
    org = await organization_for(database, "org@example.jp")
    other = await organization_for(database, "other@example.jp")
    past = (now - timedelta(hours=1)).astimezone(JST)
    today = now.astimezone(JST).date()
    job = lambda **c: job_form(now, publish_at=past.strftime("%Y-%m-%dT%H:%M"), **c)  # noqa: E731
    return {
        "job": await add_posting(
            database,
            org.id,
            now,
            PostingKind.JOB,
            job(title="退会団体 ケニア 保健専門家"),
            revision=RevisionState.PENDING,
        ),
        "event": await add_posting(
            database,
            org.id,
            now,
            PostingKind.EVENT,
            event_form(now, title="退会団体 セミナー", publish_at=past.strftime("%Y-%m-%dT%H:%M")),
        ),
        "notice": await add_posting(
            database,
            org.id,
            now,
            PostingKind.NOTICE,
            notice_form(now, title="退会団体 お知らせ", opens_on=today.isoformat()),
        ),
        "scheduled": await add_posting(
            database, org.id, now, PostingKind.JOB, job_form(now, title="退会団体 掲載予定の求人")
        ),
        "pending": await add_posting(
            database,
            org.id,
            now,
            PostingKind.JOB,
            job_form(now, title="退会団体 承認待ちの求人"),
            status=PostingStatus.PENDING,
        ),
        "ended": await add_posting(
            database,
            org.id,
            now,
            PostingKind.JOB,
            job(
                title="退会団体 終了した求人",
                opens_on=(today - timedelta(days=30)).isoformat(),
                closes_on=(today - timedelta(days=1)).isoformat(),
            ),
        ),
        "other": await add_posting(database, other.id, now, PostingKind.JOB, job(title="続ける団体 カンボジア 教育")),
    }


async def statuses(database) -> dict[int, tuple[str, str]]:
    async with database.session(write=False) as db:
        rows = await db.execute(select(Posting.id, Posting.status, Posting.revision_state))
        return {posting_id: (status, revision) for posting_id, status, revision in rows.all()}


async def test_confirmed_deactivation_stops_every_posting_and_web_application(client, database, settings, frozen_clock):
    ids = await seed(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    assert (await client.get(f"/apply/{ids['job']}")).status_code == 200
    await client.post("/logout", headers=csrf_headers(client))

    await log_in(client, database, "org@example.jp")
    await client.post("/mypage/deactivate", headers=csrf_headers(client))
    await client.post("/logout", headers=csrf_headers(client))
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    org = await organization_for(database, "org@example.jp")
    confirmed = await client.post(
        f"/admin/deactivations/{org.id}", headers=csrf_headers(client), follow_redirects=False
    )
    assert confirmed.status_code == 303
    assert "退会団体" not in (await client.get("/admin/postings")).text  # the pending one left the review queue
    await client.post("/logout", headers=csrf_headers(client))

    after = await statuses(database)
    for name in ("job", "event", "notice", "scheduled", "pending"):
        assert after[ids[name]] == (PostingStatus.STOPPED, RevisionState.NONE), name
    assert after[ids["ended"]][0] == PostingStatus.APPROVED  # 掲載終了 stays as it ended
    assert after[ids["other"]][0] == PostingStatus.APPROVED
    for path in (f"/jobs/{ids['job']}", f"/events/{ids['event']}", f"/notices/{ids['notice']}"):
        assert (await client.get(path)).status_code == 404, path
    for path in ("/jobs", "/events", "/notices", "/jobs/feed.atom"):
        assert "退会団体" not in (await client.get(path)).text, path
    assert "続ける団体 カンボジア 教育" in (await client.get("/jobs")).text

    await log_in(client, database, "talent@example.jp")
    assert (await client.get(f"/apply/{ids['job']}")).status_code == 404
    mail = (await mails_to(database, "org@example.jp"))[-1]  # one mail lists what was stopped, in the same transaction
    assert mail.subject == "【PARTNER】無効登録に伴い掲載を中止しました（5件）"
    for title in ("退会団体 ケニア 保健専門家", "退会団体 セミナー", "退会団体 承認待ちの求人"):
        assert title in mail.body
    assert "退会団体 終了した求人" not in mail.body


async def test_postings_of_an_inactive_organization_are_not_public_whatever_made_it_so(client, database, frozen_clock):
    ids = await seed(database, frozen_clock())
    org = await organization_for(database, "org@example.jp")
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")

    async def public() -> bool:
        found = [
            (await client.get(f"/jobs/{ids['job']}")).status_code == 200,
            (await client.get(f"/events/{ids['event']}")).status_code == 200,
            (await client.get(f"/apply/{ids['job']}")).status_code == 200,
            "退会団体 ケニア 保健専門家" in (await client.get("/jobs", params={"keyword": "退会団体"})).text,
        ]
        assert len(set(found)) == 1, found
        return found[0]

    assert await public()
    async with database.session() as db:  # marked 無効 without the retirement hooks running
        (await db.get(Organization, org.id)).status = OrganizationStatus.DISABLED
    assert not await public()
    async with database.session() as db:
        (await db.get(Organization, org.id)).status = OrganizationStatus.APPROVED
        (await db.get(UserAccount, org.user_id)).status = AccountStatus.SUSPENDED  # the secretariat stopped the account
    assert not await public()
    async with database.session() as db:
        (await db.get(UserAccount, org.user_id)).status = AccountStatus.ACTIVE
    assert await public()
    async with database.session(write=False) as db:
        assert (await db.get(Posting, ids["job"])).status == PostingStatus.APPROVED  # the query decided, not a status
