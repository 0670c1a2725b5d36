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
from features.postings.models import Posting, PostingStatus, RevisionState

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

    def add(org, index: int, status: str, *, days_open: int = 30, published_ago: int = 5) -> Posting:
        publish = now - timedelta(days=published_ago)
        values = job_values(rng, index, opens=today - timedelta(days=published_ago),
                            closes=today + timedelta(days=days_open), publish=publish)
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
    add(demo_org, 4, PostingStatus.APPROVED)                                   # 掲載中
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
