"""STUB of the FAQ slice's public face, only so that the inquiries branch stands on its own until
merge: the integrator replaces this file with the FAQ slice's real api.py (same names)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

STUB = True  # the real api.py has no such name: tests/features/inquiries/test_faq_bridge.py runs once it is gone

CATEGORIES: tuple[str, ...] = ("登録", "ログイン", "求人掲載", "人材閲覧", "応募", "セミナー", "相談", "その他")


@dataclass(frozen=True)
class FaqMatch:
    id: int
    question: str
    category: str
    path: str


async def suggest_entries(db: AsyncSession, text: str, *, limit: int = 5) -> list[FaqMatch]:
    return []


async def create_draft_from_inquiry(
    db: AsyncSession, *, question: str, answer: str, category: str, audience: str, inquiry_id: int, actor_id: int
) -> int:
    raise NotImplementedError("FAQ化 needs the FAQ slice (merged with issue 15)")


__all__ = ["CATEGORIES", "FaqMatch", "create_draft_from_inquiry", "suggest_entries"]
