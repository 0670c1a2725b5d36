"""The life of a posting: one transition table, the review calendar, what the public sees."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import jpholiday
from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.db import contains_pattern
from app.mail import queue_template_mail
from app.pagination import Page
from features.accounts import api as accounts
from features.accounts.api import OrganizationView as Organization
from features.postings.kinds import KINDS
from features.postings.models import (
    Posting,
    PostingKind,
    PostingStatus,
    PostingView,
    RevisionState,
)

REVIEW_BUSINESS_DAYS = 3
PER_PAGE = 20


class TransitionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# (action) -> who may do it, from which states, to which state. The one place that decides.
TRANSITIONS: dict[str, tuple[str, frozenset[str], str | None]] = {
    "save": ("organization", frozenset({PostingStatus.DRAFT, PostingStatus.RETURNED, PostingStatus.APPROVED}), None),
    "submit": ("organization", frozenset({PostingStatus.DRAFT, PostingStatus.RETURNED}), PostingStatus.PENDING),
    "submit_revision": ("organization", frozenset({PostingStatus.APPROVED}), None),
    "approve": ("secretariat", frozenset({PostingStatus.PENDING}), PostingStatus.APPROVED),
    "approve_revision": ("secretariat", frozenset({PostingStatus.APPROVED}), None),
    "return": ("secretariat", frozenset({PostingStatus.PENDING}), PostingStatus.RETURNED),
    "return_revision": ("secretariat", frozenset({PostingStatus.APPROVED}), None),
    "stop": ("organization", frozenset({PostingStatus.APPROVED}), PostingStatus.STOPPED),
    # 無効登録 confirmed: what is public, scheduled or awaiting review stops with the organization.
    "withdraw": ("secretariat", frozenset({PostingStatus.PENDING, PostingStatus.APPROVED}), PostingStatus.STOPPED),
}


def check_transition(posting: Posting, action: str, actor: str) -> str | None:
    """Raise unless `actor` may do `action` now; returns the new status (None: unchanged)."""
    who, sources, target = TRANSITIONS[action]
    if actor != who:
        raise TransitionError("この操作を行う権限がありません。")
    if posting.status not in sources:
        raise TransitionError("この求人情報は現在この操作ができません。")
    if action.endswith("_revision") and action != "submit_revision" and posting.revision_state != RevisionState.PENDING:
        raise TransitionError("承認待ちの修正はありません。")
    if action == "submit_revision" and posting.revision_state == RevisionState.PENDING:
        raise TransitionError("修正はすでに承認待ちです。")
    if action == "stop" and posting.closes_on and posting.closes_on < clock.today_jst():
        raise TransitionError("募集期間が終了した求人情報は掲載中止にできません。")
    return target


def business_days_after(start: date, days: int = REVIEW_BUSINESS_DAYS) -> date:
    """The date `days` business days after `start` (weekends and Japanese holidays excluded)."""
    current = start
    counted = 0
    while counted < days:
        current += timedelta(days=1)
        if current.weekday() < 5 and not jpholiday.is_holiday(current):
            counted += 1
    return current


def values_of(posting: Posting, which: str = "draft") -> dict[str, Any]:
    return json.loads(getattr(posting, which) or "{}")


# -- the organization's side -------------------------------------------------------------


async def own_posting(db: AsyncSession, organization_id: int, posting_id: int) -> Posting | None:
    """An organization only ever loads its own rows."""
    rows = await db.execute(select(Posting).where(Posting.id == posting_id, Posting.organization_id == organization_id))
    return rows.scalar_one_or_none()


async def exists(db: AsyncSession, posting_id: int) -> bool:
    return (await db.execute(select(Posting.id).where(Posting.id == posting_id))).first() is not None


async def own_postings(db: AsyncSession, organization_id: int, kind: str, page: int) -> Page[Posting]:
    """The organization's own list: the page and the total in one statement (a window count); a page
    past the end has no row to carry the total, so only then is it counted on its own."""
    where = and_(Posting.organization_id == organization_id, Posting.kind == kind)
    rows = (
        await db.execute(
            select(Posting, func.count().over())
            .where(where)
            .order_by(Posting.updated_at.desc(), Posting.id.desc())
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE)
        )
    ).all()
    if rows:
        total = rows[0][1]
    else:
        total = (await db.execute(select(func.count()).select_from(Posting).where(where))).scalar_one()
    return Page(items=[row[0] for row in rows], page=page, per_page=PER_PAGE, total=total)


async def save_draft(
    db: AsyncSession, organization: Organization, posting: Posting | None, values: dict, kind: str = PostingKind.JOB
) -> Posting:
    now = clock.now()
    if posting is None:
        posting = Posting(organization_id=organization.id, kind=kind, created_at=now, updated_at=now)
        db.add(posting)
    else:
        check_transition(posting, "save", "organization")
        if posting.revision_state == RevisionState.PENDING:
            raise TransitionError("修正が承認待ちのため、承認または差戻しまで編集できません。")
    posting.draft = json.dumps(values, ensure_ascii=False)
    posting.updated_at = now
    await db.flush()
    return posting


async def submit(
    db: AsyncSession,
    settings: Settings,
    organization: Organization,
    posting: Posting | None,
    values: dict,
    kind: str = PostingKind.JOB,
) -> Posting:
    """登録: a new posting (or a returned one) goes to 承認待ち; a published one gets a pending revision."""
    posting = await save_draft(db, organization, posting, values, kind)
    if posting.status == PostingStatus.APPROVED:
        check_transition(posting, "submit_revision", "organization")
        posting.revision_state = RevisionState.PENDING
    else:
        posting.status = check_transition(posting, "submit", "organization")
    posting.submitted_at = clock.now()
    posting.return_reason = ""
    context = {
        "posting": posting,
        "values": values,
        "organization": organization,
        "base_url": settings.app.base_url,
        "revision": posting.revision_state == RevisionState.PENDING,
        "spec": KINDS[posting.kind],
        "target": business_days_after(clock.today_jst()),
    }
    await queue_template_mail(
        db, settings, to=await _org_email(db, organization), template="postings/submitted.txt.jinja", **context
    )
    await queue_template_mail(
        db, settings, to=settings.mail.secretariat_address, template="postings/office_notice.txt.jinja", **context
    )
    return posting


async def stop(db: AsyncSession, settings: Settings, organization: Organization, posting: Posting) -> Posting:
    posting.status = check_transition(posting, "stop", "organization")
    posting.stopped_at = posting.updated_at = clock.now()
    await queue_template_mail(
        db,
        settings,
        to=await _org_email(db, organization),
        template="postings/stopped.txt.jinja",
        posting=posting,
        organization=organization,
        base_url=settings.app.base_url,
        spec=KINDS[posting.kind],
    )
    return posting


async def withdraw_organization_postings(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """無効登録: in the secretariat's transaction, every posting still public, scheduled or awaiting
    review becomes 掲載中止, and one mail lists them (not one per posting). 掲載終了 stays as it ended."""
    organization = await accounts.organization_of(db, user_id)
    if organization is None:
        return
    now = clock.now()
    rows = await db.execute(
        select(Posting)
        .where(
            Posting.organization_id == organization.id,
            Posting.status.in_(TRANSITIONS["withdraw"][1]),
            or_(Posting.closes_on.is_(None), Posting.closes_on >= clock.today_jst()),
        )
        .order_by(Posting.id)
    )
    withdrawn = list(rows.scalars())
    for posting in withdrawn:
        posting.status = check_transition(posting, "withdraw", "secretariat")
        posting.revision_state = RevisionState.NONE  # a pending revision leaves the review queue too
        posting.stopped_at = posting.updated_at = now
    if withdrawn:
        titles = [(KINDS[p.kind].noun, p.title or values_of(p).get("title") or "（無題）") for p in withdrawn]
        await queue_template_mail(
            db,
            settings,
            to=await _org_email(db, organization),
            template="postings/withdrawn.txt.jinja",
            organization=organization,
            titles=titles,
            base_url=settings.app.base_url,
        )


async def copy(db: AsyncSession, organization: Organization, source: Posting) -> Posting:
    """参考1: a new draft from a past posting, with 募集期間 and 掲載希望日時 cleared."""
    values = values_of(source, "content" if source.content != "{}" else "draft")
    for name in KINDS[source.kind].clear_on_copy:
        values[name] = ""
    now = clock.now()
    posting = Posting(
        organization_id=organization.id,
        kind=source.kind,
        draft=json.dumps(values, ensure_ascii=False),
        created_at=now,
        updated_at=now,
        copied_from_id=source.id,
    )
    db.add(posting)
    await db.flush()
    return posting


async def _org_email(db: AsyncSession, organization: Organization) -> str:
    return (await accounts.user_by_id(db, organization.user_id)).email


# -- the secretariat's side --------------------------------------------------------------


async def review_queue(db: AsyncSession) -> list[Posting]:
    """承認待ち (new postings and revisions), oldest first."""
    rows = await db.execute(
        select(Posting)
        .where(or_(Posting.status == PostingStatus.PENDING, Posting.revision_state == RevisionState.PENDING))
        .order_by(Posting.submitted_at, Posting.id)
    )
    return list(rows.scalars())


def publish_columns(posting: Posting, values: dict[str, Any]) -> None:
    """`content` becomes what the public sees; the searchable columns follow it."""
    posting.content = json.dumps(values, ensure_ascii=False)
    for name, value in KINDS[posting.kind].columns(values).items():
        setattr(posting, name, value)


async def approve(db: AsyncSession, settings: Settings, posting: Posting) -> Posting:
    revision = posting.revision_state == RevisionState.PENDING
    posting.status = (
        check_transition(posting, "approve_revision" if revision else "approve", "secretariat") or posting.status
    )
    publish_columns(posting, values_of(posting))
    posting.revision_state = RevisionState.NONE
    posting.approved_at = posting.updated_at = clock.now()
    await _mail_decision(db, settings, posting, approved=True)
    return posting


async def return_posting(db: AsyncSession, settings: Settings, posting: Posting, reason: str) -> Posting:
    if posting.revision_state == RevisionState.PENDING:
        check_transition(posting, "return_revision", "secretariat")
        posting.revision_state = RevisionState.RETURNED
    else:
        posting.status = check_transition(posting, "return", "secretariat")
    posting.return_reason = reason
    posting.updated_at = clock.now()
    await _mail_decision(db, settings, posting, approved=False)
    return posting


async def _mail_decision(db: AsyncSession, settings: Settings, posting: Posting, *, approved: bool) -> None:
    organization = (await accounts.organizations_by_ids(db, {posting.organization_id}))[posting.organization_id]
    await queue_template_mail(
        db,
        settings,
        to=await _org_email(db, organization),
        template="postings/decided.txt.jinja",
        posting=posting,
        organization=organization,
        approved=approved,
        base_url=settings.app.base_url,
        spec=KINDS[posting.kind],
    )


# -- the public side ---------------------------------------------------------------------


def visible(*, jocv_viewer: bool):
    """What anyone may see: approved, its time come, its 募集期間 not over, not stopped, and its
    organization still active.

    The dates and the organization are checked here, so neither a late publication task nor a
    retirement that stopped nothing can leave a posting public that should not be.
    """
    condition = and_(
        Posting.status == PostingStatus.APPROVED,
        Posting.publish_at <= clock.now(),
        Posting.closes_on >= clock.today_jst(),
        accounts.active_organization(Posting.organization_id),
    )
    return condition if jocv_viewer else and_(condition, Posting.for_jocv.is_(False))


@dataclass(frozen=True)
class SearchFilters:
    kind: str = PostingKind.JOB
    keyword: str = ""
    category: str = ""
    sector: str = ""
    country: str = ""
    job_type: str = ""
    employment_type: str = ""
    flexible_work: tuple[str, ...] = ()
    sort: str = "new"  # new | deadline
    page: int = 1


def search_condition(filters: SearchFilters, *, jocv_viewer: bool):
    """What 求人情報を探す / 研修・イベント・セミナー find for these filters (the saved-search alerts
    match with the same condition: features/postings/alerts.py)."""
    conditions = [visible(jocv_viewer=jocv_viewer), Posting.kind == filters.kind]
    for word in filters.keyword.lower().split()[:5]:  # every word, as a substring (Japanese has no spaces)
        conditions.append(Posting.search_text.like(contains_pattern(word), escape="\\"))
    if filters.sector:
        conditions.append(Posting.sector == filters.sector)
    if filters.category:
        conditions.append(Posting.category == filters.category)
    if filters.country:
        conditions.append(Posting.country == filters.country)
    if filters.job_type:
        conditions.append(Posting.job_type.like(contains_pattern(filters.job_type), escape="\\"))
    if filters.employment_type:
        conditions.append(Posting.employment_type == filters.employment_type)
    for code in filters.flexible_work:
        conditions.append(Posting.flexible_work.like(contains_pattern(code), escape="\\"))
    return and_(*conditions)


async def search(db: AsyncSession, filters: SearchFilters, *, jocv_viewer: bool) -> Page[Posting]:
    where = search_condition(filters, jocv_viewer=jocv_viewer)
    orders = {
        "deadline": (Posting.closes_on.asc(), Posting.id.desc()),
        "date": (Posting.starts_at.asc(), Posting.id.desc()),
    }
    order = orders.get(filters.sort, (Posting.publish_at.desc(), Posting.id.desc()))
    total = (await db.execute(select(func.count()).select_from(Posting).where(where))).scalar_one()
    rows = await db.execute(
        select(Posting).where(where).order_by(*order).offset((filters.page - 1) * PER_PAGE).limit(PER_PAGE)
    )
    return Page(items=list(rows.scalars()), page=filters.page, per_page=PER_PAGE, total=total)


async def public_posting(db: AsyncSession, posting_id: int, kind: str, *, jocv_viewer: bool) -> Posting | None:
    rows = await db.execute(
        select(Posting).where(Posting.id == posting_id, Posting.kind == kind, visible(jocv_viewer=jocv_viewer))
    )
    return rows.scalar_one_or_none()


async def count_view(db: AsyncSession, posting_id: int, *, views: int = 1, day: date | None = None) -> None:
    day = day or clock.today_jst()
    dialect = db.bind.dialect.name if db.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = PostingView.__table__
    statement = insert(table).values(posting_id=posting_id, day=day, count=views)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.posting_id, table.c.day], set_={"count": table.c.count + views}
    )
    await db.execute(statement)


async def newly_published(db: AsyncSession, kind: str = PostingKind.JOB, limit: int = 50) -> list[Posting]:
    rows = await db.execute(
        select(Posting)
        .where(visible(jocv_viewer=False), Posting.kind == kind)
        .order_by(Posting.publish_at.desc(), Posting.id.desc())
        .limit(limit)
    )
    return list(rows.scalars())


async def mark_published(db: AsyncSession, settings: Settings) -> int:
    """The scheduled task: note postings that have just become public and tell their organizations."""
    rows = await db.execute(select(Posting).where(visible(jocv_viewer=True), Posting.published_at.is_(None)).limit(500))
    postings = list(rows.scalars())
    organizations = await accounts.organizations_by_ids(db, {p.organization_id for p in postings})
    emails = await accounts.emails_of_users(
        db, {o.user_id for o in organizations.values()}
    )  # one query, not one per row
    for posting in postings:
        posting.published_at = clock.now()
        organization = organizations[posting.organization_id]
        await queue_template_mail(
            db,
            settings,
            to=emails[organization.user_id],
            template="postings/published.txt.jinja",
            posting=posting,
            organization=organization,
            base_url=settings.app.base_url,
            spec=KINDS[posting.kind],
        )
    return len(postings)


async def open_for_web_application(db: AsyncSession, posting_id: int, *, jocv_viewer: bool) -> Posting | None:
    """For the applications slice: a public posting that takes Web応募 and whose deadline has not passed."""
    rows = await db.execute(
        select(Posting).where(
            Posting.id == posting_id, visible(jocv_viewer=jocv_viewer), Posting.kind != PostingKind.NOTICE
        )
    )
    posting = rows.scalar_one_or_none()
    if posting is None or values_of(posting, "content").get("application_method") != "web":
        return None
    return posting


async def titles_of(db: AsyncSession, posting_ids: set[int]) -> dict[int, tuple[str, str]]:
    """(title, kind) of several postings in one query, for other slices' lists."""
    if not posting_ids:
        return {}
    rows = await db.execute(select(Posting.id, Posting.title, Posting.kind).where(Posting.id.in_(posting_ids)))
    return {posting_id: (title, kind) for posting_id, title, kind in rows.all()}


async def own_with_applications(db: AsyncSession, organization_id: int) -> list[Posting]:
    """The organization's 求人情報 and 研修・イベント・セミナー情報 that were ever public (応募一覧 (A))."""
    rows = await db.execute(
        select(Posting)
        .where(
            Posting.organization_id == organization_id,
            Posting.kind != PostingKind.NOTICE,
            Posting.status.in_([PostingStatus.APPROVED, PostingStatus.STOPPED]),
        )
        .order_by(Posting.updated_at.desc())
        .limit(200)
    )
    return list(rows.scalars())
