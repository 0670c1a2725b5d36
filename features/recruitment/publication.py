"""The publication job of 公募: note each 公募 the moment it becomes public (published_at), and tell
everyone who asked お知らせを受け取る on the プレ公募 it came from — once, however often the job runs
and however many workers run it at the same time."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, urls
from app.config import Settings
from app.mail import queue_mails, render_mail
from app.templating import format_datetime_ja
from features.accounts import api as accounts
from features.recruitment import visibility
from features.recruitment.models import Koubo, PreKouboFollower

BATCH = 500


def koubo_public_url(settings: Settings, koubo_id: int) -> str:
    """The absolute URL of a 公募's public page, for mail."""
    return urls.absolute_url(settings, "recruitment:koubo_detail", koubo_id=koubo_id)


async def mark_published(db: AsyncSession, settings: Settings) -> int:
    """Every minute: each 公募 public now and not yet noted gets published_at, and its プレ公募's
    followers not yet told get one mail each. Returns how many 公募 this run noted.

    Exactly once: a 公募 is claimed by an UPDATE that matches only while published_at is NULL (a
    second worker's UPDATE waits for the first one's row lock, then matches nothing), and each
    follower by an UPDATE that matches only while notified_at is NULL — in this transaction, with
    the mails, so the claim and the mails commit or roll back together."""
    now = clock.now()
    rows = await db.execute(
        select(Koubo.id).where(visibility.public_koubo(now), Koubo.published_at.is_(None)).limit(BATCH)
    )
    noted = 0
    for koubo_id in list(rows.scalars()):
        claimed = await db.execute(
            update(Koubo)
            .where(Koubo.id == koubo_id, Koubo.published_at.is_(None))
            .values(published_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            continue  # another run noted it first
        noted += 1
        koubo = await db.get(Koubo, koubo_id, populate_existing=True)
        if koubo.pre_koubo_id is not None:
            await _tell_followers(db, settings, koubo, now)
    return noted


async def _tell_followers(db: AsyncSession, settings: Settings, koubo: Koubo, now) -> None:
    told = await db.execute(
        update(PreKouboFollower)
        .where(PreKouboFollower.pre_koubo_id == koubo.pre_koubo_id, PreKouboFollower.notified_at.is_(None))
        .values(notified_at=now)
        .returning(PreKouboFollower.user_id)
        .execution_options(synchronize_session=False)
    )
    user_ids = set(told.scalars())
    if not user_ids:
        return
    mail = render_mail(
        "recruitment/pre_koubo_published.txt.jinja",
        koubo=koubo,
        deadline=format_datetime_ja(koubo.deadline_at) if koubo.deadline_at else "",
        url=koubo_public_url(settings, koubo.id),
        base_url=settings.app.base_url,
    )
    emails = await accounts.active_emails_of_users(db, user_ids)  # 退会, suspended or 物故: no mail
    recipients = [(emails[user_id], mail.subject, mail.body) for user_id in sorted(emails)]
    if recipients:
        await queue_mails(db, settings, recipients)
