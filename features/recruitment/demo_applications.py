"""Demo 公募・公示, the applicants: applications with their selection history and messages, and sixty
Japan-time days of 公募案件アクセス数."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import insert

from app.clock import JST
from features.recruitment.demo_posts import (
    COUNT_DAYS,
)
from features.recruitment.models import (
    Koubo,
    KouboApplication,
    KouboApplicationEvent,
    KouboDailyCount,
)
from features.recruitment.models import KouboApplicationStatus as A

# An applicant's path through the selection: statuses in order.
PATHS = {
    "received": [A.RECEIVED],
    "declined": [A.RECEIVED, A.DECLINED],
    "failed": [A.RECEIVED, A.SCREENING_FAILED],
    "passed": [A.RECEIVED, A.SCREENING_PASSED],
    "interview": [A.RECEIVED, A.SCREENING_PASSED, A.INTERVIEW],
    "accepted": [A.RECEIVED, A.SCREENING_PASSED, A.INTERVIEW, A.ACCEPTED],
    "rejected": [A.RECEIVED, A.SCREENING_PASSED, A.INTERVIEW, A.REJECTED],
    "declined_late": [A.RECEIVED, A.SCREENING_PASSED, A.INTERVIEW, A.DECLINED],
}
# Which paths the applicants of a 公募 in each state may be on (the selection is as far as its dates).
PATHS_BY_STATE = {
    "open": ["received"] * 5 + ["declined"],
    "closed": ["received"] * 4 + ["declined"],
    "screening": ["failed", "failed", "passed", "interview", "received", "declined"],
    "finished": ["failed", "failed", "rejected", "declined_late", "failed"],
    "archived": ["failed", "failed", "rejected", "failed"],
}
MESSAGES = [
    "これまでの保健分野での経験を生かし、貴機構の事業に貢献したいと考えております。",
    "現地での業務経験を生かして、案件の円滑な実施に努めます。よろしくお願いいたします。",
    "",
    "派遣開始時期について相談させていただければ幸いです。",
]


async def seed_applications(db, rng, koubo_by_state, people, talent_id, jica_user_id, now) -> None:
    """Applicants for some open, closed, screening, finished and archived 公募, each with its history."""
    plans: list[tuple[Koubo, int, list[str]]] = []
    for state, count_range in (
        ("open", (0, 4)),
        ("closed", (2, 5)),
        ("screening", (3, 7)),
        ("finished", (3, 6)),
        ("archived", (0, 4)),
    ):
        for koubo in koubo_by_state[state]:
            n = rng.randint(*count_range)
            if n == 0:
                continue
            path_names = [rng.choice(PATHS_BY_STATE[state]) for _ in range(n)]
            if state in ("finished", "archived"):
                path_names[0] = "accepted"  # one was chosen
            plans.append((koubo, n, path_names))
    # The demo talent: applied to one open 公募, passed the screening of another, and has a draft.
    talent_plans: list[tuple[Koubo, list[str] | None]] = []
    if talent_id is not None:
        talent_plans = [
            (koubo_by_state["open"][2], PATHS["received"]),
            (koubo_by_state["screening"][0], PATHS["interview"]),
            (koubo_by_state["open"][4], None),  # 下書き: documents not yet confirmed
        ]
    others = [p for p in people if p != talent_id]
    rows: list[tuple[KouboApplication, list[str]]] = []
    for koubo, n, path_names in plans:
        for user_id, path_name in zip(rng.sample(others, min(n, len(others))), path_names, strict=False):
            rows.append((_application(rng, koubo, user_id, now), PATHS[path_name]))
    for koubo, path in talent_plans:
        application = _application(rng, koubo, talent_id, now)
        if path is None:
            application.status, application.submitted_at = A.DRAFT, None
        rows.append((application, path or []))
    for application, path in rows:
        if path:
            application.status = path[-1]
    db.add_all(application for application, _ in rows)
    await db.flush()
    events = []
    for application, path in rows:
        at = application.submitted_at
        for status in path:
            actor = application.user_id if status in (A.RECEIVED, A.DECLINED) else jica_user_id
            events.append(
                {"application_id": application.id, "status": status, "actor_user_id": actor, "created_at": at}
            )
            at = min(at + timedelta(days=rng.randint(3, 8), hours=rng.randint(0, 6)), now)
        if path:
            application.updated_at = events[-1]["created_at"]
    if events:
        await db.execute(insert(KouboApplicationEvent), events)


def _application(rng: random.Random, koubo: Koubo, user_id: int, now: datetime) -> KouboApplication:
    """Submitted between its publication and its deadline (and before now)."""
    opened = koubo.published_at or now
    latest = min(koubo.deadline_at, now) - timedelta(hours=1)
    span = max((latest - opened).total_seconds(), 3600)
    submitted = opened + timedelta(seconds=rng.uniform(0, span))
    submitted = min(submitted, now - timedelta(minutes=30))
    return KouboApplication(
        koubo_id=koubo.id,
        organization_id=koubo.organization_id,
        user_id=user_id,
        status=A.RECEIVED,
        message=rng.choice(MESSAGES),
        created_at=submitted - timedelta(hours=rng.randint(1, 48)),
        submitted_at=submitted,
        updated_at=submitted,
    )


async def seed_daily_counts(db, rng: random.Random, koubo: list[Koubo], now: datetime) -> None:
    """Sixty Japan-time days ending today, for each 公募 seen in public over that time: many views,
    fewer この案件に応募する, fewer applications started, fewer submitted (and those only while open)."""
    today = now.astimezone(JST).date()
    first_day = today - timedelta(days=COUNT_DAYS - 1)
    rows = []
    for k in koubo:
        popularity = rng.uniform(0.5, 2.0)
        published = k.published_at.astimezone(JST).date()
        deadline = k.deadline_at.astimezone(JST).date()
        day = max(first_day, published)
        while day <= today:
            if day <= deadline:
                fresh = max(0.0, 1 - (day - published).days / 40)  # new 公募 are read most
                closing = 1.0 if (deadline - day).days > 3 else 1.6  # and again just before the deadline
                views = int(rng.randint(15, 45) * popularity * (0.6 + fresh) * closing)
                clicks = int(views * rng.uniform(0.05, 0.15))
                started = int(clicks * rng.uniform(0.3, 0.7))
                submitted = int(started * rng.uniform(0.3, 0.8))
            else:  # the detail page stays readable (締切, 選考中, then the archive)
                views, clicks, started, submitted = rng.randint(0, 6), 0, 0, 0
            if views:
                rows.append(
                    {
                        "koubo_id": k.id,
                        "day": day,
                        "views": views,
                        "apply_clicks": clicks,
                        "started": started,
                        "submitted": submitted,
                    }
                )
            day += timedelta(days=1)
    if rows:
        await db.execute(insert(KouboDailyCount), rows)
