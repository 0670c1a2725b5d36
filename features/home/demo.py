"""Demo data of this slice: the secretariat's news."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.mail import queue_template_mail
from features.home.models import NewsCategory, SiteNews

NEWS = [
    (
        NewsCategory.SEMINAR,
        "【開催案内】国際協力キャリアセミナー（オンライン）参加者募集",
        "国際協力の仕事に関心のある方を対象に、キャリアセミナーをオンラインで開催します。\n"
        "JICA海外協力隊経験者やNGO職員が登壇し、キャリアの築き方をお話しします。\n\n"
        "日時：12月13日（土）14:00〜16:00\n定員：100名（先着順）\n参加費：無料",
    ),
    (
        NewsCategory.NOTICE,
        "年末年始の事務局業務について",
        "12月27日（土）から1月4日（日）まで、PARTNER事務局の業務を休止します。\n"
        "期間中にいただいたお問い合わせ・掲載申請は、1月5日（月）以降に順次対応いたします。",
    ),
    (
        NewsCategory.MAINTENANCE,
        "システムメンテナンスのお知らせ",
        "システムメンテナンスのため、下記の時間帯はPARTNERをご利用いただけません。\n"
        "ご不便をおかけしますが、ご理解のほどよろしくお願いいたします。\n\n日時：11月30日（日）2:00〜6:00",
    ),
    (
        NewsCategory.NOTICE,
        "団体登録情報の確認・更新のお願い",
        "登録団体の皆さまへ。所在地・担当者・連絡先に変更がないか、マイページの"
        "「登録内容の確認/更新」からご確認ください。",
    ),
    (
        NewsCategory.NEWSLETTER,
        "PARTNERメールマガジン第245号を配信しました",
        "今号の特集は「保健医療分野で働く」です。現場で活躍する専門家のインタビューや、"
        "募集中の求人情報をご紹介しています。",
    ),
    (
        NewsCategory.SEMINAR,
        "【アーカイブ公開】国際協力人材セミナー「教育分野のキャリアパス」",
        "10月に開催したセミナーの録画を公開しました。教育分野での国際協力に関心のある方はぜひご覧ください。",
    ),
    (
        NewsCategory.NOTICE,
        "個人登録の有効期限と延長登録について",
        "国際協力人材登録の有効期限は登録日（または前回の延長登録日）から2年間です。"
        "有効期限が近づくとメールでお知らせしますので、マイページから延長登録を行ってください。",
    ),
    (
        NewsCategory.NOTICE,
        "キャリア相談（対面・オンライン）の受付を再開しました",
        "キャリア相談員による個別相談の受付を再開しました。マイページからお申し込みください。",
    ),
    (
        NewsCategory.NEWSLETTER,
        "PARTNERメールマガジン第244号を配信しました",
        "今号では、農業・農村開発分野の求人特集と、海外での生活準備についてのコラムをお届けします。",
    ),
    (
        NewsCategory.NOTICE,
        "求人情報の掲載承認にかかる日数について",
        "求人情報・研修・イベント・セミナー情報の内容確認・掲載承認には3営業日程度を要する場合があります。"
        "余裕を持った掲載準備をお願いいたします。",
    ),
    (
        NewsCategory.SEMINAR,
        "【団体向け】PARTNER活用説明会のご案内",
        "人材閲覧・オファーメール機能の使い方を、事務局が実際の画面でご説明します。",
    ),
    (
        NewsCategory.NOTICE,
        "ウェブアクセシビリティ方針を公開しました",
        "PARTNERは、どなたでも利用しやすいサイトを目指し、JIS X 8341-3:2016 の適合レベルAAに対応します。",
    ),
]


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    now = clock.now()
    for days_ago, (category, title, body) in zip(range(1, 400, 9), NEWS, strict=False):
        published = now - timedelta(days=days_ago, hours=rng.randint(0, 8))
        db.add(SiteNews(title=title, body=body, category=category, published_at=published, created_at=published))
    # One notice scheduled for the future: never shown before its time.
    db.add(
        SiteNews(
            title="【予告】新年度の事務局体制について",
            body="新年度からの事務局体制をお知らせします。",
            category=NewsCategory.NOTICE,
            published_at=now + timedelta(days=30),
            created_at=now,
        )
    )
    await queue_template_mail(
        db,
        settings,
        to="admin@example.org",
        template="home/demo_loaded.txt.jinja",
        name="PARTNER事務局",
        base_url=settings.app.base_url,
    )
