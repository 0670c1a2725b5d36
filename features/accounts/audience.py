"""配信対象 (for the mailings slice, through api.py): which 個人 and 団体 a secretariat mailing
reaches, counted in one SQL statement and listed with each account's state at send time.

Unlike 人材閲覧, a secretariat mailing reaches every active registrant who matches — プロフィール公開
or not, 国際協力人材登録 or 簡易登録 — so this is not `findable`. "Active" is an active account
(not suspended, withdrawn or 物故) and, for a 個人, an unexpired registration; for a 団体, an
approved organization. `members` also returns the matching accounts that are not active, with the
reason, so the sending slice can record them as excluded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.accounts.models import AccountStatus, Individual, Organization, OrganizationStatus, UserAccount

# A condition on a user id column, added by a higher slice (the talent slice's résumé filters).
ExtraCondition = Callable[[object], object]
AGE_BANDS = ("20", "30", "40", "50", "60")  # 20代 … 60代以上


@dataclass(frozen=True)
class PersonCriteria:
    kinds: tuple[str, ...] = ()  # 登録種別 (RegistrationKind values); empty: both
    prefectures: tuple[str, ...] = ()  # 居住都道府県; "海外" is 海外在住
    age_bands: tuple[str, ...] = ()  # "20" … "60" (60代以上)
    jocv: bool = False  # 帰国隊員 (JOCV, verified by the secretariat)


@dataclass(frozen=True)
class OrganizationCriteria:
    org_types: tuple[str, ...] = ()  # 団体種別 (OrganizationType values)
    activity_fields: tuple[str, ...] = ()  # 活動分野 (SECTORS codes): any of them


@dataclass(frozen=True)
class AudienceMember:
    user_id: int
    email: str
    role: str
    # "" when the account may be mailed; otherwise why not: deceased, withdrawn, suspended,
    # pending (not yet approved), expired (registration past its end), disabled (無効登録).
    excluded: str


@dataclass(frozen=True)
class MergeValues:
    """What a mailing's merge fields become for one recipient."""

    name: str  # {氏名}: the person's name, or the organization's 担当者
    registration_code: str  # {登録コード} (個人 only)
    organization_name: str  # {団体名} (団体 only)


def _years_ago(today: date, years: int) -> date:
    return date(today.year - years, today.month, min(today.day, 28))


def _person_conditions(criteria: PersonCriteria, extra: ExtraCondition | None) -> list:
    today = clock.now().date()
    conditions = []
    if criteria.kinds:
        conditions.append(Individual.kind.in_(criteria.kinds))
    if criteria.prefectures:
        conditions.append(Individual.prefecture.in_(criteria.prefectures))
    bands = [band for band in criteria.age_bands if band in AGE_BANDS]
    if bands:
        ranges = []
        for band in bands:
            low = int(band)
            condition = Individual.birth_date <= _years_ago(today, low)
            if band != "60":  # 60代以上 has no upper end
                condition = and_(condition, Individual.birth_date > _years_ago(today, low + 10))
            ranges.append(condition)
        conditions.append(or_(*ranges))
    if criteria.jocv:
        conditions.append(Individual.jocv_verified_at.is_not(None))
    if extra is not None:
        conditions.append(extra(Individual.user_id))
    return conditions


# Every account state but "active": the few accounts a count leaves out.
INACTIVE = tuple(status for status in AccountStatus if status != AccountStatus.ACTIVE)


async def count_individuals(db: AsyncSession, criteria: PersonCriteria, extra: ExtraCondition | None = None) -> int:
    """How many active 個人 match: one statement over narrow indexes (see the models' audience indexes).

    Nearly every account is active, so the statement leaves out the short list of inactive ones
    (`NOT IN`, through the status index) rather than joining or listing the active ones — a join
    reads a user_account row per person, and a list of the active would hold almost everyone."""
    inactive = select(UserAccount.id).where(UserAccount.status.in_(INACTIVE))
    statement = (
        select(func.count())
        .select_from(Individual)
        .where(
            Individual.expires_at > clock.now(),
            Individual.user_id.not_in(inactive),
            *_person_conditions(criteria, extra),
        )
    )
    return (await db.execute(statement)).scalar_one()


def _excluded(status: str) -> str:
    return "" if status == AccountStatus.ACTIVE else status


async def individual_members(
    db: AsyncSession, criteria: PersonCriteria, extra: ExtraCondition | None = None
) -> list[AudienceMember]:
    """Every 個人 matching the criteria, whatever the account's state (the state says why not)."""
    now = clock.now()
    rows = await db.execute(
        select(UserAccount.id, UserAccount.email, UserAccount.status, Individual.expires_at)
        .join(Individual, Individual.user_id == UserAccount.id)
        .where(*_person_conditions(criteria, extra))
        .order_by(UserAccount.id)
    )
    members = []
    for user_id, email, status, expires_at in rows.all():
        excluded = _excluded(status) or ("expired" if expires_at <= now else "")
        members.append(AudienceMember(user_id, email, "individual", excluded))
    return members


def _organization_conditions(criteria: OrganizationCriteria) -> list:
    conditions = []
    if criteria.org_types:
        conditions.append(Organization.org_type.in_(criteria.org_types))
    if criteria.activity_fields:
        # activity_fields is a comma-separated list of codes: match whole codes only.
        padded = literal(",") + Organization.activity_fields + literal(",")
        conditions.append(or_(*(padded.like(f"%,{code},%") for code in criteria.activity_fields)))
    return conditions


async def count_organizations(db: AsyncSession, criteria: OrganizationCriteria) -> int:
    statement = (
        select(func.count())
        .select_from(Organization)
        .join(UserAccount, UserAccount.id == Organization.user_id)
        .where(
            UserAccount.status == AccountStatus.ACTIVE,
            Organization.status == OrganizationStatus.APPROVED,
            *_organization_conditions(criteria),
        )
    )
    return (await db.execute(statement)).scalar_one()


async def organization_members(db: AsyncSession, criteria: OrganizationCriteria) -> list[AudienceMember]:
    rows = await db.execute(
        select(UserAccount.id, UserAccount.email, UserAccount.status, Organization.status)
        .join(Organization, Organization.user_id == UserAccount.id)
        .where(*_organization_conditions(criteria))
        .order_by(UserAccount.id)
    )
    members = []
    for user_id, email, status, org_status in rows.all():
        excluded = _excluded(status)
        if not excluded and org_status != OrganizationStatus.APPROVED:
            excluded = "disabled" if org_status == OrganizationStatus.DISABLED else "pending"
        members.append(AudienceMember(user_id, email, "organization", excluded))
    return members


async def merge_values(db: AsyncSession, user_ids: set[int]) -> dict[int, MergeValues]:
    """{氏名} {登録コード} {団体名} of many recipients in two queries."""
    if not user_ids:
        return {}
    people = await db.execute(
        select(Individual.user_id, Individual.family_name, Individual.given_name, Individual.registration_code).where(
            Individual.user_id.in_(user_ids)
        )
    )
    values = {user_id: MergeValues(f"{family} {given}", code, "") for user_id, family, given, code in people.all()}
    organizations = await db.execute(
        select(Organization.user_id, Organization.contact_name, Organization.name).where(
            Organization.user_id.in_(user_ids)
        )
    )
    for user_id, contact, name in organizations.all():
        values[user_id] = MergeValues(contact, "", name)
    return values
