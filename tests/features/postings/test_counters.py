"""The postings counter for the reports, against hand-counted rows on both engines: 申請・承認・
掲載中止 by kind in a period, what waits now, and the business days from 申請 to 承認 (Japan-time
dates, holidays skipped; median and nearest-rank 90th percentile)."""

from __future__ import annotations

from datetime import UTC, datetime

from app.clock import JST
from features.accounts.models import Role
from features.postings import api
from features.postings.models import Posting, PostingKind, PostingStatus, RevisionState
from tests.features.accounts.helpers import make_user
from tests.features.postings.helpers import organization_for

JOB, EVENT, NOTICE = PostingKind.JOB.value, PostingKind.EVENT.value, PostingKind.NOTICE.value


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=JST).astimezone(UTC)


async def _postings(database, rows: list[dict]) -> None:
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    organization = await organization_for(database, "org@example.jp")
    async with database.session() as db:
        for row in rows:
            db.add(
                Posting(organization_id=organization.id, created_at=_at(2026, 1, 1), updated_at=_at(2026, 1, 1), **row)
            )


async def test_postings_by_kind_and_approval_days(database):
    approved = PostingStatus.APPROVED.value
    await _postings(
        database,
        [
            # Fri 20 Nov → Tue 24 Nov: Mon 23 Nov is 勤労感謝の日, so 1 business day.
            {
                "kind": JOB,
                "status": approved,
                "submitted_at": _at(2026, 11, 20, 10),
                "approved_at": _at(2026, 11, 24, 9),
            },
            # Fri 4 Dec → Tue 8 Dec: 2.
            {
                "kind": JOB,
                "status": approved,
                "submitted_at": _at(2026, 12, 4, 17),
                "approved_at": _at(2026, 12, 8, 11),
            },
            # Wed 2 Dec → Wed 9 Dec: 5 (over the three-day target).
            {
                "kind": EVENT,
                "status": approved,
                "submitted_at": _at(2026, 12, 2, 9),
                "approved_at": _at(2026, 12, 9, 9),
            },
            # The same day: 0.
            {
                "kind": NOTICE,
                "status": approved,
                "submitted_at": _at(2026, 12, 10, 9),
                "approved_at": _at(2026, 12, 10, 15),
            },
            # Thu 3 Dec 23:30 JST → Fri 4 Dec 00:30 JST: 1 in Japan (the same day in UTC).
            {
                "kind": JOB,
                "status": approved,
                "submitted_at": _at(2026, 12, 3, 23, 30),
                "approved_at": _at(2026, 12, 4, 0, 30),
            },
            # Waiting now: a new one and a revision of an approved one (approved before the period).
            {"kind": JOB, "status": PostingStatus.PENDING.value, "submitted_at": _at(2026, 12, 14, 9)},
            {
                "kind": EVENT,
                "status": approved,
                "revision_state": RevisionState.PENDING.value,
                "submitted_at": _at(2026, 12, 15, 9),
                "approved_at": _at(2026, 10, 1, 9),
            },
            # Stopped in the period; a draft never submitted counts nowhere.
            {
                "kind": JOB,
                "status": PostingStatus.STOPPED.value,
                "submitted_at": _at(2026, 10, 1),
                "approved_at": _at(2026, 10, 2),
                "stopped_at": _at(2026, 12, 1, 0, 0),
            },
            {"kind": NOTICE, "status": PostingStatus.DRAFT.value},
        ],
    )
    async with database.session(write=False) as db:
        figures = await api.count_postings(db, _at(2026, 11, 1), _at(2027, 1, 1))
        december = await api.count_postings(db, _at(2026, 12, 1), _at(2027, 1, 1))
    assert figures["submitted"] == {JOB: 4, EVENT: 2, NOTICE: 1}
    assert figures["approved"] == {JOB: 3, EVENT: 1, NOTICE: 1}
    assert figures["stopped"] == {JOB: 1, EVENT: 0, NOTICE: 0}
    assert figures["pending_now"] == {JOB: 1, EVENT: 1, NOTICE: 0}
    # Days [1, 2, 5, 0, 1] → sorted [0, 1, 1, 2, 5]: median 1, 90th percentile the 5th value.
    assert figures["approval"] == {"count": 5, "median_business_days": 1, "p90_business_days": 5}
    # December alone: [2, 5, 0, 1] → median 1.5, 90th percentile the 4th value.
    assert december["approval"] == {"count": 4, "median_business_days": 1.5, "p90_business_days": 5}
    assert december["approved"] == {JOB: 2, EVENT: 1, NOTICE: 1}


async def test_no_approvals_gives_no_days(database):
    async with database.session(write=False) as db:
        figures = await api.count_postings(db, _at(2026, 12, 1), _at(2027, 1, 1))
    assert figures["approval"] == {"count": 0, "median_business_days": None, "p90_business_days": None}
    assert figures["submitted"] == {JOB: 0, EVENT: 0, NOTICE: 0}
