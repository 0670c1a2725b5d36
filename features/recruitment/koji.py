"""公示案件 (seed 000 §5.4): JICA's procurement notices — entry by the JICA account (掲載依頼 →
公示の審査) or by the secretariat (代理登録, published at once), 掲載中止, 結果, the files, and what
the public finds at /koji. No HTTP objects here: the routes parse, this module decides."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from xml.sax.saxutils import escape

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, uploads, urls
from app.config import Settings
from app.db import after_commit, contains_pattern
from app.mail import queue_template_mail
from app.pagination import Page
from app.reference import country_name
from features.accounts import api as accounts
from features.recruitment import states
from features.recruitment.models import Koji, KojiFile, NoticeStatus
from features.recruitment.states import Actor, Move, TransitionRefused
from features.recruitment.visibility import public_koji

PER_PAGE = 20
FILES_AREA = "koji"  # app/uploads.py keeps the 公示 files (説明書 …) in an area of their own
_ONE_DAY = timedelta(days=1)
FEED_SIZE = 50
MOVES = states.SIMPLE_MOVES
# The fields a form holds, in the order the pages show them.
FIELDS = (
    "notice_on",
    "procurement_number",
    "country",
    "title",
    "work_type",
    "contract_type",
    "selection_method",
    "roles",
    "period_start",
    "period_end",
    "mm_field",
    "mm_domestic",
    "question_deadline_at",
    "submission_deadline_at",
    "jica_url",
)
DUPLICATE_NUMBER = "この調達管理番号はすでに登録されています。番号を確認してください。"


class KojiError(Exception):
    """A refused action, with the message for the person who tried."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class NewFile:
    """A checked upload (uploads.check passed), not yet stored."""

    label: str
    data: bytes
    filename: str


# -- reading ------------------------------------------------------------------------------


def roles_of(koji: Koji) -> list[dict]:
    try:
        rows = json.loads(koji.roles or "[]")
    except ValueError:
        return []
    return [r for r in rows if isinstance(r, dict)]


def values_of(koji: Koji) -> dict:
    """The stored notice as the form's clean values (dates and times as the pages show them)."""
    values = {name: getattr(koji, name) for name in FIELDS}
    values["roles"] = roles_of(koji)
    values["procurement_number"] = koji.procurement_number or ""
    return values


async def get(db: AsyncSession, koji_id: int) -> Koji | None:
    return await db.get(Koji, koji_id)


async def own(db: AsyncSession, organization_id: int, koji_id: int) -> Koji | None:
    """A JICA account's own 公示 (a draft the secretariat is still entering on its behalf is not
    yet the account's: it appears once published)."""
    rows = await db.execute(
        select(Koji).where(
            Koji.id == koji_id,
            Koji.organization_id == organization_id,
            or_(Koji.proxy_user_id.is_(None), Koji.status != NoticeStatus.DRAFT),
        )
    )
    return rows.scalar_one_or_none()


async def own_list(db: AsyncSession, organization_id: int, page: int) -> Page[Koji]:
    where = and_(
        Koji.organization_id == organization_id,
        or_(Koji.proxy_user_id.is_(None), Koji.status != NoticeStatus.DRAFT),
    )
    return await _page(db, where, (Koji.updated_at.desc(), Koji.id.desc()), page)


async def files_of(db: AsyncSession, koji_id: int) -> list[KojiFile]:
    rows = await db.execute(
        select(KojiFile).where(KojiFile.koji_id == koji_id).order_by(KojiFile.position, KojiFile.id)
    )
    return list(rows.scalars())


async def file_of(db: AsyncSession, koji_id: int, file_id: int) -> KojiFile | None:
    rows = await db.execute(select(KojiFile).where(KojiFile.id == file_id, KojiFile.koji_id == koji_id))
    return rows.scalar_one_or_none()


def phase(koji: Koji) -> str:
    return states.phase_label(koji.status)


def buttons(koji: Koji, actor: Actor) -> list[Move]:
    return states.allowed(koji, actor, MOVES)


def editable_by_jica(koji: Koji) -> bool:
    return koji.status in states.EDITABLE_BY_JICA


# -- writing ------------------------------------------------------------------------------


def _apply(koji: Koji, values: dict) -> None:
    for name in FIELDS:
        if name == "roles":
            koji.roles = json.dumps(values.get("roles") or [], ensure_ascii=False)
        elif name == "procurement_number":
            koji.procurement_number = values.get(name) or None  # unique: an empty one is none at all
        elif name in values:
            setattr(koji, name, values[name])
    roles = " ".join(f"{r.get('role', '')} {r.get('grade', '')}" for r in values.get("roles") or [])
    koji.search_text = " ".join(
        (koji.title or "", koji.procurement_number or "", country_name(koji.country) or "", koji.work_type, roles)
    ).lower()


async def _number_taken(db: AsyncSession, number: str | None, koji_id: int | None) -> bool:
    if not number:
        return False
    query = select(Koji.id).where(Koji.procurement_number == number)
    if koji_id is not None:
        query = query.where(Koji.id != koji_id)
    return (await db.execute(query)).first() is not None


async def save(
    db: AsyncSession,
    settings: Settings,
    organization_id: int,
    koji: Koji | None,
    values: dict,
    files: list[NewFile],
    *,
    proxy_user_id: int | None = None,
) -> Koji:
    """一時保存: a new draft or the draft (差戻し) again, with the new files. The files were all
    checked first; they are written only once the row is sure to be saved (a duplicate 調達管理番号
    refuses the whole thing)."""
    if koji is not None and koji.status not in states.EDITABLE_BY_JICA:
        raise KojiError(f"{phase(koji)}の公示は編集できません。")
    if await _number_taken(db, values.get("procurement_number"), koji.id if koji else None):
        raise KojiError(DUPLICATE_NUMBER, "procurement_number")
    now = clock.now()
    if koji is None:
        koji = Koji(organization_id=organization_id, proxy_user_id=proxy_user_id, created_at=now, updated_at=now)
        db.add(koji)
    _apply(koji, values)
    koji.updated_at = now
    await db.flush()  # (two saves of one number at the same moment: the unique index refuses the second)
    await _store_files(db, settings, koji, files)
    return koji


async def _store_files(db: AsyncSession, settings: Settings, koji: Koji, files: list[NewFile]) -> None:
    if not files:
        return
    position = len(await files_of(db, koji.id))
    stored: list[str] = []
    try:
        for offset, new in enumerate(files):
            kept = uploads.store(settings, new.data, new.filename, FILES_AREA)
            stored.append(kept.stored_name)
            db.add(
                KojiFile(
                    koji_id=koji.id,
                    label=new.label,
                    original_name=kept.original_name,
                    stored_name=kept.stored_name,
                    content_type=kept.content_type,
                    size=kept.size,
                    position=position + offset,
                    created_at=clock.now(),
                )
            )
        await db.flush()
    except Exception:
        uploads.remove(settings, stored, FILES_AREA)
        raise


async def remove_file(db: AsyncSession, settings: Settings, koji: Koji, file_id: int) -> KojiFile:
    if koji.status not in states.EDITABLE_BY_JICA:
        raise KojiError(f"{phase(koji)}の公示のファイルは削除できません。")
    found = await file_of(db, koji.id, file_id)
    if found is None:
        raise LookupError(file_id)
    await db.delete(found)
    await db.flush()

    async def _unlink() -> None:
        uploads.remove(settings, [found.stored_name], FILES_AREA)

    after_commit(db, _unlink)
    return found


async def submit(db: AsyncSession, settings: Settings, organization, koji: Koji) -> Koji:
    """掲載依頼: to the secretariat's 公示の審査 (the form was checked complete just before)."""
    _move(koji, Move.SUBMIT, Actor.JICA)
    koji.submitted_at = koji.updated_at = clock.now()
    koji.return_reason = ""
    await queue_template_mail(
        db,
        settings,
        to=settings.mail.secretariat_address,
        template="recruitment/koji_submitted.txt.jinja",
        koji=koji,
        organization=organization,
        base_url=settings.app.base_url,
    )
    return koji


async def proxy_publish(db: AsyncSession, koji: Koji) -> Koji:
    """代理登録: the secretariat's draft is published at once (proxy_user_id says who entered it)."""
    _move(koji, Move.PROXY_PUBLISH, Actor.SECRETARIAT)
    koji.submitted_at = koji.approved_at = koji.updated_at = clock.now()
    return koji


async def approve(db: AsyncSession, settings: Settings, koji: Koji) -> Koji:
    _move(koji, Move.APPROVE, Actor.SECRETARIAT)
    koji.approved_at = koji.updated_at = clock.now()
    await _mail_owner(db, settings, koji, "recruitment/koji_decided.txt.jinja", approved=True)
    return koji


async def return_koji(db: AsyncSession, settings: Settings, koji: Koji, reason: str) -> Koji:
    _move(koji, Move.RETURN, Actor.SECRETARIAT)
    koji.return_reason = reason
    koji.updated_at = clock.now()
    await _mail_owner(db, settings, koji, "recruitment/koji_decided.txt.jinja", approved=False)
    return koji


async def stop(db: AsyncSession, settings: Settings, koji: Koji, reason: str, actor: Actor) -> Koji:
    """掲載中止 with a reason; the JICA account is told when the secretariat did it."""
    _move(koji, Move.STOP, actor)
    koji.stop_reason = reason
    koji.stopped_at = koji.updated_at = clock.now()
    if actor == Actor.SECRETARIAT:
        await _mail_owner(db, settings, koji, "recruitment/koji_stopped.txt.jinja")
    return koji


async def record_result(koji: Koji, contractor: str, contracted_on: date) -> Koji:
    """結果 (契約相手先, 契約日): on a published 公示 only."""
    if koji.status != NoticeStatus.APPROVED:
        raise KojiError("結果は掲載中の公示にだけ登録できます。")
    koji.contractor = contractor
    koji.contracted_on = contracted_on
    koji.updated_at = clock.now()
    return koji


def _move(koji: Koji, move: Move, actor: Actor) -> None:
    try:
        states.move(koji, move, actor, MOVES)
    except TransitionRefused as refused:
        raise KojiError(refused.message) from None


async def _mail_owner(db: AsyncSession, settings: Settings, koji: Koji, template: str, **context) -> None:
    organization = (await accounts.organizations_by_ids(db, {koji.organization_id}))[koji.organization_id]
    account = await accounts.user_by_id(db, organization.user_id)
    await queue_template_mail(
        db,
        settings,
        to=account.email,
        template=template,
        koji=koji,
        organization=organization,
        base_url=settings.app.base_url,
        **context,
    )


# -- the secretariat's lists -------------------------------------------------------------


async def review_queue(db: AsyncSession) -> list[Koji]:
    """承認待ち, oldest request first (a short list by nature: reviewed within days)."""
    rows = await db.execute(
        select(Koji).where(Koji.status == NoticeStatus.PENDING).order_by(Koji.submitted_at, Koji.id).limit(200)
    )
    return list(rows.scalars())


async def published(db: AsyncSession, page: int) -> Page[Koji]:
    return await _page(db, Koji.status == NoticeStatus.APPROVED, (Koji.approved_at.desc(), Koji.id.desc()), page)


async def proxy_drafts(db: AsyncSession) -> list[Koji]:
    rows = await db.execute(
        select(Koji)
        .where(Koji.status == NoticeStatus.DRAFT, Koji.proxy_user_id.is_not(None))
        .order_by(Koji.updated_at.desc())
        .limit(100)
    )
    return list(rows.scalars())


async def jica_organizations(db: AsyncSession) -> list:
    """代理登録: the organizations the secretariat may enter a 公示 for."""
    return [o for o in await accounts.approved_organizations(db) if accounts.is_jica(o)]


# -- the public side ---------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    keyword: str = ""
    country: str = ""
    work_type: str = ""
    contract_type: str = ""
    deadline_from: date | None = None  # 提出期限 (Japan-time days, both included)
    deadline_to: date | None = None
    sort: str = "new"  # new (公示日の新しい順) | deadline (提出期限が近い順)
    page: int = 1


def _jst_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.JST)


async def search(db: AsyncSession, filters: SearchFilters) -> Page[Koji]:
    conditions = [public_koji()]
    for word in filters.keyword.lower().split()[:5]:
        conditions.append(Koji.search_text.like(contains_pattern(word), escape="\\"))
    if filters.country:
        conditions.append(Koji.country == filters.country)
    if filters.work_type:
        conditions.append(Koji.work_type == filters.work_type)
    if filters.contract_type:
        conditions.append(Koji.contract_type == filters.contract_type)
    if filters.deadline_from:
        conditions.append(Koji.submission_deadline_at >= _jst_start(filters.deadline_from))
    if filters.deadline_to:
        conditions.append(Koji.submission_deadline_at < _jst_start(filters.deadline_to) + _ONE_DAY)
    if filters.sort == "deadline":  # the coming deadlines first, nearest first; those past after them
        upcoming = case((Koji.submission_deadline_at >= clock.now(), 0), else_=1)
        order = (upcoming, Koji.submission_deadline_at.asc(), Koji.id.desc())
    else:
        order = (Koji.notice_on.desc(), Koji.id.desc())
    return await _page(db, and_(*conditions), order, filters.page)


async def public(db: AsyncSession, koji_id: int) -> Koji | None:
    rows = await db.execute(select(Koji).where(Koji.id == koji_id, public_koji()))
    return rows.scalar_one_or_none()


async def newest_public(db: AsyncSession, limit: int = FEED_SIZE) -> list[Koji]:
    rows = await db.execute(
        select(Koji).where(public_koji()).order_by(Koji.approved_at.desc(), Koji.id.desc()).limit(limit)
    )
    return list(rows.scalars())


async def count_public(db: AsyncSession) -> int:
    return (await db.execute(select(func.count()).select_from(Koji).where(public_koji()))).scalar_one()


async def _page(db: AsyncSession, where, order, page: int) -> Page[Koji]:
    total = (await db.execute(select(func.count()).select_from(Koji).where(where))).scalar_one()
    rows = await db.execute(select(Koji).where(where).order_by(*order).offset((page - 1) * PER_PAGE).limit(PER_PAGE))
    return Page(items=list(rows.scalars()), page=page, per_page=PER_PAGE, total=total)


def atom(notices: list[Koji], settings: Settings) -> str:
    """新着の公示情報 as Atom; absolute links from the configured base URL (never the Host header)."""
    updated = max((k.approved_at for k in notices if k.approved_at), default=clock.now())
    feed_url = urls.absolute_url(settings, "recruitment:koji_feed")
    page_url = urls.absolute_url(settings, "recruitment:koji_search")
    entries = []
    for koji in notices:
        url = urls.absolute_url(settings, "recruitment:koji_detail", koji_id=koji.id)
        deadline = clock.to_jst(koji.submission_deadline_at) if koji.submission_deadline_at else None
        summary = " ／ ".join(
            part
            for part in (
                country_name(koji.country) or "",
                koji.work_type,
                koji.contract_type,
                f"提出期限 {deadline:%Y-%m-%d %H:%M}" if deadline else "",
            )
            if part
        )
        entries.append(
            "<entry>"
            f"<title>{escape(koji.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{escape(url)}"/>'
            f"<id>{escape(url)}</id>"
            f"<updated>{(koji.approved_at or koji.updated_at).isoformat()}</updated>"
            "<author><name>JICA</name></author>"
            f"<summary>{escape(summary)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">'
        "<title>PARTNER 新着の公示情報</title>"
        f'<link rel="self" href="{escape(feed_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{escape(page_url)}"/>'
        f"<id>{escape(feed_url)}</id>"
        f"<updated>{updated.isoformat()}</updated>" + "".join(entries) + "</feed>"
    )
