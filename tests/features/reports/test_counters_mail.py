"""The mail counters for the reports, on both engines, against hand-counted rows: bulk mail sent
and bounced (bounces), 配信停止 from a mail's link or mailto (mail_preferences — counted once per
switch, by Japan-time day) and mailings started with their recipients (mailings). Weeks end on
Sunday 23:59:59 JST; fiscal quarters run April–June."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.clock import JST
from app.mail import MailStatus, OutboxMail
from features.accounts.models import Role
from features.bounces import api as bounces
from features.bounces.models import BounceEvent, BounceKind
from features.mail_preferences import api as mail_preferences
from features.mail_preferences import service as preferences
from features.mail_preferences.models import Category
from features.mail_preferences.tokens import make_token
from features.mailings import api as mailings
from features.mailings.models import Mailing, MailingRecipient, MailingStatus, RecipientStatus
from features.reports.periods import Period, PeriodKind
from tests.features.accounts.helpers import make_user

WEEK = Period.containing(PeriodKind.WEEK, date(2026, 11, 23))  # Mon 23 – Sun 29 November 2026
NEXT_WEEK = WEEK.shifted(1)


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=JST).astimezone(UTC)


async def test_bulk_mail_sent_and_bounced(database):
    async with database.session() as db:
        rows = []
        for n, (created, campaign, status) in enumerate(
            (
                (_at(2026, 11, 23), "mailing:1", MailStatus.SENT),  # Monday 00:00: the week's first moment
                (_at(2026, 11, 29, 23, 59, 59), "mailing:1", MailStatus.SENT),  # Sunday's last second
                (_at(2026, 11, 25, 9), "news:3", MailStatus.SENT),
                (_at(2026, 11, 25, 9), "alert:daily", MailStatus.SENT),
                (_at(2026, 11, 25, 9), None, MailStatus.SENT),  # transactional: not bulk
                (_at(2026, 11, 25, 9), "mailing:1", MailStatus.PENDING),  # not sent (yet)
                (_at(2026, 11, 30), "mailing:2", MailStatus.SENT),  # Monday 00:00: the next week
            )
        ):
            row = OutboxMail(
                to_address=f"r{n}@example.jp",
                subject="件名",
                body="本文",
                message_id=f"<m{n}@example.jp>",
                status=status,
                created_at=created,
                campaign=campaign,
            )
            db.add(row)
            rows.append(row)
        await db.flush()
        received = _at(2026, 12, 2)  # a bounce counts with its mail, whenever it comes
        for outbox, kind in (
            (rows[0], BounceKind.HARD),
            (rows[0], BounceKind.SOFT),  # the same mail twice: one bounced mail
            (rows[2], BounceKind.SOFT),
            (rows[3], BounceKind.FORGED),  # not ours: ignored
            (rows[4], BounceKind.HARD),  # transactional
            (rows[6], BounceKind.HARD),  # next week's
        ):
            db.add(BounceEvent(outbox_id=outbox.id, address=outbox.to_address, kind=kind, received_at=received))
    async with database.session(write=False) as db:
        week = await bounces.count_bulk_bounces(db, WEEK.start, WEEK.end)
        following = await bounces.count_bulk_bounces(db, NEXT_WEEK.start, NEXT_WEEK.end)
    assert week == {"sent": 4, "bounced": 2, "hard": 1}
    assert following == {"sent": 1, "bounced": 1, "hard": 1}


async def test_unsubscribes_from_a_mail_are_counted_once_by_japan_day(database, settings, frozen_clock):
    people = [await make_user(database, f"p{n}@example.jp", Role.INDIVIDUAL, password_hash="x") for n in range(4)]

    async def click(moment: datetime, user_id: int, category: Category) -> None:
        frozen_clock.current = moment
        async with database.session() as db:
            assert await preferences.unsubscribe(db, settings, make_token(settings, user_id, category)) == category

    await click(_at(2026, 11, 29, 23, 59, 59), people[0].id, Category.GUIDE)  # Sunday: this week
    await click(_at(2026, 11, 29, 23, 59, 59), people[0].id, Category.GUIDE)  # the same click again: once
    await click(_at(2026, 11, 23), people[1].id, Category.NEWS)
    frozen_clock.current = _at(2026, 11, 24)
    async with database.session() as db:  # by the List-Unsubscribe mailto
        token = make_token(settings, people[2].id, Category.ALERTS)
        assert await preferences.unsubscribe_by_mail(db, settings, f"unsubscribe+{token}@bounce.example.jp")
        await mail_preferences.set_preference(db, people[3].id, Category.GUIDE, False)  # the mypage: not a 配信停止
    await click(_at(2026, 11, 25), people[3].id, Category.GUIDE)  # already off: nothing changes
    await click(_at(2026, 11, 30), people[1].id, Category.GUIDE)  # Monday 00:00: next week

    async with database.session(write=False) as db:
        week = await mail_preferences.count_unsubscribes(db, WEEK.start, WEEK.end)
        following = await mail_preferences.count_unsubscribes(db, NEXT_WEEK.start, NEXT_WEEK.end)
        quarter = Period.containing(PeriodKind.QUARTER, date(2026, 11, 1))  # October–December
        whole = await mail_preferences.count_unsubscribes(db, quarter.start, quarter.end)
    assert week == {"guide": 1, "news": 1, "alerts": 1}
    assert following == {"guide": 1, "news": 0, "alerts": 0}
    assert whole == {"guide": 2, "news": 1, "alerts": 1}


async def test_mailings_started_and_their_recipients(database):
    staff = await make_user(database, "office@example.jp", Role.SECRETARIAT, password_hash="x")
    async with database.session() as db:
        for n, (started, category, status, outcomes) in enumerate(
            (
                (_at(2026, 11, 29, 23, 59, 59), "guide", MailingStatus.DONE, ["queued"] * 3 + ["suppressed"]),
                (_at(2026, 11, 23), "news", MailingStatus.SENDING, ["queued", "pending"]),
                (_at(2026, 11, 24), "guide", MailingStatus.CANCELLED, ["queued"]),  # 中止: left out
                (_at(2026, 11, 30), "guide", MailingStatus.DONE, ["queued"]),  # next week
                (None, "guide", MailingStatus.DRAFT, []),
            )
        ):
            mailing = Mailing(
                subject=f"配信{n}",
                body="本文",
                category=category,
                audience_kind="individuals",
                status=status,
                created_by=staff.id,
                started_at=started,
                created_at=_at(2026, 11, 1),
                updated_at=_at(2026, 11, 1),
            )
            db.add(mailing)
            await db.flush()
            for k, outcome in enumerate(outcomes):
                db.add(
                    MailingRecipient(
                        mailing_id=mailing.id,
                        email=f"m{n}-{k}@example.jp",
                        status=RecipientStatus(outcome),
                        reason="opted_out" if outcome == "suppressed" else "",
                    )
                )
    async with database.session(write=False) as db:
        week = await mailings.count_mailings(db, WEEK.start, WEEK.end)
        following = await mailings.count_mailings(db, NEXT_WEEK.start, NEXT_WEEK.end)
    assert week == {"mailings": {"guide": 1, "news": 1}, "queued": 4, "suppressed": 1}
    assert following == {"mailings": {"guide": 1}, "queued": 1, "suppressed": 0}
