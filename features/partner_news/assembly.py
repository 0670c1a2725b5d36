"""Thursday's job: this week's draft issue (第N号) from what appeared since the previous issue's
cut-off, gathered through the public functions of the slices below (and the hook
"partner_news_sections" of those above). Idempotent: one issue per week, whatever runs twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, slices
from app.config import Settings
from app.mail import keyed_message_id, mail_queued, queue_template_mail
from app.urls import absolute_url
from features.content import api as content
from features.partner_news import sending
from features.partner_news.api import NewsSection
from features.partner_news.models import IssueStatus, NewsIssue, NewsIssueItem, NewsIssueSection
from features.partner_news.schedule import latest_occurrence, next_occurrence
from features.postings import api as postings
from features.recruitment import api as recruitment
from features.seminars import api as seminars

FIRST_WINDOW = timedelta(days=7)  # the very first issue looks back one week


async def collect_sections(db: AsyncSession, since: datetime | None, until: datetime) -> list[NewsSection]:
    """Every section's new items in [since, until), in their default order (empty ones too)."""
    events = [
        *await postings.new_postings(db, postings.PostingKind.EVENT, since, until),
        *await seminars.new_seminars(db, since, until),
    ]
    sections = [
        NewsSection("jobs", "求人情報", 10, tuple(await postings.new_postings(db, postings.JOB, since, until))),
        NewsSection("events", "研修・イベント・セミナー", 20, tuple(sorted(events, key=lambda i: i.published_at))),
        NewsSection("koubo", "公募", 30, tuple(await recruitment.new_koubo(db, since, until))),
        NewsSection(
            "org_notices",
            "団体からのお知らせ",
            40,
            tuple(await postings.new_postings(db, postings.PostingKind.NOTICE, since, until)),
        ),
        NewsSection("content", "PARTNERコラム・特集", 45, tuple(await content.published_between(db, since, until))),
        *await slices.ask_all("partner_news_sections", db, since, until),
    ]
    return sorted(sections, key=lambda s: (s.order, s.key))


async def _previous(db: AsyncSession, cutoff: datetime) -> NewsIssue | None:
    """The last issue before this cut-off that was not skipped: a skipped week's news rolls over."""
    return await db.scalar(
        select(NewsIssue)
        .where(NewsIssue.status != IssueStatus.SKIPPED, NewsIssue.cutoff_at < cutoff)
        .order_by(NewsIssue.cutoff_at.desc())
        .limit(1)
    )


async def _already_listed(db: AsyncSession) -> set[str]:
    rows = await db.scalars(
        select(NewsIssueItem.source)
        .join(NewsIssue, NewsIssue.id == NewsIssueItem.issue_id)
        .where(NewsIssue.status != IssueStatus.SKIPPED)
    )
    return set(rows)


async def next_number(db: AsyncSession) -> int:
    return (await db.scalar(select(func.max(NewsIssue.number)))) or 0


async def assemble_issue(db: AsyncSession, settings: Settings, cutoff: datetime) -> NewsIssue | None:
    """The issue of the week whose assembly moment is `cutoff`, made once (None when it exists)."""
    config = settings.partner_news
    week_of = clock.to_jst(cutoff).date()
    if await db.scalar(select(NewsIssue.id).where(NewsIssue.week_of == week_of)) is not None:
        return None
    previous = await _previous(db, cutoff)
    if previous is not None:
        since = previous.cutoff_at
    else:  # only skipped issues so far (their news rolls over), or none at all
        since = await db.scalar(select(func.min(NewsIssue.window_from))) or cutoff - FIRST_WINDOW
    now = clock.now()
    issue = NewsIssue(
        number=await next_number(db) + 1,
        week_of=week_of,
        window_from=since,
        cutoff_at=cutoff,
        send_due_at=next_occurrence(cutoff, config.send_weekday, config.send_time),
        created_at=now,
        updated_at=now,
    )
    db.add(issue)
    await db.flush()
    seen = await _already_listed(db)
    position = 0
    for section in await collect_sections(db, since, cutoff):
        fresh = [item for item in section.items if item.source not in seen]
        if not fresh:
            continue
        db.add(NewsIssueSection(issue_id=issue.id, key=section.key, title=section.title, position=position))
        position += 1
        for index, item in enumerate(fresh):
            seen.add(item.source)
            db.add(
                NewsIssueItem(
                    issue_id=issue.id,
                    section_key=section.key,
                    position=index,
                    title=item.title[:300],
                    organization=item.organization[:200],
                    path=item.path,
                    published_at=item.published_at,
                    source=item.source,
                )
            )
    await db.flush()
    return issue


async def assemble_weekly_issue(db: AsyncSession, settings: Settings) -> int:
    """The Thursday job (also safe at any other time): settle what is due, then make this week's
    draft if its assembly moment has come and it does not exist yet; tell the secretariat once."""
    config = settings.partner_news
    await sending.send_due_issues(db, settings)  # a missed Friday is settled before numbering on
    cutoff = latest_occurrence(clock.now(), config.assemble_weekday, config.assemble_time)
    issue = await assemble_issue(db, settings, cutoff)
    if issue is None:
        return 0
    key = keyed_message_id(settings, f"partner-news-draft.{issue.id}")
    if settings.mail.secretariat_address and not await mail_queued(db, key):
        await queue_template_mail(
            db,
            settings,
            to=settings.mail.secretariat_address,
            template="partner_news/draft_ready.txt.jinja",
            message_id=key,
            number=issue.number,
            due=sending.due_text(issue),
            url=absolute_url(settings, "partner_news:admin_issue", issue_id=issue.id),
        )
    return 1
