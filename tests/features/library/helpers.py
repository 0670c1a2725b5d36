"""Items, files and personas for the library tests."""

from __future__ import annotations

from sqlalchemy import select

from app.mail import OutboxMail
from features.accounts.models import Role
from features.library import samples, service
from features.library.models import LibraryItem, LibraryVersion
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import log_in, make_user

COOKIE = "partner_session"
PERSONAS = {
    "individual": ("person@example.jp", Role.INDIVIDUAL),
    "organization": ("org@example.jp", Role.ORGANIZATION),
    "counselor": ("counselor@example.jp", Role.COUNSELOR),
    "secretariat": ("office@example.jp", Role.SECRETARIAT),
}


def pdf(title: str = "PARTNERパンフレット") -> bytes:
    return samples.pdf_document(title, ["国際協力のキャリアを、ここから。"])


async def make_item(
    database, settings, *, title="資料", category="pamphlet", audience="public", data=None, filename="資料.pdf"
) -> LibraryItem:
    values = {"title": title, "category": category, "audience": audience, "description": "説明", "note": ""}
    async with database.session() as db:
        item = await service.create_item(db, settings, values, data=data or pdf(title), filename=filename, actor=None)
    return item


async def add_version(database, settings, item_id: int, data: bytes, filename: str, note: str = "改訂") -> None:
    async with database.session() as db:
        item = await db.get(LibraryItem, item_id)
        await service.add_version(db, settings, item, data=data, filename=filename, note=note, actor=None)


async def item_row(database, item_id: int) -> LibraryItem:
    async with database.session(write=False) as db:
        return await db.get(LibraryItem, item_id)


async def versions(database, item_id: int) -> list[LibraryVersion]:
    async with database.session(write=False) as db:
        rows = await db.scalars(
            select(LibraryVersion).where(LibraryVersion.item_id == item_id).order_by(LibraryVersion.number)
        )
        return list(rows)


async def count_items(database) -> int:
    async with database.session(write=False) as db:
        return len(list(await db.scalars(select(LibraryItem.id))))


async def mails(database) -> list[OutboxMail]:
    async with database.session(write=False) as db:
        return list((await db.scalars(select(OutboxMail).order_by(OutboxMail.id))).all())


async def personas(client, database, names=tuple(PERSONAS)) -> dict[str, str | None]:
    """Each persona logged in once; its session cookie to present later (anonymous: None)."""
    cookies: dict[str, str | None] = {"anonymous": None}
    for name in names:
        email, role = PERSONAS[name]
        await make_user(database, email, role)
        use_session_cookie(client, None)
        await log_in(client, database, email)
        cookies[name] = client.cookies.get(COOKIE)
    return cookies


async def as_persona(client, cookies, name: str) -> None:
    use_session_cookie(client, cookies[name])
    await client.get("/healthz")


async def as_office(client, database) -> dict[str, str | None]:
    return await personas(client, database, ("secretariat",))


async def post(client, path: str, data: dict | None = None, files: dict | None = None, **headers):
    await client.get("/healthz")
    return await client.post(
        path, data=data or {}, files=files, headers={**csrf_headers(client), **headers}, follow_redirects=False
    )
