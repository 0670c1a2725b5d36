"""Rows and personas for the FAQ tests."""

from __future__ import annotations

from sqlalchemy import select

from app import clock
from features.accounts.models import Role
from features.faq import search
from features.faq.models import EntryStatus, FaqEntry, FaqVote
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user

OFFICE = "office@example.jp"


async def make_entry(
    database,
    question: str = "ログインコードが届きません。",
    answer: str = "迷惑メールフォルダをご確認ください。",
    *,
    category: str = "ログイン",
    audience: str = "both",
    status: str = EntryStatus.PUBLISHED,
    position: int = 0,
    helpful: int = 0,
    unhelpful: int = 0,
    needs_redaction: bool = False,
) -> int:
    now = clock.now()
    async with database.session() as db:
        entry = FaqEntry(
            question=question,
            answer=answer,
            category=category,
            audience=audience,
            status=status,
            position=position,
            search_text=search.search_text_of(question, answer),
            helpful_count=helpful,
            unhelpful_count=unhelpful,
            needs_redaction=needs_redaction,
            created_at=now,
            updated_at=now,
        )
        db.add(entry)
        await db.flush()
        return entry.id


async def entry(database, entry_id: int) -> FaqEntry:
    async with database.session(write=False) as db:
        return await db.get(FaqEntry, entry_id)


async def vote_rows(database) -> list[FaqVote]:
    async with database.session(write=False) as db:
        return list((await db.scalars(select(FaqVote).order_by(FaqVote.id))).all())


async def as_office(client, database, email: str = OFFICE) -> int:
    user = await make_user(database, email, Role.SECRETARIAT)
    await log_in(client, database, email)
    return user.id


async def post(client, path: str, data: dict | None = None, **headers):
    if not client.cookies.get("partner_csrf"):
        await client.get("/healthz")
    return await client.post(path, data=data or {}, headers={**csrf_headers(client), **headers}, follow_redirects=False)
