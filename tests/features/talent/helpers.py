"""Shared by the talent and mail tests: a person with a public résumé, an organization."""

from __future__ import annotations

import re

from sqlalchemy import select

from features.accounts.models import Individual, Role, UserAccount
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user

TALENT = "talent@example.jp"


async def post(client, path, data):
    return await client.post(path, data=data, headers=csrf_headers(client), follow_redirects=False)


async def build_resume(
    client,
    database,
    email: str = TALENT,
    *,
    public: bool = True,
    sector: str = "health",
    years: str = "8",
    pr: str = "母子保健の改善に取り組んできました。",
    profile: dict | None = None,
) -> str:
    """A registrant with a résumé (experience, language, project); `profile` adds fields to its profile form."""
    await make_user(database, email)
    await log_in(client, database, email)
    await post(
        client,
        "/mypage/resume/profile",
        {
            "visibility": "1" if public else "",
            "specialty_main": sector,
            "wish_location": "海外",
            "self_pr": pr,
            **(profile or {}),
        },
    )
    await post(client, "/mypage/resume/experience", {"sector": [sector], "years": [years]})
    await post(
        client, "/mypage/resume/language", {"language": ["fr"], "level": ["A"], "test": ["DELF"], "score": ["B2"]}
    )
    await post(
        client,
        "/mypage/resume/project",
        {
            "name": ["セネガル 母子保健改善プロジェクト"],
            "country": ["SN"],
            "start": ["2019-04"],
            "end": ["2022-03"],
            "role": ["業務調整"],
            "client": ["JICA"],
        },
    )
    async with database.session(write=False) as db:
        user = (await db.execute(select(UserAccount).where(UserAccount.email == email))).scalar_one()
        code = (
            await db.execute(select(Individual.registration_code).where(Individual.user_id == user.id))
        ).scalar_one()
    await client.post("/logout", headers=csrf_headers(client))
    return code


async def as_org(client, database, email="org@example.jp"):
    await make_user(database, email, Role.ORGANIZATION)
    await log_in(client, database, email)


def titles(html):
    return re.findall(r'<a href="/talent/(P\d{7})">', html)
