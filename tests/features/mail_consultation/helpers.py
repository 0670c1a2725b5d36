"""Personas and cases for the メール相談 tests."""

from __future__ import annotations

from sqlalchemy import select

from features.accounts.models import Role
from features.mail_consultation import service
from features.mail_consultation.models import MailConsultation
from features.mail_consultation.states import Actor
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user

PERSON = "person@example.jp"
OTHER = "other@example.jp"
OFFICE = "office@example.jp"
COUNSELOR = "counselor@example.jp"
COUNSELOR_2 = "counselor2@example.jp"
NOTE = "内部メモ：以前の対面相談では進路に迷っていた方"
COMMENT = "差戻しコメント：具体的な団体名を挙げてください"


async def people(database) -> dict[str, int]:
    ids = {}
    for email, role in (
        (PERSON, Role.INDIVIDUAL),
        (OTHER, Role.INDIVIDUAL),
        (OFFICE, Role.SECRETARIAT),
        (COUNSELOR, Role.COUNSELOR),
        (COUNSELOR_2, Role.COUNSELOR),
    ):
        ids[email] = (await make_user(database, email, role)).id
    return ids


async def new_case(database, settings, user_id: int, **changes) -> MailConsultation:
    values = {"category": "進路", "subject": "協力隊後の進路", "body": "帰国後にNGOで働くには？"} | changes
    async with database.session() as db:
        case = await service.submit(db, settings, user_id, **values)
    return case


async def reload(database, case_id: int) -> MailConsultation:
    async with database.session(write=False) as db:
        return (await db.execute(select(MailConsultation).where(MailConsultation.id == case_id))).scalar_one()


async def assigned_case(database, settings, ids: dict[str, int]) -> MailConsultation:
    case = await new_case(database, settings, ids[PERSON])
    async with database.session() as db:
        case = await service.case_by_id(db, case.id)
        await service.assign_counselor(db, settings, case, ids[COUNSELOR], "事務局 太郎")
    return case


async def reviewed_case(
    database, settings, ids: dict[str, int], draft: str = "NGOの求人を探しましょう。"
) -> MailConsultation:
    """A case whose counselor has sent the draft to 事務局確認, with an internal note and a send-back behind it."""
    case = await assigned_case(database, settings, ids)
    async with database.session() as db:
        case = await service.case_by_id(db, case.id)
        await service.add_note(db, case, ids[OFFICE], "事務局 太郎", NOTE)
        await service.submit_draft(db, settings, case, Actor.ASSIGNEE, "最初の案", "相談員")
        await service.send_back(db, settings, case, COMMENT, "事務局 太郎")
        await service.submit_draft(db, settings, case, Actor.ASSIGNEE, draft, "相談員")
    return case


async def post(client, path: str, data: dict | None = None, **kwargs):
    await client.get("/healthz")
    return await client.post(path, data=data or {}, headers=csrf_headers(client), follow_redirects=False, **kwargs)


async def switch_to(client, database, email: str) -> None:
    await post(client, "/logout")
    await log_in(client, database, email)
