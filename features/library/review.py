"""The yearly review (000 §8.5.1): a scheduled job lists the items whose 最終確認日 is older than
[library] review_months (or that were never confirmed) and mails the list to the secretariat's
address once per run. The Message-ID is keyed by the day, so a retried or repeated run on the
same day sends nothing more."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.mail import keyed_message_id, mail_queued, queue_template_mail
from app.urls import absolute_url
from features.library.models import AUDIENCE_LABELS, CATEGORY_LABELS, LibraryItem
from features.library.service import due_condition

MAX_LISTED = 200  # the mail lists this many; the staff page's 要確認 filter shows them all


async def due_items(db: AsyncSession, settings: Settings) -> list[LibraryItem]:
    rows = await db.scalars(
        select(LibraryItem)
        .where(due_condition(clock.today_jst(), settings.library.review_months))
        .order_by(LibraryItem.last_confirmed_on.is_not(None), LibraryItem.last_confirmed_on, LibraryItem.id)
    )
    return list(rows)


async def mail_review_list(db: AsyncSession, settings: Settings) -> int:
    """The ScheduledJob: returns how many items are due (0: nothing mailed)."""
    today = clock.today_jst()
    items = await due_items(db, settings)
    address = settings.mail.secretariat_address
    key = keyed_message_id(settings, f"library-review.{today.isoformat()}")
    if not items or not address or await mail_queued(db, key):
        return len(items)
    await queue_template_mail(
        db,
        settings,
        to=address,
        template="library/review_due.txt.jinja",
        message_id=key,
        today=today,
        months=settings.library.review_months,
        total=len(items),
        items=[
            {
                "title": item.title,
                "category": CATEGORY_LABELS.get(item.category, item.category),
                "audience": AUDIENCE_LABELS.get(item.audience, item.audience),
                "confirmed": item.last_confirmed_on,
                "url": absolute_url(settings, "library:admin_item", item_id=item.id),
            }
            for item in items[:MAX_LISTED]
        ],
        list_url=absolute_url(settings, "library:admin_list", {"due": "1"}),
    )
    return len(items)
