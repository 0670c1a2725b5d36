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


# The posting form's buttons, each with its own endpoint (path segment → label); a new posting's paths have no id.
BUTTONS = {
    "save": "一時保存",
    "preview": "掲載後に表示される内容を確認する",
    "confirm": "確認",
    "submit": "登録",  # on the confirmation page (お知らせ: 掲載申請する)
    "back": "入力画面へ戻る",  # on the confirmation page
}


def button_url(slug: str, button: str, posting_id: int | None = None) -> str:
    assert button in BUTTONS, button
    return f"/postings/{slug}/{posting_id}/{button}" if posting_id else f"/postings/{slug}/{button}"


async def post_form(client, slug: str, data: dict, button: str, posting_id: int | None = None, headers=None):
    """Press one of the posting form's buttons: a POST to that button's endpoint (with the CSRF token)."""
    return await client.post(
        button_url(slug, button, posting_id),
        data=data,
        headers={**csrf_headers(client), **(headers or {})},
        follow_redirects=False,
    )


async def post_job(client, data: dict, button: str, posting_id: int | None = None, headers=None):
    return await post_form(client, "jobs", data, button, posting_id, headers)


async def postings(database) -> list[Posting]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(Posting).order_by(Posting.id))).scalars())
