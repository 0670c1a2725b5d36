"""Inquiries: stored for the secretariat, a receipt to the sender and a notice to the office."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, ratelimit
from app.config import Settings
from app.forms import normalize_email
from app.mail import queue_template_mail
from features.contact.models import Inquiry

# Per client address and per receipt address: enough for a person, too few for a spam run.
INQUIRIES_PER_HOUR = 5


async def may_submit(db: AsyncSession, client: str, email: str) -> ratelimit.RateDecision:
    """Both limits count every attempt; the receipt limit keeps anyone from flooding one mailbox."""
    by_client = await ratelimit.hit(db, f"inquiry:{client}", limit=INQUIRIES_PER_HOUR, window_seconds=3600)
    by_address = await ratelimit.hit(
        db, f"inquiry-to:{normalize_email(email)}", limit=INQUIRIES_PER_HOUR, window_seconds=3600
    )
    return by_client if not by_client.allowed else by_address


async def submit_inquiry(db: AsyncSession, settings: Settings, values: dict) -> Inquiry:
    inquiry = Inquiry(
        name=values["name"],
        email=values["email"],
        category=values["category"],
        body=values["body"],
        created_at=clock.now(),
    )
    db.add(inquiry)
    await db.flush()
    context = {"inquiry": inquiry, "base_url": settings.app.base_url, "received_at": clock.to_jst(inquiry.created_at)}
    # The receipt goes to whatever address was typed in: it must carry none of the sender's text
    # (name or message), or the form would relay anyone's words to anyone. The office gets it all.
    await queue_template_mail(db, settings, to=inquiry.email, template="contact/received.txt.jinja", **context)
    await queue_template_mail(
        db, settings, to=settings.mail.secretariat_address, template="contact/notify_office.txt.jinja", **context
    )
    return inquiry
