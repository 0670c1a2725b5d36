"""The weekly 人材閲覧 digest of a saved search (the saved_searches slice): who the search finds
now, and what the digest may show of them. The saved search is 人材閲覧's own query string,
parsed here as routes.search_talent parses it and matched with service.search_condition — the
page's condition, the visibility rule (visible_to_organizations) included — so a digest can never
name someone 人材閲覧 would not show at the time it is sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.reference import COUNTRIES, LANGUAGE_LEVELS, LANGUAGES, PREFECTURES, SECTORS
from features.accounts import api as accounts
from features.talent import forms, service
from features.talent.models import Resume

ROUTE = "talent:detail"


@dataclass(frozen=True)
class TalentCard:
    """What 人材閲覧's list shows of a person — never a name, address, e-mail or phone."""

    registration_code: str
    age_band: str
    prefecture: str
    jocv: bool
    experience: tuple[tuple[str, int], ...]  # (分野・課題 code, years), the three longest
    route: str
    params: tuple[tuple[str, str], ...]


def search_filters(query: str) -> service.TalentFilters:
    q = parse_qs(query or "", keep_blank_values=True)

    def one(name: str) -> str:
        return (q.get(name) or [""])[0]

    def pick(name: str, allowed) -> str:
        return one(name) if one(name) in allowed else ""

    return service.TalentFilters(
        keyword=one("keyword").strip()[:100],
        sector=pick("sector", dict(SECTORS)),
        min_years=forms.whole_number(one("min_years")),
        language=pick("language", dict(LANGUAGES)),
        min_level=pick("min_level", dict(LANGUAGE_LEVELS)),
        country=pick("country", dict(COUNTRIES)),
        age_band=pick("age_band", dict(forms.AGE_BANDS)),
        education_level=pick("education_level", forms.DEGREES),
        prefecture=pick("prefecture", PREFECTURES),
        wish_location=pick("wish_location", forms.WISH_LOCATIONS),
        employment=pick("employment", forms.EMPLOYMENT_TYPES),
        flexible=tuple(v for v in q.get("flexible", []) if v in dict(forms.FLEXIBLE_WORK)),
        jocv=one("jocv") == "1",
    )


async def matching_user_ids(db: AsyncSession, query: str) -> list[int]:
    """The user ids 人材閲覧 finds for this query now, ascending: one id-only query (no résumé
    rows, no paging), which stays cheap at 100,000 people."""
    condition = service.search_condition(db.get_bind().dialect.name, search_filters(query))
    rows = await db.execute(select(Resume.user_id).where(condition).order_by(Resume.user_id))
    return list(rows.scalars())


async def talent_cards(db: AsyncSession, user_ids: Sequence[int]) -> list[TalentCard]:
    """Cards for those of `user_ids` organizations may see now (the visibility rule again), in the
    order given."""
    visible = await service.visible_user_ids(db, set(user_ids))
    if not visible:
        return []
    resumes = dict((await db.execute(select(Resume.user_id, Resume.id).where(Resume.user_id.in_(visible)))).all())
    experience = await service.experience_summaries(db, list(resumes.values()))
    people = await accounts.individual_summaries(db, visible)
    cards = []
    for user_id in user_ids:
        person = people.get(user_id)
        if user_id not in visible or person is None:
            continue
        cards.append(
            TalentCard(
                registration_code=person["registration_code"],
                age_band=person["age_band"],
                prefecture=person["prefecture"],
                jocv=person["jocv"],
                experience=tuple(tuple(e) for e in experience.get(resumes[user_id], [])[:3]),
                route=ROUTE,
                params=(("code", person["registration_code"]),),
            )
        )
    return cards
