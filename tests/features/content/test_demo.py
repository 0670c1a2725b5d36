"""Demo コンテンツ: a dozen articles per audience, numbered columns, one 公開予定, one pending
revision, lead images with alt text; loading twice adds nothing."""

from __future__ import annotations

import random
from collections import Counter

from sqlalchemy import func, select

from features.content.demo import seed_demo
from features.content.models import ContentImage, ContentItem
from tests.features.content.helpers import freeze, staff


async def test_the_demo_articles(database, settings, frozen_clock, client):
    freeze(frozen_clock)
    await staff(database, "admin@example.org")
    await staff(database, "admin2@example.org")
    for _ in range(2):
        async with database.session() as db:
            await seed_demo(db, random.Random(1), settings)
    async with database.session(write=False) as db:
        items = list(await db.scalars(select(ContentItem)))
        images = await db.scalar(select(func.count()).select_from(ContentImage))
    published = [i for i in items if i.status == "published"]
    audiences = Counter(i.audience for i in published)
    assert all(audiences[a] >= 12 for a in ("individual", "organization", "common")), audiences
    numbers = sorted(i.series_number for i in published if i.kind == "column")
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 12
    assert [i.status for i in items if i.publish_at and i.publish_at > frozen_clock.current] == ["scheduled"]
    [revised] = [i for i in items if i.revision_state == "review"]
    assert revised.status == "published" and revised.latest_version_id != revised.published_version_id
    assert images > 20 and all(i.image_alt for i in published if i.image_id)
    assert [i.status for i in items].count("draft") == 1
    page = (await client.get("/for-organizations")).text
    assert "PARTNERの使い方：求人情報を掲載するまで" in page
    review_page = await client.get(f"/content/{revised.id}")
    assert "応募後のやりとり" not in review_page.text  # the public still sees the approved version
