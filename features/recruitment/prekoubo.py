"""プレ公募情報: JICA enters a 公募 planned for later, the secretariat reviews it (or enters one on
JICA's behalf), the public reads it, individuals ask to be told when it becomes a real 公募, and
JICA turns it into a 公募 draft (公募にする). No HTTP objects here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.mail import queue_template_mail
from app.pagination import Page
from features.accounts import api as accounts
from features.accounts.api import OrganizationView
from features.recruitment import states, visibility
from features.recruitment.models import Koubo, KouboType, NoticeStatus, PreKoubo, PreKouboFollower
from features.recruitment.states import Actor, Move, TransitionRefused

PER_PAGE = 20
MOVES = states.SIMPLE_MOVES

# 予定時期 by quarter follows the Japanese fiscal year (April to March).
QUARTERS: dict[int, str] = {
    1: "第1四半期（4〜6月）",
    2: "第2四半期（7〜9月）",
    3: "第3四半期（10〜12月）",
    4: "第4四半期（1〜3月）",
}
# The columns a form fills (the rest — status, dates, reasons — only the rules below set).
FIELDS = (
    "title",
    "koubo_type",
    "domestic",
    "country",
    "prefecture",
    "sector",
    "planned_year",
    "planned_month",
    "planned_quarter",
    "expected_duration",
    "summary",
)

__all__ = ["TransitionRefused"]


def planned_label(pre: PreKoubo) -> str:
    """予定時期 as people read it: 2027年5月, or 2027年度 第1四半期（4〜6月）."""
    if pre.planned_year is None:
        return ""
    if pre.planned_quarter:
        return f"{pre.planned_year}年度 {QUARTERS.get(pre.planned_quarter, '')}"
    if pre.planned_month:
        return f"{pre.planned_year}年{pre.planned_month}月"
    return f"{pre.planned_year}年度"


def values_of(pre: PreKoubo) -> dict:
    return {name: getattr(pre, name) for name in FIELDS}


async def koubo_types(db: AsyncSession) -> list[str]:
    """The 公募種別 the secretariat keeps active, in its order."""
    rows = await db.execute(
        select(KouboType.name).where(KouboType.active.is_(True)).order_by(KouboType.position, KouboType.id)
    )
    return list(rows.scalars())


# -- JICA's own ----------------------------------------------------------------------------


async def own(db: AsyncSession, organization_id: int, pre_koubo_id: int) -> PreKoubo | None:
    """JICA only ever loads its own rows."""
    rows = await db.execute(
        select(PreKoubo).where(PreKoubo.id == pre_koubo_id, PreKoubo.organization_id == organization_id)
    )
    return rows.scalar_one_or_none()


async def exists(db: AsyncSession, pre_koubo_id: int) -> bool:
    return (await db.execute(select(PreKoubo.id).where(PreKoubo.id == pre_koubo_id))).first() is not None


async def own_list(db: AsyncSession, organization_id: int, page: int) -> Page[PreKoubo]:
    where = PreKoubo.organization_id == organization_id
    total = (await db.execute(select(func.count()).select_from(PreKoubo).where(where))).scalar_one()
    rows = await db.execute(
        select(PreKoubo)
        .where(where)
        .order_by(PreKoubo.updated_at.desc(), PreKoubo.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=list(rows.scalars()), page=page, per_page=PER_PAGE, total=total)


def _fill(pre: PreKoubo, values: dict) -> None:
    for name in FIELDS:
        if name in values:
            setattr(pre, name, values[name])


async def save_draft(db: AsyncSession, organization: OrganizationView, pre: PreKoubo | None, values: dict) -> PreKoubo:
    """一時保存: a new draft, or JICA's own draft / returned one (nothing else may be edited)."""
    now = clock.now()
    if pre is None:
        pre = PreKoubo(organization_id=organization.id, created_at=now, updated_at=now)
        db.add(pre)
    elif pre.status not in states.EDITABLE_BY_JICA:
        raise TransitionRefused(f"{states.phase_label(pre.status)}のプレ公募は編集できません。")
    _fill(pre, values)
    pre.updated_at = now
    await db.flush()
    return pre


async def submit(
    db: AsyncSession, settings: Settings, organization: OrganizationView, pre: PreKoubo | None, values: dict
) -> PreKoubo:
    """掲載依頼: to the secretariat's プレ公募の審査 queue, with a mail to the secretariat."""
    if pre is not None:
        states.target(Move.SUBMIT, pre.status, Actor.JICA, MOVES)  # refuse before changing anything
    pre = await save_draft(db, organization, pre, values)
    states.move(pre, Move.SUBMIT, Actor.JICA, MOVES)
    pre.submitted_at = clock.now()
    pre.return_reason = ""
    await db.flush()
    await queue_template_mail(
        db,
        settings,
        to=settings.mail.secretariat_address,
        template="recruitment/pre_submitted.txt.jinja",
        pre=pre,
        organization=organization,
        planned=planned_label(pre),
        base_url=settings.app.base_url,
    )
    return pre


async def stop(db: AsyncSession, settings: Settings, pre: PreKoubo, actor: Actor, reason: str) -> PreKoubo:
    """掲載中止 with a reason (JICA on its own, or the secretariat: then JICA is told)."""
    states.move(pre, Move.STOP, actor, MOVES)
    pre.stop_reason = reason
    pre.stopped_at = pre.updated_at = clock.now()
    if actor == Actor.SECRETARIAT:
        await _mail_jica(db, settings, pre, "recruitment/pre_stopped.txt.jinja")
    return pre


async def convert(db: AsyncSession, organization: OrganizationView, pre: PreKoubo) -> Koubo:
    """公募にする: a new 公募 draft holding what the プレ公募 has; the プレ公募 remembers it.

    Once only, even for two clicks at the same moment: the link is set by an UPDATE that only
    matches while no 公募 is linked, and a draft made by the loser of that race is taken back."""
    if pre.status != NoticeStatus.APPROVED:
        raise TransitionRefused("掲載中のプレ公募だけを公募にできます。")
    if pre.koubo_id is not None:
        raise TransitionRefused("このプレ公募はすでに公募にしています。")
    now = clock.now()
    koubo = Koubo(
        organization_id=organization.id,
        status=NoticeStatus.DRAFT,
        koubo_type=pre.koubo_type,
        title=pre.title,
        domestic=pre.domestic,
        country=pre.country,
        prefecture=pre.prefecture,
        sector=pre.sector,
        duties=pre.summary,
        pre_koubo_id=pre.id,
        created_at=now,
        updated_at=now,
    )
    db.add(koubo)
    await db.flush()
    claimed = await db.execute(
        update(PreKoubo)
        .where(PreKoubo.id == pre.id, PreKoubo.koubo_id.is_(None))
        .values(koubo_id=koubo.id, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        await db.delete(koubo)
        await db.flush()
        raise TransitionRefused("このプレ公募はすでに公募にしています。")
    pre.koubo_id, pre.updated_at = koubo.id, now
    return koubo


# -- the secretariat -------------------------------------------------------------------------


async def review_queue(db: AsyncSession) -> list[PreKoubo]:
    """承認待ち, oldest request first."""
    rows = await db.execute(
        select(PreKoubo)
        .where(PreKoubo.status == NoticeStatus.PENDING)
        .order_by(PreKoubo.submitted_at, PreKoubo.id)
        .limit(500)
    )
    return list(rows.scalars())


async def on_show(db: AsyncSession, page: int) -> Page[PreKoubo]:
    """What is approved (for the secretariat's 掲載中止), newest first."""
    where = PreKoubo.status == NoticeStatus.APPROVED
    total = (await db.execute(select(func.count()).select_from(PreKoubo).where(where))).scalar_one()
    rows = await db.execute(
        select(PreKoubo)
        .where(where)
        .order_by(PreKoubo.approved_at.desc(), PreKoubo.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=list(rows.scalars()), page=page, per_page=PER_PAGE, total=total)


async def approve(db: AsyncSession, settings: Settings, pre: PreKoubo) -> PreKoubo:
    states.move(pre, Move.APPROVE, Actor.SECRETARIAT, MOVES)
    pre.approved_at = pre.updated_at = clock.now()
    await _mail_jica(db, settings, pre, "recruitment/pre_decided.txt.jinja", approved=True)
    return pre


async def return_pre(db: AsyncSession, settings: Settings, pre: PreKoubo, reason: str) -> PreKoubo:
    states.move(pre, Move.RETURN, Actor.SECRETARIAT, MOVES)
    pre.return_reason = reason
    pre.updated_at = clock.now()
    await _mail_jica(db, settings, pre, "recruitment/pre_decided.txt.jinja", approved=False)
    return pre


async def jica_organizations(db: AsyncSession) -> list[OrganizationView]:
    """The organizations the secretariat may enter a プレ公募 for (代理登録)."""
    return [o for o in await accounts.approved_organizations(db) if accounts.is_jica(o)]


async def proxy_register(
    db: AsyncSession, settings: Settings, staff_user_id: int, organization_id: int, values: dict
) -> PreKoubo:
    """代理登録: the secretariat enters a プレ公募 for a JICA organization; it is published at once,
    recorded as such (proxy_user_id), and JICA is told."""
    organization = next((o for o in await jica_organizations(db) if o.id == organization_id), None)
    if organization is None:
        raise TransitionRefused("代理登録できるのはJICAの団体だけです。")
    now = clock.now()
    pre = PreKoubo(organization_id=organization.id, proxy_user_id=staff_user_id, created_at=now, updated_at=now)
    _fill(pre, values)
    states.move(pre, Move.PROXY_PUBLISH, Actor.SECRETARIAT, MOVES)
    pre.submitted_at = pre.approved_at = now
    db.add(pre)
    await db.flush()
    await _mail_jica(db, settings, pre, "recruitment/pre_proxy.txt.jinja")
    return pre


async def _mail_jica(db: AsyncSession, settings: Settings, pre: PreKoubo, template: str, **extra) -> None:
    organization = (await accounts.organizations_by_ids(db, {pre.organization_id}))[pre.organization_id]
    account = await accounts.user_by_id(db, organization.user_id)
    await queue_template_mail(
        db,
        settings,
        to=account.email,
        template=template,
        pre=pre,
        organization=organization,
        planned=planned_label(pre),
        base_url=settings.app.base_url,
        **extra,
    )


# -- the public and its followers -------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    koubo_type: str = ""
    country: str = ""  # an ISO code, or DOMESTIC
    sector: str = ""
    page: int = 1


DOMESTIC = "domestic"


async def public_list(db: AsyncSession, filters: Filters) -> Page[PreKoubo]:
    """プレ公募情報, newest first."""
    conditions = [visibility.public_pre_koubo(clock.now())]
    if filters.koubo_type:
        conditions.append(PreKoubo.koubo_type == filters.koubo_type)
    if filters.country == DOMESTIC:
        conditions.append(PreKoubo.domestic.is_(True))
    elif filters.country:
        conditions.append(and_(PreKoubo.domestic.is_(False), PreKoubo.country == filters.country))
    if filters.sector:
        conditions.append(PreKoubo.sector == filters.sector)
    where = and_(*conditions)
    total = (await db.execute(select(func.count()).select_from(PreKoubo).where(where))).scalar_one()
    rows = await db.execute(
        select(PreKoubo)
        .where(where)
        .order_by(PreKoubo.approved_at.desc(), PreKoubo.id.desc())
        .offset((filters.page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=list(rows.scalars()), page=filters.page, per_page=PER_PAGE, total=total)


async def public_one(db: AsyncSession, pre_koubo_id: int) -> PreKoubo | None:
    rows = await db.execute(
        select(PreKoubo).where(PreKoubo.id == pre_koubo_id, visibility.public_pre_koubo(clock.now()))
    )
    return rows.scalar_one_or_none()


async def followed(db: AsyncSession, user_id: int, pre_koubo_ids: list[int]) -> set[int]:
    """Which of these the person follows (one query for a whole page)."""
    if not pre_koubo_ids:
        return set()
    rows = await db.execute(
        select(PreKouboFollower.pre_koubo_id).where(
            PreKouboFollower.user_id == user_id, PreKouboFollower.pre_koubo_id.in_(pre_koubo_ids)
        )
    )
    return set(rows.scalars())


async def follow(db: AsyncSession, pre_koubo_id: int, user_id: int) -> None:
    """お知らせを受け取る: one row per person and プレ公募 however often (or concurrently) it is asked."""
    dialect = db.bind.dialect.name if db.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(PreKouboFollower.__table__)
        .values(pre_koubo_id=pre_koubo_id, user_id=user_id, created_at=clock.now())
        .on_conflict_do_nothing(index_elements=["pre_koubo_id", "user_id"])
    )
    await db.execute(statement)


async def unfollow(db: AsyncSession, pre_koubo_id: int, user_id: int) -> None:
    """お知らせを解除."""
    await db.execute(
        delete(PreKouboFollower).where(
            PreKouboFollower.pre_koubo_id == pre_koubo_id, PreKouboFollower.user_id == user_id
        )
    )


async def erase_follows(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会 and retention: the person's お知らせを受け取る go."""
    await db.execute(delete(PreKouboFollower).where(PreKouboFollower.user_id == user_id))
