"""Demo 保存した検索条件: three for talent@example.org (求人情報 毎日, 研修・イベント・セミナー 毎週,
公募情報 毎週) and one 人材閲覧 search of org@example.org with its weekly digest. Their watermarks
lie a week back, so the first run of the alert job after seeding has something to announce."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.saved_searches.models import Frequency, SavedSearch
from features.saved_searches.scopes import canonical_query
from features.saved_searches.service import pack_ids
from features.talent import api as talent

TALENT_SEARCHES = (
    ("jobs", "保健医療の求人", {"sector": "health"}, Frequency.DAILY),
    ("events", "研修・セミナー", {"event_type": "研修"}, Frequency.WEEKLY),
    ("koubo", "教育分野の公募", {"sector": "education"}, Frequency.WEEKLY),
)
ORGANIZATION_SEARCH = ("talent", "教育経験のある方", {"sector": "education"}, Frequency.WEEKLY)


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    now = clock.now()
    since = now - timedelta(days=7)
    person = await accounts.user_by_email(db, "talent@example.org")
    if person is not None:
        for scope, name, params, frequency in TALENT_SEARCHES:
            db.add(
                SavedSearch(
                    user_id=person.id,
                    scope=scope,
                    name=name,
                    query=canonical_query(params),
                    frequency=frequency,
                    created_at=since,
                    updated_at=since,
                    last_alerted_at=since,
                )
            )
    organization = await accounts.user_by_email(db, "org@example.org")
    if organization is not None:
        scope, name, params, frequency = ORGANIZATION_SEARCH
        query = canonical_query(params)
        found = await talent.matching_user_ids(db, query)
        # Remember all but a random few as already reported: the next digest has newcomers to show.
        kept = [user_id for user_id in found if rng.random() > 0.2]
        db.add(
            SavedSearch(
                user_id=organization.id,
                scope=scope,
                name=name,
                query=query,
                frequency=frequency,
                created_at=since,
                updated_at=since,
                last_alerted_at=since,
                reported_ids=pack_ids(kept),
            )
        )
