"""The demo's 18 months of お問い合わせ (issue 16 item 7): questions to the desk on the seasonal
calendar (app/demo_calendar.py) — registration and login questions peak with the registrations,
posting questions with the postings — each answered by the secretariat some business days later
and closed; a case whose reply would come after the clock is still 対応中. The questions and
answers are the demo's own (features/inquiries/demo.py)."""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.demo_calendar import insert_dicts, insert_rows, later, spread
from features.accounts import api as accounts
from features.inquiries.demo import QUESTIONS
from features.inquiries.models import CaseStatus, EventKind, InquiryCase, InquiryEvent
from features.inquiries.service import CATEGORIES

CASES = 700
CATEGORY_WEIGHTS = {"登録": 24, "ログイン": 20, "求人掲載": 14, "人材閲覧": 6, "応募": 12, "セミナー": 10, "相談": 8}
REPLY_DAYS = ([0, 1, 2, 3, 4, 6], [18, 34, 24, 12, 8, 4])
ANSWERS = {category: [a for _, _, c, _, a in QUESTIONS if c == category and a] for category in CATEGORIES}
FALLBACK = "お問い合わせありがとうございます。ご案内の手順でお試しいただき、解決しない場合は再度ご連絡ください。"
OFFICE = "PARTNER事務局"


async def seed_history(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    staff = await accounts.secretariat_members(db)
    if not staff:
        return
    now = clock.now()
    categories = list(CATEGORIES)
    weights = [CATEGORY_WEIGHTS.get(c, 6) for c in categories]
    cases, histories = [], []
    for n, received in enumerate(spread(rng, CASES, hours=(0, 24))):
        category = rng.choices(categories, weights)[0]
        asked = [q for q in QUESTIONS if q[2] == category] or list(QUESTIONS)
        name, _email, _category, question, _answer = rng.choice(asked)
        replied = later(received, rng.choices(*REPLY_DAYS)[0], rng, now)
        closed = replied and later(replied, rng.randint(1, 4), rng, now)
        assignee_id, assignee_name = rng.choice(staff)
        status = CaseStatus.CLOSED if closed else CaseStatus.ANSWERED if replied else CaseStatus.IN_PROGRESS
        case = InquiryCase(
            name=name,
            email=f"inquiry{n:04d}@example.jp",
            category=category,
            body=question,
            created_at=received,
            status=status,
            assignee_id=assignee_id,
            waiting_since=received,
            first_replied_at=replied,
            closed_at=closed,
            updated_at=closed or replied or received,
        )
        answer = rng.choice(ANSWERS.get(category) or [FALLBACK])
        events = [(EventKind.RECEIVED, None, name, question, received)]
        if replied:
            events.append((EventKind.REPLY, assignee_id, assignee_name, f"{name} 様\n\n{answer}\n\n{OFFICE}", replied))
        if closed:
            events.append((EventKind.STATE, assignee_id, assignee_name, "回答済 → クローズ", closed))
        cases.append(case)
        histories.append(events)
    await insert_rows(db, cases)
    rows = await db.execute(
        select(InquiryCase.id, InquiryCase.email).where(InquiryCase.email.like("inquiry____@example.jp"))
    )
    ids = {email: id_ for id_, email in rows.all()}
    await insert_dicts(
        db,
        InquiryEvent,
        [
            {
                "case_id": ids[case.email],
                "kind": kind,
                "actor_user_id": actor,
                "actor_name": who,
                "body": body,
                "created_at": at,
            }
            for case, events in zip(cases, histories, strict=True)
            for kind, actor, who, body, at in events
        ],
    )
