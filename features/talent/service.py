"""Résumés, what organizations may find and see, favorites, and who viewed a profile."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from sqlalchemy import Executable, Select, and_, delete, func, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app import audit, clock
from app.config import Settings
from app.db import contains_pattern
from app.pagination import Page
from features.accounts import api as accounts
from features.talent import keywords
from features.talent.forms import SECTIONS, RowSection
from features.talent.models import (
    Favorite,
    Resume,
    ResumeRow,
    ResumeText,
    TalentFacet,
)

LEVEL_VALUE = {"S": 4, "A": 3, "B": 2, "C": 1}
PER_PAGE = 20
VIEW_ACTIONS = ("profile_view", "resume_pdf")


async def resume_of(db: AsyncSession, user_id: int, *, create: bool = False) -> Resume | None:
    resume = (await db.execute(select(Resume).where(Resume.user_id == user_id))).scalar_one_or_none()
    if resume is None and create:
        resume = Resume(user_id=user_id, updated_at=clock.now())
        db.add(resume)
        await db.flush()
    return resume


async def rows_of(db: AsyncSession, resume_id: int) -> dict[str, list[dict]]:
    rows = await db.execute(
        select(ResumeRow).where(ResumeRow.resume_id == resume_id).order_by(ResumeRow.section, ResumeRow.position)
    )
    grouped: dict[str, list[dict]] = {section.key: [] for section in SECTIONS}
    for row in rows.scalars():
        grouped.setdefault(row.section, []).append(json.loads(row.data))
    return grouped


async def save_rows(db: AsyncSession, resume: Resume, section: RowSection, rows: list[dict]) -> None:
    await db.execute(delete(ResumeRow).where(ResumeRow.resume_id == resume.id, ResumeRow.section == section.key))
    for position, row in enumerate(rows):
        db.add(
            ResumeRow(
                resume_id=resume.id, section=section.key, position=position, data=json.dumps(row, ensure_ascii=False)
            )
        )
    await db.flush()
    await refresh_index(db, resume)


async def save_profile(db: AsyncSession, resume: Resume, values: dict) -> None:
    for name in (
        "visibility",
        "specialty_main",
        "specialty_sub",
        "education_level",
        "wish_location",
        "wish_term",
        "available_from",
        "self_pr",
    ):
        setattr(resume, name, values[name])
    resume.wish_employment = ",".join(values["wish_employment"])
    resume.wish_flexible = ",".join(values["wish_flexible"])
    await refresh_index(db, resume)


async def refresh_index(db: AsyncSession, resume: Resume) -> None:
    """Facets and the keyword text follow every save."""
    grouped = await rows_of(db, resume.id)
    await db.execute(delete(TalentFacet).where(TalentFacet.resume_id == resume.id))
    facets: dict[tuple[str, str], int] = {}
    for row in grouped.get("experience", []):
        key = ("sector", row.get("sector", ""))
        facets[key] = max(facets.get(key, 0), int(row.get("years") or 0))
    for row in grouped.get("language", []):
        key = ("lang", row.get("language", ""))
        facets[key] = max(facets.get(key, 0), LEVEL_VALUE.get(row.get("level", ""), 0))
    for section in ("overseas", "career", "project"):
        for row in grouped.get(section, []):
            if row.get("country"):
                facets[("country", row["country"])] = 1
    for (kind, code), value in facets.items():
        if code:
            db.add(TalentFacet(resume_id=resume.id, kind=kind, code=code, value=value))
    texts = [resume.self_pr, resume.available_from]
    for rows in grouped.values():
        for row in rows:
            texts.extend(str(v) for v in row.values())
    text = await db.get(ResumeText, resume.id) or ResumeText(resume_id=resume.id)
    text.search_text = keywords.normalize("\n".join(t for t in texts if t))
    text.search_grams = keywords.index_text(text.search_text)
    db.add(text)
    resume.updated_at = clock.now()
    await db.flush()


async def erase_resume(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会 and retention: the résumé, its rows, facets and favorites go."""
    resume = await resume_of(db, user_id)
    if resume is None:
        return
    for table in (TalentFacet, ResumeRow, Favorite, ResumeText):
        await db.execute(delete(table).where(table.resume_id == resume.id))
    await db.delete(resume)
    await db.flush()


# -- finding people ----------------------------------------------------------------------------


def visible_to_organizations(**filters):
    """The one rule for showing a person to an organization — search, 人材閲覧, 気になる and
    人材お気に入り一覧, 人材詳細を見る, オファーメール: プロフィール公開 here, and the accounts slice's
    findable (国際協力人材登録, active account, not 物故, registration unexpired). A condition on
    Resume; `filters` narrow it (age, prefecture, JOCV).

    Both halves are folded into resume.listed_until by triggers (see the model), so the rule is one
    indexed range instead of two probes per candidate; the accounts rule is asked again only
    when a filter on the person's own data (age, prefecture, JOCV) needs its row anyway."""
    listed = Resume.listed_until > clock.now()
    if any(value not in (None, "", False) for value in filters.values()):
        return and_(listed, accounts.findable(Resume.user_id, **filters))
    return listed


@dataclass(frozen=True)
class TalentFilters:
    keyword: str = ""
    sector: str = ""
    min_years: int = 0
    language: str = ""
    min_level: str = ""
    country: str = ""
    age_band: str = ""  # "20", "30", … (the decade)
    education_level: str = ""
    prefecture: str = ""
    wish_location: str = ""
    employment: str = ""
    flexible: tuple[str, ...] = field(default_factory=tuple)
    jocv: bool = False
    sort: str = "updated"  # updated | experience
    page: int = 1


# An id set (a facet, a keyword's index hits) with at least this many members is tested per
# candidate instead of driving the query. SQLite's planner has no statistics on a set and always
# starts from it: right for 「手話通訳」 (31 people), 5× too slow for 「保健」 (half of everyone);
# PostgreSQL's misjudges the facets (kind and code together) and joins every set in full to show 20.
BROAD = 2000


# A probe made for the id column of the candidate it tests; it offers the next probe the id column
# to correlate with (see _chain).
Probe = Callable[[Any], tuple[Select, Any]]


def _facet(kind: str, code: str, minimum: int = 0) -> tuple[Select, Probe]:
    """A facet as a set of ids, and as a probe of one candidate's facet rows."""
    where = (TalentFacet.kind == kind, TalentFacet.code == code, TalentFacet.value >= minimum)

    def probe(resume_id) -> tuple[Select, Any]:
        facet = aliased(TalentFacet)
        query = select(facet.resume_id).where(
            facet.resume_id == resume_id, facet.kind == kind, facet.code == code, facet.value >= minimum
        )
        return query, facet.resume_id

    return select(TalentFacet.resume_id).where(*where), probe


def _keyword_probe(dialect: str, word: str) -> Probe:
    """One candidate's text against the keyword, for a page (or a capped count) that walks the
    résumés in order and stops early instead of reading every hit of a common word."""
    return lambda resume_id: (keywords.probe(dialect, word, resume_id), Resume.id)


def _id_sets(dialect: str, filters: TalentFilters) -> list[tuple[Select, Probe]]:
    """The filters that are sets of résumé ids — facets, then each keyword's index hits — each with
    its per-candidate probe. IN (…) reads a set once, not once per résumé; a probe reads a few rows
    per candidate and suits a page that stops after 20 and a count that stops after CAP."""
    sets: list[tuple[Select, Probe]] = []
    if filters.sector:
        sets.append(_facet("sector", filters.sector, filters.min_years))
    if filters.language:
        sets.append(_facet("lang", filters.language, LEVEL_VALUE.get(filters.min_level, 0)))
    if filters.country:
        sets.append(_facet("country", filters.country))
    for word in _words(filters):
        ids = keywords.id_set(dialect, word)
        if ids is not None:
            sets.append((ids, _keyword_probe(dialect, word)))
    return sets


def _words(filters: TalentFilters) -> list[str]:
    return keywords.normalize(filters.keyword).split()[:5]


def search_condition(dialect: str, filters: TalentFilters, broad: frozenset[int] = frozenset(), *, probe: bool = False):
    """Who 人材閲覧 finds for these filters, within the visibility rule (the saved searches'
    weekly digest matches with the same condition: features/talent/alerts.py). `broad` holds the
    positions (in _id_sets) of the sets not to drive the query from: kept as a set with the id
    hidden from SQLite's planner (Resume.id + 0), or, with `probe` (a page, a capped count),
    tested per candidate. The result is the same either way."""
    decade = int(filters.age_band) if filters.age_band.isdigit() else None
    conditions = [
        visible_to_organizations(
            age_min=decade,
            age_max=decade + 9 if decade is not None else None,
            prefecture=filters.prefecture,
            jocv=filters.jocv,
        )
    ]
    # The résumé's own columns first: free once the row is read.
    if filters.education_level:
        conditions.append(Resume.education_level == filters.education_level)
    if filters.wish_location:
        conditions.append(Resume.wish_location.in_([filters.wish_location, "どちらでも"]))
    if filters.employment:
        conditions.append(Resume.wish_employment.like(contains_pattern(filters.employment), escape="\\"))
    for code in filters.flexible:
        conditions.append(Resume.wish_flexible.like(contains_pattern(code), escape="\\"))
    probes: list[Probe] = []
    for position, (ids, per_candidate) in enumerate(_id_sets(dialect, filters)):
        if position not in broad:
            conditions.append(Resume.id.in_(ids))
        elif probe:
            probes.append(per_candidate)
        else:
            conditions.append((Resume.id + 0 if dialect == "sqlite" else Resume.id).in_(ids))
    if probes:
        conditions.append(_chain(dialect, probes))
    for word in _words(filters):
        if keywords.id_set(dialect, word) is None:  # one character: read the text of the people the rest kept
            like = ResumeText.search_text.like(contains_pattern(word), escape="\\")
            conditions.append(select(ResumeText.resume_id).where(ResumeText.resume_id == Resume.id, like).exists())
    return and_(*conditions)


def _chain(dialect: str, probes: list[Probe]):
    """Per-candidate probes asked in the order given — facets (one index probe each) before
    keywords (which read the text) — each only of the candidates the one before kept: nested, each
    correlated with the id its enclosing probe read, because PostgreSQL orders sibling subqueries
    by its own cost guess (which put the text first: 17,000 texts read instead of 1,500 for
    3 filters + 「保健」) and evaluates a subquery that names only the outer résumé before its
    enclosing one. OFFSET 0 keeps PostgreSQL from turning a probe back into a join over the whole set."""
    queries, resume_id = [], Resume.id
    for make in probes:
        query, resume_id = make(resume_id)
        queries.append(query)
    inner = None
    for query in reversed(queries):
        query = query if inner is None else query.where(inner)
        inner = (query.offset(0) if dialect == "postgresql" else query).exists()
    return inner


def size_probes(dialect: str, filters: TalentFilters) -> list[Executable]:
    """How many members each id set has, counted no further than BROAD from the index — all in one
    statement — except a keyword on PostgreSQL, sized by its planner's estimate (EXPLAIN, from the
    tsvector's statistics): asked for 2,000 hits, its planner reads the texts one by one instead of
    the GIN index (50–100 ms for 「保健」). A size only decides probe or set, never the result."""
    counted, estimated = [], []
    for position, (ids, _) in enumerate(_id_sets(dialect, filters)):
        if dialect == "postgresql" and position >= _facet_count(filters):
            sql = str(ids.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
            estimated.append(text("EXPLAIN (FORMAT JSON) " + sql.replace(":", "\\:")))
        else:
            counted.append(select(func.count()).select_from(ids.limit(BROAD).subquery()).scalar_subquery())
    return ([select(*counted)] if counted else []) + estimated


def sizes_of(rows: list[Any]) -> list[int]:
    """The sizes, in _id_sets order, from what the size probes answered (each one row)."""
    return [set_size(value) for row in rows for value in row]


def set_size(value: Any) -> int:
    """What a size probe answered: a count, or the rows a PostgreSQL plan expects."""
    if isinstance(value, int):
        return value
    plan = json.loads(value) if isinstance(value, str) else value
    return int(plan[0]["Plan"]["Plan Rows"])


def _facet_count(filters: TalentFilters) -> int:
    return sum(1 for chosen in (filters.sector, filters.language, filters.country) if chosen)  # they come first


# The count stops here: past it the page says 「1,000人以上」 and pages stop at CAP // PER_PAGE.
# Counting every one of 170,000 matches of a common word grows with the data; counting to CAP is
# bounded work whatever the size, and nobody pages past the 50th page of twenty.
CAP = 1000


class Found(NamedTuple):
    """One person on a page of the search."""

    id: int  # the résumé's
    user_id: int


@dataclass(frozen=True)
class TalentPage(Page[Found]):
    """A page of the search; `more` says the count stopped at CAP (there are more than `total`)."""

    more: bool = False


def search_statements(dialect: str, filters: TalentFilters, sizes: list[int] = ()) -> tuple[Select, Select, bool]:
    """The capped count and the page for these filters, given the sizes the probes found, and
    whether the page carries the count itself; the bench runs the same SQL through the raw driver.

    A set smaller than BROAD drives (IN, read once): every match is read to sort them, so the page
    counts them as it goes (a window count) and needs no second statement. Otherwise every set is
    probed per candidate and both walk: the page stops after its 20 rows (the newest first, off
    the index on updated_at), the count after CAP + 1."""
    broad = frozenset(i for i, size in enumerate(sizes) if size >= BROAD)
    windowed = len(broad) < len(sizes)
    condition = search_condition(dialect, filters, broad, probe=True)
    count = select(func.count()).select_from(select(Resume.id).where(condition).limit(CAP + 1).subquery())
    # What a result row shows comes from other queries by id: the page carries the ids alone
    # (plain rows — loading 20 ORM objects cost more than finding them).
    columns = (Resume.id, Resume.user_id, func.count().over()) if windowed else (Resume.id, Resume.user_id)
    statement = select(*columns).where(condition)
    if filters.sort == "experience" and filters.sector:
        years = (
            select(TalentFacet.value)
            .where(TalentFacet.resume_id == Resume.id, TalentFacet.kind == "sector", TalentFacet.code == filters.sector)
            .scalar_subquery()
        )
        statement = statement.order_by(years.desc(), Resume.id.desc())
    else:
        statement = statement.order_by(Resume.updated_at.desc(), Resume.id.desc())
    return count, statement.offset((filters.page - 1) * PER_PAGE).limit(PER_PAGE), windowed


async def search(db: AsyncSession, filters: TalentFilters) -> TalentPage:
    dialect = db.get_bind().dialect.name
    filters = replace(filters, page=min(filters.page, CAP // PER_PAGE))
    sizes = sizes_of([(await db.execute(probe)).one() for probe in size_probes(dialect, filters)])
    count, page, windowed = search_statements(dialect, filters, sizes)
    rows = (await db.execute(page)).all()
    items = [Found(row[0], row[1]) for row in rows]
    if windowed and rows:
        total = rows[0][2]
    elif filters.page == 1 and len(items) < PER_PAGE:
        total = len(items)  # the whole result is on this page: no count needed
    else:
        total = (await db.execute(count)).scalar_one()
    return TalentPage(items=items, page=filters.page, per_page=PER_PAGE, total=min(total, CAP), more=total > CAP)


async def findable_resume(db: AsyncSession, registration_code: str) -> Resume | None:
    """The résumé behind a 登録コード, only if organizations may see it now."""
    user_id = await accounts.user_id_for_code(db, registration_code)
    if user_id is None:
        return None
    rows = await db.execute(select(Resume).where(Resume.user_id == user_id, visible_to_organizations()))
    return rows.scalar_one_or_none()


async def experience_summaries(db: AsyncSession, resume_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    """業務経験 of many résumés in one query (no query per result row)."""
    if not resume_ids:
        return {}
    rows = await db.execute(
        select(TalentFacet)
        .where(TalentFacet.resume_id.in_(resume_ids), TalentFacet.kind == "sector")
        .order_by(TalentFacet.value.desc())
    )
    result: dict[int, list[tuple[str, int]]] = {}
    for facet in rows.scalars():
        result.setdefault(facet.resume_id, []).append((facet.code, facet.value))
    return result


# -- favorites (気になる) ------------------------------------------------------------------------


async def favorite_ids(db: AsyncSession, organization_id: int, resume_ids: list[int]) -> set[int]:
    if not resume_ids:
        return set()
    rows = await db.execute(
        select(Favorite.resume_id).where(
            Favorite.organization_id == organization_id, Favorite.resume_id.in_(resume_ids)
        )
    )
    return set(rows.scalars())


async def toggle_favorite(db: AsyncSession, organization_id: int, resume_id: int) -> bool:
    """Returns whether the person is 気になる now."""
    existing = (
        await db.execute(
            select(Favorite).where(Favorite.organization_id == organization_id, Favorite.resume_id == resume_id)
        )
    ).scalar_one_or_none()
    if existing is not None:
        await db.delete(existing)
        await db.flush()
        return False
    db.add(Favorite(organization_id=organization_id, resume_id=resume_id, created_at=clock.now()))
    await db.flush()
    return True


async def favorites(db: AsyncSession, organization_id: int, page: int) -> Page[Resume]:
    # Only people still visible: a 気になる kept for someone now 非公開 (or expired, …) shows nothing.
    where = and_(Favorite.organization_id == organization_id, visible_to_organizations())
    base = select(Resume).join(Favorite, Favorite.resume_id == Resume.id).where(where)
    total = (await db.execute(select(func.count()).select_from(base.subquery()))).scalar_one()
    rows = await db.execute(base.order_by(Favorite.created_at.desc()).offset((page - 1) * PER_PAGE).limit(PER_PAGE))
    return Page(items=list(rows.scalars()), page=page, per_page=PER_PAGE, total=total)


# -- who viewed ---------------------------------------------------------------------------------


async def record_view(
    db: AsyncSession, action: str, viewer_user_id: int, organization_id: int, person_user_id: int, client_ip: str
) -> None:
    await audit.record(
        db,
        action,
        actor_user_id=viewer_user_id,
        target_type="individual",
        target_id=person_user_id,
        detail=f"organization:{organization_id}",
        client_ip=client_ip,
    )


async def viewers_of(db: AsyncSession, person_user_id: int, limit: int = 100) -> list[tuple]:
    rows = await db.execute(
        select(audit.AuditEvent)
        .where(
            audit.AuditEvent.target_type == "individual",
            audit.AuditEvent.target_id == str(person_user_id),
            audit.AuditEvent.action.in_(VIEW_ACTIONS),
        )
        .order_by(audit.AuditEvent.created_at.desc())
        .limit(limit)
    )
    events = list(rows.scalars())
    organizations = await accounts.organizations_by_user_ids(db, {e.actor_user_id for e in events if e.actor_user_id})
    return [(e, organizations.get(e.actor_user_id)) for e in events]


async def visible_user_ids(db: AsyncSession, user_ids: set[int]) -> set[int]:
    """For other slices: of these people, those organizations may see now (人材詳細を見る, オファーメール)."""
    if not user_ids:
        return set()
    rows = await db.execute(select(Resume.user_id).where(Resume.user_id.in_(user_ids), visible_to_organizations()))
    return set(rows.scalars())


# Kept reachable here for callers of the old place (the PDF moved out to keep this file short).
from features.talent.resume_pdf import (  # noqa: E402, F401
    EXPERT_SECTION,
    has_expert_resume,
    resume_pdf_for_organization,
)
