"""Replies of inquirers by mail: the bounce MX (features/bounces/receiver.py) hands a message to
inquiry+<case>.<mac>@<bounce domain> to the hook "inbound_reply". A signed address of an existing
case adds the message to its timeline and reopens it; anything else is counted and dropped."""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import parseaddr

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.mail_addresses import parse_signed_address
from features.inquiries import service
from features.inquiries.models import InboundRejection
from features.inquiries.states import Actor, TransitionRefused

log = logging.getLogger("partner.inquiries")


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, UnicodeError):
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text[: service.TEXT_MAX]


async def inbound_reply(db: AsyncSession, settings: Settings, local_part: str, message: EmailMessage) -> bool:
    """True when the message was added to its case; False when the address is forged or names no
    case (counted) or the message is an automatic answer (ignored)."""
    case_id = parse_signed_address(settings, service.REPLY_TAG, local_part)
    case = await service.locked_case(db, case_id) if case_id is not None else None
    if case is None:
        reason = "forged" if case_id is None else "unknown"
        db.add(InboundRejection(recipient=local_part[:320], reason=reason, received_at=clock.now()))
        await db.flush()
        log.warning("inbound reply refused (%s)", reason)
        return False
    if message.get("Auto-Submitted", "no").strip().lower() != "no":
        return False  # an out-of-office answer must not reopen the case
    text = _text_of(message)
    sender = parseaddr(str(message.get("From", "")))[1]
    if not text:
        text = "（本文のないメールを受信しました）"
    if sender and sender.lower() != case.email.lower():
        text = f"差出人：{sender}\n\n{text}"
    try:
        await service.add_received(db, case, text, actor=Actor.INQUIRER, actor_name="問い合わせ者")
    except TransitionRefused:
        return False
    return True
