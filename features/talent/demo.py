"""Demo résumés: full ones for the demo individuals and the generated registrants."""

from __future__ import annotations

import random

from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from app.reference import SECTORS
from features.accounts import api as accounts
from features.talent import forms, service
from features.talent.models import Visibility

SECTOR_CODES = [code for code, _ in SECTORS]
COUNTRIES = ["KH", "VN", "LA", "KE", "TZ", "UG", "BD", "NP", "PH", "ID", "MZ", "GH", "BR", "PE", "JO", "MN"]
SCHOOLS = ["東京大学", "大阪大学", "国際基督教大学", "広島大学", "名古屋大学", "早稲田大学", "立命館アジア太平洋大学"]
ORGS = [
    "特定非営利活動法人 アジア教育支援の会",
    "株式会社 グローバル開発コンサルタンツ",
    "JICA海外協力隊",
    "国連児童基金（UNICEF）",
    "公益社団法人 国際保健協力機構",
    "県庁 国際交流課",
]
PR = [
    "現場での調整力と、住民参加型の事業運営が強みです。",
    "保健分野で10年の経験があり、英語とフランス語で業務ができます。",
    "教育分野のプロジェクト管理と予算管理を担当してきました。",
    "防災・復興支援の現場経験を生かしたいと考えています。",
]


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    # The accounts slice seeded the people; the résumé belongs to this slice.
    for user_id, family_name in await accounts.full_registrant_user_ids(db):
        resume = await service.resume_of(db, user_id, create=True)
        demo_talent = family_name == "山田"
        await service.save_profile(
            db,
            resume,
            {
                "visibility": Visibility.PUBLIC if demo_talent or rng.random() < 0.75 else Visibility.PRIVATE,
                "specialty_main": rng.choice(SECTOR_CODES),
                "specialty_sub": rng.choice(SECTOR_CODES),
                "education_level": rng.choice(forms.DEGREES[3:6]),
                "wish_location": rng.choice(forms.WISH_LOCATIONS),
                "wish_term": rng.choice(forms.WISH_TERMS),
                "wish_employment": rng.sample(forms.EMPLOYMENT_TYPES, 2),
                "wish_flexible": rng.sample([c for c, _ in forms.FLEXIBLE_WORK], rng.randint(0, 2)),
                "available_from": "2027年4月から",
                "self_pr": rng.choice(PR),
            },
        )
        start = rng.randint(1995, 2015)
        sector = rng.choice(SECTOR_CODES)
        country = rng.choice(COUNTRIES)
        sections = {
            "education": [
                {
                    "school": rng.choice(SCHOOLS),
                    "major": "国際関係学",
                    "degree": rng.choice(["学士", "修士"]),
                    "start": f"{start - 4}-04",
                    "end": f"{start}-03",
                }
            ],
            "career": [
                {
                    "organization": rng.choice(ORGS),
                    "title": "プロジェクトオフィサー",
                    "country": country,
                    "start": f"{start}-04",
                    "end": f"{start + 3}-03",
                    "duties": "事業の計画・実施・モニタリング",
                }
            ],
            "experience": [{"sector": sector, "years": str(rng.randint(1, 15))}],
            "language": [
                {"language": "en", "test": "TOEIC", "score": str(rng.randint(6, 99) * 10), "level": rng.choice("SABC")}
            ],
            "overseas": [{"country": country, "start": f"{start + 1}-04", "end": f"{start + 3}-03", "purpose": "業務"}],
            "project": [
                {
                    "name": f"{country} {dict(SECTORS)[sector]}プロジェクト",
                    "country": country,
                    "start": f"{start + 4}-04",
                    "end": f"{start + 6}-03",
                    "role": "業務調整",
                    "client": "JICA",
                }
            ],
        }
        for key, section_rows in sections.items():
            await service.save_rows(db, resume, forms.BY_KEY[key], section_rows)
