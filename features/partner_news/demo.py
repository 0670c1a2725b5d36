"""Demo PARTNERニュース: two back issues (第1号, 第2号: assembled from the demo content of the weeks
before, approved and marked sent at their Friday — no mail goes out for them) and this week's
draft (between Friday's sending and Thursday: the coming week's, assembled ahead). Runs after the
content slices' demo loaders (app/routes.py order)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.partner_news import assembly
from features.partner_news.models import IssueStatus
from features.partner_news.schedule import latest_occurrence, next_occurrence

LEADS = (
    "{氏名}様\n\nPARTNERニュース第{n}号をお届けします。今週も新しい求人情報や研修・セミナーの案内が届いています。"
    "気になる情報は、お早めにご確認ください。",
    "{氏名}様\n\n寒さが厳しくなってまいりました。PARTNERニュース第{n}号です。"
    "今週は国際協力の現場で活躍できる求人情報と、年明けのセミナーをご紹介します。",
)


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    config = settings.partner_news
    staff = await accounts.user_by_email(db, "admin@example.org")
    staff_id = staff.id if staff is not None else None
    now = clock.now()
    this_week = latest_occurrence(now, config.assemble_weekday, config.assemble_time)
    if next_occurrence(this_week, config.send_weekday, config.send_time) <= now:
        # Between Friday's sending and Thursday: the draft is the coming week's, assembled ahead
        # (still approvable), and the two back issues are the weeks before it.
        this_week += timedelta(weeks=1)
    for weeks_ago in (2, 1):
        issue = await assembly.assemble_issue(db, settings, this_week - timedelta(weeks=weeks_ago))
        if issue is None:
            continue
        issue.lead = rng.choice(LEADS).replace("{n}", str(issue.number))
        issue.status = IssueStatus.SENT
        issue.approved_by = issue.edited_by = staff_id
        issue.approved_at = issue.cutoff_at + timedelta(hours=3)
        issue.sent_at = issue.send_due_at
        await db.flush()
    draft = await assembly.assemble_issue(db, settings, this_week)
    if draft is not None:
        draft.lead = "{氏名}様\n\n今週のPARTNERニュースをお届けします。"
        await db.flush()
