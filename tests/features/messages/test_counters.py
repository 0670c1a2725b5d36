"""The offers counter for the reports, against hand-counted rows on both engines: オファーメール
sent, replies written in the period, and the period's offers that were answered."""

from __future__ import annotations

from datetime import UTC, datetime

from app.clock import JST
from features.accounts.models import Role
from features.messages import api
from features.messages.models import Direction, MailMode, Message, MessageThread
from tests.features.accounts.helpers import make_user
from tests.features.postings.helpers import organization_for


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=JST).astimezone(UTC)


async def test_offers_and_replies_in_a_month(database):
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    organization = await organization_for(database, "org@example.jp")
    people = [await make_user(database, f"p{n}@example.jp") for n in range(4)]
    async with database.session() as db:

        async def thread(person, mode: str, messages: list[tuple[str, datetime]]) -> None:
            row = MessageThread(
                organization_id=organization.id,
                user_id=person.id,
                mode=mode,
                subject="件名",
                created_at=messages[0][1],
                last_message_at=messages[-1][1],
            )
            db.add(row)
            await db.flush()
            for direction, when in messages:
                db.add(
                    Message(
                        thread_id=row.id,
                        organization_id=organization.id,
                        user_id=person.id,
                        direction=direction,
                        category="オファー" if direction == Direction.TO_PERSON else "返信",
                        subject="件名",
                        body="本文",
                        sender_body="本文",
                        created_at=when,
                    )
                )

        to_person, to_org = Direction.TO_PERSON, Direction.TO_ORGANIZATION
        # December 2026 (JST): an offer on 1 Dec 00:00 answered twice (once in January).
        await thread(
            people[0],
            MailMode.OFFER,
            [(to_person, _at(2026, 12, 1)), (to_org, _at(2026, 12, 2)), (to_org, _at(2027, 1, 5))],
        )
        # An offer on 31 Dec 23:59, not answered.
        await thread(people[1], MailMode.OFFER, [(to_person, _at(2026, 12, 31, 23, 59))])
        # A November offer answered in December: its reply is December's, the offer is not.
        await thread(people[2], MailMode.OFFER, [(to_person, _at(2026, 11, 30, 23, 59)), (to_org, _at(2026, 12, 1, 9))])
        # A 連絡メール to an applicant and its reply are not offers.
        await thread(people[3], MailMode.CONTACT, [(to_person, _at(2026, 12, 5)), (to_org, _at(2026, 12, 6))])
    async with database.session(write=False) as db:
        december = await api.count_offers(db, _at(2026, 12, 1), _at(2027, 1, 1))
        november = await api.count_offers(db, _at(2026, 11, 1), _at(2026, 12, 1))
    assert december == {"sent": 2, "replies": 2, "answered": 1}
    assert november == {"sent": 1, "replies": 0, "answered": 1}
