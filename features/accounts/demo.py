"""Demo accounts (all with the password partner-demo-2026) and generated registrants."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.reference import PREFECTURES, SECTORS, corporate_number_check_digit
from features.accounts import deceased, passwords, service
from features.accounts.models import (
    AccountStatus,
    Individual,
    Organization,
    OrganizationStatus,
    OrganizationType,
    RegistrationKind,
    Role,
    UserAccount,
)

DEMO_PASSWORD = "partner-demo-2026"

FAMILY = [
    ("佐藤", "サトウ", "SATO"),
    ("鈴木", "スズキ", "SUZUKI"),
    ("高橋", "タカハシ", "TAKAHASHI"),
    ("田中", "タナカ", "TANAKA"),
    ("伊藤", "イトウ", "ITO"),
    ("渡辺", "ワタナベ", "WATANABE"),
    ("山本", "ヤマモト", "YAMAMOTO"),
    ("中村", "ナカムラ", "NAKAMURA"),
    ("小林", "コバヤシ", "KOBAYASHI"),
    ("加藤", "カトウ", "KATO"),
    ("吉田", "ヨシダ", "YOSHIDA"),
    ("山田", "ヤマダ", "YAMADA"),
    ("佐々木", "ササキ", "SASAKI"),
    ("松本", "マツモト", "MATSUMOTO"),
    ("井上", "イノウエ", "INOUE"),
    ("木村", "キムラ", "KIMURA"),
    ("林", "ハヤシ", "HAYASHI"),
    ("清水", "シミズ", "SHIMIZU"),
    ("山口", "ヤマグチ", "YAMAGUCHI"),
    ("森", "モリ", "MORI"),
    ("阿部", "アベ", "ABE"),
    ("池田", "イケダ", "IKEDA"),
]
GIVEN = [
    ("翔太", "ショウタ", "Shota", "男性"),
    ("美咲", "ミサキ", "Misaki", "女性"),
    ("健一", "ケンイチ", "Kenichi", "男性"),
    ("陽子", "ヨウコ", "Yoko", "女性"),
    ("大輔", "ダイスケ", "Daisuke", "男性"),
    ("彩", "アヤ", "Aya", "女性"),
    ("拓也", "タクヤ", "Takuya", "男性"),
    ("由美", "ユミ", "Yumi", "女性"),
    ("直樹", "ナオキ", "Naoki", "男性"),
    ("恵", "メグミ", "Megumi", "女性"),
    ("浩二", "コウジ", "Koji", "男性"),
    ("真理子", "マリコ", "Mariko", "女性"),
    ("悠", "ユウ", "Yu", "回答しない"),
    ("愛", "アイ", "Ai", "女性"),
    ("誠", "マコト", "Makoto", "男性"),
    ("さくら", "サクラ", "Sakura", "女性"),
    ("亮", "リョウ", "Ryo", "男性"),
    ("千尋", "チヒロ", "Chihiro", "その他"),
]
ORG_NAMES = [
    ("特定非営利活動法人 アジア教育支援の会", "アジアキョウイクシエンノカイ"),
    ("公益社団法人 国際保健協力機構", "コクサイホケンキョウリョクキコウ"),
    ("株式会社 グローバル開発コンサルタンツ", "グローバルカイハツコンサルタンツ"),
    ("一般社団法人 アフリカ農業開発ネットワーク", "アフリカノウギョウカイハツネットワーク"),
    ("特定非営利活動法人 水と衛生のパートナーズ", "ミズトエイセイノパートナーズ"),
    ("株式会社 インフラ・テクノ国際", "インフラテクノコクサイ"),
    ("公益財団法人 国際防災研究センター", "コクサイボウサイケンキュウセンター"),
    ("特定非営利活動法人 難民とともに歩む会", "ナンミントトモニアユムカイ"),
    ("国立大学法人 東都大学 国際協力推進室", "トウトダイガクコクサイキョウリョクスイシンシツ"),
    ("○○県 国際交流課", "マルマルケンコクサイコウリュウカ"),
    ("株式会社 エデュケーション・フォー・オール", "エデュケーションフォーオール"),
    ("特定非営利活動法人 森と海の環境ネット", "モリトウミノカンキョウネット"),
    ("一般財団法人 ジェンダー平等推進協会", "ジェンダービョウドウスイシンキョウカイ"),
    ("株式会社 パシフィック・エンジニアリング", "パシフィックエンジニアリング"),
    ("特定非営利活動法人 母子保健サポートネット", "ボシホケンサポートネット"),
]
SECTOR_CODES = [code for code, _ in SECTORS]
COUNTRY_CODES = [
    "KH",
    "VN",
    "LA",
    "MM",
    "PH",
    "ID",
    "TH",
    "NP",
    "BD",
    "LK",
    "IN",
    "KE",
    "TZ",
    "UG",
    "RW",
    "ET",
    "GH",
    "SN",
    "MZ",
    "ZM",
    "MW",
    "BR",
    "PE",
    "BO",
    "PY",
    "HN",
    "GT",
    "JO",
    "EG",
    "MN",
    "UZ",
    "PG",
    "FJ",
]


def corporate_number(rng: random.Random) -> str:
    base = "".join(rng.choice("0123456789") for _ in range(12))
    return f"{corporate_number_check_digit(base)}{base}"


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    password_hash = await passwords.hash_password(DEMO_PASSWORD)  # one hash, reused: a demo only
    now = clock.now()

    async def account(email: str, role: str, name: str, status: str = AccountStatus.ACTIVE, **extra) -> UserAccount:
        user = UserAccount(
            email=email,
            password_hash=password_hash,
            role=role,
            status=status,
            display_name=name,
            created_at=now - timedelta(days=rng.randint(30, 700)),
            password_changed_at=now,
            **extra,
        )
        db.add(user)
        await db.flush()
        return user

    await account("admin@example.org", Role.SECRETARIAT, "PARTNER事務局 管理者")
    await account("counselor@example.org", Role.COUNSELOR, "キャリア相談員 小野寺", is_counselor=True)

    async def individual(
        email: str, kind: str, names, *, jocv: bool = False, verified: bool = False, expires_in_days: int | None = None
    ) -> None:
        (family, family_kana, family_roman), (given, given_kana, given_roman, gender) = names
        user = await account(email, Role.INDIVIDUAL, f"{family} {given}")
        registered = now - timedelta(days=rng.randint(10, 600))
        expires = (
            now + timedelta(days=expires_in_days) if expires_in_days is not None else registered + timedelta(days=730)
        )
        db.add(
            Individual(
                user_id=user.id,
                registration_code=await service.new_registration_code(db),
                kind=kind,
                family_name=family,
                given_name=given,
                family_name_kana=family_kana,
                given_name_kana=given_kana,
                family_name_roman=family_roman,
                given_name_roman=given_roman,
                birth_date=date(rng.randint(1965, 2001), rng.randint(1, 12), rng.randint(1, 28)),
                gender=gender,
                nationality="JP",
                postal_code=f"{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}",
                prefecture=rng.choice(PREFECTURES),
                address="中央1-2-3",
                phone=f"090-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                registered_at=registered,
                expires_at=expires,
                jocv_declared=jocv,
                jocv_verified_at=now - timedelta(days=5) if verified else None,
            )
        )

    await individual("talent@example.org", RegistrationKind.FULL, (FAMILY[11], GIVEN[1]), jocv=True, verified=True)
    await individual("talent2@example.org", RegistrationKind.SIMPLE, (FAMILY[3], GIVEN[2]))
    for i in range(200):
        names = (rng.choice(FAMILY), rng.choice(GIVEN))
        kind = RegistrationKind.FULL if rng.random() < 0.8 else RegistrationKind.SIMPLE
        jocv = rng.random() < 0.2
        expires_in = rng.choice([None, None, None, None, 20, -30])  # some expiring soon, some expired
        await individual(
            f"talent{i + 100:03d}@example.net",
            kind,
            names,
            jocv=jocv,
            verified=jocv and rng.random() < 0.7,
            expires_in_days=expires_in,
        )

    async def organization(
        email: str,
        org_type: str,
        name: str,
        kana: str,
        status: str = OrganizationStatus.APPROVED,
        is_jica: bool = False,
    ) -> None:
        account_status = AccountStatus.ACTIVE if status == OrganizationStatus.APPROVED else AccountStatus.PENDING
        user = await account(email, Role.ORGANIZATION, name, status=account_status)
        submitted = now - timedelta(days=rng.randint(3, 900))
        has_number = org_type in (OrganizationType.CORPORATE, OrganizationType.PUBLIC)
        db.add(
            Organization(
                user_id=user.id,
                org_type=org_type,
                status=status,
                name=name,
                name_kana=kana,
                org_code=await service.new_org_code(db) if status == OrganizationStatus.APPROVED else None,
                corporate_number=corporate_number(rng) if has_number else "",
                postal_code=f"{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}",
                prefecture=rng.choice(PREFECTURES[:20]),
                address="千代田区二番町5-25",
                url="https://www.example.org/",
                representative="代表理事 " + rng.choice(FAMILY)[0] + " " + rng.choice(GIVEN)[0],
                contact_name=rng.choice(FAMILY)[0] + " " + rng.choice(GIVEN)[0],
                contact_department="事業部",
                contact_phone=f"03-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                activity_fields=",".join(rng.sample(SECTOR_CODES, 3)),
                activity_countries=",".join(rng.sample(COUNTRY_CODES, 4)),
                achievements="2005年からアジア・アフリカで教育・保健分野のプロジェクトを実施しています。",
                list_publicly=rng.random() < 0.85,
                is_jica=is_jica,
                submitted_at=submitted,
                approved_at=submitted + timedelta(days=2) if status == OrganizationStatus.APPROVED else None,
                registration_expires_at=(
                    submitted + timedelta(days=2 + 365 * settings.registration.organization_valid_years)
                    if status == OrganizationStatus.APPROVED
                    else None
                ),
                updated_at=submitted,
            )
        )

    await organization(
        "org@example.org",
        OrganizationType.CORPORATE,
        "特定非営利活動法人 サンプル国際協力ネット",
        "サンプルコクサイキョウリョクネット",
    )
    await organization(
        "org2@example.org",
        OrganizationType.CORPORATE,
        "特定非営利活動法人 みらい開発パートナーズ",
        "ミライカイハツパートナーズ",
    )
    await organization(
        "jica@example.org",
        OrganizationType.PUBLIC,
        "独立行政法人 国際協力機構（デモ）",
        "コクサイキョウリョクキコウデモ",
        is_jica=True,  # enters 公募・公示 (features/recruitment)
    )
    await organization(
        "nocorp@example.org",
        OrganizationType.NON_CORPORATE,
        "アジア子ども基金の会（任意団体）",
        "アジアコドモキキンノカイ",
    )
    await organization(
        "simple@example.org", OrganizationType.SIMPLE, "株式会社 海外展開準備室", "カイガイテンカイジュンビシツ"
    )
    await organization(
        "pending@example.org",
        OrganizationType.CORPORATE,
        "特定非営利活動法人 承認待ち国際協力会",
        "ショウニンマチコクサイキョウリョクカイ",
        status=OrganizationStatus.PENDING,
    )
    types = [OrganizationType.CORPORATE] * 6 + [
        OrganizationType.PUBLIC,
        OrganizationType.NON_CORPORATE,
        OrganizationType.SIMPLE,
    ]
    for i in range(30):
        name, kana = ORG_NAMES[i % len(ORG_NAMES)]
        suffix = f" 第{i // len(ORG_NAMES) + 1}事業部" if i >= len(ORG_NAMES) else ""
        status = OrganizationStatus.PENDING if i % 10 == 9 else OrganizationStatus.APPROVED
        await organization(f"org{i + 100:03d}@example.net", rng.choice(types), name + suffix, kana, status=status)
    await db.flush()
    # 団体の延長登録: two organizations near the end of their registration, one past it.
    for email, days in (("org100@example.net", 20), ("org101@example.net", 50), ("org102@example.net", -10)):
        user = await service.user_by_email(db, email)
        expiring = await service.organization_of(db, user.id)
        expiring.registration_expires_at = now + timedelta(days=days)
    await _seed_deceased(db, password_hash)


async def _seed_deceased(db: AsyncSession, password_hash: str) -> None:
    """Two 物故 records (物故者管理): fixed values, so the shared random sequence of the other demo
    loaders does not move."""
    now = clock.now()
    admin = await service.user_by_email(db, "admin@example.org")
    people = (
        ("late1@example.net", ("大川", "オオカワ", "OKAWA"), ("正夫", "マサオ", "Masao"), date(1941, 3, 3), 40),
        ("late2@example.net", ("森田", "モリタ", "MORITA"), ("静子", "シズコ", "Shizuko"), date(1948, 9, 12), 12),
    )
    for email, family, given, born, days_ago in people:
        user = UserAccount(
            email=email,
            password_hash=password_hash,
            role=Role.INDIVIDUAL,
            status=AccountStatus.ACTIVE,
            display_name=f"{family[0]} {given[0]}",
            created_at=now - timedelta(days=2000),
            password_changed_at=now,
        )
        db.add(user)
        await db.flush()
        db.add(
            Individual(
                user_id=user.id,
                registration_code=await service.new_registration_code(db),
                kind=RegistrationKind.FULL,
                family_name=family[0],
                given_name=given[0],
                family_name_kana=family[1],
                given_name_kana=given[1],
                family_name_roman=family[2],
                given_name_roman=given[2],
                birth_date=born,
                nationality="JP",
                prefecture="東京都",
                phone="03-0000-0000",
                registered_at=now - timedelta(days=2000),
                expires_at=now + timedelta(days=300),
            )
        )
        await db.flush()
        record = await deceased.record_death(
            db,
            user.id,
            died_on=(now - timedelta(days=days_ago + 10)).date(),
            source=deceased.DEFAULT_SOURCE,
            actor_id=admin.id,
        )
        record.recorded_at = now - timedelta(days=days_ago)
