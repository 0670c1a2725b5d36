"""Inquiries: each one a case of the secretariat's desk (features/inquiries), a receipt to the
sender and a notice to the office; FAQ entries suggested while the person types."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, ratelimit
from app.config import Settings
from app.forms import normalize_email
from app.mail import queue_template_mail
from features.accounts import api as accounts
from features.faq import api as faq
from features.inquiries import api as inquiries

# Per client address and per receipt address: enough for a person, too few for a spam run.
INQUIRIES_PER_HOUR = 5
SUGGEST_MIN_CHARS = 2  # shorter text suggests nothing
SUGGEST_MAX_CHARS = 200  # only the start of a long question is searched
SUGGESTIONS = 5


@dataclass(frozen=True)
class Submitted:
    id: int  # 受付番号: the desk's case
    name: str
    email: str
    category: str
    body: str


async def may_submit(db: AsyncSession, client: str, email: str) -> ratelimit.RateDecision:
    """Both limits count every attempt; the receipt limit keeps anyone from flooding one mailbox."""
    by_client = await ratelimit.hit(db, f"inquiry:{client}", limit=INQUIRIES_PER_HOUR, window_seconds=3600)
    by_address = await ratelimit.hit(
        db, f"inquiry-to:{normalize_email(email)}", limit=INQUIRIES_PER_HOUR, window_seconds=3600
    )
    return by_client if not by_client.allowed else by_address


async def sender_of(db: AsyncSession, session: dict) -> tuple[int | None, dict]:
    """A logged-in 個人 or 団体: (their account id, the form's prefilled name and address)."""
    uid, role = session.get("uid"), session.get("role")
    if not uid or role not in (accounts.Role.INDIVIDUAL, accounts.Role.ORGANIZATION):
        return None, {}
    glance = await accounts.registration_glance(db, uid)
    if glance is None:
        return None, {}
    name = glance.display_name
    if glance.organization_name:
        name = f"{glance.organization_name} {glance.display_name}"
    return uid, {"name": name[:100], "email": glance.email}


async def submit_inquiry(db: AsyncSession, settings: Settings, values: dict, user_id: int | None = None) -> Submitted:
    case_id = await inquiries.open_case(
        db,
        name=values["name"],
        email=values["email"],
        category=values["category"],
        body=values["body"],
        user_id=user_id,
    )
    inquiry = Submitted(case_id, values["name"], values["email"], values["category"], values["body"])
    context = {"inquiry": inquiry, "base_url": settings.app.base_url, "received_at": clock.to_jst(clock.now())}
    # The receipt goes to whatever address was typed in: it must carry none of the sender's text
    # (name or message), or the form would relay anyone's words to anyone. The office gets it all.
    await queue_template_mail(db, settings, to=inquiry.email, template="contact/received.txt.jinja", **context)
    await queue_template_mail(
        db, settings, to=settings.mail.secretariat_address, template="contact/notify_office.txt.jinja", **context
    )
    return inquiry


async def faq_suggestions(db: AsyncSession, text: str) -> list[faq.FaqMatch]:
    text = " ".join(text.split())[:SUGGEST_MAX_CHARS]
    if len(text) < SUGGEST_MIN_CHARS:
        return []
    return await faq.suggest_entries(db, text, limit=SUGGESTIONS)
