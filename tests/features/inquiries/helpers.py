"""Personas and cases for the 問い合わせ対応 tests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app import clock
from features.accounts.models import Role
from features.inquiries import service
from features.inquiries.models import InquiryCase, InquiryEvent
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user

OFFICE = "office@example.jp"
OFFICE_2 = "office2@example.jp"
PERSON = "person@example.jp"
ORG = "org@example.jp"
COUNSELOR = "counselor@example.jp"
NOTE = "内部メモ：前回も同じ質問あり"


async def people(database) -> dict[str, int]:
    ids = {}
    for email, role in (
        (OFFICE, Role.SECRETARIAT),
        (OFFICE_2, Role.SECRETARIAT),
        (PERSON, Role.INDIVIDUAL),
        (ORG, Role.ORGANIZATION),
        (COUNSELOR, Role.COUNSELOR),
    ):
        ids[email] = (await make_user(database, email, role)).id
    return ids


async def new_case(
    database, *, at: datetime | None = None, category: str = "ログイン", user_id: int | None = None, **changes
) -> InquiryCase:
    values = {"name": "国際 花子", "email": "hanako@example.jp", "body": "ワンタイムパスワードが届きません。"} | changes
    async with database.session() as db:
        case = await service.open_case(db, category=category, user_id=user_id, **values)
        if at is not None:
            case.created_at = case.waiting_since = case.updated_at = at
    return case


async def reload(database, case_id: int) -> InquiryCase:
    async with database.session(write=False) as db:
        return (await db.execute(select(InquiryCase).where(InquiryCase.id == case_id))).scalar_one()


async def events(database, case_id: int) -> list[InquiryEvent]:
    async with database.session(write=False) as db:
        return await service.timeline(db, case_id)


async def replied_case(
    database, settings, office_id: int, text: str = "{氏名} 様\n迷惑メールフォルダをご確認ください。"
):
    case = await new_case(database)
    async with database.session() as db:
        case = await service.case_by_id(db, case.id)
        await service.reply(db, settings, case, text, office_id, "事務局 太郎")
    return await reload(database, case.id)


async def post(client, path: str, data: dict | None = None, **headers):
    await client.get("/healthz")
    return await client.post(path, data=data or {}, headers={**csrf_headers(client), **headers}, follow_redirects=False)


async def as_office(client, database) -> dict[str, int]:
    ids = await people(database)
    await log_in(client, database, OFFICE)
    return ids


def jst(*args) -> datetime:
    return datetime(*args, tzinfo=clock.JST)
