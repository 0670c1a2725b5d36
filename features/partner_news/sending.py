"""Friday's job: an approved issue goes to the mailings engine (which batches, excludes, adds the
unsubscribe headers, can pause); an issue nobody approved by its sending time is skipped —
nothing sent — and the secretariat is told, once. Also the mail's text (the preview shows it)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.mail import keyed_message_id, mail_queued, queue_template_mail, render_mail
from app.urls import absolute_url, path_for
from features.mail_preferences.api import Category
from features.mailings import api as mailings
from features.partner_news import service
from features.partner_news.models import IssueStatus, NewsIssue

# A title is never read as a merge field: its braces (half- or full-width) become 〔 〕.
_BRACES = str.maketrans({"{": "〔", "}": "〕", "｛": "〔", "｝": "〕"})


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def due_text(issue: NewsIssue) -> str:
    due = clock.to_jst(_aware(issue.send_due_at))
    return f"{due.year}年{due.month}月{due.day}日 {due:%H:%M}"


def subject_of(issue: NewsIssue) -> str:
    sent_on = clock.to_jst(_aware(issue.send_due_at)).date()
    number = f"第{issue.number}号" if issue.number else "見送りの号"  # a skipped issue gave its number back
    return f"PARTNERニュース {number}（{sent_on.year}年{sent_on.month}月{sent_on.day}日）"


async def compose(db: AsyncSession, settings: Settings, issue: NewsIssue) -> tuple[str, str]:
    """(件名, 本文) as the mailings engine gets them: the lead (its merge fields filled per
    recipient by the engine), then each section's items with absolute links."""
    base = settings.app.base_url.rstrip("/")
    sections = [
        {
            "title": section.title,
            "items": [
                {
                    "title": item.title.translate(_BRACES),
                    "organization": item.organization.translate(_BRACES),
                    "url": base + item.path,
                }
                for item in section.items
            ],
        }
        for section in await service.sections_of(db, issue.id)
    ]
    rendered = render_mail(
        "partner_news/issue.txt.jinja",
        subject=subject_of(issue),
        lead=issue.lead,
        sections=sections,
        archive_url=base + path_for("partner_news:issue", number=issue.number or 0),
    )
    return rendered.subject, rendered.body


async def _send(db: AsyncSession, settings: Settings, issue: NewsIssue, now: datetime) -> bool:
    if not await service.move(db, issue, "send", sent_at=now, updated_at=now):
        return False  # sent by another run, or 承認取消 meanwhile
    subject, body = await compose(db, settings, issue)
    mailing_id = await mailings.create_approved_mailing(
        db,
        settings,
        category=Category.NEWS.value,
        subject=subject,
        body=body,
        audience=service.AUDIENCE,
        send_at=now,
        created_by=issue.edited_by or issue.approved_by,
        approved_by=issue.approved_by,
        origin=f"partner_news:{issue.id}",
    )
    await db.execute(update(NewsIssue).where(NewsIssue.id == issue.id).values(mailing_id=mailing_id))
    return True


async def _skip(db: AsyncSession, settings: Settings, issue: NewsIssue, now: datetime) -> bool:
    number = issue.number
    if not await service.move(db, issue, "skip", number=None, skipped_at=now, updated_at=now):
        return False  # approved at the last moment (the next run sends it), or settled by another run
    key = keyed_message_id(settings, f"partner-news-skipped.{issue.id}")
    if settings.mail.secretariat_address and not await mail_queued(db, key):
        await queue_template_mail(
            db,
            settings,
            to=settings.mail.secretariat_address,
            template="partner_news/skipped.txt.jinja",
            message_id=key,
            number=number,
            week=f"{issue.week_of.month}月{issue.week_of.day}日",
            due=due_text(issue),
            url=absolute_url(settings, "partner_news:admin_list"),
        )
    return True


async def send_due_issues(db: AsyncSession, settings: Settings) -> int:
    """Every issue whose sending time has come: approved → to the mailings engine (send_at now);
    still a 下書き → 見送り and one mail to the secretariat. Returns the number of issues settled."""
    now = clock.now()
    due = (
        await db.scalars(
            select(NewsIssue)
            .where(NewsIssue.status.in_((IssueStatus.DRAFT, IssueStatus.APPROVED)), NewsIssue.send_due_at <= now)
            .order_by(NewsIssue.send_due_at, NewsIssue.id)
        )
    ).all()
    settled = 0
    for issue in due:
        if issue.status == IssueStatus.APPROVED:
            settled += await _send(db, settings, issue, now)
        else:
            settled += await _skip(db, settings, issue, now)
    return settled
