"""18 months of history for the report bench: registrants (created over 18 months, more in spring
and autumn), organizations, postings and applications, inserted in bulk through SQLAlchemy Core
on SQLite or PostgreSQL. Independent of talent_data.py (the talent search bench's own data)."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, text

from features.accounts.models import Individual, Organization, UserAccount
from features.applications.models import Application
from features.postings.models import Posting

MONTHS = 18
KINDS = ("国際協力人材登録", "簡易登録")
ORG_TYPES = ("国際協力団体（法人格あり）", "国際協力実施団体（法人格なし）", "簡易団体登録")
POSTING_KINDS = ("job", "job", "job", "event", "notice")


def _moment(rng: random.Random, end: datetime, days: int) -> datetime:
    """A moment in the last `days` days, with a seasonal swell (April and October)."""
    while True:
        back = rng.random() * days
        moment = end - timedelta(days=back)
        swell = 1 + 0.5 * math.cos((moment.month - 4) / 6 * 2 * math.pi) ** 2
        if rng.random() * 1.5 < swell:
            return moment


async def generate(database, count: int = 100_000, *, end: datetime, seed: int = 16, chunk: int = 5000) -> dict:
    """Returns how many rows of each kind were made. `end`: the history runs up to this moment."""
    rng = random.Random(seed)
    days = MONTHS * 30.5
    organizations = max(50, count // 200)
    postings = max(200, count // 20)
    applications = max(500, count // 4)
    offset = 1_000_000  # clear of any row a migration or the demo made
    for first in range(0, count + organizations, chunk):
        users, individuals, orgs = [], [], []
        for n in range(first, min(first + chunk, count + organizations)):
            uid = offset + n
            created = _moment(rng, end, days)
            is_org = n >= count
            users.append(
                {
                    "id": uid,
                    "email": f"report{uid}@example.net",
                    "password_hash": "x",
                    "role": "organization" if is_org else "individual",
                    "status": "active" if rng.random() > 0.03 else "withdrawn",
                    "is_counselor": False,
                    "display_name": f"利用者{uid}",
                    "created_at": created,
                    "password_changed_at": created,
                }
            )
            if is_org:
                orgs.append(
                    {
                        "id": uid,
                        "user_id": uid,
                        "org_type": rng.choice(ORG_TYPES),
                        "name": f"ベンチ団体{uid}",
                        "name_kana": "ベンチダンタイ",
                        "contact_name": "担当",
                        "contact_phone": "03-0000-0000",
                        "achievements": "",
                        "return_reason": "",
                        "pending_changes": "",
                        "status": "承認済み",
                        "submitted_at": created,
                        "approved_at": created + timedelta(days=rng.randint(1, 5)),
                        "updated_at": created,
                    }
                )
                continue
            individuals.append(
                {
                    "id": uid,
                    "user_id": uid,
                    "registration_code": f"R{uid:08d}",
                    "kind": KINDS[rng.random() < 0.3],
                    "family_name": "登録",
                    "given_name": str(uid),
                    "family_name_kana": "トウロク",
                    "given_name_kana": "シャ",
                    "family_name_roman": "TOROKU",
                    "given_name_roman": "Sha",
                    "birth_date": date(rng.randint(1960, 2003), rng.randint(1, 12), rng.randint(1, 28)),
                    "gender": "",
                    "nationality": "JP",
                    "postal_code": "",
                    "prefecture": "東京都",
                    "address": "",
                    "phone": "090-0000-0000",
                    "registered_at": created,
                    "expires_at": created + timedelta(days=730),
                    "jocv_declared": False,
                    "expiry_reminder_days": None,
                }
            )
        async with database.session() as db:
            await db.execute(insert(UserAccount.__table__), users)
            if individuals:
                await db.execute(insert(Individual.__table__), individuals)
            if orgs:
                await db.execute(insert(Organization.__table__), orgs)
    org_ids = [offset + count + i for i in range(organizations)]
    posted: list[tuple[int, int, datetime]] = []
    rows = []
    for n in range(postings):
        submitted = _moment(rng, end, days)
        approved = submitted + timedelta(hours=rng.randint(4, 24 * 6))
        stopped = approved + timedelta(days=20) if rng.random() < 0.05 else None
        kind = rng.choice(POSTING_KINDS)
        pid = offset + n
        org = rng.choice(org_ids)
        rows.append(
            {
                "id": pid,
                "organization_id": org,
                "kind": kind,
                "status": "stopped" if stopped else ("approved" if approved < end else "pending"),
                "draft": "{}",
                "content": "{}",
                "return_reason": "",
                "search_text": "",
                "submitted_at": submitted,
                "approved_at": approved if approved < end else None,
                "stopped_at": stopped if stopped and stopped < end else None,
                "created_at": submitted,
                "updated_at": submitted,
            }
        )
        if kind == "job" and approved < end:
            posted.append((pid, org, approved))
    async with database.session() as db:
        for start in range(0, len(rows), chunk):
            await db.execute(insert(Posting.__table__), rows[start : start + chunk])
    rows = []
    pairs: set[tuple[int, int]] = set()  # one application per posting and person
    for n in range(applications):
        pid, org, opened = rng.choice(posted)
        sent = opened + timedelta(hours=rng.randint(1, 24 * 30))
        person = offset + rng.randrange(count)
        if sent >= end or (pid, person) in pairs:
            continue
        pairs.add((pid, person))
        rows.append(
            {
                "id": offset + n,
                "posting_id": pid,
                "organization_id": org,
                "user_id": person,
                "message": "",
                "status": rng.choice(("応募受付", "書類選考", "面接", "採用", "不採用")),
                "submitted_at": sent,
                "created_at": sent,
                "updated_at": sent,
            }
        )
    async with database.session() as db:
        for start in range(0, len(rows), chunk):
            await db.execute(insert(Application.__table__), rows[start : start + chunk])
        if db.bind.dialect.name == "postgresql":
            await db.execute(text("ANALYZE"))
    return {"registrants": count, "organizations": organizations, "postings": postings, "applications": len(rows)}


def default_end() -> datetime:
    return datetime(2026, 12, 1, tzinfo=UTC) - timedelta(hours=9)  # 1 December 2026 00:00 JST
