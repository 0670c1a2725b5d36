"""The demo's 18 months of registrations (issue 16 item 7): individuals by kind and organizations
by type, registered on the seasonal calendar of app/demo_calendar.py, plus older registrants whose
two years ran out during the history (期限切れ). They are plain accounts with no résumé, so 人材閲覧,
offers and mailings of the demo people stay as the other loaders made them.

延長 and 退会 are written as account_event rows (features/accounts/counters.py), the last steps of
`seed_history`: `_extensions` — the older registrants whose expires_at lies four years after
registered_at were extended (about 40%, kept whatever the retention rule: a valid registration is
never erased), each at a moment in the month before their first two years ended, plus 団体の延長登録
of organizations older than the history (anonymous events: those organizations are not generated);
`_withdrawals` — a few percent of the history's people, withdrawn (anonymized as 退会 leaves them) at
a `spread` instant while their registration was valid."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import String, cast, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.demo_calendar import insert_dicts, insert_rows, spread
from app.reference import PREFECTURES
from features.accounts import passwords
from features.accounts.demo import COUNTRY_CODES, DEMO_PASSWORD, FAMILY, GIVEN, SECTOR_CODES, corporate_number
from features.accounts.models import (
    AccountEvent,
    AccountEventKind,
    AccountStatus,
    Individual,
    Organization,
    OrganizationStatus,
    OrganizationType,
    RegistrationKind,
    Role,
    UserAccount,
)

NEW_INDIVIDUALS = 2400  # registered during the 18 months
EXPIRING_INDIVIDUALS = 500  # registered two years earlier, their validity ended during the last year
NEW_ORGANIZATIONS = 150
EXTENDED_SHARE = 0.4  # of the older registrants whose two years ran out during the history
ORGANIZATION_EXTENSIONS = 60  # 団体の延長登録 over the history (organizations older than it)
WITHDRAWALS = 90  # 退会 over the history
MARKER = "@history.example.net"  # every history account's address ends so (higher slices ask for them)
ORG_TYPES = [
    (OrganizationType.CORPORATE, 0.55),
    (OrganizationType.NON_CORPORATE, 0.15),
    (OrganizationType.PUBLIC, 0.12),
    (OrganizationType.SIMPLE, 0.18),
]
REGIONS = [
    ("アジア", "アジア"),
    ("アフリカ", "アフリカ"),
    ("メコン", "メコン"),
    ("南アジア", "ミナミアジア"),
    ("太平洋", "タイヘイヨウ"),
    ("中南米", "チュウナンベイ"),
    ("東アフリカ", "ヒガシアフリカ"),
    ("西アフリカ", "ニシアフリカ"),
    ("中東", "チュウトウ"),
    ("地球", "チキュウ"),
]
THEMES = [
    ("教育支援", "キョウイクシエン"),
    ("保健医療", "ホケンイリョウ"),
    ("水と衛生", "ミズトエイセイ"),
    ("農業開発", "ノウギョウカイハツ"),
    ("防災協力", "ボウサイキョウリョク"),
    ("子ども支援", "コドモシエン"),
    ("環境保全", "カンキョウホゼン"),
    ("女性の自立支援", "ジョセイノジリツシエン"),
    ("平和構築", "ヘイワコウチク"),
    ("地域開発", "チイキカイハツ"),
]
ENDINGS = [("の会", "ノカイ"), ("ネットワーク", "ネットワーク"), ("協会", "キョウカイ"), ("センター", "センター")]
FORMS = {
    OrganizationType.CORPORATE: ["特定非営利活動法人", "一般社団法人", "公益財団法人", "株式会社"],
    OrganizationType.NON_CORPORATE: [""],
    OrganizationType.PUBLIC: ["学校法人", "公益財団法人 県国際交流協会"],
    OrganizationType.SIMPLE: ["株式会社", "合同会社"],
}


async def seed_history(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    password_hash = await passwords.hash_password(DEMO_PASSWORD)  # one hash, reused: a demo only
    codes = set((await db.execute(select(Individual.registration_code))).scalars())
    now = clock.now()
    years = timedelta(days=365 * settings.registration.valid_years)

    def code(prefix: str) -> str:
        while True:
            value = prefix + "".join(rng.choice("0123456789") for _ in range(7))
            if value not in codes:
                codes.add(value)
                return value

    people = [(at, at + years, False) for at in spread(rng, NEW_INDIVIDUALS, hours=(7, 24))]
    for ends in spread(rng, EXPIRING_INDIVIDUALS, hours=(0, 24)):
        extended = rng.random() < EXTENDED_SHARE  # 延長登録: still valid (_extensions dates it)
        if not extended and now - ends > timedelta(days=settings.registration.expired_retention_days - 30):
            continue  # the retention rule would already have erased them
        people.append((ends - years, ends + years if extended else ends, extended))
    users, rows = [], []
    for n, (registered, expires, _extended) in enumerate(people):
        family, given = rng.choice(FAMILY), rng.choice(GIVEN)
        user = dict(
            email=f"{given[2].lower()}.{family[2].lower()}.{n:04d}{MARKER}",
            password_hash=password_hash,
            role=Role.INDIVIDUAL,
            status=AccountStatus.ACTIVE,
            is_counselor=False,
            display_name=f"{family[0]} {given[0]}",
            created_at=registered,
            password_changed_at=registered,
        )
        users.append(user)
        rows.append((user, family, given, registered, expires))
    await insert_dicts(db, UserAccount, users)
    ids = await _user_ids(db)
    await insert_dicts(
        db,
        Individual,
        [
            dict(
                user_id=ids[user["email"]],
                registration_code=code("P"),
                kind=RegistrationKind.FULL if rng.random() < 0.75 else RegistrationKind.SIMPLE,
                family_name=family[0],
                given_name=given[0],
                family_name_kana=family[1],
                given_name_kana=given[1],
                family_name_roman=family[2],
                given_name_roman=given[2],
                birth_date=(registered - timedelta(days=rng.randint(22 * 365, 60 * 365))).date(),
                gender=given[3],
                nationality="JP",
                postal_code=f"{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}",
                prefecture=rng.choice(PREFECTURES),
                address="中央1-2-3",
                phone=f"090-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                registered_at=registered,
                expires_at=expires,
                jocv_declared=False,
            )
            for user, family, given, registered, expires in rows
        ],
    )
    await _organizations(db, rng, settings, password_hash)
    await _extensions(db, rng, years)
    await _withdrawals(db, rng)
    await db.flush()


async def _extensions(db: AsyncSession, rng: random.Random, years: timedelta) -> None:
    """延長登録: each history registrant whose validity is two periods long extended in the month
    before the first ended; and organizations older than the history extended theirs now and then."""
    rows = await db.execute(
        select(Individual.registered_at, Individual.expires_at, Individual.kind)
        .join(UserAccount, UserAccount.id == Individual.user_id)
        .where(UserAccount.email.endswith(MARKER))
        .order_by(Individual.registered_at, Individual.id)
    )
    events = [
        dict(
            event=AccountEventKind.INDIVIDUAL_EXTENDED.value,
            category=kind,
            occurred_at=registered + years - timedelta(days=rng.randint(1, 30), minutes=rng.randint(0, 1439)),
        )
        for registered, expires, kind in rows.all()
        if expires - registered > years * 1.5
    ]
    types, weights = zip(*ORG_TYPES, strict=True)
    events += [
        dict(
            event=AccountEventKind.ORGANIZATION_EXTENDED.value,
            category=rng.choices(types, weights)[0].value,
            occurred_at=at,
        )
        for at in spread(rng, ORGANIZATION_EXTENSIONS, hours=(10, 18))
    ]
    await insert_dicts(db, AccountEvent, events)


async def _withdrawals(db: AsyncSession, rng: random.Random) -> None:
    """退会: at `spread` instants, a history registrant then validly registered (for a month at
    least) leaves; the account is anonymized as features/accounts/lifecycle.py does it."""
    rows = (
        await db.execute(
            select(UserAccount.id, Individual.id, Individual.registered_at, Individual.expires_at, Individual.kind)
            .join(Individual, Individual.user_id == UserAccount.id)
            .where(UserAccount.email.endswith(MARKER))
            .order_by(Individual.registered_at, Individual.id)
        )
    ).all()
    gone: dict[int, int] = {}
    events = []
    for at in spread(rng, WITHDRAWALS, hours=(7, 24)):
        candidates = [r for r in rows if r[2] < at - timedelta(days=30) and r[3] > at and r[0] not in gone]
        if not candidates:
            continue
        user_id, individual_id, _registered, _expires, kind = rng.choice(candidates)
        gone[user_id] = individual_id
        events.append(dict(event=AccountEventKind.INDIVIDUAL_WITHDRAWN.value, category=kind, occurred_at=at))
    if not gone:
        return
    await insert_dicts(db, AccountEvent, events)
    await db.execute(
        update(UserAccount)
        .where(UserAccount.id.in_(list(gone)))
        .values(
            status=AccountStatus.WITHDRAWN,
            email="withdrawn-" + cast(UserAccount.id, String) + "@invalid.partner",
            display_name="退会者",
        )
    )
    await db.execute(
        update(Individual)
        .where(Individual.id.in_(list(gone.values())))
        .values(
            family_name="退会者",
            given_name="退会者",
            family_name_kana="タイカイシャ",
            given_name_kana="タイカイシャ",
            family_name_roman="WITHDRAWN",
            given_name_roman="WITHDRAWN",
            birth_date=date(1900, 1, 1),
            gender="",
            postal_code="",
            address="",
            phone="",
        )
    )


async def _organizations(db: AsyncSession, rng: random.Random, settings: Settings, password_hash: str) -> None:
    org_codes = set((await db.execute(select(Organization.org_code))).scalars())
    types, weights = zip(*ORG_TYPES, strict=True)
    valid = timedelta(days=365 * settings.registration.organization_valid_years)
    pending = []
    for n, approved_at in enumerate(spread(rng, NEW_ORGANIZATIONS, hours=(10, 18))):
        org_type = rng.choices(types, weights=weights)[0]
        (region, region_kana), (theme, theme_kana) = rng.choice(REGIONS), rng.choice(THEMES)
        ending, ending_kana = rng.choice(ENDINGS)
        form = rng.choice(FORMS[org_type])
        name = f"{form} {region}{theme}{ending}".strip()
        if org_type == OrganizationType.NON_CORPORATE:
            name += "（任意団体）"
        days_waiting = rng.choice([0, 1, 1, 2, 2, 3, 4, 6])
        submitted = approved_at - timedelta(days=days_waiting, hours=rng.randint(1, 6))
        user = UserAccount(
            email=f"office{n:03d}{MARKER}",
            password_hash=password_hash,
            role=Role.ORGANIZATION,
            status=AccountStatus.ACTIVE,
            display_name=name,
            created_at=submitted,
            password_changed_at=submitted,
        )
        while True:
            org_code = "D" + "".join(rng.choice("0123456789") for _ in range(7))
            if org_code not in org_codes:
                org_codes.add(org_code)
                break
        contact = f"{rng.choice(FAMILY)[0]} {rng.choice(GIVEN)[0]}"
        pending.append(
            (
                user,
                Organization(
                    org_type=org_type,
                    status=OrganizationStatus.APPROVED,
                    name=name,
                    name_kana=f"{region_kana}{theme_kana}{ending_kana}",
                    org_code=org_code,
                    corporate_number=corporate_number(rng)
                    if org_type in (OrganizationType.CORPORATE, OrganizationType.PUBLIC)
                    else "",
                    postal_code=f"{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}",
                    prefecture=rng.choice(PREFECTURES[:20]),
                    address="千代田区二番町5-25",
                    url="https://www.example.org/",
                    representative=f"代表 {rng.choice(FAMILY)[0]} {rng.choice(GIVEN)[0]}",
                    contact_name=contact,
                    contact_department="事業部",
                    contact_phone=f"03-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                    activity_fields=",".join(rng.sample(SECTOR_CODES, 3)),
                    activity_countries=",".join(rng.sample(COUNTRY_CODES, 3)),
                    achievements=f"{region}で{theme}の事業を続けています。",
                    list_publicly=rng.random() < 0.85,
                    submitted_at=submitted,
                    approved_at=approved_at,
                    registration_expires_at=approved_at + valid,
                    updated_at=approved_at,
                ),
            )
        )
    await insert_rows(db, [user for user, _ in pending])
    ids = await _user_ids(db)
    for user, organization in pending:
        organization.user_id = ids[user.email]
    await insert_rows(db, [organization for _, organization in pending])


async def _user_ids(db: AsyncSession) -> dict[str, int]:
    rows = await db.execute(select(UserAccount.email, UserAccount.id).where(UserAccount.email.endswith(MARKER)))
    return dict(rows.all())


@dataclass(frozen=True)
class HistoryParty:
    """A generated person or organization the higher slices' histories may use (never a demo
    account): `id` is the organization's id or the person's user id, `since` when it registered."""

    id: int
    user_id: int
    since: datetime
    kind: str  # RegistrationKind or OrganizationType value


async def history_people(db: AsyncSession) -> list[HistoryParty]:
    """The history's registrants still active, oldest first."""
    rows = await db.execute(
        select(UserAccount.id, Individual.registered_at, Individual.kind)
        .join(Individual, Individual.user_id == UserAccount.id)
        .where(UserAccount.email.endswith(MARKER), UserAccount.status == AccountStatus.ACTIVE)
        .order_by(Individual.registered_at, UserAccount.id)
    )
    return [HistoryParty(user_id, user_id, since, kind) for user_id, since, kind in rows.all()]


async def history_organizations(db: AsyncSession) -> list[HistoryParty]:
    """Approved organizations the history may use: its own and the generated ones of the demo
    (org1NN@example.net), never the demo accounts; oldest first."""
    rows = await db.execute(
        select(Organization.id, Organization.user_id, Organization.approved_at, Organization.org_type)
        .join(UserAccount, UserAccount.id == Organization.user_id)
        .where(
            Organization.status == OrganizationStatus.APPROVED,
            Organization.approved_at.is_not(None),
            UserAccount.email.endswith(MARKER) | UserAccount.email.like("org1__@example.net"),
        )
        .order_by(Organization.approved_at, Organization.id)
    )
    return [HistoryParty(*row) for row in rows.all()]
