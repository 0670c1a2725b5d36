"""The mailings slice's public face: all that other slices may use of it.

PLACEHOLDER until the mailings branch lands (it replaces this file)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings


@dataclass(frozen=True)
class MailingFigures:
    recipients: int
    queued: int
    sent: int
    failed: int
    suppressed: int  # excluded at send time: preference, 不達 suppression, 物故, withdrawn


async def create_approved_mailing(
    db: AsyncSession,
    settings: Settings,
    *,
    category: str,  # a mail_preferences Category value ("news" for PARTNERニュース)
    subject: str,
    body: str,  # may use the merge fields {氏名} {登録コード} {団体名}
    audience: str,  # "news_subscribers": every active organization and individual (preferences decide)
    send_at: datetime,
    created_by: int,
    approved_by: int,
    origin: str,  # e.g. "partner_news:12": shown in the archive, used as the outbox campaign prefix
) -> int:
    """A mailing already approved elsewhere (PARTNERニュース): it sends at send_at through the same engine."""
    raise NotImplementedError("the mailings branch has not landed yet")


async def mailing_figures(db: AsyncSession, mailing_id: int) -> MailingFigures:
    raise NotImplementedError("the mailings branch has not landed yet")


@dataclass(frozen=True)
class TemplateChoice:
    id: int
    name: str
    category: str  # a mail_preferences Category value
    subject: str
    body: str


async def list_templates(db: AsyncSession, category: str | None = None) -> list[TemplateChoice]:
    """The secretariat's mail templates (current versions), for composing a mailing or a news lead."""
    return []


def merge_field_errors(text: str) -> list[str]:
    """Japanese error messages for unknown or malformed merge fields ({氏名} {登録コード} {団体名})."""
    return []


__all__ = [
    "MailingFigures",
    "TemplateChoice",
    "create_approved_mailing",
    "list_templates",
    "mailing_figures",
    "merge_field_errors",
]
