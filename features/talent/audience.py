"""配信対象 (for the mailings slice, through api.py): 個人 chosen by what their résumé says —
分野・課題 and years, 語学 and level, 希望条件 — on top of the accounts slice's person criteria.

The same facet rows and vocabulary as the talent search (features/talent/service.py), read through
`IN (SELECT …)` so a count over 100,000 people stays one indexed statement. Unlike 人材閲覧, no
プロフィール公開 is required: the secretariat's mailing reaches every active registrant who matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.accounts import api as accounts
from features.talent.models import Resume, TalentFacet
from features.talent.search import wish_conditions
from features.talent.service import LEVEL_VALUE


@dataclass(frozen=True)
class ResumeCriteria:
    sector: str = ""  # 分野・課題 (SECTORS code)
    min_years: int = 0  # その経験年数（以上）
    language: str = ""  # 語学 (LANGUAGES code)
    min_level: str = ""  # レベル（以上）: S / A / B / C
    wish_location: str = ""  # 希望勤務地: 国内 / 海外 (どちらでも matches both)
    employment: str = ""  # 希望する雇用形態
    flexible: tuple[str, ...] = ()  # 多様な働き方 (all of them)

    @property
    def empty(self) -> bool:
        return not (self.sector or self.language or self.wish_location or self.employment or self.flexible)


def _facet(kind: str, code: str, minimum: int = 0):
    return Resume.id.in_(
        select(TalentFacet.resume_id).where(
            TalentFacet.kind == kind, TalentFacet.code == code, TalentFacet.value >= minimum
        )
    )


def _extra(criteria: ResumeCriteria):
    """A condition on a user id column: the person's résumé matches (None: no résumé criterion)."""
    if criteria.empty:
        return None
    conditions = []
    if criteria.sector:
        conditions.append(_facet("sector", criteria.sector, criteria.min_years))
    if criteria.language:
        conditions.append(_facet("lang", criteria.language, LEVEL_VALUE.get(criteria.min_level, 0)))
    conditions.extend(wish_conditions(criteria.wish_location, criteria.employment, criteria.flexible))
    matching = select(Resume.user_id).where(and_(*conditions))
    return lambda user_id_column: user_id_column.in_(matching)


async def count_audience(db: AsyncSession, person: accounts.PersonCriteria, resume: ResumeCriteria) -> int:
    """Active 個人 matching both: one statement."""
    return await accounts.count_individuals(db, person, _extra(resume))


async def audience_members(
    db: AsyncSession, person: accounts.PersonCriteria, resume: ResumeCriteria
) -> list[accounts.AudienceMember]:
    """Every 個人 matching both, with the account's state (see accounts.individual_members)."""
    return await accounts.individual_members(db, person, _extra(resume))
