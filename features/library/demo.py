"""Demo library: letter templates (Word and PDF), a 事務局内 manual, a pamphlet PDF and a leaflet
with rendered thumbnails, banners in the usual sizes (公開, on the 広報ツール page), an item with
two versions, and one item overdue for the yearly review. Idempotent: nothing is added when the
library has any item."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.library import samples, service
from features.library.models import Audience, Category, LibraryItem

PAMPHLET_LINES = [
    "PARTNER（国際協力キャリア総合情報サイト）は、国際協力に携わる人材と団体をつなぐJICAのサイトです。",
    "求人情報・研修・セミナー情報の検索、人材登録、団体登録、キャリア相談をご利用いただけます。",
    "登録は無料です。国際協力の仕事に関心のある方、人材をお探しの団体の皆様のご登録をお待ちしています。",
]


def _item(title: str, category: str, audience: str, description: str) -> dict:
    return {"title": title, "category": category, "audience": audience, "description": description, "note": "初版"}


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    if await db.scalar(select(func.count()).select_from(LibraryItem)):
        return
    staff = await accounts.user_by_email(db, "admin@example.org")
    actor = staff.id if staff is not None else None

    async def add(values: dict, data: bytes, filename: str) -> LibraryItem:
        return await service.create_item(db, settings, values, data=data, filename=filename, actor=actor)

    await add(
        _item(
            "講師依頼状テンプレート",
            Category.TEMPLATE,
            Audience.STAFF,
            "セミナー講師への依頼状のひな形です。日付・宛名・謝金欄を書き換えて使います。",
        ),
        samples.docx_document(["〇〇年〇〇月〇〇日", "〇〇 〇〇 様", "講師ご依頼のお願い", "PARTNER事務局"]),
        "講師依頼状テンプレート.docx",
    )
    await add(
        _item(
            "セミナー参加申込書（様式1）",
            Category.TEMPLATE,
            Audience.ORGANIZATIONS,
            "団体が共催セミナーの参加者を取りまとめるときの申込書です。",
        ),
        samples.pdf_document("セミナー参加申込書（様式1）", ["氏名：", "所属：", "連絡先：", "参加希望セッション："]),
        "セミナー参加申込書_様式1.pdf",
    )
    manual = await add(
        _item(
            "事務局業務マニュアル（ライブラリ・広報）",
            Category.MANUAL,
            Audience.STAFF,
            "ライブラリの年次確認と広報ツールの発注手順をまとめた事務局内のマニュアルです。",
        ),
        samples.pdf_document(
            "事務局業務マニュアル",
            ["1. ライブラリの年次確認", "2. 広報ツールの製作と発注", "3. バナーの掲載依頼への対応"],
            pages=2,
        ),
        "事務局業務マニュアル.pdf",
    )
    await service.add_version(
        db,
        settings,
        manual,
        data=samples.pdf_document(
            "事務局業務マニュアル（改訂）",
            [
                "1. ライブラリの年次確認（12か月ごと）",
                "2. 広報ツールの製作と発注",
                "3. バナーの掲載依頼への対応",
                "4. ノベルティの在庫管理",
            ],
            pages=2,
        ),
        filename="事務局業務マニュアル_改訂.pdf",
        note="ノベルティの在庫管理を追加",
        actor=actor,
    )
    await add(
        _item(
            "PARTNERパンフレット（2026年度版）",
            Category.PAMPHLET,
            Audience.PUBLIC,
            "PARTNERの使い方を紹介するA4のパンフレットです。説明会や窓口での配布にお使いください。",
        ),
        samples.pdf_document("PARTNERパンフレット", PAMPHLET_LINES, pages=2),
        "PARTNERパンフレット_2026.pdf",
    )
    await add(
        _item(
            "団体登録のご案内リーフレット",
            Category.LEAFLET,
            Audience.ORGANIZATIONS,
            "団体の皆様に会員団体へ配っていただくためのリーフレットです。",
        ),
        samples.pdf_document(
            "団体登録のご案内",
            [
                "PARTNERに団体登録すると、求人・研修情報を無料で掲載できます。",
                "登録人材の検索やオファーメールもご利用いただけます。",
            ],
        ),
        "団体登録リーフレット.pdf",
    )
    stale = await add(
        _item(
            "PARTNERポスター（2024年度版）",
            Category.POSTER,
            Audience.PUBLIC,
            "大学・イベント会場に掲示するA2ポスターです。",
        ),
        samples.pdf_document(
            "PARTNERポスター", ["国際協力のキャリアを、ここから。", "PARTNER 国際協力キャリア総合情報サイト"]
        ),
        "PARTNERポスター_2024.pdf",
    )
    stale.last_confirmed_on = clock.today_jst() - timedelta(days=430)  # overdue for the yearly review
    for width, height in samples.BANNER_SIZES:
        await add(
            _item(
                f"PARTNERバナー {width}×{height}",
                Category.BANNER,
                Audience.PUBLIC,
                "団体・大学のWebサイトからPARTNERへリンクするときにお使いください。リンク先はPARTNERのトップページです。",
            ),
            samples.banner_png(width, height),
            f"partner_banner_{width}x{height}.png",
        )
    await add(
        _item(
            "ノベルティ（クリアファイル）デザイン",
            Category.NOVELTY,
            Audience.STAFF,
            "A4クリアファイルの入稿用デザイン（PDF）です。",
        ),
        samples.pdf_document("クリアファイル デザイン", ["表面：PARTNERロゴ", "裏面：QRコードとURL"]),
        "クリアファイル_入稿データ.pdf",
    )
    await db.flush()
