"""Demo postings: every status for the demo organizations, and a few hundred published ones."""

from __future__ import annotations

import json
import random
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.clock import JST
from app.config import Settings
from app.reference import SECTORS
from features.accounts import service as accounts
from features.postings import forms, service
from features.postings.models import Posting, PostingKind, PostingStatus, RevisionState

JOBS = [
    ("カンボジア 初等教育改善プロジェクト プロジェクトオフィサー", "プロジェクトオフィサー", "education", "KH", "プノンペン"),
    ("ケニア 母子保健プロジェクト 保健専門家", "保健専門家", "health", "KE", "ナイロビ"),
    ("バングラデシュ 農村開発 フィールドコーディネーター", "フィールドコーディネーター", "agriculture", "BD", "ダッカ"),
    ("東京本部 国際協力事業 広報・ファンドレイジング担当", "広報・ファンドレイジング", "civil_society", "JP", "東京都千代田区"),
    ("ネパール 防災・復興支援 プログラムマネージャー", "プログラムマネージャー", "disaster", "NP", "カトマンズ"),
    ("ヨルダン 難民支援事業 現地事務所長", "現地事務所長", "peacebuilding", "JO", "アンマン"),
    ("ベトナム 水道整備 技術アドバイザー", "技術アドバイザー", "water", "VN", "ハノイ"),
    ("ラオス 保健人材育成 インターン", "インターン", "health", "LA", "ビエンチャン"),
    ("タンザニア 給水衛生 エンジニア", "エンジニア", "water", "TZ", "ダルエスサラーム"),
    ("フィリピン ジェンダー平等推進 調査員", "調査員", "gender", "PH", "マニラ"),
    ("大阪事務所 海外事業 アシスタント（時短可）", "事業アシスタント", "education", "JP", "大阪市"),
    ("ウガンダ 職業訓練 教育コンサルタント", "教育コンサルタント", "education", "UG", "カンパラ"),
]
EMPLOYMENT = forms.EMPLOYMENT_TYPES
SECTOR_CODES = {code for code, _ in SECTORS}


def job_values(rng: random.Random, index: int, *, opens, closes, publish) -> dict:
    title, job_type, sector, country, city = JOBS[index % len(JOBS)]
    sector = sector if sector in SECTOR_CODES else rng.choice(sorted(SECTOR_CODES))
    return {
        "title": title, "job_type": job_type, "sector": sector,
        "location_kind": "domestic" if country == "JP" else "overseas", "country": country, "city": city,
        "employment_type": rng.choice(EMPLOYMENT), "opens_on": opens.isoformat(), "closes_on": closes.isoformat(),
        "publish_at": publish.astimezone(JST).strftime("%Y-%m-%dT%H:%M"),
        "duties": f"{city}を拠点に、現地パートナー団体と協力して事業の計画・実施・モニタリングを担当します。\n"
                  "関係者との調整、報告書の作成、予算管理を行います。",
        "requirements": "国際協力分野での実務経験2年以上。英語での業務遂行能力。",
        "preferred": "JICA海外協力隊の経験。現地語の知識。", "language": "en", "language_level": rng.choice("SAB"),
        "salary": "当団体規定による（経験を考慮）。海外手当・住居手当あり。", "start": "2027年4月（応相談）",
        "flexible_work": rng.sample([c for c, _ in forms.FLEXIBLE_WORK], rng.randint(0, 2)),
        "for_jocv": rng.random() < 0.1, "contact": "採用担当：recruit@example.org",
        "application_method": rng.choice(["web", "web", "external", "other"]), "resume_type": "general",
        "resume_items": ["education", "career", "languages"], "resume_attachment": "履歴書（様式自由）",
        "required_documents": ["志望動機書"], "optional_documents": ["語学証明書（TOEICスコア等）"],
        "external_url": "https://www.example.org/recruit", "other_instructions": "履歴書をメールでお送りください。",
    }


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    organizations = [o for o in await accounts.approved_organizations(db)
                     if o.org_type in ("国際協力団体（法人格あり）", "JICA・政府機関・学校法人・地方自治体")]
    now = clock.now()
    today = now.astimezone(JST).date()

    def add(org, index: int, status: str, *, days_open: int = 30, published_ago: int = 5, **fixed) -> Posting:
        publish = now - timedelta(days=published_ago)
        values = job_values(rng, index, opens=today - timedelta(days=published_ago),
                            closes=today + timedelta(days=days_open), publish=publish)
        values.update(fixed)
        posting = Posting(organization_id=org.id, status=status, draft=json.dumps(values, ensure_ascii=False),
                          created_at=publish - timedelta(days=4), updated_at=publish - timedelta(days=1))
        if status in (PostingStatus.PENDING, PostingStatus.APPROVED, PostingStatus.STOPPED, PostingStatus.RETURNED):
            posting.submitted_at = publish - timedelta(days=3)
        if status in (PostingStatus.APPROVED, PostingStatus.STOPPED):
            service._publish_columns(posting, values)
            posting.approved_at = publish - timedelta(days=1)
            posting.published_at = publish if published_ago >= 0 else None
        if status == PostingStatus.STOPPED:
            posting.stopped_at = now - timedelta(days=1)
        if status == PostingStatus.RETURNED:
            posting.return_reason = "応募資格の記載が具体的でないため、必要な経験年数と語学レベルを明記してください。"
        db.add(posting)
        return posting

    demo_org = organizations[0]  # org@example.org: one posting in every status
    add(demo_org, 0, PostingStatus.DRAFT)
    add(demo_org, 1, PostingStatus.PENDING, published_ago=-3)
    add(demo_org, 2, PostingStatus.RETURNED, published_ago=-5)
    add(demo_org, 3, PostingStatus.APPROVED, published_ago=-7)                  # 掲載予定
    add(demo_org, 4, PostingStatus.APPROVED, days_open=120, application_method="web",  # 掲載中, Web応募
        title="【Web応募】カンボジア 母子保健プロジェクト プロジェクトオフィサー")
    add(demo_org, 5, PostingStatus.APPROVED, days_open=-10, published_ago=40)   # 掲載終了
    add(demo_org, 6, PostingStatus.STOPPED)                                    # 掲載中止
    revised = add(demo_org, 7, PostingStatus.APPROVED)                         # 掲載中, with a pending revision
    revised_values = json.loads(revised.draft)
    revised_values["salary"] = "月額35万円〜（経験を考慮）。海外手当・住居手当あり。"
    revised.draft = json.dumps(revised_values, ensure_ascii=False)
    revised.revision_state = RevisionState.PENDING
    revised.submitted_at = now - timedelta(hours=5)
    for index in range(300):
        add(rng.choice(organizations), index, PostingStatus.APPROVED, days_open=rng.randint(3, 90),
            published_ago=rng.randint(0, 60))
    for index in range(40):
        _add_event(db, rng, rng.choice(organizations), index, now)
    _add_event(db, rng, demo_org, 0, now, status=PostingStatus.PENDING)
    for index in range(12):
        _add_notice(db, rng, rng.choice(organizations), index, now)
    _add_notice(db, rng, demo_org, 3, now, status=PostingStatus.DRAFT)


EVENTS = [
    ("国際協力キャリアセミナー「保健分野で働く」", "セミナー", "health"),
    ("NGOスタッフのためのプロジェクトマネジメント研修", "研修", "civil_society"),
    ("アフリカ農業開発 活動報告会", "イベント", "agriculture"),
    ("防災と国際協力 オンライン勉強会", "セミナー", "disaster"),
    ("教育協力の現場から 帰国隊員トークイベント", "イベント", "education"),
    ("海外赴任前の安全管理研修", "研修", "peacebuilding"),
]
NOTICES = [
    ("事務所移転のお知らせ", "2026年12月より、事務所を新宿区に移転します。"),
    ("年末年始休業のお知らせ", "12月28日から1月4日まで休業いたします。"),
    ("活動報告書2025を公開しました", "昨年度の活動報告書をウェブサイトで公開しました。"),
    ("ボランティア説明会の開催について", "毎月第2土曜日に説明会を開催しています。"),
]


def _add_event(db, rng: random.Random, org, index: int, now, status: str = PostingStatus.APPROVED) -> None:
    title, event_type, sector = EVENTS[index % len(EVENTS)]
    starts = (now + timedelta(days=rng.randint(10, 90))).astimezone(JST).replace(hour=14, minute=0)
    venue_kind = rng.choice(["venue", "online", "hybrid"])
    values = {
        "title": title, "event_type": event_type, "sector": sector if sector in SECTOR_CODES else "",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "ends_at": starts.replace(hour=16).strftime("%Y-%m-%dT%H:%M"),
        "venue_kind": venue_kind, "venue": "" if venue_kind == "online" else "JICA市ヶ谷ビル 2階 国際会議場",
        "audience": "国際協力に関心のある学生・社会人", "capacity": str(rng.choice([30, 50, 100, 200])),
        "fee": rng.choice(["無料", "1,000円", "3,000円（資料代）"]),
        "closes_on": (starts.date() - timedelta(days=2)).isoformat(),
        "publish_at": (now - timedelta(days=rng.randint(0, 10))).astimezone(JST).strftime("%Y-%m-%dT%H:%M"),
        "description": "現場で活躍する専門家が、仕事の内容やキャリアの築き方をお話しします。質疑応答の時間もあります。",
        "contact": "イベント担当：event@example.org", "application_method": rng.choice(["web", "external", "other"]),
        "resume_type": "general", "resume_items": [], "external_url": "https://www.example.org/event",
        "other_instructions": "メールで氏名・所属をお知らせください。", "required_documents": [], "optional_documents": [],
    }
    _add(db, org, PostingKind.EVENT, values, status, now)


def _add_notice(db, rng: random.Random, org, index: int, now, status: str = PostingStatus.APPROVED) -> None:
    title, body = NOTICES[index % len(NOTICES)]
    today = now.astimezone(JST).date()
    values = {"title": title, "body": body, "opens_on": (today - timedelta(days=rng.randint(0, 20))).isoformat(),
              "closes_on": (today + timedelta(days=rng.randint(5, 60))).isoformat(), "url": ""}
    _add(db, org, PostingKind.NOTICE, values, status, now)


def _add(db, org, kind: str, values: dict, status: str, now) -> None:
    posting = Posting(organization_id=org.id, kind=kind, status=status, draft=json.dumps(values, ensure_ascii=False),
                      created_at=now - timedelta(days=12), updated_at=now - timedelta(days=10))
    if status != PostingStatus.DRAFT:
        posting.submitted_at = now - timedelta(days=11)
    if status == PostingStatus.APPROVED:
        service._publish_columns(posting, values)
        posting.approved_at = now - timedelta(days=10)
    db.add(posting)
