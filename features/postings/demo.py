"""Demo postings: every status for the demo organizations, and a few hundred published ones.

Everything is computed from the clock at load time: nothing was created, updated or approved after
now, publication periods lie around now, and no title is used twice (so no organization lists the
same posting four times).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.clock import JST
from app.config import Settings
from app.reference import COUNTRIES, LANGUAGES, SECTORS
from features.accounts import api as accounts
from features.postings import forms, service
from features.postings.models import Posting, PostingKind, PostingStatus, RevisionState

SECTOR_LABELS = dict(SECTORS)
LANGUAGE_NAMES = dict(LANGUAGES)
COUNTRY_NAMES = dict(COUNTRIES)
# Where the overseas postings are: (country, city, the working language besides English or None).
PLACES = [
    ("KH", "プノンペン", "km"),
    ("VN", "ハノイ", "vi"),
    ("LA", "ビエンチャン", "lo"),
    ("MM", "ヤンゴン", "my"),
    ("PH", "マニラ", "tl"),
    ("ID", "ジャカルタ", "id"),
    ("TH", "バンコク", "th"),
    ("NP", "カトマンズ", "ne"),
    ("BD", "ダッカ", "bn"),
    ("LK", "コロンボ", "si"),
    ("KE", "ナイロビ", "sw"),
    ("TZ", "ダルエスサラーム", "sw"),
    ("UG", "カンパラ", None),
    ("RW", "キガリ", "fr"),
    ("ET", "アディスアベバ", "am"),
    ("GH", "アクラ", None),
    ("SN", "ダカール", "fr"),
    ("MZ", "マプト", "pt"),
    ("ZM", "ルサカ", None),
    ("MW", "リロングウェ", None),
    ("JO", "アンマン", "ar"),
    ("MN", "ウランバートル", "mn"),
    ("PE", "リマ", "es"),
    ("BO", "ラパス", "es"),
    ("HN", "テグシガルパ", "es"),
    ("PG", "ポートモレスビー", None),
    ("FJ", "スバ", None),
]
PROJECTS = [
    ("education", "初等教育改善プロジェクト"),
    ("education", "理数科教育強化プロジェクト"),
    ("education", "教員養成校支援"),
    ("health", "母子保健プロジェクト"),
    ("health", "保健人材育成"),
    ("health", "感染症対策強化"),
    ("health", "地域保健システム強化"),
    ("water", "給水衛生改善"),
    ("water", "都市水道整備"),
    ("agriculture", "農村開発"),
    ("agriculture", "稲作振興プロジェクト"),
    ("agriculture", "小規模農家の市場アクセス改善"),
    ("disaster_risk", "防災・復興支援"),
    ("disaster_risk", "コミュニティ防災"),
    ("peacebuilding", "難民支援事業"),
    ("peacebuilding", "地域和解・平和構築"),
    ("gender", "ジェンダー平等推進"),
    ("gender", "女性の起業支援"),
    ("nature_conservation", "森林保全"),
    ("environment", "廃棄物管理改善"),
    ("private_sector", "中小企業振興"),
    ("ict", "行政デジタル化支援"),
    ("energy", "再生可能エネルギー普及"),
    ("transport", "都市交通計画"),
    ("fisheries", "沿岸漁業振興"),
    ("social_security", "障害者の社会参加促進"),
    ("governance", "地方行政能力強化"),
    ("japanese_language", "日本語教育支援"),
    ("sports", "スポーツを通じた青少年育成"),
    ("poverty", "生計向上支援"),
    ("urban_regional", "都市計画策定支援"),
    ("public_finance", "税務行政改善"),
    ("civic_engagement", "市民社会強化"),
]
ROLES = [
    "プロジェクトオフィサー",
    "プログラムマネージャー",
    "フィールドコーディネーター",
    "業務調整員",
    "技術アドバイザー",
    "モニタリング・評価担当",
    "現地事務所長",
    "調査員",
    "インターン",
    "専門家",
]
DOMESTIC = [  # (title, job type, sector, city)
    ("東京本部 広報・ファンドレイジング担当", "広報・ファンドレイジング", "civic_engagement", "東京都千代田区"),
    ("東京本部 海外事業部 経理・財務担当", "経理・財務", "civic_engagement", "東京都新宿区"),
    ("大阪事務所 海外事業アシスタント（時短可）", "事業アシスタント", "education", "大阪市"),
    ("名古屋事務所 研修事業コーディネーター", "研修コーディネーター", "education", "名古屋市"),
    ("福岡事務所 多文化共生プログラム担当", "プログラム担当", "civic_engagement", "福岡市"),
    ("本部 人事・労務担当（海外派遣者の安全管理）", "人事・労務", "peacebuilding", "東京都文京区"),
    ("仙台事務所 防災教育プログラム担当", "プログラム担当", "disaster_risk", "仙台市"),
    ("横浜事務所 海外研修員受入コーディネーター", "研修コーディネーター", "urban_regional", "横浜市"),
]
EMPLOYMENT = ["正職員", "契約職員", "業務委託"]
WEB_TITLE = "【Web応募】カンボジア 母子保健プロジェクト プロジェクトオフィサー"  # the browser tests apply to it


class Titles:
    """No title twice: a demo list should not look generated."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def pick(self, make: Callable[[], tuple]) -> tuple:
        for _ in range(1000):
            choice = make()
            if choice[0] not in self.used:
                self.used.add(choice[0])
                return choice
        raise RuntimeError("demo titles ran out")


def plausible_job(rng: random.Random) -> tuple[str, str, str, str, str, str | None]:
    """(title, job type, sector, country, city, language) of one plausible job."""
    if rng.random() < 0.1:
        title, job_type, sector, city = rng.choice(DOMESTIC)
        return title, job_type, sector, "JP", city, None
    country, city, language = rng.choice(PLACES)
    sector, project = rng.choice(PROJECTS)
    role = rng.choice(ROLES)
    return f"{COUNTRY_NAMES[country]} {project} {role}", role, sector, country, city, language


def _month_after(day: date, months: int) -> str:
    month = day.month - 1 + months
    return f"{day.year + month // 12}年{month % 12 + 1}月"


def job_values(rng: random.Random, job: tuple, *, opens: date, closes: date, publish: datetime) -> dict:
    title, job_type, sector, country, city, language = job
    return {
        "title": title,
        "job_type": job_type,
        "sector": sector,
        "location_kind": "domestic" if country == "JP" else "overseas",
        "country": country,
        "city": city,
        "employment_type": "インターン" if job_type == "インターン" else rng.choice(EMPLOYMENT),
        "opens_on": opens.isoformat(),
        "closes_on": closes.isoformat(),
        "publish_at": publish.astimezone(JST).strftime("%Y-%m-%dT%H:%M"),
        "duties": f"{city}を拠点に、{SECTOR_LABELS[sector]}分野の事業の計画・実施・モニタリングを担当します。\n"
        "関係者との調整、報告書の作成、予算管理を行います。",
        "requirements": "国際協力分野での実務経験2年以上。英語での業務遂行能力。",
        "preferred": "JICA海外協力隊の経験。" + (f"{LANGUAGE_NAMES[language]}の知識。" if language else ""),
        "language": "en",
        "language_level": rng.choice("SAB"),
        "salary": "当団体規定による（経験を考慮）。" + ("" if country == "JP" else "海外手当・住居手当あり。"),
        "start": f"{_month_after(closes, 2)}（応相談）",
        "flexible_work": rng.sample([c for c, _ in forms.FLEXIBLE_WORK], rng.randint(0, 2)),
        "for_jocv": rng.random() < 0.1,
        "contact": "採用担当：recruit@example.org",
        "application_method": rng.choice(["web", "web", "external", "other"]),
        "resume_type": "general",
        "resume_items": ["education", "career", "languages"],
        "resume_attachment": "履歴書（様式自由）",
        "required_documents": ["志望動機書"],
        "optional_documents": ["語学証明書（TOEICスコア等）"],
        "external_url": "https://www.example.org/recruit",
        "other_instructions": "履歴書をメールでお送りください。",
    }


def _life(posting: Posting, status: str, publish: datetime, now: datetime) -> None:
    """The posting's history, all of it before now: created → submitted → approved (a day before its
    publication, or before now when that is still to come) → published → stopped."""
    if status in (PostingStatus.APPROVED, PostingStatus.STOPPED):
        posting.approved_at = posting.updated_at = min(publish, now) - timedelta(days=1)
        posting.submitted_at = posting.approved_at - timedelta(days=2)
        posting.published_at = publish if publish <= now else None
    elif status == PostingStatus.RETURNED:
        posting.submitted_at, posting.updated_at = now - timedelta(days=4), now - timedelta(days=2)
    elif status == PostingStatus.PENDING:
        posting.submitted_at = posting.updated_at = now - timedelta(hours=20)
    else:
        posting.updated_at = now - timedelta(days=1)
    posting.created_at = (posting.submitted_at or posting.updated_at) - timedelta(days=2)
    if status == PostingStatus.STOPPED:
        posting.stopped_at = posting.updated_at = now - timedelta(hours=6)


def _add(db, org, kind: str, values: dict, status: str, now: datetime, publish: datetime) -> Posting:
    posting = Posting(
        organization_id=org.id,
        kind=kind,
        status=status,
        draft=json.dumps(values, ensure_ascii=False),
        created_at=now,
        updated_at=now,
    )
    if status in (PostingStatus.APPROVED, PostingStatus.STOPPED):
        service.publish_columns(posting, values)
    if status == PostingStatus.RETURNED:
        posting.return_reason = "応募資格の記載が具体的でないため、必要な経験年数と語学レベルを明記してください。"
    _life(posting, status, publish, now)
    db.add(posting)
    return posting


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    organizations = [
        o
        for o in await accounts.approved_organizations(db)
        if o.org_type in ("国際協力団体（法人格あり）", "JICA・政府機関・学校法人・地方自治体")
    ]
    now = clock.now()
    today = now.astimezone(JST).date()
    titles = Titles()

    def add(
        org, status: str, *, days_open: int = 30, published_ago: int = 5, job: tuple | None = None, **fixed
    ) -> Posting:
        """published_ago < 0: 掲載希望日時 still to come."""
        publish = now - timedelta(days=published_ago)
        values = job_values(
            rng,
            job or titles.pick(lambda: plausible_job(rng)),
            opens=today - timedelta(days=published_ago),
            closes=today + timedelta(days=days_open),
            publish=publish,
        )
        values.update(fixed)
        return _add(db, org, PostingKind.JOB, values, status, now, publish)

    demo_org = organizations[0]  # org@example.org: one posting in every status
    add(demo_org, PostingStatus.DRAFT, published_ago=-10)
    add(demo_org, PostingStatus.PENDING, published_ago=-3)
    add(demo_org, PostingStatus.RETURNED, published_ago=-5)
    add(demo_org, PostingStatus.APPROVED, published_ago=-7)  # 掲載予定
    titles.used.add(WEB_TITLE)
    add(
        demo_org,
        PostingStatus.APPROVED,
        days_open=120,
        application_method="web",  # 掲載中, Web応募
        job=(WEB_TITLE, "プロジェクトオフィサー", "health", "KH", "プノンペン", "km"),
    )
    add(demo_org, PostingStatus.APPROVED, days_open=-10, published_ago=40)  # 掲載終了
    add(demo_org, PostingStatus.STOPPED, published_ago=20)  # 掲載中止
    revised = add(demo_org, PostingStatus.APPROVED)  # 掲載中, with a pending revision
    revised_values = json.loads(revised.draft)
    revised_values["salary"] = "月額35万円〜（経験を考慮）。海外手当・住居手当あり。"
    revised.draft = json.dumps(revised_values, ensure_ascii=False)
    revised.revision_state = RevisionState.PENDING
    revised.submitted_at = revised.updated_at = now - timedelta(hours=5)
    for _ in range(300):
        add(
            rng.choice(organizations),
            PostingStatus.APPROVED,
            days_open=rng.randint(3, 90),
            published_ago=rng.randint(0, 60),
        )
    for _ in range(40):
        _add_event(db, rng, titles, rng.choice(organizations), now)
    _add_event(db, rng, titles, demo_org, now, status=PostingStatus.PENDING)
    for _ in range(12):
        _add_notice(db, rng, titles, rng.choice(organizations), now)
    _add_notice(db, rng, titles, demo_org, now, status=PostingStatus.DRAFT)


SKILLS = [
    "プロジェクトマネジメント",
    "モニタリング・評価",
    "会計・財務管理",
    "安全管理",
    "広報・ファンドレイジング",
    "ファシリテーション",
    "参加型開発手法",
    "報告書作成",
]


def plausible_event(rng: random.Random) -> tuple[str, str, str]:
    """(title, 種別, sector) of one event."""
    sector, _ = rng.choice(PROJECTS)
    country = COUNTRY_NAMES[rng.choice(PLACES)[0]]
    return rng.choice(
        [
            (f"国際協力キャリアセミナー「{SECTOR_LABELS[sector]}の分野で働く」", "セミナー", sector),
            (f"{country}事業 活動報告会", "イベント", sector),
            (f"{SECTOR_LABELS[sector]} オンライン勉強会", "セミナー", sector),
            (f"帰国隊員トークイベント「{country}で働いて」", "イベント", sector),
            (f"NGOスタッフのための{rng.choice(SKILLS)}研修", "研修", "civic_engagement"),
        ]
    )


def _add_event(
    db, rng: random.Random, titles: Titles, org, now: datetime, status: str = PostingStatus.APPROVED
) -> None:
    title, event_type, sector = titles.pick(lambda: plausible_event(rng))
    starts = (now + timedelta(days=rng.randint(10, 90))).astimezone(JST).replace(hour=14, minute=0)
    publish = now - timedelta(days=rng.randint(0, 10)) if status == PostingStatus.APPROVED else now + timedelta(days=2)
    venue_kind = rng.choice(["venue", "online", "hybrid"])
    values = {
        "title": title,
        "event_type": event_type,
        "sector": sector,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": starts.replace(hour=16).strftime("%Y-%m-%dT%H:%M"),
        "venue_kind": venue_kind,
        "venue": "" if venue_kind == "online" else "JICA市ヶ谷ビル 2階 国際会議場",
        "audience": "国際協力に関心のある学生・社会人",
        "capacity": str(rng.choice([30, 50, 100, 200])),
        "fee": rng.choice(["無料", "1,000円", "3,000円（資料代）"]),
        "closes_on": (starts.date() - timedelta(days=2)).isoformat(),
        "publish_at": publish.astimezone(JST).strftime("%Y-%m-%dT%H:%M"),
        "description": "現場で活躍する専門家が、仕事の内容やキャリアの築き方をお話しします。質疑応答の時間もあります。",
        "contact": "イベント担当：event@example.org",
        "application_method": rng.choice(["web", "external", "other"]),
        "resume_type": "general",
        "resume_items": [],
        "external_url": "https://www.example.org/event",
        "other_instructions": "メールで氏名・所属をお知らせください。",
        "required_documents": [],
        "optional_documents": [],
    }
    _add(db, org, PostingKind.EVENT, values, status, now, publish)


def _notice(rng: random.Random, today: date) -> tuple[str, str]:
    """(title, body) of one notice; its dates follow today."""
    moving = today.replace(day=1) + timedelta(days=45)
    talk = today + timedelta(days=rng.randint(14, 40))
    country = COUNTRY_NAMES[rng.choice(PLACES)[0]]
    return rng.choice(
        [
            ("事務所移転のお知らせ", f"{moving.year}年{moving.month}月1日より、事務所を新宿区に移転します。"),
            (f"活動報告書{today.year - 1}を公開しました", "昨年度の活動報告書をウェブサイトで公開しました。"),
            ("ボランティア説明会の開催について", "毎月第2土曜日に説明会を開催しています。"),
            (
                f"ニュースレター{today.year}年{today.month}月号を発行しました",
                "会員の皆さまにお送りしました。ウェブサイトでもお読みいただけます。",
            ),
            (
                "オンライン採用説明会のお知らせ",
                f"{talk.month}月{talk.day}日（19時〜）に、海外事業の採用説明会をオンラインで開催します。",
            ),
            (f"現地報告：{country}事業の近況", f"{country}事業の最近の活動を、現地スタッフの報告でお伝えします。"),
            ("電話受付時間変更のお知らせ", "電話での受付時間を平日10時から17時までに変更しました。"),
            ("ウェブサイトをリニューアルしました", "活動地域や募集中の案件を探しやすくしました。"),
        ]
    )


def _add_notice(
    db, rng: random.Random, titles: Titles, org, now: datetime, status: str = PostingStatus.APPROVED
) -> None:
    today = now.astimezone(JST).date()
    title, body = titles.pick(lambda: _notice(rng, today))
    opens = today - timedelta(days=rng.randint(0, 20))
    values = {
        "title": title,
        "body": body,
        "opens_on": opens.isoformat(),
        "closes_on": (today + timedelta(days=rng.randint(5, 60))).isoformat(),
        "url": "",
    }
    _add(db, org, PostingKind.NOTICE, values, status, now, datetime(opens.year, opens.month, opens.day, tzinfo=JST))
