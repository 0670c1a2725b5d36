"""The mailings slice's public face: all that other slices may use of it.

PARTNERニュース creates its weekly mailing already approved (`create_approved_mailing`) and reads
its figures; the secretariat's templates are offered to compose a news lead (`list_templates`),
with the same merge-field check (`merge_field_errors`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from features.mailings import engine, library, merge, service
from features.mailings.counters import count_mailings  # the reports
from features.mailings.engine import MailingFigures


async def create_approved_mailing(
    db: AsyncSession,
    settings: Settings,
    *,
    category: str,  # a mail_preferences Category value ("news" for PARTNERニュース)
    subject: str,
    body: str,  # may use the merge fields: for "news_subscribers" only {氏名} (個人: 氏名, 団体: 担当者)
    audience: str,  # "news_subscribers": every active organization and individual (preferences decide)
    send_at: datetime,
    created_by: int,
    approved_by: int,
    origin: str,  # e.g. "partner_news:12": shown in the archive (the outbox campaign is "mailing:<id>")
) -> int:
    """A mailing already approved elsewhere (PARTNERニュース): 配信予約 at send_at, sent by the same
    engine (audience resolved at send time, preferences and 不達 excluded, batches, pause/resume).
    Raises ValueError (Japanese message) for an unknown or malformed merge field."""
    return await service.create_approved_mailing(
        db,
        settings,
        category=category,
        subject=subject,
        body=body,
        audience=audience,
        send_at=send_at,
        created_by=created_by,
        approved_by=approved_by,
        origin=origin,
    )


async def mailing_figures(db: AsyncSession, mailing_id: int) -> MailingFigures:
    return (await engine.figures(db, [mailing_id]))[mailing_id]


async def mailings_figures(db: AsyncSession, mailing_ids: list[int]) -> dict[int, MailingFigures]:
    """The figures of many mailings in one statement (a list page)."""
    return await engine.figures(db, mailing_ids)


@dataclass(frozen=True)
class TemplateChoice:
    id: int
    name: str
    category: str  # a mail_preferences Category value
    subject: str
    body: str


async def list_templates(db: AsyncSession, category: str | None = None) -> list[TemplateChoice]:
    """The secretariat's mail templates (current versions), for composing a mailing or a news lead."""
    return [
        TemplateChoice(t.id, t.name, t.category, t.subject, t.body) for t in await library.all_templates(db, category)
    ]


def merge_field_errors(text: str, audience: str | None = None) -> list[str]:
    """Japanese error messages for unknown or malformed merge fields ({氏名} {登録コード} {団体名});
    with `audience` ("individuals", "organizations", "news_subscribers") also the fields that make
    no sense for it."""
    return merge.errors(text, audience)


__all__ = [
    "MailingFigures",
    "TemplateChoice",
    "count_mailings",
    "create_approved_mailing",
    "list_templates",
    "mailing_figures",
    "mailings_figures",
    "merge_field_errors",
]
