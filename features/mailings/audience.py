"""Who a mailing reaches: the filters as stored (JSON), described in Japanese words, counted in one
statement and resolved into members at send time — all through the accounts and talent slices'
public audience functions, with the talent search's own vocabulary."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from sqlalchemy.ext.asyncio import AsyncSession

from app.reference import LANGUAGES, OVERSEAS, PREFECTURES, SECTORS
from features.accounts import api as accounts
from features.accounts.api import OrganizationType, RegistrationKind
from features.mailings.models import AudienceKind
from features.talent import api as talent

KIND_LABELS = {
    AudienceKind.INDIVIDUALS: "個人",
    AudienceKind.ORGANIZATIONS: "団体",
    AudienceKind.NEWS_SUBSCRIBERS: "PARTNERニュースの購読者（有効な団体と個人すべて）",
}
AGE_BANDS = (("20", "20代"), ("30", "30代"), ("40", "40代"), ("50", "50代"), ("60", "60代以上"))
REGISTRATION_KINDS = tuple((k.value, k.value) for k in RegistrationKind)
ORGANIZATION_TYPES = tuple((t.value, t.value) for t in OrganizationType)
RESIDENCES = tuple((p, p) for p in PREFECTURES) + ((OVERSEAS, "海外在住"),)
WISH_LOCATIONS = (("国内", "国内"), ("海外", "海外"))
EMPLOYMENT_TYPES = tuple((e, e) for e in ("正職員", "契約職員", "業務委託", "インターン", "ボランティア", "その他"))
FLEXIBLE_WORK = (
    ("remote", "リモートワーク可"),
    ("short_hours", "時短勤務可"),
    ("side_job", "副業・兼業可"),
    ("flextime", "フレックスタイム制"),
    ("four_days", "週4日以下の勤務可"),
    ("family", "家族帯同可"),
)
EXCLUSION_LABELS = {
    "opted_out": "配信停止の設定",
    "bounced": "不達メールアドレス",
    "deceased": "物故",
    "withdrawn": "退会・無効登録",
    "suspended": "利用停止",
    "pending": "承認前",
    "expired": "登録期限切れ",
    "disabled": "無効登録",
}


@dataclass(frozen=True)
class Audience:
    kind: str = AudienceKind.INDIVIDUALS
    # 個人
    kinds: tuple[str, ...] = ()
    prefectures: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    jocv: bool = False
    sector: str = ""
    min_years: int = 0
    language: str = ""
    min_level: str = ""
    wish_location: str = ""
    employment: str = ""
    flexible: tuple[str, ...] = field(default_factory=tuple)
    # 団体
    org_types: tuple[str, ...] = ()
    activity_fields: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Audience:
        data = json.loads(text or "{}")
        known = {f.name for f in fields(cls)}
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known}
        return cls(**values)

    @property
    def person(self) -> accounts.PersonCriteria:
        return accounts.PersonCriteria(
            kinds=self.kinds, prefectures=self.prefectures, age_bands=self.age_bands, jocv=self.jocv
        )

    @property
    def resume(self) -> talent.ResumeCriteria:
        return talent.ResumeCriteria(
            sector=self.sector,
            min_years=self.min_years if self.sector else 0,
            language=self.language,
            min_level=self.min_level if self.language else "",
            wish_location=self.wish_location,
            employment=self.employment,
            flexible=self.flexible,
        )

    @property
    def organization(self) -> accounts.OrganizationCriteria:
        return accounts.OrganizationCriteria(org_types=self.org_types, activity_fields=self.activity_fields)


def _names(codes, choices) -> str:
    labels = dict(choices)
    return "・".join(labels.get(code, code) for code in codes)


def describe(audience: Audience) -> str:
    """The audience in Japanese words, as the archive keeps it."""
    head = KIND_LABELS.get(audience.kind, audience.kind)
    parts: list[str] = []
    if audience.kind == AudienceKind.INDIVIDUALS:
        if audience.kinds:
            parts.append(f"登録種別：{_names(audience.kinds, REGISTRATION_KINDS)}")
        if audience.sector:
            years = f"（経験{audience.min_years}年以上）" if audience.min_years else ""
            parts.append(f"分野・課題：{_names([audience.sector], SECTORS)}{years}")
        if audience.language:
            level = f"（レベル{audience.min_level}以上）" if audience.min_level else ""
            parts.append(f"語学：{_names([audience.language], LANGUAGES)}{level}")
        if audience.prefectures:
            parts.append(f"居住地：{_names(audience.prefectures, RESIDENCES)}")
        if audience.age_bands:
            parts.append(f"年齢帯：{_names(audience.age_bands, AGE_BANDS)}")
        if audience.jocv:
            parts.append("帰国隊員（JOCV確認済み）")
        if audience.wish_location:
            parts.append(f"希望勤務地：{audience.wish_location}")
        if audience.employment:
            parts.append(f"希望する雇用形態：{audience.employment}")
        if audience.flexible:
            parts.append(f"多様な働き方：{_names(audience.flexible, FLEXIBLE_WORK)}")
    elif audience.kind == AudienceKind.ORGANIZATIONS:
        if audience.org_types:
            parts.append(f"団体種別：{_names(audience.org_types, ORGANIZATION_TYPES)}")
        if audience.activity_fields:
            parts.append(f"活動分野：{_names(audience.activity_fields, SECTORS)}")
    if audience.kind != AudienceKind.NEWS_SUBSCRIBERS and not parts:
        parts.append("条件なし（全員）")
    return head + ("：" + "、".join(parts) if parts else "")


async def count(db: AsyncSession, audience: Audience) -> int:
    """Active accounts matching (preferences and 不達 are applied at send time): one statement per kind."""
    if audience.kind == AudienceKind.INDIVIDUALS:
        return await talent.count_audience(db, audience.person, audience.resume)
    if audience.kind == AudienceKind.ORGANIZATIONS:
        return await accounts.count_organizations(db, audience.organization)
    return await accounts.count_individuals(db, accounts.PersonCriteria()) + await accounts.count_organizations(
        db, accounts.OrganizationCriteria()
    )


async def members(db: AsyncSession, audience: Audience) -> list[accounts.AudienceMember]:
    """Every matching account, active or not (the member says why not): resolved at send time."""
    if audience.kind == AudienceKind.INDIVIDUALS:
        return await talent.audience_members(db, audience.person, audience.resume)
    if audience.kind == AudienceKind.ORGANIZATIONS:
        return await accounts.organization_members(db, audience.organization)
    people = await accounts.individual_members(db, accounts.PersonCriteria())
    return people + await accounts.organization_members(db, accounts.OrganizationCriteria())
