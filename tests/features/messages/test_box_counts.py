"""メールボックス: the box's total and the unread count come from one statement, and are right for
both sides and both boxes (counted by hand; another organization's messages never counted)."""

from __future__ import annotations

from app import clock
from features.accounts.models import Role
from features.messages import service
from features.messages.models import Direction, MailMode, Message, MessageThread
from tests.features.accounts.helpers import make_user
from tests.features.postings.helpers import organization_for
from tests.sql_seen import statements as seen_statements


def statements():
    return seen_statements(lambda statement: statement.lstrip().upper().startswith("SELECT"))


async def test_box_totals_and_unread_for_each_side(database):
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    await make_user(database, "rival@example.jp", Role.ORGANIZATION)
    ours = await organization_for(database, "org@example.jp")
    rival = await organization_for(database, "rival@example.jp")
    person = await make_user(database, "p@example.jp")
    now = clock.now()
    async with database.session() as db:
        for organization, mails in (
            (ours, [("in", True), ("in", False), ("in", False), ("out", None)]),
            (rival, [("in", False)]),
        ):
            thread = MessageThread(
                organization_id=organization.id,
                user_id=person.id,
                mode=MailMode.OFFER,
                subject="件名",
                created_at=now,
                last_message_at=now,
            )
            db.add(thread)
            await db.flush()
            for way, read in mails:
                db.add(
                    Message(
                        thread_id=thread.id,
                        organization_id=organization.id,
                        user_id=person.id,
                        direction=Direction.TO_ORGANIZATION if way == "in" else Direction.TO_PERSON,
                        category="返信" if way == "in" else "オファー",
                        subject="件名",
                        body="本文",
                        sender_body="本文",
                        created_at=now,
                        read_at=now if read else None,
                    )
                )
    organization_party = service.Party(organization_id=ours.id)
    person_party = service.Party(user_id=person.id)
    async with database.session(write=False) as db:
        with statements() as seen:
            inbox, unread = await service.box_and_unread(db, organization_party, sent=False, page=1)
        assert (inbox.total, len(inbox.items), unread) == (3, 3, 2)
        assert len(seen) == 2  # the counts, then the page
        sent, unread = await service.box_and_unread(db, organization_party, sent=True, page=1)
        assert (sent.total, unread) == (1, 2)
        assert unread == await service.unread_count(db, organization_party)
        # The person: one offer from us (unread), four replies sent to two organizations.
        inbox, unread = await service.box_and_unread(db, person_party, sent=False, page=1)
        assert (inbox.total, unread) == (1, 1)
        sent, _ = await service.box_and_unread(db, person_party, sent=True, page=1)
        assert sent.total == 4
