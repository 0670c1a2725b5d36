"""The demo's 18 months of Web応募 (issue 16 item 7): the history's registrants apply to the
history's 求人情報 while they are open, and the organizations move the applications on —
書類選考, 面接, then 採用, 不採用 or 辞退 (some applicants 取り下げ) — a few business days apart, each
step an ApplicationEvent as the counter reads them. Steps that would come after the clock have not
happened yet (the application waits in its current status). No documents: the rows only."""

from __future__ import annotations

import bisect
import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.demo_calendar import at_jst, insert_dicts, insert_rows, later
from features.accounts import api as accounts
from features.applications.models import Application, ApplicationEvent, ApplicationStatus
from features.postings import api as postings

APPLICANTS = ([0, 1, 2, 3, 4, 5, 6], [12, 22, 24, 18, 12, 7, 5])  # per 求人情報
MESSAGES = [
    "貴団体の活動に以前から関心を持っておりました。これまでの経験を生かして貢献したいと考え、応募いたします。",
    "海外での事業運営の経験を生かしたく、応募いたします。面接の機会をいただけましたら幸いです。",
    "JICA海外協力隊での経験を現場で生かしたいと考えております。どうぞよろしくお願いいたします。",
    "募集要項を拝見し、応募いたしました。勤務開始時期は柔軟に調整できます。",
]


async def seed_history(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    people = [p for p in await accounts.history_people(db) if p.kind == accounts.RegistrationKind.FULL]
    organizations = {o.id: o.user_id for o in await accounts.history_organizations(db)}
    jobs = await postings.history_jobs(db, list(organizations))
    if not people or not jobs:
        return
    since = [p.since for p in people]
    now = clock.now()
    seen: set[tuple[int, int]] = set()
    made: list[tuple[Application, list]] = []
    for job in jobs:
        opens = max(job.published_at, now - timedelta(days=600))
        closes = at_jst(job.closes_on, 23 * 60 + 59)
        for _ in range(rng.choices(*APPLICANTS)[0]):
            submitted = opens + (closes - opens) * rng.random() ** 1.5  # most apply early
            if submitted >= now:
                continue
            known = bisect.bisect_left(since, submitted)
            if not known:
                continue
            applicant = people[rng.randrange(known)].user_id
            if (job.id, applicant) not in seen:
                seen.add((job.id, applicant))
                made.append(_application(rng, job, applicant, organizations[job.organization_id], submitted, now))
    await insert_rows(db, [application for application, _ in made])
    ids = {
        (posting_id, user_id): id_
        for id_, posting_id, user_id in await db.execute(
            select(Application.id, Application.posting_id, Application.user_id)
        )
    }
    await insert_dicts(
        db,
        ApplicationEvent,
        [
            {
                "application_id": ids[(a.posting_id, a.user_id)],
                "status": status,
                "actor_user_id": actor,
                "created_at": when,
            }
            for a, steps in made
            for status, when, actor in steps
        ],
    )


def _application(
    rng: random.Random, job, user_id: int, org_user_id: int, submitted: datetime, now: datetime
) -> tuple[Application, list]:
    steps: list[tuple[str, datetime, int]] = [(ApplicationStatus.RECEIVED, submitted, user_id)]

    def step(status: str, business_days: int, actor: int) -> bool:
        when = later(steps[-1][1], business_days, rng, now)
        if when is None:
            return False
        steps.append((status, when, actor))
        return True

    if rng.random() < 0.06:
        step(ApplicationStatus.WITHDRAWN, rng.randint(1, 8), user_id)
    elif step(ApplicationStatus.SCREENING, rng.randint(1, 6), org_user_id):
        if rng.random() < 0.45:
            if step(ApplicationStatus.INTERVIEW, rng.randint(4, 12), org_user_id):
                outcome = rng.choices(
                    [ApplicationStatus.HIRED, ApplicationStatus.REJECTED, ApplicationStatus.DECLINED], [35, 55, 10]
                )[0]
                step(outcome, rng.randint(2, 10), user_id if outcome == ApplicationStatus.DECLINED else org_user_id)
        else:
            step(ApplicationStatus.REJECTED, rng.randint(3, 10), org_user_id)
    application = Application(
        posting_id=job.id,
        organization_id=job.organization_id,
        user_id=user_id,
        status=steps[-1][0],
        message=rng.choice(MESSAGES),
        created_at=submitted - timedelta(minutes=rng.randint(5, 90)),
        submitted_at=submitted,
        updated_at=steps[-1][1],
    )
    return application, steps
