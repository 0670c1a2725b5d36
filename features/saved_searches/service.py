"""保存した検索条件: saving, listing, changing and deleting one's searches (the rules; no HTTP).

A search is saved with the page's own query string (filters only). For a 人材閲覧 search the
people it finds at saving time are remembered (`reported_ids`), so the first weekly digest
reports only people who became findable afterwards — see pack_ids for why a packed id list.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.pagination import Page
from app.urls import path_for
from features.accounts import api as accounts
from features.saved_searches.models import SavedSearch
from features.saved_searches.scopes import SCOPES, Scope, canonical_query
from features.talent import api as talent

PER_PAGE = 20


class LimitReached(Exception):
    """The user already has settings.saved_searches.max_per_user saved searches."""


# -- the 人材閲覧 digest's memory ---------------------------------------------------------------


def pack_ids(user_ids: Iterable[int]) -> bytes:
    """Sorted user ids as zlib-compressed deltas (unsigned 32-bit).

    Why a packed list on the row rather than one row per (search, person) or a findable-since
    timestamp: "newly findable" has many causes (プロフィール公開 switched on, a registration
    renewed or upgraded, a résumé edited into the filters, a 物故 flag lifted) and none of them
    leaves a timestamp, so the only faithful test is "found now, not found last time". At 100,000
    people a broad search finds ~100,000 ids: as rows that is 100,000 inserts per search per week;
    packed it is one column of a few hundred KB at most (deltas of a sorted list compress to well
    under a byte each when the ids are dense), read and written once per digest.
    """
    ordered = sorted(set(user_ids))
    deltas = array("I", (b - a for a, b in zip([0, *ordered], ordered, strict=False)))
    return zlib.compress(deltas.tobytes(), 6)


def unpack_ids(blob: bytes | None) -> set[int]:
    if not blob:
        return set()
    deltas = array("I")
    deltas.frombytes(zlib.decompress(blob))
    total, result = 0, set()
    for delta in deltas:
        total += delta
        result.add(total)
    return result


# -- the rules ------------------------------------------------------------------------------------


def scope_for(key: str, role: str | None) -> Scope | None:
    """The scope `key` if a user of `role` may save it (a 個人 the postings and 公募, a 団体 人材閲覧)."""
    scope = SCOPES.get(key)
    return scope if scope is not None and scope.role == role else None


def rerun_path(search: SavedSearch) -> str:
    """The search page with the saved filters (再検索)."""
    scope = SCOPES[search.scope]
    return path_for(scope.route) + (f"?{search.query}" if search.query else "")


async def count_of(db: AsyncSession, user_id: int) -> int:
    return (await db.execute(select(func.count()).where(SavedSearch.user_id == user_id))).scalar_one()


async def create(
    db: AsyncSession, settings: Settings, user_id: int, scope: Scope, name: str, frequency: str, query: str
) -> SavedSearch:
    """Save a search (LimitReached past max_per_user; the user's row is locked so two tabs
    saving at once cannot both slip under the limit)."""
    await accounts.lock_user(db, user_id)
    if await count_of(db, user_id) >= settings.saved_searches.max_per_user:
        raise LimitReached
    now = clock.now()
    query = canonical_query(query)
    search = SavedSearch(
        user_id=user_id,
        scope=scope.key,
        name=name,
        query=query,
        frequency=frequency,
        created_at=now,
        updated_at=now,
        last_alerted_at=now,  # the first alert lists what is published from now on
    )
    if scope.key == "talent":
        search.reported_ids = pack_ids(await talent.matching_user_ids(db, query))
    db.add(search)
    await db.flush()
    return search


async def own(db: AsyncSession, user_id: int, search_id: int) -> SavedSearch | None:
    """The user's own saved search (None for someone else's: the caller answers 404)."""
    rows = await db.execute(select(SavedSearch).where(SavedSearch.id == search_id, SavedSearch.user_id == user_id))
    return rows.scalar_one_or_none()


async def list_page(db: AsyncSession, user_id: int, page: int) -> Page[SavedSearch]:
    total = await count_of(db, user_id)
    rows = await db.execute(
        select(SavedSearch)
        .where(SavedSearch.user_id == user_id)
        .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=list(rows.scalars()), page=page, per_page=PER_PAGE, total=total)


async def change(db: AsyncSession, search: SavedSearch, name: str, frequency: str) -> None:
    search.name = name
    search.frequency = frequency
    search.updated_at = clock.now()
    db.add(search)


async def remove(db: AsyncSession, search: SavedSearch) -> None:
    await db.delete(search)


async def erase_searches(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会 and retention (and a 団体's 無効登録): their saved searches go."""
    await db.execute(delete(SavedSearch).where(SavedSearch.user_id == user_id))


async def save_search_link(
    db: AsyncSession, user_id: int | None, role: str | None, scope_key: str, params
) -> str | None:
    """The hook "save_search_link": where the 条件を保存 button of a search page leads (the form,
    with the page's current filters), or None when this user may not save this page."""
    if not user_id or scope_for(scope_key, role) is None:
        return None
    return path_for("saved_searches:new", {"scope": scope_key, "q": canonical_query(params)})
