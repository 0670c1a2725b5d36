"""「この回答は役に立ちましたか」: one vote per browser, per entry, per Japan calendar day, no login.

A browser is known by a random voter cookie (app/browser_voter.py); the database keeps only an
HMAC of it with the app's secret, in a ledger row unique on (entry, voter, day). The vote
is an INSERT … ON CONFLICT DO NOTHING: a second vote the same day inserts nothing and changes no
count, even when two arrive at once. Ledger rows older than a few days are pruned by a daily job;
the totals live on the entry."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.browser_voter import BrowserVoter
from app.config import Settings
from features.faq.models import FaqEntry, FaqVote

COOKIE = "partner_faq_voter"
VOTER = BrowserVoter(COOKIE, "faq-voter")
KEEP_DAYS = 7


async def voted_today(db: AsyncSession, voter: str | None, entry_ids: list[int]) -> set[int]:
    """Which of these entries this browser has already answered today."""
    if not voter or not entry_ids:
        return set()
    rows = await db.scalars(
        select(FaqVote.entry_id).where(
            FaqVote.voter == voter, FaqVote.day == clock.today_jst(), FaqVote.entry_id.in_(entry_ids)
        )
    )
    return set(rows.all())


async def record_vote(db: AsyncSession, entry: FaqEntry, voter: str, helpful: bool) -> bool:
    """Count the vote; False (nothing counted) when this browser already answered today."""
    dialect = db.bind.dialect.name if db.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(FaqVote.__table__)
        .values(entry_id=entry.id, voter=voter, day=clock.today_jst(), helpful=helpful, created_at=clock.now())
        .on_conflict_do_nothing(index_elements=["entry_id", "voter", "day"])
    )
    if (await db.execute(statement)).rowcount != 1:
        return False
    counter = FaqEntry.helpful_count if helpful else FaqEntry.unhelpful_count
    await db.execute(
        update(FaqEntry)
        .where(FaqEntry.id == entry.id)
        .values({counter.key: counter + 1})
        .execution_options(synchronize_session=False)
    )
    await db.refresh(entry)
    return True


async def prune_votes(db: AsyncSession, settings: Settings) -> int:
    """The daily job: drop ledger rows no longer needed to refuse a second vote."""
    before = clock.today_jst() - timedelta(days=KEEP_DAYS)
    result = await db.execute(delete(FaqVote).where(FaqVote.day < before))
    return result.rowcount or 0
