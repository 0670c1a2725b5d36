"""Demo プレスリリース: eight from the demo organizations — six 公開中 (one with a PDF made with
fpdf2 and the site's Japanese font, one with a drawn image), one 承認待ち and one 差戻し with
its reason. Idempotent: nothing is added when releases exist."""

from __future__ import annotations

import io
import random
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, pdf, uploads
from app.config import Settings
from features.accounts import api as accounts
from features.press import images
from features.press.models import PressImage, PressRelease, ReleaseStatus
from features.press.service import AREA

S = ReleaseStatus
# (organization's e-mail, days before today of its 発表日, status, title, body)
RELEASES = (
    (
        "org@example.org",
        3,
        S.PUBLISHED,
        "カンボジアの小学校で算数教材の共同開発を開始しました",
        "特定非営利活動法人サンプル国際協力ネットは、カンボジア教育省と協力し、"
        "プノンペン近郊の小学校20校で算数の副教材を共同開発するプロジェクトを開始しました。\n\n"
        "# プロジェクトの概要\n\n- 期間：2026年12月〜2028年11月\n- 対象：小学3〜5年生 約4,000人\n"
        "- 内容：教材の開発、教員研修、授業研究会の開催\n\n"
        "現地の教員と一緒に教材を作り、**子どもたちがつまずきやすい単元**から順に改善していきます。",
    ),
    (
        "org@example.org",
        24,
        S.PUBLISHED,
        "国際協力キャリアセミナー「現場で働くということ」を開催します",
        "海外の事業地で働く職員が、仕事の実際とキャリアの築き方をお話しします。"
        "国際協力の仕事に関心のある学生・社会人の方のご参加をお待ちしています。\n\n"
        "詳しくは添付のPDFをご覧ください。",
    ),
    (
        "org@example.org",
        -5,
        S.PENDING,
        "ネパール山間部の保健ボランティア育成事業 第2期の報告書を公開します",
        "ネパール・ゴルカ郡で実施した保健ボランティア育成事業（第2期）の成果をまとめた報告書を公開します。\n\n"
        "研修を修了したボランティアは120人となり、母子保健の家庭訪問は前期の2倍に増えました。",
    ),
    (
        "org2@example.org",
        10,
        S.PUBLISHED,
        "ケニアの農村で小規模灌漑の実証事業を始めます",
        "特定非営利活動法人みらい開発パートナーズは、ケニア・キトゥイ郡の農家グループと、"
        "太陽光ポンプを使った小規模灌漑の実証事業を始めます。\n\n"
        "乾季でも野菜を育てられるようにし、農家の収入の安定を目指します。",
    ),
    (
        "org2@example.org",
        45,
        S.PUBLISHED,
        "2026年度 活動報告会のご案内",
        "今年度の活動を報告する会を東京とオンラインで開催します。"
        "アジア・アフリカ6か国の事業担当者が、現地の様子を写真とともにご紹介します。",
    ),
    (
        "org2@example.org",
        1,
        S.RETURNED,
        "フィリピンでの防災教育プログラム開始について",
        "フィリピン・レイテ島の小中学校で防災教育プログラムを開始します。",
    ),
    (
        "nocorp@example.org",
        17,
        S.PUBLISHED,
        "アジアの子どもたちへ絵本を届ける活動が10年目を迎えました",
        "アジア子ども基金の会は、翻訳した絵本をラオス・ミャンマーの学校図書室に届ける活動を続けてきました。"
        "10年間で届けた絵本は3万冊を超えました。ご支援いただいた皆さまに心から感謝申し上げます。",
    ),
    (
        "jica@example.org",
        31,
        S.PUBLISHED,
        "国際協力人材の育成に関する連携協定を締結しました",
        "国際協力の現場で活躍する人材の育成に向けて、大学・NGOと連携協定を締結しました。"
        "インターンシップの受け入れや共同の研修プログラムを進めます。",
    ),
)
RETURN_REASON = "本文が1文のみのため、プログラムの期間・対象校・実施体制など、報道関係者が知りたい点を補ってください。"


def _demo_pdf(title: str) -> bytes:
    document = pdf.japanese_document()
    document.add_page()
    document.set_font(pdf.FONT, size=16)
    document.multi_cell(0, 10, "プレスリリース", new_x="LMARGIN", new_y="NEXT")
    document.set_font(pdf.FONT, size=13)
    document.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    document.set_font(pdf.FONT, size=10.5)
    for line in (
        "日時：2027年1月23日（土）14:00〜16:00",
        "会場：JICA市ヶ谷ビル 国際会議場（オンライン同時配信）",
        "定員：会場80名、オンライン300名（参加無料・要申込）",
        "問い合わせ先：特定非営利活動法人 サンプル国際協力ネット 広報担当",
    ):
        document.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def _demo_image(rng: random.Random) -> bytes:
    """A drawn classroom (a blackboard and rows of desks) standing in for a photograph."""
    image = Image.new("RGB", (1600, 1000), (250, 246, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 80, 1300, 380), fill=(34, 85, 60))
    for row in range(4):
        for desk in range(6):
            x, y = 180 + desk * 220, 480 + row * 120
            tone = rng.randint(120, 170)
            draw.rectangle((x, y, x + 150, y + 60), fill=(tone, 100, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    if await db.scalar(select(func.count()).select_from(PressRelease)):
        return
    staff = await accounts.user_by_email(db, "admin@example.org")
    staff_id = staff.id if staff is not None else None
    today = clock.today_jst()
    now = clock.now()
    for index, (email, days_ago, status, title, body) in enumerate(RELEASES):
        user = await accounts.user_by_email(db, email)
        organization = await accounts.organization_of(db, user.id) if user is not None else None
        if organization is None:
            continue
        submitted = now - timedelta(days=max(days_ago, 0) + 2, hours=index)
        release = PressRelease(
            organization_id=organization.id,
            status=status,
            title=title,
            announced_on=today - timedelta(days=days_ago),
            body=body,
            contact_department="広報室",
            contact_name=organization.contact_name or "広報 担当",
            contact_phone=organization.contact_phone or "03-1234-5678",
            contact_email="press@example.org",
            created_by=user.id,
            created_at=submitted - timedelta(days=1),
            updated_at=submitted,
            submitted_at=submitted,
        )
        if status == S.PUBLISHED:
            release.approved_at = release.updated_at = submitted + timedelta(hours=20)
            release.reviewed_by = staff_id
        elif status == S.RETURNED:
            release.returned_at = release.updated_at = submitted + timedelta(hours=5)
            release.reviewed_by = staff_id
            release.return_reason = RETURN_REASON
        if index == 1:
            stored = uploads.store(
                settings, _demo_pdf(title), "キャリアセミナー案内.pdf", AREA, kinds=frozenset({"pdf"})
            )
            release.pdf_stored_name, release.pdf_original_name = stored.stored_name, stored.original_name
            release.pdf_size = stored.size
        db.add(release)
        await db.flush()
        if index == 0:
            processed = images.process(_demo_image(rng), "教材開発.jpg")
            stored = uploads.store(settings, processed.data, processed.filename, AREA, kinds=images.KINDS)
            db.add(
                PressImage(
                    release_id=release.id,
                    position=1,
                    stored_name=stored.stored_name,
                    content_type=stored.content_type,
                    width=processed.width,
                    height=processed.height,
                    size=stored.size,
                    alt="教室の黒板の前に机が並ぶ、教材の試行授業を行う小学校の教室",
                    created_at=now,
                )
            )
    await db.flush()
