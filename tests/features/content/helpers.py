"""Rows, files and requests for the content tests."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from PIL import Image
from sqlalchemy import select

from app import clock
from features.accounts.models import Role
from features.content import service
from features.content.models import ContentItem
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # Monday 10:00 JST
WRITER = "writer@example.jp"
REVIEWER = "reviewer@example.jp"


def values(**changes) -> dict:
    base = {
        "title": "協力隊の経験を職務経歴書に書く",
        "kind": "column",
        "audience": "individual",
        "category": "キャリア",
        "tags": ["青年海外協力隊", "転職"],
        "series_number": None,
        "author": "佐藤 美咲",
        "affiliation": "キャリアコンサルタント",
        "summary": "活動経験を伝える書き方。",
        "body": "最初の段落。\n\n二つ目の段落。",
        "slug": "",
        "publish_at": "",
        "image_alt": "",
        "remove_image": False,
    }
    base.update(changes)
    return base


def form(**changes) -> dict:
    """The same article as the browser sends it."""
    data = values(**changes)
    data["tags"] = "、".join(data["tags"]) if isinstance(data["tags"], list) else data["tags"]
    data["series_number"] = data["series_number"] or ""
    data.pop("remove_image")
    data.pop("publish_at")
    return {k: str(v) for k, v in data.items()}


def picture(width: int = 1600, height: int = 900, fmt: str = "JPEG", exif: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (30, 90, 140))
    out = io.BytesIO()
    if exif:
        meta = Image.Exif()
        meta[0x010F] = "SecretCamera"  # Make
        image.save(out, fmt, exif=meta)
    else:
        image.save(out, fmt)
    return out.getvalue()


async def staff(database, email: str = WRITER) -> int:
    return (await make_user(database, email, Role.SECRETARIAT, password_hash="x")).id


async def as_staff(client, database, email: str = WRITER) -> int:
    user = await make_user(database, email, Role.SECRETARIAT)
    await log_in(client, database, email)
    return user.id


async def article(database, settings, writer: int, reviewer: int | None = None, **changes) -> int:
    """An article saved by `writer`; submitted and approved by `reviewer` when given."""
    async with database.session() as db:
        item = await service.save(db, settings, None, values(**changes), writer)
        if reviewer is not None:
            await service.submit(db, item, writer)
            await service.approve(db, item, reviewer)
        return item.id


async def revise(database, settings, item_id: int, writer: int, submit: bool = True, **changes) -> None:
    async with database.session() as db:
        item = await service.item_by_id(db, item_id)
        await service.save(db, settings, item, values(**changes), writer)
        if submit:
            await service.submit(db, item, writer)


async def load(database, item_id: int) -> ContentItem:
    async with database.session(write=False) as db:
        return await db.scalar(select(ContentItem).where(ContentItem.id == item_id))


async def post(client, path: str, data: dict | None = None, files=None, **headers):
    await client.get("/healthz")
    return await client.post(
        path, data=data or {}, files=files, headers={**csrf_headers(client), **headers}, follow_redirects=False
    )


def freeze(frozen_clock, at: datetime = NOW) -> None:
    frozen_clock.current = at
    assert clock.now() == at
