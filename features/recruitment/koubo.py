"""公募案件: JICA's entry (一時保存 → 掲載依頼), the secretariat's review (承認 / 差戻し), 代理登録,
掲載中止, 選考中 / 選考終了, the move to 過去の公募案件, 非表示, コピー and the 公募種別 list.

Every change of status goes through states.move(); the readers (languages_of, koubo_documents,
view, …) that the other parts of the slice show a 公募 with are in koubo_views.py.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.mail import queue_template_mail
from app.pagination import Page
from features.accounts import api as accounts
from features.accounts.api import OrganizationView
from features.recruitment import states
from features.recruitment.forms_koubo import KouboForm
from features.recruitment.koubo_views import (
    aware,
    phase_of,
    search_text_of,
    view,
)
from features.recruitment.models import Koji, Koubo, KouboType, NoticeStatus, PreKoubo
from features.recruitment.states import Actor, Move, Phase, TransitionRefused

PER_PAGE = 20
S = NoticeStatus
RETIRED_REASON = "団体の登録終了"
_LIST_COLUMNS = ("languages", "required_qualifications", "preferred_qualifications")
_LIST_COLUMNS += ("required_documents", "optional_documents")
# What a copy keeps: the content, never the number, the dates or the deadline.
_CLEARED_ON_COPY = ("number", "period_start", "period_end", "screening_on", "interview_on", "result_on")
_CLEARED_ON_COPY += ("deadline_at", "publish_at")


class NumberTaken(ValueError):
    """公募番号 is unique."""


def unsaved(fields: dict[str, Any], base: Koubo | None = None, organization_id: int = 0) -> Koubo:
    """A Koubo that is never added to the session (プレビュー, 確認): the stored one's values with
    what was typed on top."""
    now = clock.now()
    values: dict[str, Any] = {}
    if base is not None:
        values = {name: getattr(base, name) for name in Koubo.model_fields if name != "id"}
    values.setdefault("organization_id", organization_id)
    values.setdefault("created_at", now)
    values.setdefault("updated_at", now)
    values.setdefault("status", S.DRAFT)
    koubo = Koubo(**values)
    _apply(koubo, fields)
    if base is not None:
        koubo.id = None
    return koubo


def _apply(koubo: Koubo, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if name in _LIST_COLUMNS:
            value = json.dumps(value, ensure_ascii=False)
        if name == "organization_id" and koubo.id is not None:
            continue  # an organization never changes
        setattr(koubo, name, value)
    if "languages" in fields:
        codes = [row["language"] for row in fields["languages"]]
        koubo.language_codes = f" {' '.join(codes)} " if codes else ""
    koubo.search_text = search_text_of(koubo)


# -- JICA's own 公募 --------------------------------------------------------------------------


async def own_koubo(db: AsyncSession, organization_id: int, koubo_id: int) -> Koubo:
    """An organization only ever loads its own 公募 (LookupError for anyone else's or a missing one)."""
    rows = await db.execute(select(Koubo).where(Koubo.id == koubo_id, Koubo.organization_id == organization_id))
    koubo = rows.scalar_one_or_none()
    if koubo is None:
        raise LookupError(koubo_id)
    return koubo


async def exists(db: AsyncSession, koubo_id: int) -> bool:
    return (await db.execute(select(Koubo.id).where(Koubo.id == koubo_id))).first() is not None


async def own_list(db: AsyncSession, organization_id: int, page: int) -> Page[Koubo]:
    """公募一覧: the organization's own, newest first."""
    where = Koubo.organization_id == organization_id
    return await _page(db, where, page, (Koubo.created_at.desc(), Koubo.id.desc()))


async def _page(db: AsyncSession, where, page: int, order) -> Page[Koubo]:
    total = (await db.execute(select(func.count()).select_from(Koubo).where(where))).scalar_one()
    rows = await db.execute(select(Koubo).where(where).order_by(*order).offset((page - 1) * PER_PAGE).limit(PER_PAGE))
    return Page(items=list(rows.scalars()), page=page, per_page=PER_PAGE, total=total)


async def repeat_choices(db: AsyncSession, organization_id: int, exclude_id: int | None = None) -> dict[int, str]:
    """再公募: the organization's earlier 公募 that have a 公募番号 (id -> 公募番号・案件名)."""
    conditions = [Koubo.organization_id == organization_id, Koubo.number.is_not(None)]
    if exclude_id is not None:
        conditions.append(Koubo.id != exclude_id)
    rows = await db.execute(
        select(Koubo.id, Koubo.number, Koubo.title).where(*conditions).order_by(Koubo.number.desc()).limit(500)
    )
    return {koubo_id: f"{number} {title}".strip() for koubo_id, number, title in rows.all()}


async def type_names(db: AsyncSession, current: str = "") -> list[str]:
    """The 公募種別 that may be chosen: the active ones, and the one a stored 公募 already has."""
    rows = await db.execute(select(KouboType.name, KouboType.active).order_by(KouboType.position, KouboType.id))
    return [name for name, active in rows.all() if active or (current and name == current)]


async def number_taken(db: AsyncSession, number: str | None, exclude_id: int | None = None) -> bool:
    if not number:
        return False
    condition = Koubo.number == number
    if exclude_id is not None:
        condition = and_(condition, Koubo.id != exclude_id)
    return (await db.execute(select(Koubo.id).where(condition))).first() is not None


async def _store(db: AsyncSession, koubo: Koubo, fields: dict[str, Any]) -> Koubo:
    if await number_taken(db, fields.get("number"), koubo.id):
        raise NumberTaken(fields["number"])
    _apply(koubo, fields)
    koubo.updated_at = clock.now()
    try:
        async with db.begin_nested():  # two requests with the same number at once: the second is refused
            if koubo.id is None:
                db.add(koubo)
            await db.flush()
    except IntegrityError:
        raise NumberTaken(fields.get("number")) from None
    return koubo


async def save_draft(db: AsyncSession, organization_id: int, koubo: Koubo | None, form: KouboForm) -> Koubo:
    """一時保存: a new draft, or one's own 下書き / 差戻し."""
    if koubo is None:
        now = clock.now()
        koubo = Koubo(organization_id=organization_id, status=S.DRAFT, created_at=now, updated_at=now)
    elif koubo.status not in states.EDITABLE_BY_JICA:
        raise TransitionRefused(f"{states.phase_label(koubo.status)}の公募は編集できません。")
    return await _store(db, koubo, form.fields)


async def _email_of(db: AsyncSession, organization: OrganizationView) -> str:
    return (await accounts.user_by_id(db, organization.user_id)).email


async def _organization(db: AsyncSession, organization_id: int) -> OrganizationView:
    return (await accounts.organizations_by_ids(db, {organization_id}))[organization_id]


async def submit(
    db: AsyncSession, settings: Settings, organization: OrganizationView, koubo: Koubo | None, form: KouboForm
) -> Koubo:
    """掲載依頼: stored, then 承認待ち; JICA's account and the secretariat are told."""
    koubo = await save_draft(db, organization.id, koubo, form)
    states.move(koubo, Move.SUBMIT, Actor.JICA)
    koubo.submitted_at = clock.now()
    koubo.return_reason = ""
    context = {"koubo": view(koubo), "organization": organization, "base_url": settings.app.base_url}
    await queue_template_mail(
        db, settings, to=await _email_of(db, organization), template="recruitment/koubo_submitted.txt.jinja", **context
    )
    await queue_template_mail(
        db, settings, to=settings.mail.secretariat_address, template="recruitment/koubo_office.txt.jinja", **context
    )
    return koubo


async def stop(db: AsyncSession, settings: Settings, koubo: Koubo, actor: Actor, reason: str) -> Koubo:
    """掲載中止 (any state not yet over), with its reason; JICA's account is told."""
    states.move(koubo, Move.STOP, actor)
    koubo.stop_reason = reason
    koubo.stopped_at = koubo.updated_at = clock.now()
    organization = await _organization(db, koubo.organization_id)
    await queue_template_mail(
        db,
        settings,
        to=await _email_of(db, organization),
        template="recruitment/koubo_stopped.txt.jinja",
        koubo=view(koubo),
        organization=organization,
        by_office=actor != Actor.JICA,
        base_url=settings.app.base_url,
    )
    return koubo


async def start_screening(db: AsyncSession, koubo: Koubo, actor: Actor) -> Koubo:
    """選考中にする: only once the deadline has passed (an open 公募 still takes applications)."""
    if phase_of(koubo) != Phase.CLOSED:
        raise TransitionRefused("応募締切を過ぎてから「選考中にする」ができます。")
    states.move(koubo, Move.START_SCREENING, actor)
    koubo.updated_at = clock.now()
    return koubo


async def finish(db: AsyncSession, koubo: Koubo, actor: Actor) -> Koubo:
    """選考終了にする: the archive job moves it to 過去の公募案件 within the hour."""
    states.move(koubo, Move.FINISH, actor)
    koubo.closed_at = koubo.updated_at = clock.now()
    return koubo


async def copy(db: AsyncSession, organization_id: int, source: Koubo) -> Koubo:
    """コピー: a new draft from one's own 公募 (an archived one especially): 公募番号, 派遣期間,
    選考日程, 応募締切 and 掲載開始日時 cleared (再公募 is chosen on the form, if it is one)."""
    now = clock.now()
    keep = {
        name: getattr(source, name)
        for name in Koubo.model_fields
        if name
        in (
            "koubo_type",
            "title",
            "domestic",
            "country",
            "prefecture",
            "assignment",
            "sector",
            "duties",
            "languages",
            "language_codes",
            "required_qualifications",
            "preferred_qualifications",
            "selection_method",
            "required_documents",
            "optional_documents",
            "contact",
        )
    }
    koubo = Koubo(
        **keep,
        organization_id=organization_id,
        status=S.DRAFT,
        copied_from_id=source.id,
        long_term=False,
        created_at=now,
        updated_at=now,
    )
    koubo.search_text = search_text_of(koubo)
    db.add(koubo)
    await db.flush()
    return koubo


# -- the secretariat -------------------------------------------------------------------------


async def review_queue(db: AsyncSession) -> list[Koubo]:
    """公募の審査: 承認待ち, oldest first."""
    rows = await db.execute(
        select(Koubo).where(Koubo.status == S.PENDING).order_by(Koubo.submitted_at, Koubo.id).limit(500)
    )
    return list(rows.scalars())


STATUS_FILTERS = (
    (S.DRAFT, "下書き"),
    (S.PENDING, "承認待ち"),
    (S.RETURNED, "差戻し"),
    (S.APPROVED, "掲載（掲載予定・公募中・締切）"),
    (S.SCREENING, "選考中"),
    (S.CLOSED, "選考終了"),
    (S.ARCHIVED, "過去の公募"),
    (S.STOPPED, "掲載中止"),
)


async def all_koubo(db: AsyncSession, status: str, page: int) -> Page[Koubo]:
    """公募案件一覧: every 公募, newest first, optionally of one stored state."""
    where = Koubo.status == status if status in {s for s, _ in STATUS_FILTERS} else Koubo.id.is_not(None)
    return await _page(db, where, page, (Koubo.created_at.desc(), Koubo.id.desc()))


async def _mail_decision(db: AsyncSession, settings: Settings, koubo: Koubo, *, approved: bool) -> None:
    organization = await _organization(db, koubo.organization_id)
    await queue_template_mail(
        db,
        settings,
        to=await _email_of(db, organization),
        template="recruitment/koubo_decided.txt.jinja",
        koubo=view(koubo),
        organization=organization,
        approved=approved,
        base_url=settings.app.base_url,
    )


def _publish(koubo: Koubo, now: datetime) -> None:
    if aware(koubo.deadline_at) is None or aware(koubo.deadline_at) <= now:
        raise TransitionRefused("応募締切が過ぎているため掲載できません。差戻して日時を直してもらってください。")
    koubo.approved_at = koubo.updated_at = now
    if koubo.publish_at is None:
        koubo.publish_at = now  # 掲載開始日時: at approval unless JICA chose a time


async def approve(db: AsyncSession, settings: Settings, koubo: Koubo) -> Koubo:
    now = clock.now()
    states.target(Move.APPROVE, koubo.status, Actor.SECRETARIAT)  # refuse before looking at the dates
    _publish(koubo, now)
    states.move(koubo, Move.APPROVE, Actor.SECRETARIAT)
    koubo.return_reason = ""
    await _mail_decision(db, settings, koubo, approved=True)
    return koubo


async def return_koubo(db: AsyncSession, settings: Settings, koubo: Koubo, reason: str) -> Koubo:
    states.move(koubo, Move.RETURN, Actor.SECRETARIAT)
    koubo.return_reason = reason
    koubo.updated_at = clock.now()
    await _mail_decision(db, settings, koubo, approved=False)
    return koubo


async def jica_organizations(db: AsyncSession) -> dict[int, str]:
    """代理登録: the approved organizations the secretariat flagged as JICA (id -> name)."""
    return {o.id: o.name for o in await accounts.approved_organizations(db) if accounts.is_jica(o)}


async def proxy_publish(db: AsyncSession, staff_user_id: int, form: KouboForm) -> Koubo:
    """代理登録: the secretariat enters a 公募 for a JICA organization; published at once, recorded
    as entered by this staff member (proxy_user_id)."""
    now = clock.now()
    koubo = Koubo(
        organization_id=form.fields["organization_id"],
        status=S.DRAFT,
        proxy_user_id=staff_user_id,
        created_at=now,
        updated_at=now,
    )
    fields = {k: v for k, v in form.fields.items() if k != "organization_id"}
    if await number_taken(db, fields.get("number")):
        raise NumberTaken(fields["number"])
    _apply(koubo, fields)
    _publish(koubo, now)
    states.move(koubo, Move.PROXY_PUBLISH, Actor.SECRETARIAT)
    koubo.submitted_at = now
    return await _store(db, koubo, {})


async def set_hidden(db: AsyncSession, koubo: Koubo, hidden: bool) -> Koubo:
    """非表示 / 再表示: only an archived entry (a current one is stopped instead)."""
    if koubo.status != S.ARCHIVED:
        raise TransitionRefused("非表示にできるのは過去の公募案件だけです。")
    koubo.hidden = hidden
    koubo.updated_at = clock.now()
    return koubo


# -- 公募種別 --------------------------------------------------------------------------------


async def all_types(db: AsyncSession) -> list[tuple[KouboType, int]]:
    """Every 公募種別 in its order, with how many 公募 and プレ公募 use it."""
    types = list((await db.execute(select(KouboType).order_by(KouboType.position, KouboType.id))).scalars())
    used = dict((await db.execute(select(Koubo.koubo_type, func.count()).group_by(Koubo.koubo_type))).all())
    pre = dict((await db.execute(select(PreKoubo.koubo_type, func.count()).group_by(PreKoubo.koubo_type))).all())
    return [(t, used.get(t.name, 0) + pre.get(t.name, 0)) for t in types]


async def _type(db: AsyncSession, type_id: int) -> KouboType:
    kind = await db.get(KouboType, type_id)
    if kind is None:
        raise LookupError(type_id)
    return kind


async def _name_taken(db: AsyncSession, name: str, exclude_id: int | None = None) -> bool:
    condition = KouboType.name == name
    if exclude_id is not None:
        condition = and_(condition, KouboType.id != exclude_id)
    return (await db.execute(select(KouboType.id).where(condition))).first() is not None


async def add_type(db: AsyncSession, name: str) -> KouboType:
    if await _name_taken(db, name):
        raise ValueError(f"公募種別「{name}」はすでにあります。")
    last = (await db.execute(select(func.max(KouboType.position)))).scalar_one() or 0
    kind = KouboType(name=name, position=last + 1, active=True)
    db.add(kind)
    await db.flush()
    return kind


async def rename_type(db: AsyncSession, type_id: int, name: str) -> KouboType:
    """The 公募 and プレ公募 that have the type follow the new name (they store the name)."""
    kind = await _type(db, type_id)
    if await _name_taken(db, name, type_id):
        raise ValueError(f"公募種別「{name}」はすでにあります。")
    old, kind.name = kind.name, name
    await db.execute(update(PreKoubo).where(PreKoubo.koubo_type == old).values(koubo_type=name))
    rows = await db.execute(select(Koubo).where(Koubo.koubo_type == old))
    for koubo in rows.scalars():
        koubo.koubo_type = name
        koubo.search_text = search_text_of(koubo)
    await db.flush()
    return kind


async def move_type(db: AsyncSession, type_id: int, step: int) -> None:
    """上へ / 下へ: swap with the neighbour (positions are renumbered 1…n first)."""
    types = [t for t, _ in await all_types(db)]
    index = next((i for i, t in enumerate(types) if t.id == type_id), None)
    if index is None:
        raise LookupError(type_id)
    other = index + step
    if 0 <= other < len(types):
        types[index], types[other] = types[other], types[index]
    for position, kind in enumerate(types, start=1):
        kind.position = position
    await db.flush()


async def set_type_active(db: AsyncSession, type_id: int, active: bool) -> KouboType:
    kind = await _type(db, type_id)
    kind.active = active
    await db.flush()
    return kind


async def delete_type(db: AsyncSession, type_id: int, confirmed_name: str) -> str:
    """Only a type no 公募 or プレ公募 uses; one in use can only be deactivated."""
    kind = await _type(db, type_id)
    if confirmed_name != kind.name:
        raise ValueError("削除する公募種別を確認できませんでした。もう一度操作してください。")
    in_use = await db.execute(select(Koubo.id).where(Koubo.koubo_type == kind.name).limit(1))
    pre_use = await db.execute(select(PreKoubo.id).where(PreKoubo.koubo_type == kind.name).limit(1))
    if in_use.first() is not None or pre_use.first() is not None:
        raise ValueError(f"「{kind.name}」は公募で使われているため削除できません。使用停止にしてください。")
    await db.delete(kind)
    await db.flush()
    return kind.name


# -- scheduled and lifecycle work ------------------------------------------------------------


async def archive_koubo(db: AsyncSession, settings: Settings) -> int:
    """Hourly: 選考終了 → 過去の公募案件, and so does a 公募 still 公募中/締切/選考中 whose deadline
    is more than recruitment.archive_after_days ago (idempotent)."""
    now = clock.now()
    cutoff = now - timedelta(days=settings.recruitment.archive_after_days)
    rows = await db.execute(
        select(Koubo)
        .where(
            or_(
                Koubo.status == S.CLOSED,
                and_(Koubo.status.in_((S.APPROVED, S.SCREENING)), Koubo.deadline_at < cutoff),
            )
        )
        .order_by(Koubo.id)
        .limit(1000)
    )
    moved = 0
    for koubo in rows.scalars():
        states.move(koubo, Move.ARCHIVE, Actor.SYSTEM)
        koubo.archived_at = koubo.updated_at = now
        moved += 1
    await db.flush()
    return moved


async def stop_organization_koubo(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """無効登録 confirmed: the organization's 公募, プレ公募 and 公示 awaiting review or still live
    become 掲載中止 (理由：団体の登録終了), in the secretariat's transaction. Drafts and the archive stay."""
    organization = await accounts.organization_of(db, user_id)
    if organization is None:
        return
    now = clock.now()
    for table, moves in ((Koubo, states.KOUBO_MOVES), (PreKoubo, states.SIMPLE_MOVES), (Koji, states.SIMPLE_MOVES)):
        rows = await db.execute(
            select(table).where(
                table.organization_id == organization.id,
                table.status.in_((S.PENDING, S.RETURNED, S.APPROVED, S.SCREENING)),
            )
        )
        for notice in rows.scalars():
            states.move(notice, Move.STOP, Actor.SECRETARIAT, moves)
            notice.stop_reason = RETIRED_REASON
            notice.stopped_at = notice.updated_at = now
    await db.flush()
