"""The demo's 18 months of メール相談 (issue 16 item 7): the history's registrants ask on the seasonal
calendar (app/demo_calendar.py), the counselor answers a few business days later (mostly within
the target, a tail beyond) and the case is closed; a case whose answer would come after the clock
still waits with its counselor. The vocabulary is the demo's own (features/mail_consultation/demo.py)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.demo_calendar import insert_rows, later, spread
from features.accounts import api as accounts
from features.mail_consultation.demo import QUESTIONS, TEMPLATES
from features.mail_consultation.models import CaseEvent, MailConsultation
from features.mail_consultation.models import CaseStatus as S

CASES = 260
OFFICE = "PARTNER事務局"
ANSWER_DAYS = ([1, 2, 3, 4, 5, 6, 8], [14, 26, 24, 16, 10, 6, 4])


async def seed_history(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    people = await accounts.history_people(db)
    counselors = await accounts.counselors(db)
    if not people or not counselors:
        return
    counselor_id, counselor_name = counselors[0]
    names = await accounts.display_names(db, {p.user_id for p in people})
    now = clock.now()
    cases, moves = [], []
    for received in spread(rng, CASES, hours=(8, 23)):
        known = [p for p in people if p.since < received]
        if not known:
            continue
        person = rng.choice(known)
        category, subject, body = rng.choice(QUESTIONS)
        assigned = later(received, rng.choice([0, 1]), rng, now)
        answered = later(received, rng.choices(*ANSWER_DAYS)[0], rng, now)
        closed = answered and later(answered, rng.randint(2, 5), rng, now)
        name, template = names[person.user_id], rng.choice(TEMPLATES)[1]
        case = MailConsultation(
            user_id=person.user_id,
            category=category,
            subject=subject,
            body=body,
            status=S.CLOSED if closed else S.SENT if answered else S.ASSIGNED if assigned else S.RECEIVED,
            received_at=received,
            assignee_user_id=counselor_id if assigned else None,
            assigned_at=assigned,
            draft=template.replace("{氏名}", name) if answered else "",
            draft_updated_at=answered - timedelta(hours=2) if answered else None,
            answer=template.replace("{氏名}", name) if answered else "",
            answered_at=answered,
            closed_at=closed,
            updated_at=closed or answered or assigned or received,
        )
        cases.append(case)
        steps = [
            ("受付", "相談者", "", received),
            ("担当割当", OFFICE, f"担当：{counselor_name}", assigned),
            ("回答案作成", counselor_name, "", case.draft_updated_at),
            ("回答送信", OFFICE, "", answered),
            ("完了", OFFICE, "", closed),
        ]
        moves.append([(move, actor, comment, at) for move, actor, comment, at in steps if at])
    await insert_rows(db, cases)
    rows = await db.execute(
        select(MailConsultation.id, MailConsultation.user_id, MailConsultation.received_at).where(
            MailConsultation.received_at < now - timedelta(minutes=1)
        )
    )
    ids = {(user_id, clock.to_jst(at)): id_ for id_, user_id, at in rows.all()}  # received_at: whole minutes
    await insert_rows(
        db,
        [
            CaseEvent(consultation_id=ids[_key(case)], move=move, actor_name=actor, comment=comment, created_at=at)
            for case, steps in zip(cases, moves, strict=True)
            for move, actor, comment, at in steps
            if _key(case) in ids
        ],
    )


def _key(case: MailConsultation) -> tuple:
    return case.user_id, clock.to_jst(case.received_at)
