"""Résumés, what organizations may find and see, favorites, and who viewed a profile."""

from __future__ import annotations

import json

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit, clock
from app.config import Settings
from app.pagination import Page
from features.accounts import api as accounts
from features.talent import facet_keys, keywords
from features.talent.forms import SECTIONS, RowSection
from features.talent.models import (
    Favorite,
    Resume,
    ResumeRow,
    ResumeText,
    TalentFacet,
)
from features.talent.search import (  # noqa: F401 — the search's public names, kept reachable here
    CAP,
    LEVEL_VALUE,
    PER_PAGE,
    Found,
    TalentFilters,
    TalentPage,
    search,
    search_condition,
    search_statements,
    size_probes,
    sizes_of,
    visible_to_organizations,
)

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
    text.facet_keys = facet_keys.keys_of({key: value for key, value in facets.items() if key[1]})
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
