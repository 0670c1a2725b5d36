"""The faq slice's public face: all that other slices may use of it (the inquiry desk's FAQ化 and
the contact form's suggestions, the reports' counters). Plain values and frozen dataclasses only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import urls
from features.faq import forms, search, service
from features.faq.models import EntryStatus, FaqEntry

CATEGORIES: tuple[str, ...] = service.CATEGORIES  # 登録, ログイン, 求人掲載, 人材閲覧, 応募, セミナー, 相談, その他
AUDIENCES: tuple[str, ...] = ("individual", "organization", "both")  # 個人向け / 団体向け / 共通


@dataclass(frozen=True)
class FaqMatch:
    id: int
    question: str
    category: str
    path: str  # the public page's site path


async def suggest_entries(db: AsyncSession, text: str, *, limit: int = 5) -> list[FaqMatch]:
    """Published entries that best match the words of a free text (a contact form being typed,
    an inquiry on the desk): ranked by how many of its words they contain, then by their はい
    votes. An empty text, or one whose words match nothing, gives []."""
    terms = search.terms_of(text)
    if not terms or limit <= 0:
        return []
    rows = (
        await db.execute(
            select(FaqEntry.id, FaqEntry.question, FaqEntry.category, FaqEntry.search_text, FaqEntry.helpful_count)
            .where(FaqEntry.status == EntryStatus.PUBLISHED, service.any_of_terms(terms))
            .limit(500)
        )
    ).all()
    scored = []
    for entry_id, question, category, text_of_entry, helpful in rows:
        score = sum(1 for term in terms if term in text_of_entry)
        if score:
            scored.append((-score, -helpful, entry_id, question, category))
    scored.sort()
    return [
        FaqMatch(id=entry_id, question=question, category=category, path=urls.path_for("faq:show", entry_id=entry_id))
        for _, _, entry_id, question, category in scored[:limit]
    ]


async def create_draft_from_inquiry(
    db: AsyncSession, *, question: str, answer: str, category: str, audience: str, inquiry_id: int, actor_id: int
) -> int:
    """A 下書き entry prefilled from an answered inquiry, flagged needs_redaction: it cannot be
    published until a staff member has edited its question or answer (route "faq:admin_edit",
    path parameter entry_id, shows the warning until then). An unknown category becomes その他,
    an unknown audience 共通 (the labels 個人向け / 団体向け / 共通 are accepted too); over-long
    text is cut to the form's limits. Returns the entry id."""
    values = forms.coerce_entry(question=question, answer=answer, category=category, audience=audience)
    entry = await service.create_entry(db, values, actor_id, needs_redaction=True, source_inquiry_id=inquiry_id)
    return entry.id


async def count_entries(db: AsyncSession) -> int:
    return await service.count_entries(db)


async def vote_figures(db: AsyncSession) -> dict:
    """{"entries", "published", "drafts", "hidden", "helpful", "unhelpful", "votes",
    "unhelpful_share" (None without votes), "failing"} — totals for the reports."""
    return await service.vote_figures(db)


__all__ = [
    "AUDIENCES",
    "CATEGORIES",
    "FaqMatch",
    "count_entries",
    "create_draft_from_inquiry",
    "suggest_entries",
    "vote_figures",
]
