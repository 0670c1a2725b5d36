"""Demo 公募・公示 for the JICA demo organization (jica@example.org).

About forty 公募 in every state (one closing today at 12:00 Japan time, a 再公募 chain of three,
fifteen in the archive), applicants with their selection history, six プレ公募 (one already turned
into a 公募 draft) with followers, twenty 公示 each with a real PDF 説明書, and sixty Japan-time
days of access counts. Every date follows the clock at load time; every choice comes from `rng`.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from pypdf import PdfReader, PdfWriter
from pypdf.constants import DocumentInformationAttributes as DocumentInformation
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, uploads
from app.clock import JST
from app.config import Settings
from app.pdf import FONT, japanese_document
from app.reference import PREFECTURES, country_name, sector_label
from features.accounts import api as accounts
from features.recruitment import koubo_views
from features.recruitment.koji import FILES_AREA as KOJI_FILES_AREA
from features.recruitment.models import (
    Koji,
    KojiFile,
    Koubo,
    KouboApplication,
    KouboApplicationEvent,
    KouboDailyCount,
    KouboType,
    NoticeStatus,
    PreKoubo,
    PreKouboFollower,
)
from features.recruitment.models import KouboApplicationStatus as A

JICA_EMAIL = "jica@example.org"
SECRETARIAT_EMAIL = "admin@example.org"
TALENT_EMAIL = "talent@example.org"
COUNT_DAYS = 60
CONTACT = (
    "独立行政法人 国際協力機構 人事部 人事企画課 公募担当\n"
    "メール：koubo@example.org\n電話：03-5226-0000（平日10時〜17時）"
)

# 公募種別 → the letters of its 公募番号 (2026-JE-0123).
NUMBER_CODES = {
    "長期専門家": "JE",
    "短期専門家": "SE",
    "企画調査員": "PF",
    "国際協力推進員": "DC",
    "国内協力員": "NC",
    "特別嘱託": "SA",
    "その他": "OT",
}
LONG_TYPES = {"長期専門家", "企画調査員", "国際協力推進員", "国内協力員", "特別嘱託"}


@dataclass(frozen=True)
class Post:
    koubo_type: str
    title: str
    where: str  # a country code, or a prefecture (国内)
    assignment: str
    sector: str
    languages: tuple[str, ...]  # the first is 必須, the others 望ましい
    duties: str


POSTS = [
    Post(
        "長期専門家",
        "保健省 保健政策アドバイザー",
        "KE",
        "ケニア保健省 政策計画局",
        "health",
        ("en", "sw"),
        "保健セクター戦略計画の策定・実施・モニタリングに関する助言",
    ),
    Post(
        "長期専門家",
        "母子保健サービス改善プロジェクト チーフアドバイザー",
        "KH",
        "カンボジア保健省 国立母子保健センター",
        "health",
        ("en", "km"),
        "プロジェクト全体の運営管理と、母子継続ケアの普及に関する技術指導",
    ),
    Post(
        "長期専門家",
        "上水道事業運営アドバイザー",
        "LA",
        "ラオス公共事業運輸省 水道局",
        "water",
        ("en", "lo"),
        "無収水対策と水道事業体の経営改善に関する助言・指導",
    ),
    Post(
        "長期専門家",
        "稲作技術普及",
        "TZ",
        "タンザニア農業省 作物開発局",
        "agriculture",
        ("en", "sw"),
        "灌漑稲作の栽培技術の普及体制づくりと、普及員の研修",
    ),
    Post(
        "長期専門家",
        "防災行政アドバイザー",
        "PH",
        "フィリピン市民防衛局",
        "disaster_risk",
        ("en", "tl"),
        "地方自治体の防災計画策定支援と、早期警報体制の強化",
    ),
    Post(
        "長期専門家",
        "理数科教育アドバイザー",
        "RW",
        "ルワンダ教育省 教育委員会",
        "education",
        ("en", "fr"),
        "初等・中等理数科のカリキュラム改訂と教員研修の計画・実施",
    ),
    Post(
        "長期専門家",
        "税関行政アドバイザー",
        "MZ",
        "モザンビーク歳入庁 税関総局",
        "public_finance",
        ("pt", "en"),
        "通関手続きの簡素化とリスク管理の導入に関する助言",
    ),
    Post(
        "長期専門家",
        "産業振興・カイゼン普及アドバイザー",
        "ET",
        "エチオピア工業省 カイゼン機構",
        "private_sector",
        ("en", "am"),
        "中小企業への品質・生産性向上（カイゼン）手法の普及と指導者育成",
    ),
    Post(
        "長期専門家",
        "都市交通計画アドバイザー",
        "BD",
        "ダッカ交通調整庁",
        "transport",
        ("en", "bn"),
        "都市交通マスタープランの実施支援と、公共交通の運営体制づくり",
    ),
    Post(
        "長期専門家",
        "地方行政能力強化アドバイザー",
        "SN",
        "セネガル地方分権・地方開発省",
        "governance",
        ("fr",),
        "地方自治体の開発計画策定と住民参加型の予算執行の支援",
    ),
    Post(
        "長期専門家",
        "電力系統運用アドバイザー",
        "MN",
        "モンゴルエネルギー省",
        "energy",
        ("en", "mn"),
        "電力系統の需給運用と再生可能エネルギーの系統連系に関する助言",
    ),
    Post(
        "長期専門家",
        "ジェンダー主流化アドバイザー",
        "JO",
        "ヨルダン社会開発省",
        "gender",
        ("en", "ar"),
        "省庁の政策・事業へのジェンダー視点の導入と、女性の経済参加の促進",
    ),
    Post(
        "長期専門家",
        "保健人材育成アドバイザー",
        "GH",
        "ガーナ保健サービス 人材開発局",
        "health",
        ("en",),
        "看護・助産人材の卒後研修制度の整備と指導者の育成",
    ),
    Post(
        "長期専門家",
        "小規模園芸農家支援（SHEP）アドバイザー",
        "MW",
        "マラウイ農業省 農業普及局",
        "agriculture",
        ("en",),
        "市場志向型農業振興（SHEP）アプローチの普及と普及員の研修",
    ),
    Post(
        "短期専門家",
        "感染症サーベイランス強化",
        "UG",
        "ウガンダ保健省 国立公衆衛生研究所",
        "health",
        ("en",),
        "感染症サーベイランスのデータ分析と報告体制の改善",
    ),
    Post(
        "短期専門家",
        "沿岸水産資源管理",
        "FJ",
        "フィジー水産省",
        "fisheries",
        ("en",),
        "住民参加型の沿岸資源管理計画の策定支援",
    ),
    Post(
        "短期専門家",
        "廃棄物管理計画",
        "LK",
        "スリランカ西部州 廃棄物管理局",
        "environment",
        ("en", "si"),
        "廃棄物の収集・運搬計画の見直しと、最終処分場の運営改善",
    ),
    Post(
        "短期専門家",
        "森林モニタリング（リモートセンシング）",
        "PE",
        "ペルー環境省 森林保全プログラム",
        "nature_conservation",
        ("es",),
        "衛星画像を用いた森林被覆変化の解析手法の技術移転",
    ),
    Post(
        "短期専門家",
        "行政デジタル化（電子政府）",
        "UZ",
        "ウズベキスタン デジタル技術省",
        "ict",
        ("ru", "en"),
        "行政サービスのオンライン化の計画策定と、情報セキュリティ対策の助言",
    ),
    Post(
        "短期専門家",
        "障害者の就労支援",
        "TH",
        "タイ社会開発・人間安全保障省",
        "social_security",
        ("en", "th"),
        "障害者の職業訓練と企業における雇用促進の仕組みづくり",
    ),
    Post(
        "短期専門家",
        "日本語教育（教師研修）",
        "VN",
        "ベトナム教育訓練省 日本語教育センター",
        "japanese_language",
        ("vi",),
        "中等教育の日本語教師への研修の企画・実施",
    ),
    Post(
        "短期専門家",
        "水道施設維持管理",
        "MM",
        "ヤンゴン市開発委員会 水道局",
        "water",
        ("en", "my"),
        "浄水場の運転管理と設備保守に関する実地指導",
    ),
    Post(
        "企画調査員",
        "企画調査員（保健医療）",
        "UG",
        "JICAウガンダ事務所",
        "health",
        ("en",),
        "保健医療分野の案件形成、実施中案件の進捗管理、関係機関との調整",
    ),
    Post(
        "企画調査員",
        "企画調査員（農業・農村開発）",
        "ZM",
        "JICAザンビア事務所",
        "agriculture",
        ("en",),
        "農業・農村開発分野の協力方針の検討と案件形成",
    ),
    Post(
        "企画調査員",
        "企画調査員（ボランティア事業）",
        "BO",
        "JICAボリビア事務所",
        "civic_engagement",
        ("es",),
        "JICA海外協力隊の要請開拓、隊員の活動支援と安全管理",
    ),
    Post(
        "企画調査員",
        "企画調査員（教育）",
        "NP",
        "JICAネパール事務所",
        "education",
        ("en", "ne"),
        "教育分野の案件形成と、他ドナーとの連携・調整",
    ),
    Post(
        "企画調査員",
        "企画調査員（平和構築・難民支援）",
        "JO",
        "JICAヨルダン事務所",
        "peacebuilding",
        ("en", "ar"),
        "難民受入地域の開発ニーズ調査と、難民支援案件の形成",
    ),
    Post(
        "企画調査員",
        "企画調査員（民間連携）",
        "ID",
        "JICAインドネシア事務所",
        "private_sector",
        ("en", "id"),
        "中小企業・SDGsビジネス支援事業の案件監理と、現地政府との調整",
    ),
    Post(
        "企画調査員",
        "企画調査員（ジェンダー）",
        "EG",
        "JICAエジプト事務所",
        "gender",
        ("en", "ar"),
        "ジェンダー平等分野の案件形成と、実施中案件へのジェンダー視点の導入",
    ),
    Post(
        "国際協力推進員",
        "国際協力推進員（北海道）",
        "北海道",
        "JICA北海道センター（札幌）",
        "civic_engagement",
        (),
        "地域の自治体・学校・NGOとの連携、国際理解教育の支援、JICA事業の広報",
    ),
    Post(
        "国際協力推進員",
        "国際協力推進員（長野県）",
        "長野県",
        "長野県国際化協会（長野市）",
        "civic_engagement",
        (),
        "県内の国際協力活動の支援、海外協力隊の募集説明会の運営",
    ),
    Post(
        "国際協力推進員",
        "国際協力推進員（広島県）",
        "広島県",
        "JICA中国センター（東広島市）",
        "civic_engagement",
        (),
        "平和・国際理解教育の出前講座の企画、地域の国際協力団体との連携",
    ),
    Post(
        "国際協力推進員",
        "国際協力推進員（沖縄県）",
        "沖縄県",
        "JICA沖縄センター（浦添市）",
        "civic_engagement",
        (),
        "島しょ国との交流事業の支援、県内の教育機関との連携",
    ),
    Post(
        "国際協力推進員",
        "国際協力推進員（宮城県）",
        "宮城県",
        "宮城県国際化協会（仙台市）",
        "disaster_risk",
        (),
        "防災・復興の経験を生かした国際協力の広報と、研修員受入の支援",
    ),
    Post(
        "国内協力員",
        "研修業務担当 国内協力員",
        "東京都",
        "JICA東京センター（渋谷区）",
        "education",
        ("en",),
        "課題別研修の運営補助、研修員の生活支援、研修監理員との調整",
    ),
    Post(
        "国内協力員",
        "市民参加協力担当 国内協力員",
        "兵庫県",
        "JICA関西センター（神戸市）",
        "civic_engagement",
        (),
        "草の根技術協力事業の相談対応と、市民向けセミナーの運営",
    ),
    Post(
        "特別嘱託",
        "安全管理アドバイザー",
        "東京都",
        "JICA本部 安全管理部（千代田区）",
        "peacebuilding",
        ("en",),
        "海外拠点の安全対策の点検・助言と、派遣前の安全研修の講師",
    ),
    Post(
        "特別嘱託",
        "日本語教育専門員",
        "長野県",
        "JICA駒ヶ根青年海外協力隊訓練所",
        "japanese_language",
        (),
        "派遣前訓練における語学・日本語教育の指導と教材開発",
    ),
    Post(
        "その他",
        "スポーツ分野 技術顧問",
        "東京都",
        "JICA本部 青年海外協力隊事務局",
        "sports",
        (),
        "スポーツ隊員の活動への技術的助言と、派遣前の技術研修",
    ),
    Post(
        "その他",
        "業務調整員（中小企業海外展開支援）",
        "VN",
        "JICAベトナム事務所",
        "private_sector",
        ("en", "vi"),
        "中小企業の海外展開支援事業の進捗管理と、現地関係機関との調整",
    ),
    Post(
        "短期専門家",
        "母子手帳普及",
        "BD",
        "バングラデシュ保健家族福祉省",
        "health",
        ("en", "bn"),
        "母子手帳の全国展開に向けた運用ガイドラインの作成支援",
    ),
    Post(
        "長期専門家",
        "農村開発・生計向上アドバイザー",
        "HN",
        "ホンジュラス農牧省",
        "poverty",
        ("es",),
        "小規模農家の生計向上モデルの形成と普及体制づくり",
    ),
    Post(
        "長期専門家",
        "都市計画策定支援アドバイザー",
        "PG",
        "パプアニューギニア都市計画庁",
        "urban_regional",
        ("en",),
        "首都圏の都市計画の策定と、開発許可制度の運用改善",
    ),
]

REQUIRED_QUALIFICATIONS = {
    "長期専門家": ["大学卒業以上（学士）", "当該分野での実務経験10年以上", "開発途上国での業務経験"],
    "短期専門家": ["当該分野での実務経験5年以上", "開発途上国での業務経験"],
    "企画調査員": ["大学卒業以上（学士）", "開発途上国での業務経験2年以上", "案件形成または事業監理の経験"],
    "国際協力推進員": ["JICA海外協力隊の経験", "普通自動車運転免許"],
    "国内協力員": ["大学卒業以上（学士）", "Word・Excelの基本操作"],
    "特別嘱託": ["当該分野での実務経験15年以上"],
    "その他": ["当該分野での実務経験5年以上"],
}
PREFERRED_QUALIFICATIONS = [
    "修士号以上",
    "JICA専門家としての業務経験",
    "JICA海外協力隊の経験",
    "プロジェクトマネジメントの資格（PMP等）",
    "技術士（上下水道部門等）の資格",
    "同地域での勤務経験",
]
RETURN_REASONS = [
    "派遣期間と書類選考の日程が重なっています。選考日程を見直してください。",
    "語学要件のレベルが担当業務の記載と合っていません。必要なレベルを明記してください。",
]
STOP_REASONS = [
    "先方政府の要請内容が変更となったため、本公募の掲載を中止します。",
    "現地の治安情勢の悪化により派遣を見合わせるため、掲載を中止します。",
]


def _at(day: date, hour: int) -> datetime:
    """A whole Japan-time hour of `day`, stored in UTC."""
    return datetime.combine(day, time(hour), tzinfo=JST).astimezone(UTC)


def _first_of_month(day: date, months_later: int) -> date:
    month = day.month - 1 + months_later
    return date(day.year + month // 12, month % 12 + 1, 1)


def _is_long(start: date, end: date) -> bool:
    """長期: one year or more (2027-04-01 to 2028-03-31 is one year)."""
    try:
        year_later = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        year_later = date(start.year + 1, 3, 1)
    return end >= year_later - timedelta(days=1)


def _place(post: Post) -> str:
    return f"国内 {post.where}" if post.where in PREFECTURES else country_name(post.where) or ""


def _title(post: Post) -> str:
    return post.title if post.where in PREFECTURES else f"{country_name(post.where)} {post.title}"


class Numbers:
    """公募番号 (2026-JE-0123), never twice."""

    def __init__(self, rng: random.Random) -> None:
        self.serial = rng.randint(80, 140)

    def next(self, koubo_type: str, when: datetime) -> str:
        self.serial += 1
        return f"{when.astimezone(JST).year}-{NUMBER_CODES.get(koubo_type, 'OT')}-{self.serial:04d}"


def _koubo(
    rng: random.Random, org_id: int, post: Post, numbers: Numbers, state: str, now: datetime, **when: int
) -> Koubo:
    """One 公募 of `post` in `state` (a Phase-like label), its dates following now:
    `deadline` and `publish` in days from today (Japan time)."""
    today = now.astimezone(JST).date()
    deadline = _at(today + timedelta(days=when["deadline"]), when.get("hour", 12))
    publish = _at(today + timedelta(days=when.get("publish", when["deadline"] - 30)), 10)
    start = _first_of_month(deadline.astimezone(JST).date(), rng.randint(2, 4))
    if post.koubo_type in LONG_TYPES:
        end = _first_of_month(start, rng.choice([12, 24, 24, 36])) - timedelta(days=1)
    else:
        end = start + timedelta(days=rng.choice([30, 45, 60, 90, 150]))
    languages = [
        {
            "language": code,
            "level": rng.choice("AB") if i == 0 else rng.choice("BC"),
            "need": "必須" if i == 0 else "望ましい",
        }
        for i, code in enumerate(post.languages)
    ]
    required_documents = ["業務企画書"] if post.koubo_type in ("長期専門家", "企画調査員") else []
    optional_documents = rng.sample(["語学証明書", "顔写真", "海外居住状況確認書", "推薦書"], rng.randint(1, 2))
    title = _title(post)
    koubo = Koubo(
        organization_id=org_id,
        koubo_type=post.koubo_type,
        title=title,
        domestic=post.where in PREFECTURES,
        country="" if post.where in PREFECTURES else post.where,
        prefecture=post.where if post.where in PREFECTURES else "",
        assignment=post.assignment,
        sector=post.sector,
        duties=f"{post.duties}。\n{sector_label(post.sector)}分野の関係機関との協議、活動計画の作成、"
        "進捗報告書の作成を行う。",
        period_start=start,
        period_end=end,
        long_term=_is_long(start, end),
        languages=json.dumps(languages, ensure_ascii=False),
        language_codes=f" {' '.join(post.languages)} " if post.languages else "",
        required_qualifications=json.dumps(REQUIRED_QUALIFICATIONS[post.koubo_type], ensure_ascii=False),
        preferred_qualifications=json.dumps(rng.sample(PREFERRED_QUALIFICATIONS, 2), ensure_ascii=False),
        selection_method="書類選考の上、合格者のみ面接（オンライン）を行います。結果は応募者全員に通知します。",
        screening_on=deadline.astimezone(JST).date() + timedelta(days=7),
        interview_on=deadline.astimezone(JST).date() + timedelta(days=14),
        result_on=deadline.astimezone(JST).date() + timedelta(days=24),
        required_documents=json.dumps(required_documents, ensure_ascii=False),
        optional_documents=json.dumps(optional_documents, ensure_ascii=False),
        deadline_at=deadline,
        contact=CONTACT,
        publish_at=publish,
        created_at=now,
        updated_at=now,
    )
    _life(koubo, state, now, numbers, rng)
    koubo.search_text = koubo_views.search_text_of(koubo)
    return koubo


def _life(koubo: Koubo, state: str, now: datetime, numbers: Numbers, rng: random.Random) -> None:
    """Status and history stamps for `state`; nothing after now."""
    publish, deadline = koubo.publish_at, koubo.deadline_at
    koubo.status = {
        "draft": NoticeStatus.DRAFT,
        "pending": NoticeStatus.PENDING,
        "returned": NoticeStatus.RETURNED,
        "screening": NoticeStatus.SCREENING,
        "finished": NoticeStatus.CLOSED,
        "archived": NoticeStatus.ARCHIVED,
        "stopped": NoticeStatus.STOPPED,
        "stopped_pending": NoticeStatus.STOPPED,
    }.get(state, NoticeStatus.APPROVED)
    if state in ("draft", "pending", "returned", "stopped_pending"):
        koubo.submitted_at = None if state == "draft" else now - timedelta(hours=rng.randint(5, 70))
        koubo.updated_at = koubo.submitted_at or now - timedelta(hours=rng.randint(2, 48))
        if state == "returned":  # sent back the day after it was sent
            koubo.submitted_at = now - timedelta(hours=rng.randint(30, 90))
            koubo.updated_at = koubo.submitted_at + timedelta(hours=20)
            koubo.return_reason = rng.choice(RETURN_REASONS)
    else:
        koubo.approved_at = min(publish, now) - timedelta(days=1)
        koubo.submitted_at = koubo.approved_at - timedelta(days=2)
        koubo.published_at = publish if publish <= now else None
        koubo.updated_at = koubo.approved_at
        if state in ("finished", "archived"):
            koubo.closed_at = min(deadline + timedelta(days=20), now - timedelta(hours=3))
            koubo.updated_at = koubo.closed_at
        if state == "archived":
            koubo.archived_at = min(deadline + timedelta(days=30), now)
            koubo.updated_at = koubo.archived_at
    if state in ("stopped", "stopped_pending"):
        koubo.stopped_at = koubo.updated_at = now - timedelta(hours=rng.randint(3, 30))
        koubo.stop_reason = rng.choice(STOP_REASONS)
    koubo.created_at = (koubo.submitted_at or koubo.updated_at) - timedelta(days=rng.randint(1, 5))
    if state != "draft" or rng.random() < 0.5:
        koubo.number = numbers.next(koubo.koubo_type, koubo.created_at)


# (state, days to the deadline, days to the 掲載開始日時, deadline hour). The first 公募中 closes
# today at 12:00 Japan time.
PLAN: list[tuple[str, int, int | None, int]] = [
    ("draft", 45, 10, 12),
    ("draft", 60, 20, 17),
    ("pending", 35, 4, 12),
    ("pending", 40, 6, 12),
    ("returned", 38, 5, 17),
    ("returned", 50, 12, 12),
    ("scheduled", 34, 3, 12),
    ("scheduled", 42, 7, 17),
    ("open", 0, -28, 12),
    ("open", 2, -26, 17),
    ("open", 6, -20, 12),
    ("open", 13, -14, 12),
    ("open", 20, -9, 17),
    ("open", 27, -3, 12),
    ("open", 41, -1, 12),
    ("closed", -2, -32, 12),
    ("closed", -6, -36, 17),
    ("closed", -11, -41, 12),
    ("screening", -9, -40, 12),
    ("screening", -16, -47, 12),
    ("screening", -24, -55, 17),
    ("finished", -22, -52, 12),
    ("finished", -27, -58, 12),
    ("stopped", 9, -15, 12),
    ("stopped_pending", 30, 5, 12),
    *[("archived", -days, None, 12) for days in (38, 52, 75, 96, 130, 170, 205, 240, 290, 330, 400, 480, 560)],
]
PRE_KOUBO = [  # (post, months ahead or None, quarter ahead or None, 想定期間, 概要)
    (
        Post("長期専門家", "保健財政アドバイザー", "KE", "", "health", (), ""),
        3,
        None,
        "2年",
        "ユニバーサル・ヘルス・カバレッジの達成に向けた保健財政制度の改善を支援する専門家を公募予定です。",
    ),
    (
        Post("企画調査員", "企画調査員（防災）", "PH", "", "disaster_risk", (), ""),
        None,
        1,
        "2年",
        "台風・洪水被害の多い地域の防災案件の形成と実施監理を担う企画調査員を公募予定です。",
    ),
    (
        Post("短期専門家", "職業訓練カリキュラム開発", "RW", "", "education", (), ""),
        4,
        None,
        "3か月程度",
        "職業訓練校の自動車整備コースのカリキュラム改訂を支援する短期専門家を公募予定です。",
    ),
    (
        Post("国際協力推進員", "国際協力推進員（熊本県）", "熊本県", "", "civic_engagement", (), ""),
        2,
        None,
        "1年（更新の可能性あり）",
        "熊本県内の国際協力の推進と、地域の国際化を支える推進員を公募予定です。",
    ),
    (
        Post("長期専門家", "再生可能エネルギー導入アドバイザー", "FJ", "", "energy", (), ""),
        None,
        2,
        "2年",
        "離島の電化に向けた太陽光発電の導入計画と運営体制づくりを支援する専門家を公募予定です。",
    ),
    (
        Post("長期専門家", "水産資源管理アドバイザー", "SN", "", "fisheries", (), ""),
        5,
        None,
        "3年",
        "沿岸零細漁業の資源管理と、水産物の付加価値向上を支援する専門家を公募予定です。",
    ),
]


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    jica_user = await accounts.user_by_email(db, JICA_EMAIL)
    org = await accounts.organization_of(db, jica_user.id) if jica_user else None
    if org is None:
        return  # no JICA demo organization: nothing to recruit for
    admin = await accounts.user_by_email(db, SECRETARIAT_EMAIL)
    talent = await accounts.user_by_email(db, TALENT_EMAIL)
    applicants = [user_id for user_id, _ in await accounts.full_registrant_user_ids(db)]
    types = set((await db.execute(select(KouboType.name))).scalars())
    now = clock.now()
    numbers = Numbers(rng)

    posts = [p for p in POSTS if p.koubo_type in types]
    rng.shuffle(posts)
    # Every 公募種別 appears whatever the random sequence: one post of each is popped first.
    firsts: dict[str, Post] = {}
    for post in posts:
        firsts.setdefault(post.koubo_type, post)
    posts = [p for p in posts if firsts[p.koubo_type] is not p] + list(reversed(firsts.values()))
    koubo_by_state: dict[str, list[Koubo]] = {}
    for state, deadline, publish, hour in PLAN:
        post = posts.pop()
        days = {"deadline": deadline, "hour": hour} | ({} if publish is None else {"publish": publish})
        koubo_by_state.setdefault(state, []).append(_koubo(rng, org.id, post, numbers, state, now, **days))
    archived = koubo_by_state["archived"]
    archived[-1].hidden = True  # the secretariat took it off the archive
    # 再公募: nobody suitable twice, so the same post is recruited a third time, now open.
    chain_post = posts.pop()
    chain = [
        _koubo(rng, org.id, chain_post, numbers, "archived", now, deadline=-110),
        _koubo(rng, org.id, chain_post, numbers, "archived", now, deadline=-45),
        _koubo(rng, org.id, chain_post, numbers, "open", now, deadline=16, publish=-5, hour=12),
    ]
    archived.extend(chain[:2])
    koubo_by_state["open"].append(chain[2])
    # 代理登録: the secretariat entered and published one itself.
    proxy = koubo_by_state["open"][3]
    proxy.proxy_user_id = admin.id if admin else None
    proxy.submitted_at = None
    pre_koubo = _pre_koubo(rng, org.id, now)
    converted = pre_koubo[0]
    converted_post = PRE_KOUBO[0][0]
    draft = _koubo(rng, org.id, converted_post, numbers, "draft", now, deadline=70, publish=25)
    draft.number = None
    draft.assignment = "ケニア保健省 保健財政局"
    draft.duties = f"{converted.summary}\n保健財政制度の改善に関する助言と、関係機関との協議を行う。"
    draft.search_text = koubo_views.search_text_of(draft)
    koubo_by_state["draft"].append(draft)
    kojis = _kojis(rng, org.id, now)
    every_koubo = [k for rows in koubo_by_state.values() for k in rows]
    db.add_all([*every_koubo, *pre_koubo, *kojis])
    await db.flush()

    chain[1].repeat_of_id, chain[2].repeat_of_id = chain[0].id, chain[1].id
    converted.koubo_id, draft.pre_koubo_id = draft.id, converted.id
    _followers(db, rng, pre_koubo, applicants, talent.id if talent else None, now)
    _koji_files(db, settings, kojis, now)
    await _applications(db, rng, koubo_by_state, applicants, talent.id if talent else None, jica_user.id, now)
    seen = (NoticeStatus.APPROVED, NoticeStatus.SCREENING, NoticeStatus.CLOSED, NoticeStatus.ARCHIVED)
    await _daily_counts(db, rng, [k for k in every_koubo if k.status in seen and k.published_at is not None], now)


def _pre_koubo(rng: random.Random, org_id: int, now: datetime) -> list[PreKoubo]:
    today = now.astimezone(JST).date()
    rows = []
    for post, months, quarters, duration, summary in PRE_KOUBO:
        approved = now - timedelta(days=rng.randint(3, 40))
        row = PreKoubo(
            organization_id=org_id,
            koubo_type=post.koubo_type,
            title=_title(post),
            domestic=post.where in PREFECTURES,
            country="" if post.where in PREFECTURES else post.where,
            prefecture=post.where if post.where in PREFECTURES else "",
            sector=post.sector,
            expected_duration=duration,
            summary=summary,
            status=NoticeStatus.APPROVED,
            created_at=approved - timedelta(days=4),
            submitted_at=approved - timedelta(days=2),
            approved_at=approved,
            updated_at=approved,
        )
        if months is not None:
            planned = _first_of_month(today, months)
            row.planned_year, row.planned_month = planned.year, planned.month
        else:
            planned = _first_of_month(today, 3 * quarters)
            row.planned_year, row.planned_quarter = planned.year, (planned.month - 1) // 3 + 1
        rows.append(row)
    return rows


def _followers(db, rng: random.Random, pre_koubo: list[PreKoubo], people: list[int], talent_id, now) -> None:
    for i, row in enumerate(pre_koubo):
        followers = set(rng.sample(people, min(len(people), rng.randint(2, 6))))
        if talent_id is not None and i in (0, 2):
            followers.add(talent_id)  # the demo talent waits for two of them
        db.add_all(
            PreKouboFollower(
                pre_koubo_id=row.id,
                user_id=user_id,
                created_at=max(row.approved_at, now - timedelta(days=rng.randint(0, 20))),
            )
            for user_id in sorted(followers)
        )


# An applicant's path through the selection: statuses in order.
PATHS = {
    "received": [A.RECEIVED],
    "declined": [A.RECEIVED, A.DECLINED],
    "failed": [A.RECEIVED, A.SCREENING_FAILED],
    "passed": [A.RECEIVED, A.SCREENING_PASSED],
    "interview": [A.RECEIVED, A.SCREENING_PASSED, A.INTERVIEW],
    "accepted": [A.RECEIVED, A.SCREENING_PASSED, A.INTERVIEW, A.ACCEPTED],
    "rejected": [A.RECEIVED, A.SCREENING_PASSED, A.INTERVIEW, A.REJECTED],
    "declined_late": [A.RECEIVED, A.SCREENING_PASSED, A.INTERVIEW, A.DECLINED],
}
# Which paths the applicants of a 公募 in each state may be on (the selection is as far as its dates).
PATHS_BY_STATE = {
    "open": ["received"] * 5 + ["declined"],
    "closed": ["received"] * 4 + ["declined"],
    "screening": ["failed", "failed", "passed", "interview", "received", "declined"],
    "finished": ["failed", "failed", "rejected", "declined_late", "failed"],
    "archived": ["failed", "failed", "rejected", "failed"],
}
MESSAGES = [
    "これまでの保健分野での経験を生かし、貴機構の事業に貢献したいと考えております。",
    "現地での業務経験を生かして、案件の円滑な実施に努めます。よろしくお願いいたします。",
    "",
    "派遣開始時期について相談させていただければ幸いです。",
]


async def _applications(db, rng, koubo_by_state, people, talent_id, jica_user_id, now) -> None:
    """Applicants for some open, closed, screening, finished and archived 公募, each with its history."""
    plans: list[tuple[Koubo, int, list[str]]] = []
    for state, count_range in (
        ("open", (0, 4)),
        ("closed", (2, 5)),
        ("screening", (3, 7)),
        ("finished", (3, 6)),
        ("archived", (0, 4)),
    ):
        for koubo in koubo_by_state[state]:
            n = rng.randint(*count_range)
            if n == 0:
                continue
            path_names = [rng.choice(PATHS_BY_STATE[state]) for _ in range(n)]
            if state in ("finished", "archived"):
                path_names[0] = "accepted"  # one was chosen
            plans.append((koubo, n, path_names))
    # The demo talent: applied to one open 公募, passed the screening of another, and has a draft.
    talent_plans: list[tuple[Koubo, list[str] | None]] = []
    if talent_id is not None:
        talent_plans = [
            (koubo_by_state["open"][2], PATHS["received"]),
            (koubo_by_state["screening"][0], PATHS["interview"]),
            (koubo_by_state["open"][4], None),  # 下書き: documents not yet confirmed
        ]
    others = [p for p in people if p != talent_id]
    rows: list[tuple[KouboApplication, list[str]]] = []
    for koubo, n, path_names in plans:
        for user_id, path_name in zip(rng.sample(others, min(n, len(others))), path_names, strict=False):
            rows.append((_application(rng, koubo, user_id, now), PATHS[path_name]))
    for koubo, path in talent_plans:
        application = _application(rng, koubo, talent_id, now)
        if path is None:
            application.status, application.submitted_at = A.DRAFT, None
        rows.append((application, path or []))
    for application, path in rows:
        if path:
            application.status = path[-1]
    db.add_all(application for application, _ in rows)
    await db.flush()
    events = []
    for application, path in rows:
        at = application.submitted_at
        for status in path:
            actor = application.user_id if status in (A.RECEIVED, A.DECLINED) else jica_user_id
            events.append(
                {"application_id": application.id, "status": status, "actor_user_id": actor, "created_at": at}
            )
            at = min(at + timedelta(days=rng.randint(3, 8), hours=rng.randint(0, 6)), now)
        if path:
            application.updated_at = events[-1]["created_at"]
    if events:
        await db.execute(insert(KouboApplicationEvent), events)


def _application(rng: random.Random, koubo: Koubo, user_id: int, now: datetime) -> KouboApplication:
    """Submitted between its publication and its deadline (and before now)."""
    opened = koubo.published_at or now
    latest = min(koubo.deadline_at, now) - timedelta(hours=1)
    span = max((latest - opened).total_seconds(), 3600)
    submitted = opened + timedelta(seconds=rng.uniform(0, span))
    submitted = min(submitted, now - timedelta(minutes=30))
    return KouboApplication(
        koubo_id=koubo.id,
        organization_id=koubo.organization_id,
        user_id=user_id,
        status=A.RECEIVED,
        message=rng.choice(MESSAGES),
        created_at=submitted - timedelta(hours=rng.randint(1, 48)),
        submitted_at=submitted,
        updated_at=submitted,
    )


async def _daily_counts(db, rng: random.Random, koubo: list[Koubo], now: datetime) -> None:
    """Sixty Japan-time days ending today, for each 公募 seen in public over that time: many views,
    fewer この案件に応募する, fewer applications started, fewer submitted (and those only while open)."""
    today = now.astimezone(JST).date()
    first_day = today - timedelta(days=COUNT_DAYS - 1)
    rows = []
    for k in koubo:
        popularity = rng.uniform(0.5, 2.0)
        published = k.published_at.astimezone(JST).date()
        deadline = k.deadline_at.astimezone(JST).date()
        day = max(first_day, published)
        while day <= today:
            if day <= deadline:
                fresh = max(0.0, 1 - (day - published).days / 40)  # new 公募 are read most
                closing = 1.0 if (deadline - day).days > 3 else 1.6  # and again just before the deadline
                views = int(rng.randint(15, 45) * popularity * (0.6 + fresh) * closing)
                clicks = int(views * rng.uniform(0.05, 0.15))
                started = int(clicks * rng.uniform(0.3, 0.7))
                submitted = int(started * rng.uniform(0.3, 0.8))
            else:  # the detail page stays readable (締切, 選考中, then the archive)
                views, clicks, started, submitted = rng.randint(0, 6), 0, 0, 0
            if views:
                rows.append(
                    {
                        "koubo_id": k.id,
                        "day": day,
                        "views": views,
                        "apply_clicks": clicks,
                        "started": started,
                        "submitted": submitted,
                    }
                )
            day += timedelta(days=1)
    if rows:
        await db.execute(insert(KouboDailyCount), rows)


# -- 公示 ---------------------------------------------------------------------------------

KOJI = [  # (国, 案件名, 業務の種類, 単独型, 担当業務と格付)
    (
        "KE",
        "保健医療システム強化プロジェクト（保健人材育成）",
        "専門家業務",
        False,
        [("業務主任者／保健医療", "2号"), ("保健人材育成", "3号"), ("業務調整／研修管理", "5号")],
    ),
    (
        "VN",
        "地方都市上水道整備計画 準備調査",
        "調査業務",
        False,
        [("業務主任者／上水道計画", "2号"), ("浄水施設設計", "3号"), ("環境社会配慮", "4号"), ("積算", "4号")],
    ),
    ("KH", "母子保健サービス改善プロジェクト 終了時評価", "評価業務", True, [("評価分析", "3号")]),
    (
        "TZ",
        "灌漑稲作技術普及プロジェクト フェーズ2",
        "専門家業務",
        False,
        [("業務主任者／稲作栽培", "2号"), ("農業普及", "3号"), ("水管理", "4号")],
    ),
    (
        "PH",
        "地方自治体防災能力強化プロジェクト",
        "専門家業務",
        False,
        [("業務主任者／防災計画", "1号"), ("早期警報", "3号"), ("住民防災", "4号")],
    ),
    (
        "LA",
        "首都圏無収水削減プロジェクト",
        "専門家業務",
        False,
        [("業務主任者／無収水対策", "2号"), ("管路維持管理", "3号"), ("業務調整", "5号")],
    ),
    (
        "ET",
        "品質・生産性向上（カイゼン）普及プロジェクト",
        "専門家業務",
        False,
        [("業務主任者／カイゼン", "2号"), ("産業人材育成", "4号")],
    ),
    ("BD", "ダッカ都市交通マスタープラン改訂 情報収集・確認調査", "調査業務", True, [("都市交通計画", "3号")]),
    (
        "MN",
        "電力系統運用能力向上プロジェクト",
        "専門家業務",
        False,
        [("業務主任者／系統運用", "2号"), ("再生可能エネルギー", "3号"), ("送変電設備", "4号")],
    ),
    ("SN", "地方分権化支援プロジェクト 詳細計画策定調査（参加型開発）", "調査業務", True, [("参加型開発", "4号")]),
    (
        "JO",
        "女性の経済的エンパワーメント促進プロジェクト",
        "専門家業務",
        False,
        [("業務主任者／ジェンダー", "2号"), ("起業支援", "4号"), ("研修計画", "5号")],
    ),
    ("UG", "感染症サーベイランス強化 研修（本邦研修）", "研修業務", True, [("研修監理", "4号")]),
    ("PE", "森林保全のためのリモートセンシング技術移転", "専門家業務", True, [("リモートセンシング", "3号")]),
    (
        "LK",
        "西部州廃棄物管理改善プロジェクト",
        "専門家業務",
        False,
        [("業務主任者／廃棄物管理", "2号"), ("最終処分場運営", "3号"), ("住民啓発", "5号")],
    ),
    (
        "MZ",
        "税関行政能力向上プロジェクト（リスク管理）",
        "専門家業務",
        False,
        [("業務主任者／税関行政", "2号"), ("リスク管理", "3号")],
    ),
    ("RW", "理数科教育強化プロジェクト 中間レビュー", "評価業務", True, [("評価分析", "4号")]),
    (
        "ID",
        "中小企業の海外展開支援 基礎調査",
        "調査業務",
        False,
        [("業務主任者／中小企業振興", "3号"), ("市場調査", "4号")],
    ),
    (
        "FJ",
        "大洋州 沿岸水産資源管理プロジェクト",
        "専門家業務",
        False,
        [("業務主任者／水産資源管理", "2号"), ("漁村開発", "4号")],
    ),
    ("UZ", "電子政府推進のための情報収集・確認調査", "調査業務", True, [("電子政府", "3号")]),
    ("GH", "北部地域 保健人材育成プロジェクト 事前評価", "評価業務", True, [("保健人材", "3号")]),
]
CONTRACTORS = [
    "株式会社 グローバル開発コンサルタンツ",
    "株式会社 パシフィック・エンジニアリング",
    "株式会社 インフラ・テクノ国際",
    "国際保健システム研究所 株式会社",
    "株式会社 開発アソシエイツ・ジャパン／株式会社 地域計画研究所 共同企業体",
    "アジア防災コンサルタンツ 株式会社",
]


def _kojis(rng: random.Random, org_id: int, now: datetime) -> list[Koji]:
    today = now.astimezone(JST).date()
    rows = []
    serial = rng.randint(100, 300)
    # Eighteen published (most of the older ones with their results), one draft and one waiting for approval.
    # Eight still taking proposals (提出期限 three weeks after the 公示日), ten older.
    ages = sorted(rng.sample(range(0, 20), 8) + rng.sample(range(25, 130), 10), reverse=True)
    states = [NoticeStatus.APPROVED] * 18 + [NoticeStatus.DRAFT, NoticeStatus.PENDING]
    for (country, name, work_type, single, roles), state, age in zip(KOJI, states, [*ages, -7, -5], strict=True):
        notice_on = today - timedelta(days=age)
        notice_on -= timedelta(days=(notice_on.weekday() - 2) % 7)  # JICA publishes on Wednesdays
        fiscal_year = notice_on.year if notice_on.month >= 4 else notice_on.year - 1
        serial += rng.randint(3, 40)
        number = f"{fiscal_year % 100:02d}{'b' if single else 'a'}{serial:05d}"
        submission = _at(notice_on + timedelta(days=21), 12)
        period_start = _first_of_month(notice_on, rng.randint(3, 4))
        months = rng.choice([4, 6]) if single else rng.choice([18, 24, 36, 48])
        title = f"{country_name(country)} {name}"
        contract = "業務実施契約（単独型）" if single else "業務実施契約"
        selection = "総合評価落札方式" if single and rng.random() < 0.6 else "企画競争"
        role_rows = [{"role": role, "grade": grade} for role, grade in roles]
        koji = Koji(
            organization_id=org_id,
            notice_on=notice_on,
            procurement_number=number,
            country=country,
            title=title,
            work_type=work_type,
            contract_type=contract,
            selection_method=selection,
            roles=json.dumps(role_rows, ensure_ascii=False),
            period_start=period_start,
            period_end=_first_of_month(period_start, months) - timedelta(days=1),
            mm_field=round(rng.uniform(2, 6) if single else rng.uniform(12, 60), 2),
            mm_domestic=round(rng.uniform(0.2, 1.0) if single else rng.uniform(1, 6), 2),
            question_deadline_at=_at(notice_on + timedelta(days=7), 12),
            submission_deadline_at=submission,
            jica_url=f"https://www.jica.go.jp/announce/notice/consultant/{number}.html",
            status=state,
            search_text=" ".join(
                [title, country_name(country) or "", number, work_type, contract, selection, *(r for r, _ in roles)]
            ),
            created_at=now,
            updated_at=now,
        )
        contracted_on = submission.astimezone(JST).date() + timedelta(days=rng.randint(30, 45))
        if state == NoticeStatus.APPROVED and contracted_on < today and rng.random() < 0.8:
            koji.contractor, koji.contracted_on = rng.choice(CONTRACTORS), contracted_on
        published = min(_at(notice_on, 10), now)
        if state == NoticeStatus.APPROVED:
            koji.approved_at = published - timedelta(days=1)
            koji.submitted_at = koji.approved_at - timedelta(days=1)
            koji.updated_at = _at(contracted_on, 15) if koji.contracted_on else koji.approved_at
        elif state == NoticeStatus.PENDING:
            koji.submitted_at = koji.updated_at = now - timedelta(hours=6)
        else:
            koji.updated_at = now - timedelta(days=1)
        koji.created_at = (koji.submitted_at or koji.updated_at) - timedelta(days=3)
        rows.append(koji)
    return rows


def _koji_files(db, settings: Settings, kojis: list[Koji], now: datetime) -> None:
    """One 説明書 (PDF) per 公示: written as the pages of one document (the Japanese font is
    subset once), then each page saved as a file of its own through app/uploads.py."""
    pdf = japanese_document()
    pdf.set_auto_page_break(False)
    for koji in kojis:
        pdf.add_page()
        _explanation_page(pdf, koji)
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    for koji, page in zip(kojis, reader.pages, strict=True):
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({DocumentInformation.TITLE: f"{koji.title} {_explanation_label(koji)}"})
        buffer = io.BytesIO()
        writer.write(buffer)
        stored = uploads.store(
            settings, buffer.getvalue(), f"{koji.procurement_number}_{_explanation_label(koji)}.pdf", KOJI_FILES_AREA
        )
        db.add(
            KojiFile(
                koji_id=koji.id,
                label="説明書",
                original_name=stored.original_name,
                stored_name=stored.stored_name,
                content_type=stored.content_type,
                size=stored.size,
                position=0,
                created_at=koji.created_at,
            )
        )


def _explanation_label(koji: Koji) -> str:
    return "企画競争説明書" if koji.selection_method == "企画競争" else "入札説明書"


def _jst(value: datetime | None) -> str:
    return value.astimezone(JST).strftime("%Y年%m月%d日 %H:%M") if value else ""


def _explanation_page(pdf, koji: Koji) -> None:
    line = {"new_x": "LMARGIN", "new_y": "NEXT"}
    pdf.set_font(FONT, size=15)
    pdf.multi_cell(0, 9, _explanation_label(koji), align="C", **line)
    pdf.set_font(FONT, size=12)
    pdf.multi_cell(0, 8, f"業務名称：{koji.title}", **line)
    pdf.ln(2)
    pdf.set_font(FONT, size=10.5)
    roles = "、".join(f"{r['role']}（{r['grade']}）" for r in json.loads(koji.roles))
    for label, value in (
        ("調達管理番号", koji.procurement_number),
        ("公示日", f"{koji.notice_on:%Y年%m月%d日}"),
        ("国名", country_name(koji.country)),
        ("業務の種類", koji.work_type),
        ("契約形態", koji.contract_type),
        ("選定方法", koji.selection_method),
        ("担当業務と格付", roles),
        ("全体期間", f"{koji.period_start:%Y年%m月}〜{koji.period_end:%Y年%m月}"),
        ("業務量", f"現地 {koji.mm_field:.2f} M/M、国内 {koji.mm_domestic:.2f} M/M"),
        ("質問締切", _jst(koji.question_deadline_at)),
        ("提出期限", _jst(koji.submission_deadline_at)),
    ):
        pdf.multi_cell(0, 6.5, f"{label}：{value}", **line)
    pdf.ln(4)
    pdf.multi_cell(
        0,
        6.5,
        "1. 本説明書は、独立行政法人国際協力機構（以下「機構」）が実施する上記業務について、"
        "競争参加者が提出する書類の作成要領と選定手続きを示すものです。\n"
        "2. 競争参加資格：機構の契約事務取扱細則に定める資格を有し、全省庁統一資格を有する者。\n"
        "3. 提出書類：プロポーザル（技術提案書）及び見積書。電子データにより提出してください。\n"
        "4. 質問は質問締切までに電子メールで受け付け、回答は機構のウェブサイトに掲載します。\n"
        "5. 評価結果は、提出期限後おおむね1か月以内に全ての競争参加者に通知します。",
        **line,
    )
    pdf.ln(4)
    pdf.multi_cell(0, 6.5, "独立行政法人 国際協力機構 調達・派遣業務部（デモデータ）", align="R", **line)
