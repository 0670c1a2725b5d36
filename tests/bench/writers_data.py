"""The people, postings and threads bench_writers.py writes to, their logged-in sessions, the wrk plans
of the four kinds of writer, and afterwards: how many of the accepted writes are in the database."""

from __future__ import annotations

import hashlib
import json
import secrets
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, update

from app.clock import JST
from app.sessions import WebSession
from features.accounts.models import (
    AccountStatus,
    Individual,
    Organization,
    OrganizationStatus,
    OrganizationType,
    Role,
    UserAccount,
)
from features.applications.models import Application, ApplicationStatus
from features.messages.models import Direction, MailMode, Message, MessageThread
from features.postings import service as postings
from features.postings.models import Posting, PostingStatus
from features.talent.models import Favorite, Resume, Visibility
from tests.bench.talent_data import generate
from tests.features.postings.helpers import job_form

KINDS = ("apply", "message", "posting", "favorite")
CODES_PER_FAVORITE_WRITER = 8
REPLY_MARK = "bench-reply"


@dataclass
class Writer:
    kind: str
    user_id: int
    role: str
    token: str = ""
    organization_id: int | None = None
    thread_id: int | None = None
    codes: list[tuple[str, int]] = field(default_factory=list)  # (registration code, résumé id)


@dataclass
class World:
    writers: list[Writer]
    posting_ids: list[int]  # open for Web応募, no documents required
    posting_orgs: set[int]
    favorite_orgs: set[int]
    applicants: set[int]


def _job_values(now: datetime, title: str) -> dict:
    values = job_form(now, title=title, required_documents=[], resume_attachment="")
    values["publish_at"] = (now - timedelta(hours=1)).astimezone(JST).strftime("%Y-%m-%dT%H:%M")
    return values


async def seed(database, writers: dict[str, int], postings_count: int) -> World:
    """On an empty, migrated database: résumés to mark 気になる, organizations and individuals for every
    writer (several organizations share each kind), published jobs to apply to, one thread per mail writer."""
    favorite_writers = writers["favorite"]
    await generate(database, max(200, favorite_writers * CODES_PER_FAVORITE_WRITER * 3), chunk=2000)
    now = datetime.now(UTC)
    async with database.session() as db:
        await db.execute(update(Individual).values(expires_at=now + timedelta(days=365)))
    wanted = [("bench-poster@example.jp", Role.ORGANIZATION)]
    wanted += [(f"bench-applicant{n}@example.jp", Role.INDIVIDUAL) for n in range(writers["apply"])]
    for n in range(writers["message"]):
        wanted += [(f"bench-mail-org{n}@example.jp", Role.ORGANIZATION)]
        wanted += [(f"bench-mail-person{n}@example.jp", Role.INDIVIDUAL)]
    for n in range(3):
        wanted += [(f"bench-drafts{n}@example.jp", Role.ORGANIZATION)]
        wanted += [(f"bench-favorites{n}@example.jp", Role.ORGANIZATION)]
    made = await _accounts(database, wanted, now)
    people: list[Writer] = []

    def user_id(email: str) -> int:
        return made[email][0]

    def organization_id(email: str) -> int:
        return made[email][1]

    poster_org = organization_id("bench-poster@example.jp")
    async with database.session() as db:
        for n in range(postings_count):
            values = _job_values(now, f"保健 ベンチ求人 {n}")
            posting = Posting(
                organization_id=poster_org,
                status=PostingStatus.APPROVED,
                draft=json.dumps(values),
                created_at=now,
                updated_at=now,
            )
            postings.publish_columns(posting, values)
            db.add(posting)
        await db.flush()
        posting_ids = list(
            (await db.execute(select(Posting.id).where(Posting.organization_id == poster_org).order_by(Posting.id)))
            .scalars()
            .all()
        )

    applicants = set()
    for n in range(writers["apply"]):
        applicants.add(user_id(f"bench-applicant{n}@example.jp"))
        people.append(Writer("apply", user_id(f"bench-applicant{n}@example.jp"), Role.INDIVIDUAL))

    # Mail: pairs of an organization and a person with one thread; the organization writes on even
    # writers, the person on odd ones.
    async with database.session() as db:
        for n in range(writers["message"]):
            org_id = organization_id(f"bench-mail-org{n}@example.jp")
            person = user_id(f"bench-mail-person{n}@example.jp")
            thread = MessageThread(
                organization_id=org_id,
                user_id=person,
                mode=MailMode.OFFER,
                subject="オファーのご連絡",
                created_at=now,
                last_message_at=now,
            )
            db.add(thread)
            await db.flush()
            db.add(
                Message(
                    thread_id=thread.id,
                    organization_id=org_id,
                    user_id=person,
                    direction=Direction.TO_PERSON,
                    category="オファー",
                    subject=thread.subject,
                    body="はじめまして。",
                    sender_body="はじめまして。",
                    created_at=now,
                )
            )
            writer = Writer(
                "message",
                user_id(f"bench-mail-org{n}@example.jp"),
                Role.ORGANIZATION,
                organization_id=org_id,
                thread_id=thread.id,
            )
            if n % 2:
                writer = Writer("message", person, Role.INDIVIDUAL, thread_id=thread.id)
            people.append(writer)

    for n in range(writers["posting"]):
        email = f"bench-drafts{n % 3}@example.jp"
        people.append(Writer("posting", user_id(email), Role.ORGANIZATION, organization_id=organization_id(email)))

    async with database.session(write=False) as db:
        from features.accounts import api as accounts

        rows = await db.execute(
            select(Individual.registration_code, Resume.id)
            .join(Resume, Resume.user_id == Individual.user_id)
            .where(Resume.visibility == Visibility.PUBLIC, accounts.findable(Individual.user_id))
            .order_by(Individual.id)
            .limit(favorite_writers * CODES_PER_FAVORITE_WRITER)
        )
        findable = [(code, resume_id) for code, resume_id in rows.all()]
    for n in range(favorite_writers):
        email = f"bench-favorites{n % 3}@example.jp"
        codes = findable[n * CODES_PER_FAVORITE_WRITER : (n + 1) * CODES_PER_FAVORITE_WRITER]
        assert codes, "not enough public résumés for the 気になる writers"
        people.append(
            Writer("favorite", user_id(email), Role.ORGANIZATION, organization_id=organization_id(email), codes=codes)
        )

    await _start_sessions(database, people)
    return World(
        writers=people,
        posting_ids=posting_ids,
        posting_orgs={w.organization_id for w in people if w.kind == "posting"},
        favorite_orgs={w.organization_id for w in people if w.kind == "favorite"},
        applicants=applicants,
    )


async def _accounts(database, wanted: list[tuple[str, str]], now: datetime) -> dict[str, tuple[int, int | None]]:
    """Every writer's account in one transaction (as tests/features/accounts/helpers.make_user leaves
    one, with numbered codes): e-mail → (user id, organization id or None)."""
    async with database.session() as db:
        users = [
            UserAccount(
                email=email,
                password_hash="x",  # nobody logs in with a password: the bench starts their sessions itself
                role=role,
                status=AccountStatus.ACTIVE,
                display_name=f"{email.split('@')[0]} テスト",
                created_at=now,
                password_changed_at=now - timedelta(seconds=1),
            )
            for email, role in wanted
        ]
        db.add_all(users)
        await db.flush()
        organizations = {}
        for n, user in enumerate(users):
            if user.role == Role.INDIVIDUAL:
                db.add(
                    Individual(
                        user_id=user.id,
                        registration_code=f"PW{n:06d}",
                        **_PERSON,
                        registered_at=now,
                        expires_at=now + timedelta(days=730),
                    )
                )
            else:
                organizations[user.email] = Organization(
                    user_id=user.id,
                    name=f"{user.email} の団体",
                    org_code=f"DW{n:06d}",
                    **_ORGANIZATION,
                    submitted_at=now,
                    updated_at=now,
                )
        db.add_all(organizations.values())
        await db.flush()
        return {u.email: (u.id, organizations[u.email].id if u.email in organizations else None) for u in users}


_PERSON = {
    "kind": "国際協力人材登録",
    "family_name": "山田",
    "given_name": "太郎",
    "family_name_kana": "ヤマダ",
    "given_name_kana": "タロウ",
    "family_name_roman": "YAMADA",
    "given_name_roman": "Taro",
    "birth_date": date(1990, 4, 1),
    "nationality": "JP",
    "prefecture": "東京都",
    "phone": "090-1234-5678",
}
_ORGANIZATION = {
    "org_type": OrganizationType.CORPORATE,
    "name_kana": "テストダンタイ",
    "status": OrganizationStatus.APPROVED,
    "address": "千代田区",
    "contact_name": "担当 一郎",
    "contact_phone": "03-1234-5678",
    "activity_fields": "education",
}


async def _start_sessions(database, people: list[Writer]) -> None:
    """A logged-in session per writer, as the login flow leaves it (app/sessions.py's row and data)."""
    now = datetime.now(UTC)
    async with database.session() as db:
        for writer in people:
            writer.token = secrets.token_urlsafe(32)
            data = {"uid": writer.user_id, "role": writer.role, "display_name": "ベンチ", "counselor": False}
            db.add(
                WebSession(
                    id_hash=hashlib.sha256(writer.token.encode()).hexdigest(),
                    user_id=writer.user_id,
                    data=json.dumps(data, sort_keys=True, ensure_ascii=False),
                    created_at=now,
                    last_seen_at=now,
                )
            )


def _form(values: dict, marker: str = "") -> str:
    body = urllib.parse.urlencode(values, doseq=True)
    return body.replace("BENCHN", marker) if marker else body


def plans(world: World, csrf: str, kind: str) -> list[str]:
    """wrk plan lines (see lua/writers_post.lua) of every writer of one kind, one wrk thread each."""
    lines = []
    now = datetime.now(UTC)
    draft_form = _form(_job_values(now, "一時保存 BENCHN"), "{n}")
    for thread, writer in enumerate(w for w in world.writers if w.kind == kind):
        cookie = f"Cookie: partner_session={writer.token}; partner_csrf={csrf}"
        headers = f"{cookie}|x-csrftoken: {csrf}|Content-Type: application/x-www-form-urlencoded"

        def line(counted: bool, key: str, path: str, body: str, extra: str = "", thread=thread, headers=headers) -> str:
            return "\t".join([str(thread), "1" if counted else "0", key, "POST", path, headers + extra, body])

        if kind == "apply":
            for posting_id in world.posting_ids:  # 確認 (a draft with the message), then 応募する
                lines.append(line(False, "apply", f"/apply/{posting_id}", _form({"message": "よろしくお願いします。"})))
                lines.append(line(True, "apply", f"/apply/{posting_id}/submit", "confirm=1"))
        elif kind == "message":
            lines.append(line(True, "message", f"/mailbox/{writer.thread_id}/reply", f"body={REPLY_MARK}+{{n}}"))
        elif kind == "posting":
            lines.append(line(True, "posting", "/postings/jobs/save", draft_form))
        else:
            for code, resume_id in writer.codes:
                key = f"{writer.organization_id}:{resume_id}"
                lines.append(line(True, key, f"/talent/{code}/favorite", "back=", "|HX-Request: true"))
    return lines


async def count_writes(database, world: World, accepted: dict[str, dict]) -> dict[str, dict]:
    """Per kind: what wrk saw accepted (2xx/3xx), what the database holds, and how many accepted writes
    are missing. A write whose response was still in flight when wrk stopped may be there or not."""
    result = {}
    async with database.session(write=False) as db:

        async def count(statement) -> int:
            return (await db.execute(statement)).scalar_one()

        stored = {
            "apply": await count(
                select(func.count())
                .select_from(Application)
                .where(Application.user_id.in_(world.applicants), Application.status != ApplicationStatus.DRAFT)
            ),
            "message": await count(
                select(func.count()).select_from(Message).where(Message.body.like(f"{REPLY_MARK} %"))
            ),
            "posting": await count(
                select(func.count()).select_from(Posting).where(Posting.organization_id.in_(world.posting_orgs))
            ),
        }
        favorites = set(
            (
                await db.execute(
                    select(Favorite.organization_id, Favorite.resume_id).where(
                        Favorite.organization_id.in_(world.favorite_orgs)
                    )
                )
            ).all()
        )
    for kind in ("apply", "message", "posting"):
        if kind not in accepted:  # no writer of this kind in the run
            continue
        seen = accepted[kind]
        ok = seen["accepted"] <= stored[kind] <= seen["accepted"] + len(seen["pending"])
        result[kind] = {
            "accepted": seen["accepted"],
            "stored": stored[kind],
            "lost": max(0, seen["accepted"] - stored[kind]),
            "unexplained": 0 if ok else stored[kind] - seen["accepted"],
        }
    if "favorite" not in accepted:
        return result
    seen = accepted["favorite"]
    lost = 0
    expected_keys = set(seen["counts"]) | {f"{o}:{r}" for o, r in favorites}
    for key in expected_keys:
        org_id, resume_id = (int(part) for part in key.split(":"))
        toggled = seen["counts"].get(key, 0)
        if key in seen["pending"]:
            continue  # its last toggle's answer never arrived: either state is right
        if ((org_id, resume_id) in favorites) != (toggled % 2 == 1):
            lost += 1
    result["favorite"] = {
        "accepted": seen["accepted"],
        "stored": len(favorites),
        "lost": lost,
        "unexplained": 0,
    }
    return result


__all__ = ["KINDS", "World", "Writer", "count_writes", "plans", "seed"]
