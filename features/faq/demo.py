"""Demo よくある質問: 38 entries across the categories and audiences — published ones with はい /
いいえ counts (a few answers fail: many いいえ) and one 非公開. The demo's two 下書き made from
inquiries (needs_redaction) come from the inquiries demo, which turns two answered cases into FAQ."""

from __future__ import annotations

import random

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.faq import search
from features.faq.demo_entries import ENTRIES
from features.faq.models import EntryStatus, FaqEntry

FAILING = {
    "しばらく操作しないとログアウトされるのはなぜですか。",
    "応募した後、団体から連絡が来ません。",
    "メール相談の回答はどのくらいで届きますか。",
}
HIDDEN = {"セミナーで団体の紹介をすることはできますか。"}


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    if await db.scalar(select(func.count()).select_from(FaqEntry)):
        return  # idempotent: the demo FAQ is there already
    staff = await accounts.user_by_email(db, "admin@example.org")
    staff_id = staff.id if staff is not None else None
    now = clock.now()
    positions: dict[str, int] = {}
    for category, audience, question, answer in ENTRIES:
        position = positions.get(category, 0)
        positions[category] = position + 1
        if question in FAILING:
            helpful, unhelpful = rng.randint(2, 6), rng.randint(9, 18)
        else:
            helpful, unhelpful = rng.randint(5, 60), rng.randint(0, 6)
        status = EntryStatus.HIDDEN if question in HIDDEN else EntryStatus.PUBLISHED
        db.add(
            FaqEntry(
                question=question,
                answer=answer,
                category=category,
                audience=audience,
                position=position,
                status=status,
                search_text=search.search_text_of(question, answer),
                helpful_count=helpful,
                unhelpful_count=unhelpful,
                needs_redaction=False,
                source_inquiry_id=None,
                created_by=staff_id,
                updated_by=staff_id,
                created_at=now,
                updated_at=now,
                published_at=now,
            )
        )
    await db.flush()
