"""Demo プレスリリース: eight from the demo organizations in several states, one with a PDF in
Japanese and one with an image; loading twice adds nothing."""

from __future__ import annotations

import io
import random
from collections import Counter

from pypdf import PdfReader

import features.accounts
from features.press.demo import seed_demo
from tests.features.press.helpers import images, releases


async def test_eight_releases_with_a_pdf_an_image_and_every_review_state(database, settings, frozen_clock, client):
    async with database.session() as db:
        await features.accounts.SLICE.seed_demo(db, random.Random(1), settings)
        await seed_demo(db, random.Random(1), settings)
    rows = await releases(database)
    assert len(rows) == 8
    assert Counter(r.status for r in rows) == {"published": 6, "pending": 1, "returned": 1}
    (returned,) = [r for r in rows if r.status == "returned"]
    assert returned.return_reason
    assert len({r.organization_id for r in rows}) >= 3
    (with_pdf,) = [r for r in rows if r.pdf_stored_name]
    download = await client.get(f"/press/{with_pdf.id}/pdf")
    assert "キャリアセミナー" in PdfReader(io.BytesIO(download.content)).pages[0].extract_text().replace("\x00", "")
    with_image = [r for r in rows if await images(database, r.id)]
    assert len(with_image) == 1 and with_image[0].status == "published"
    page = await client.get(f"/press/{with_image[0].id}")
    assert page.status_code == 200 and 'alt="教室の黒板' in page.text

    async with database.session() as db:
        await seed_demo(db, random.Random(1), settings)
    assert len(await releases(database)) == 8
