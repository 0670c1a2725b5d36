"""Résumés, what organizations may find and see, favorites, and who viewed a profile."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

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
    Visibility,
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
    Resume; `filters` narrow it (age, prefecture, JOCV)."""
    return and_(Resume.visibility == Visibility.PUBLIC, accounts.findable(Resume.user_id, **filters))


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


def _facet(kind: str, code: str, minimum: int = 0):
    # IN (…) rather than a correlated EXISTS: the facet index is read once, not once per résumé.
    return Resume.id.in_(
        select(TalentFacet.resume_id).where(
            TalentFacet.kind == kind, TalentFacet.code == code, TalentFacet.value >= minimum
        )
    )


def search_condition(dialect: str, filters: TalentFilters):
    """Who 人材閲覧 finds for these filters, within the visibility rule (the saved searches'
    weekly digest matches with the same condition: features/talent/alerts.py)."""
    decade = int(filters.age_band) if filters.age_band.isdigit() else None
    conditions = [
        visible_to_organizations(
            age_min=decade,
            age_max=decade + 9 if decade is not None else None,
            prefecture=filters.prefecture,
            jocv=filters.jocv,
        )
    ]
    if filters.sector:
        conditions.append(_facet("sector", filters.sector, filters.min_years))
    if filters.language:
        conditions.append(_facet("lang", filters.language, LEVEL_VALUE.get(filters.min_level, 0)))
    if filters.country:
        conditions.append(_facet("country", filters.country))
    words = keywords.normalize(filters.keyword).split()[:5]
    if words:
        # Correlated: the text is read only for the people the other filters kept.
        conditions.append(
            select(ResumeText.resume_id)
            .where(ResumeText.resume_id == Resume.id, *keywords.conditions(dialect, words))
            .exists()
        )
    if filters.education_level:
        conditions.append(Resume.education_level == filters.education_level)
    if filters.wish_location:
        conditions.append(Resume.wish_location.in_([filters.wish_location, "どちらでも"]))
    if filters.employment:
        conditions.append(Resume.wish_employment.like(contains_pattern(filters.employment), escape="\\"))
    for code in filters.flexible:
        conditions.append(Resume.wish_flexible.like(contains_pattern(code), escape="\\"))
    return and_(*conditions)


def search_statements(dialect: str, filters: TalentFilters) -> tuple[Select, Select]:
    """The count and the page for these filters; the bench runs the same SQL through the raw driver.

    The page carries the total as a window count, so one pass over the matches serves both.
    """
    where = search_condition(dialect, filters)
    count = select(func.count()).select_from(Resume).where(where)
    statement = select(Resume, func.count().over().label("total")).where(where)
    if filters.sort == "experience" and filters.sector:
        years = (
            select(TalentFacet.value)
            .where(TalentFacet.resume_id == Resume.id, TalentFacet.kind == "sector", TalentFacet.code == filters.sector)
            .scalar_subquery()
        )
        statement = statement.order_by(years.desc(), Resume.id.desc())
    else:
        statement = statement.order_by(Resume.updated_at.desc(), Resume.id.desc())
    return count, statement.offset((filters.page - 1) * PER_PAGE).limit(PER_PAGE)


async def search(db: AsyncSession, filters: TalentFilters) -> Page[Resume]:
    count, page = search_statements(db.get_bind().dialect.name, filters)
    rows = (await db.execute(page)).all()
    if rows:
        total = rows[0].total
    else:  # past the last page, or nothing found: only a count can tell
        total = (await db.execute(count)).scalar_one() if filters.page > 1 else 0
    return Page(items=[row.Resume for row in rows], page=filters.page, per_page=PER_PAGE, total=total)


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


# The section only the 専門家履歴書 has (業務経験（案件）).
EXPERT_SECTION = next(section.key for section in SECTIONS if section.expert_only)


async def has_expert_resume(db: AsyncSession, user_id: int) -> bool:
    """The 専門家履歴書 has what makes it one: at least one 業務経験（案件）."""
    resume = await resume_of(db, user_id)
    if resume is None:
        return False
    rows = await db.execute(
        select(ResumeRow.id).where(ResumeRow.resume_id == resume.id, ResumeRow.section == EXPERT_SECTION).limit(1)
    )
    return rows.first() is not None


async def resume_pdf_for_organization(
    db: AsyncSession, user_id: int, *, expert: bool, contact: bool
) -> tuple[bytes, str]:
    """履歴書PDF for an organization. `contact` (氏名, メールアドレス, 電話番号, 住所) is shared only
    with an organization the person applied to, for that application while it is not withdrawn:
    the applications slice decides and passes it. Any other PDF (人材閲覧, オファー) carries what
    人材閲覧 shows: 登録コード, 年齢帯, 居住地."""
    from features.talent import pdf

    individual = await accounts.individual_of(db, user_id)
    resume = await resume_of(db, user_id)
    if contact:
        user = await accounts.user_by_id(db, user_id)
        address = " ".join(
            part
            for part in (
                f"〒{individual.postal_code}" if individual.postal_code else "",
                individual.prefecture,
                individual.address,
            )
            if part
        )
        lines = [
            (
                "氏名",
                f"{individual.family_name} {individual.given_name}（{individual.family_name_kana} "
                f"{individual.given_name_kana}）",
            ),
            ("メールアドレス", user.email),
            ("電話番号", individual.phone),
            ("住所", address),
        ]
    else:
        summary = (await accounts.individual_summaries(db, {user_id}))[user_id]
        lines = [("年齢帯", summary["age_band"]), ("居住地", summary["prefecture"])]
    rows = await rows_of(db, resume.id) if resume else {}
    person = {"registration_code": individual.registration_code, "lines": lines}
    return pdf.render(person, resume, rows, expert=expert), individual.registration_code
