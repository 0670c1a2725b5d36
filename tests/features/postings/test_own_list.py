"""求人情報一覧 (the organization's own list): page and total from one statement, right on every page,
past the last page too; another organization's postings and the other kind never counted."""

from __future__ import annotations

from datetime import timedelta

from app import clock
from features.accounts.models import Role
from features.postings import service
from features.postings.models import Posting, PostingKind
from tests.features.accounts.helpers import make_user
from tests.features.postings.helpers import organization_for


async def test_own_postings_pages_and_totals(database):
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    await make_user(database, "rival@example.jp", Role.ORGANIZATION)
    ours = await organization_for(database, "org@example.jp")
    rival = await organization_for(database, "rival@example.jp")
    now = clock.now()
    async with database.session() as db:
        for n in range(service.PER_PAGE + 3):
            at = now - timedelta(minutes=n)
            db.add(Posting(organization_id=ours.id, kind=PostingKind.JOB, draft="{}", created_at=at, updated_at=at))
        db.add(Posting(organization_id=rival.id, kind=PostingKind.JOB, draft="{}", created_at=now, updated_at=now))
        db.add(Posting(organization_id=ours.id, kind=PostingKind.EVENT, draft="{}", created_at=now, updated_at=now))
    async with database.session(write=False) as db:
        first = await service.own_postings(db, ours.id, PostingKind.JOB, 1)
        second = await service.own_postings(db, ours.id, PostingKind.JOB, 2)
        past = await service.own_postings(db, ours.id, PostingKind.JOB, 5)
        events = await service.own_postings(db, ours.id, PostingKind.EVENT, 1)
    assert (first.total, len(first.items)) == (service.PER_PAGE + 3, service.PER_PAGE)
    assert (second.total, len(second.items)) == (service.PER_PAGE + 3, 3)
    assert (past.total, past.items) == (service.PER_PAGE + 3, [])
    assert (events.total, len(events.items)) == (1, 1)
    assert all(p.organization_id == ours.id for p in first.items + second.items)
    newest_first = [p.updated_at for p in first.items + second.items]
    assert newest_first == sorted(newest_first, reverse=True)
