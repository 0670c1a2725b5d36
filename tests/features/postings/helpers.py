"""Helpers for posting tests: a complete job form, and organizations that post."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.clock import JST
from features.accounts.models import Organization, Role
from features.postings.models import Posting
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user


def job_form(now, **changes) -> dict:
    today = now.astimezone(JST).date()
    data = {
        "title": "カンボジア 教育プロジェクト 調整員",
        "job_type": "プロジェクト調整員",
        "sector": "education",
        "location_kind": "overseas",
        "country": "KH",
        "city": "プノンペン",
        "employment_type": "契約職員",
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=30)).isoformat(),
        "publish_at": (now + timedelta(days=1)).astimezone(JST).strftime("%Y-%m-%dT%H:%M"),
        "duties": "小学校教員の研修を企画・運営します。",
        "requirements": "教育分野の実務経験3年以上",
        "preferred": "クメール語",
        "contact": "recruit@example.org",
        "application_method": "web",
        "resume_type": "general",
        "resume_items": ["education", "career"],
        "required_documents": ["志望動機書", ""],
        "flexible_work": ["remote"],
    }
    data.update(changes)
    return data


async def organization_for(database, email: str) -> Organization:
    async with database.session(write=False) as db:
        from features.accounts.models import UserAccount

        user = (await db.execute(select(UserAccount).where(UserAccount.email == email))).scalar_one()
        return (await db.execute(select(Organization).where(Organization.user_id == user.id))).scalar_one()


async def as_organization(client, database, email: str = "org@example.jp") -> Organization:
    await make_user(database, email, Role.ORGANIZATION)
    await log_in(client, database, email)
    return await organization_for(database, email)


async def post_job(client, data: dict, action: str, posting_id: int | None = None, **kwargs):
    url = f"/postings/jobs/{posting_id}" if posting_id else "/postings/jobs"
    return await client.post(
        url, data={**data, "action": action}, headers=csrf_headers(client), follow_redirects=False, **kwargs
    )


async def postings(database) -> list[Posting]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(Posting).order_by(Posting.id))).scalars())
