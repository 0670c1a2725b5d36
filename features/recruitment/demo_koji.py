"""Demo 公募・公示, the 公示: twenty 公示 for the JICA demo organization, each with a real PDF 説明書."""

from __future__ import annotations

import io
import json
import random
from datetime import datetime, timedelta

from pypdf import PdfReader, PdfWriter
from pypdf.constants import DocumentInformationAttributes as DocumentInformation

from app import uploads
from app.clock import JST
from app.config import Settings
from app.pdf import FONT, japanese_document
from app.reference import country_name
from features.recruitment.demo_posts import (
    first_of_month,
    jst_hour,
)
from features.recruitment.koji import FILES_AREA as KOJI_FILES_AREA
from features.recruitment.models import (
    Koji,
    KojiFile,
    NoticeStatus,
)

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


def build_kojis(rng: random.Random, org_id: int, now: datetime) -> list[Koji]:
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
        submission = jst_hour(notice_on + timedelta(days=21), 12)
        period_start = first_of_month(notice_on, rng.randint(3, 4))
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
            period_end=first_of_month(period_start, months) - timedelta(days=1),
            mm_field=round(rng.uniform(2, 6) if single else rng.uniform(12, 60), 2),
            mm_domestic=round(rng.uniform(0.2, 1.0) if single else rng.uniform(1, 6), 2),
            question_deadline_at=jst_hour(notice_on + timedelta(days=7), 12),
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
        published = min(jst_hour(notice_on, 10), now)
        if state == NoticeStatus.APPROVED:
            koji.approved_at = published - timedelta(days=1)
            koji.submitted_at = koji.approved_at - timedelta(days=1)
            koji.updated_at = jst_hour(contracted_on, 15) if koji.contracted_on else koji.approved_at
        elif state == NoticeStatus.PENDING:
            koji.submitted_at = koji.updated_at = now - timedelta(hours=6)
        else:
            koji.updated_at = now - timedelta(days=1)
        koji.created_at = (koji.submitted_at or koji.updated_at) - timedelta(days=3)
        rows.append(koji)
    return rows


def seed_koji_files(db, settings: Settings, kojis: list[Koji], now: datetime) -> None:
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
