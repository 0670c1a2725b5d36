"""FAQ rules: the public list (grouped by category, filtered by audience, searched), the
secretariat's list with the vote figures, writing, ordering, publishing, and the counters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit, clock
from app.db import contains_pattern
from app.pagination import Page
from features.faq import search, states
from features.faq.models import AUDIENCE_LABELS, Audience, EntryStatus, FaqEntry

CATEGORIES: tuple[str, ...] = ("登録", "ログイン", "求人掲載", "人材閲覧", "応募", "セミナー", "相談", "その他")
PUBLIC_PER_PAGE = 50
ADMIN_PER_PAGE = 30
QUESTION_MAX = 300
ANSWER_MAX = 10_000
# 役に立たなかった回答: at least this many votes, and at least this share of them いいえ.
FAILING_MIN_VOTES = 3
FAILING_SHARE = 0.5

# Audiences a visitor's choice shows: 個人向け shows the individual's and the common entries.
AUDIENCE_FILTER = {
    Audience.INDIVIDUAL: (Audience.INDIVIDUAL, Audience.BOTH),
    Audience.ORGANIZATION: (Audience.ORGANIZATION, Audience.BOTH),
}

_CATEGORY_ORDER = case({name: index for index, name in enumerate(CATEGORIES)}, value=FaqEntry.category, else_=99)


@dataclass(frozen=True)
class Group:
    category: str
    entries: list[FaqEntry]


@dataclass(frozen=True)
class PublicFilters:
    keyword: str = ""
    audience: str = ""  # "" | individual | organization
    category: str = ""
    page: int = 1


def share_unhelpful(entry: FaqEntry) -> float | None:
    total = entry.helpful_count + entry.unhelpful_count
    return entry.unhelpful_count / total if total else None


def is_failing(entry: FaqEntry) -> bool:
    share = share_unhelpful(entry)
    total = entry.helpful_count + entry.unhelpful_count
    return share is not None and total >= FAILING_MIN_VOTES and share >= FAILING_SHARE


def groups_of(entries: Iterable[FaqEntry]) -> list[Group]:
    """Entries (already in category order) under their category headings."""
    found: dict[str, list[FaqEntry]] = {}
    for entry in entries:
        found.setdefault(entry.category, []).append(entry)
    return [Group(category, rows) for category, rows in found.items()]


def _keyword_conditions(keyword: str) -> list:
    return [FaqEntry.search_text.like(contains_pattern(word), escape="\\") for word in search.words_of(keyword)]


def public_condition(filters: PublicFilters):
    conditions = [FaqEntry.status == EntryStatus.PUBLISHED, *_keyword_conditions(filters.keyword)]
    if filters.audience in AUDIENCE_FILTER:
        conditions.append(FaqEntry.audience.in_([a.value for a in AUDIENCE_FILTER[filters.audience]]))
    if filters.category in CATEGORIES:
        conditions.append(FaqEntry.category == filters.category)
    return and_(*conditions)


async def public_page(db: AsyncSession, filters: PublicFilters) -> Page[FaqEntry]:
    """Published entries for these filters, in category order and each category's own order."""
    where = public_condition(filters)
    total = (await db.execute(select(func.count()).select_from(FaqEntry).where(where))).scalar_one()
    rows = await db.scalars(
        select(FaqEntry)
        .where(where)
        .order_by(_CATEGORY_ORDER, FaqEntry.position, FaqEntry.id)
        .offset((filters.page - 1) * PUBLIC_PER_PAGE)
        .limit(PUBLIC_PER_PAGE)
    )
    return Page(items=list(rows.all()), page=filters.page, per_page=PUBLIC_PER_PAGE, total=total)


async def public_entry(db: AsyncSession, entry_id: int) -> FaqEntry | None:
    return await db.scalar(select(FaqEntry).where(FaqEntry.id == entry_id, FaqEntry.status == EntryStatus.PUBLISHED))


async def related_entries(db: AsyncSession, entry: FaqEntry, limit: int = 5) -> list[FaqEntry]:
    rows = await db.scalars(
        select(FaqEntry)
        .where(
            FaqEntry.status == EntryStatus.PUBLISHED,
            FaqEntry.category == entry.category,
            FaqEntry.id != entry.id,
        )
        .order_by(FaqEntry.position, FaqEntry.id)
        .limit(limit)
    )
    return list(rows.all())


# -- the secretariat -----------------------------------------------------------------------


@dataclass(frozen=True)
class AdminFilters:
    view: str = "all"  # all | failing
    category: str = ""
    status: str = ""
    keyword: str = ""
    page: int = 1


def admin_condition(filters: AdminFilters):
    conditions = _keyword_conditions(filters.keyword)
    if filters.category in CATEGORIES:
        conditions.append(FaqEntry.category == filters.category)
    if filters.status in set(EntryStatus):
        conditions.append(FaqEntry.status == filters.status)
    if filters.view == "failing":
        votes = FaqEntry.helpful_count + FaqEntry.unhelpful_count
        conditions += [votes >= FAILING_MIN_VOTES, FaqEntry.unhelpful_count * 1.0 >= votes * FAILING_SHARE]
    return and_(true(), *conditions)


async def admin_page(db: AsyncSession, filters: AdminFilters) -> Page[FaqEntry]:
    """Every entry; the 役に立たなかった回答 view keeps the failing ones, the most いいえ first."""
    where = admin_condition(filters)
    if filters.view == "failing":
        votes = FaqEntry.helpful_count + FaqEntry.unhelpful_count
        order = (FaqEntry.unhelpful_count.desc(), (FaqEntry.unhelpful_count * 1.0 / votes).desc(), FaqEntry.id)
    else:
        order = (_CATEGORY_ORDER, FaqEntry.position, FaqEntry.id)
    total = (await db.execute(select(func.count()).select_from(FaqEntry).where(where))).scalar_one()
    rows = await db.scalars(
        select(FaqEntry).where(where).order_by(*order).offset((filters.page - 1) * ADMIN_PER_PAGE).limit(ADMIN_PER_PAGE)
    )
    return Page(items=list(rows.all()), page=filters.page, per_page=ADMIN_PER_PAGE, total=total)


async def get_entry(db: AsyncSession, entry_id: int) -> FaqEntry | None:
    return await db.get(FaqEntry, entry_id)


async def _next_position(db: AsyncSession, category: str) -> int:
    last = await db.scalar(select(func.max(FaqEntry.position)).where(FaqEntry.category == category))
    return (last if last is not None else -1) + 1


async def create_entry(
    db: AsyncSession,
    values: dict,
    actor_id: int | None,
    *,
    needs_redaction: bool = False,
    source_inquiry_id: int | None = None,
) -> FaqEntry:
    now = clock.now()
    entry = FaqEntry(
        question=values["question"],
        answer=values["answer"],
        category=values["category"],
        audience=values["audience"],
        position=await _next_position(db, values["category"]),
        status=EntryStatus.DRAFT,
        search_text=search.search_text_of(values["question"], values["answer"]),
        needs_redaction=needs_redaction,
        source_inquiry_id=source_inquiry_id,
        created_by=actor_id,
        updated_by=actor_id,
        created_at=now,
        updated_at=now,
    )
    db.add(entry)
    await db.flush()
    await audit.record(db, "faq.create", actor_user_id=actor_id, target_type="faq_entry", target_id=entry.id)
    return entry


async def update_entry(db: AsyncSession, entry: FaqEntry, values: dict, actor_id: int) -> bool:
    """Save the staff member's changes. Returns True when this save cleared the 要確認 flag of an
    entry made from an inquiry: the question or the answer was changed."""
    now = clock.now()
    text_changed = values["question"] != entry.question or values["answer"] != entry.answer
    cleared = entry.needs_redaction and text_changed
    if values["category"] != entry.category:
        entry.position = await _next_position(db, values["category"])
    entry.question, entry.answer = values["question"], values["answer"]
    entry.category, entry.audience = values["category"], values["audience"]
    entry.search_text = search.search_text_of(entry.question, entry.answer)
    entry.updated_by, entry.updated_at = actor_id, now
    if cleared:
        entry.needs_redaction = False
        entry.redacted_by, entry.redacted_at = actor_id, now
    await db.flush()
    await audit.record(
        db,
        "faq.update",
        actor_user_id=actor_id,
        target_type="faq_entry",
        target_id=entry.id,
        detail="個人情報の確認済み" if cleared else "",
    )
    return cleared


async def transition(db: AsyncSession, entry: FaqEntry, move: states.Move, actor_id: int) -> None:
    """Publish or unpublish, as one conditional UPDATE on the state the entry was read in."""
    to = states.target(entry, move)
    now = clock.now()
    values: dict = {"status": to, "updated_at": now, "updated_by": actor_id}
    if to == EntryStatus.PUBLISHED and entry.published_at is None:
        values["published_at"] = now
    condition = [FaqEntry.id == entry.id, FaqEntry.status == entry.status]
    if move == states.Move.PUBLISH:
        condition.append(FaqEntry.needs_redaction.is_(False))
    result = await db.execute(update(FaqEntry).where(*condition).values(**values))
    if result.rowcount != 1:
        raise states.TransitionRefused("この項目は他の職員が変更しました。ページを再読み込みしてください。")
    await db.refresh(entry)
    await audit.record(db, f"faq.{to}", actor_user_id=actor_id, target_type="faq_entry", target_id=entry.id)


async def move_entry(db: AsyncSession, entry: FaqEntry, step: int, actor_id: int) -> bool:
    """Swap the entry with its neighbour in its category (step -1 上へ, +1 下へ); False at an end."""
    rows = list(
        (
            await db.scalars(
                select(FaqEntry).where(FaqEntry.category == entry.category).order_by(FaqEntry.position, FaqEntry.id)
            )
        ).all()
    )
    index = next(i for i, row in enumerate(rows) if row.id == entry.id)
    other = index + step
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        row.position = position
    entry.updated_by, entry.updated_at = actor_id, clock.now()
    await db.flush()
    return True


# -- counters ------------------------------------------------------------------------------


async def count_entries(db: AsyncSession) -> int:
    return (await db.execute(select(func.count()).select_from(FaqEntry))).scalar_one()


async def vote_figures(db: AsyncSession) -> dict:
    """Totals for the reports: entries by state, はい / いいえ, and how many answers fail."""
    by_status = dict((await db.execute(select(FaqEntry.status, func.count()).group_by(FaqEntry.status))).all())
    helpful, unhelpful = (
        await db.execute(
            select(
                func.coalesce(func.sum(FaqEntry.helpful_count), 0), func.coalesce(func.sum(FaqEntry.unhelpful_count), 0)
            )
        )
    ).one()
    failing = (
        await db.execute(
            select(func.count()).select_from(FaqEntry).where(admin_condition(AdminFilters(view="failing")))
        )
    ).scalar_one()
    votes = int(helpful) + int(unhelpful)
    return {
        "entries": sum(by_status.values()),
        "published": by_status.get(EntryStatus.PUBLISHED, 0),
        "drafts": by_status.get(EntryStatus.DRAFT, 0),
        "hidden": by_status.get(EntryStatus.HIDDEN, 0),
        "helpful": int(helpful),
        "unhelpful": int(unhelpful),
        "votes": votes,
        "unhelpful_share": (int(unhelpful) / votes) if votes else None,
        "failing": failing,
    }


def audience_label(audience: str) -> str:
    return AUDIENCE_LABELS.get(audience, audience)  # type: ignore[call-overload]


def any_of_terms(terms: list[str]):
    return or_(*(FaqEntry.search_text.like(contains_pattern(term), escape="\\") for term in terms))
