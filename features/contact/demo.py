"""Demo inquiries (the secretariat's list comes with the accounts slice)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.contact.models import Inquiry, InquiryCategory

SAMPLES = [
    (
        "佐藤 美咲",
        "misaki.sato@example.jp",
        InquiryCategory.REGISTRATION,
        "登録したメールアドレスを変更したいのですが、手続きを教えてください。",
    ),
    (
        "特定非営利活動法人 アジア教育支援の会 鈴木",
        "suzuki@asia-edu.example.org",
        InquiryCategory.POSTING,
        "求人情報の掲載承認までに何日ほどかかりますか。",
    ),
    (
        "高橋 健一",
        "k.takahashi@example.ne.jp",
        InquiryCategory.CAREER,
        "青年海外協力隊から帰国後のキャリアについて相談したいです。",
    ),
    ("田中 陽子", "yoko.tanaka@example.com", InquiryCategory.OTHER, "メールマガジンの配信を停止したいです。"),
]


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    now = clock.now()
    for days, (name, email, category, body) in enumerate(SAMPLES, start=1):
        db.add(
            Inquiry(
                name=name,
                email=email,
                category=category,
                body=body,
                created_at=now - timedelta(days=days * 3, hours=rng.randint(0, 10)),
            )
        )
