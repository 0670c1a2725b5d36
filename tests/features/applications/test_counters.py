"""The applications counter for the reports, against hand-counted rows on both engines: applications
sent in the period (Japan-time edges) and the outcomes reached in it, each application once."""

from __future__ import annotations

from datetime import UTC, datetime

from app.clock import JST
from features.accounts.models import Role
from features.applications import api
from features.applications.models import Application, ApplicationEvent, ApplicationStatus
from features.postings.models import Posting, PostingKind, PostingStatus
from tests.features.accounts.helpers import make_user
from tests.features.postings.helpers import organization_for

S = ApplicationStatus


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=JST).astimezone(UTC)


async def test_applications_and_outcomes_in_a_month(database):
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    organization = await organization_for(database, "org@example.jp")
    people = [await make_user(database, f"p{n}@example.jp") for n in range(5)]
    async with database.session() as db:
        posting = Posting(
            organization_id=organization.id,
            kind=PostingKind.JOB,
            status=PostingStatus.APPROVED,
            created_at=_at(2026, 10, 1),
            updated_at=_at(2026, 10, 1),
        )
        db.add(posting)
        await db.flush()
        # (submitted, [(status, when)]) per person; December 2026 in Japan time is the period.
        histories = [
            (_at(2026, 12, 1, 0, 0), [(S.SCREENING, _at(2026, 12, 3)), (S.INTERVIEW, _at(2026, 12, 10))]),
            (_at(2026, 12, 31, 23, 59), []),
            (_at(2026, 11, 30, 23, 59), [(S.SCREENING, _at(2026, 11, 30, 23, 59, 30)), (S.HIRED, _at(2026, 12, 20))]),
            (_at(2026, 11, 2), [(S.REJECTED, _at(2027, 1, 1, 0, 0))]),  # January's outcome
            (None, []),  # a draft: never sent
        ]
        ids = []
        for person, (submitted, events) in zip(people, histories, strict=True):
            application = Application(
                posting_id=posting.id,
                organization_id=organization.id,
                user_id=person.id,
                status=events[-1][0] if events else (S.RECEIVED if submitted else S.DRAFT),
                submitted_at=submitted,
                created_at=_at(2026, 11, 1),
                updated_at=_at(2026, 11, 1),
            )
            db.add(application)
            await db.flush()
            ids.append(application.id)
            if submitted:
                db.add(ApplicationEvent(application_id=application.id, status=S.RECEIVED, created_at=submitted))
            for status, when in events:
                db.add(ApplicationEvent(application_id=application.id, status=status, created_at=when))
        # The same status twice (moved back and forth) counts the application once.
        db.add(ApplicationEvent(application_id=ids[0], status=S.SCREENING, created_at=_at(2026, 12, 4)))
    async with database.session(write=False) as db:
        december = await api.count_applications(db, _at(2026, 12, 1), _at(2027, 1, 1))
        november = await api.count_applications(db, _at(2026, 11, 1), _at(2026, 12, 1))
    assert december["submitted"] == 2
    assert december["outcomes"] == {"書類選考": 1, "面接": 1, "採用": 1, "不採用": 0, "辞退": 0, "取り下げ": 0}
    assert november["submitted"] == 2
    assert november["outcomes"]["書類選考"] == 1 and sum(november["outcomes"].values()) == 1
