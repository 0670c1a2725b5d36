"""問い合わせ対応: the rules. Opening a case (the contact form), the desk's list with business-day
ages, assignment, replies mailed with a signed Reply-To, the inquirer's replies reopening the case,
メモ, 定型文, FAQ化 through the FAQ slice, and erasure.

No HTTP objects here. Every state change goes through states.target(); the move is a conditional
UPDATE on the state the case was read in, so two clicks never send two replies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case as sql_case
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.mail import queue_mail, render_mail
from app.mail_addresses import signed_address
from app.pagination import Page
from app.reply_templates import TemplateBook
from features.accounts import api as accounts
from features.faq import api as faq
from features.inquiries import states
from features.inquiries.models import CaseStatus as S
from features.inquiries.models import EventKind, InquiryCase, InquiryEvent, ReplyTemplate
from features.inquiries.states import Actor, Move, TransitionRefused

CATEGORIES: tuple[str, ...] = tuple(faq.CATEGORIES)
REPLY_TAG = "inquiry"  # Reply-To: inquiry+<case id>.<mac>@<bounce domain>
MERGE_FIELDS = ("氏名",)
TEXT_MAX = 8000
NOTE_MAX = 2000
PER_PAGE = 20
EVENT_LABELS = {
    EventKind.RECEIVED: "受信",
    EventKind.REPLY: "返信（メール送信）",
    EventKind.NOTE: "メモ（内部）",
    EventKind.STATE: "状態の変更",
    EventKind.ASSIGN: "担当者",
    EventKind.FAQ: "FAQ化",
}
AUDIENCES = {"individual": "個人向け", "organization": "団体向け", "both": "共通"}


class CaseError(Exception):
    """A request the rules refuse; the message is Japanese and shown as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- ages ------------------------------------------------------------------------------------------


def age_in_business_days(case: InquiryCase, today: date | None = None) -> int:
    """Business days the inquirer has been waiting (since receipt, or since their latest reply that
    reopened the case), weekends and Japanese holidays skipped."""
    return clock.business_days_between(clock.to_jst(case.waiting_since).date(), today or clock.today_jst())


def is_open(case: InquiryCase) -> bool:
    return case.status in states.OPEN_STATES


def is_overdue(case: InquiryCase, settings: Settings, today: date | None = None) -> bool:
    return is_open(case) and age_in_business_days(case, today) > settings.inquiries.target_business_days


def overdue_before(settings: Settings, today: date | None = None) -> datetime:
    """The instant (UTC) such that an open case waiting since before it is overdue: the start (in
    Japan) of the day after the latest day D with business_days_between(D, today) > target. The
    list sorts and filters on it in SQL."""
    today = today or clock.today_jst()
    day = today
    while clock.business_days_between(day, today) <= settings.inquiries.target_business_days:
        day -= timedelta(days=1)
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=clock.JST).astimezone(UTC)


# -- opening a case --------------------------------------------------------------------------------


async def _event(
    db: AsyncSession, case_id: int, kind: str, actor_name: str, body: str = "", actor_user_id: int | None = None
) -> InquiryEvent:
    event = InquiryEvent(
        case_id=case_id,
        kind=kind,
        actor_user_id=actor_user_id,
        actor_name=actor_name[:200],
        body=body,
        created_at=clock.now(),
    )
    db.add(event)
    await db.flush()
    return event


async def open_case(
    db: AsyncSession, *, name: str, email: str, category: str, body: str, user_id: int | None = None
) -> InquiryCase:
    if category not in CATEGORIES:
        category = "その他"
    now = clock.now()
    case = InquiryCase(
        name=name,
        email=email,
        category=category,
        body=body,
        created_at=now,
        status=S.NEW,
        user_id=user_id,
        waiting_since=now,
        updated_at=now,
    )
    db.add(case)
    await db.flush()
    await _event(db, case.id, EventKind.RECEIVED, name, body)
    return case


# -- the desk ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeskFilters:
    status: str = ""  # "" every open case, a CaseStatus, or "all"
    category: str = ""
    assignee: str = ""  # "", "none", or a staff user id
    overdue: bool = False

    def query(self) -> dict[str, str]:
        return {
            "status": self.status,
            "category": self.category,
            "assignee": self.assignee,
            "overdue": "1" if self.overdue else "",
        }


@dataclass(frozen=True)
class DeskRow:
    case: InquiryCase
    status_label: str
    age: int | None  # business days, open cases only
    overdue: bool
    assignee: str
    faq_match: faq.FaqMatch | None


async def staff_members(db: AsyncSession) -> list[tuple[int, str]]:
    return await accounts.secretariat_members(db)


async def desk(db: AsyncSession, settings: Settings, filters: DeskFilters, page: int = 1) -> Page[DeskRow]:
    """The desk's list: overdue cases first, then the longest waiting; one page."""
    boundary = overdue_before(settings)
    open_ = InquiryCase.status.in_(states.OPEN_STATES)
    where = []
    if filters.status == "all":
        pass
    elif filters.status in set(S):
        where.append(InquiryCase.status == filters.status)
    else:
        where.append(open_)
    if filters.category:
        where.append(InquiryCase.category == filters.category)
    if filters.assignee == "none":
        where.append(InquiryCase.assignee_id.is_(None))
    elif filters.assignee.isdigit():
        where.append(InquiryCase.assignee_id == int(filters.assignee))
    if filters.overdue:
        where.extend([open_, InquiryCase.waiting_since < boundary])
    total = await db.scalar(select(func.count()).select_from(InquiryCase).where(*where))
    overdue_first = sql_case((open_ & (InquiryCase.waiting_since < boundary), 0), else_=1)
    open_first = sql_case((open_, 0), else_=1)
    rows = list(
        (
            await db.execute(
                select(InquiryCase)
                .where(*where)
                .order_by(overdue_first, open_first, InquiryCase.waiting_since, InquiryCase.id)
                .offset((page - 1) * PER_PAGE)
                .limit(PER_PAGE)
            )
        ).scalars()
    )
    names = dict(await staff_members(db))
    missing = {c.assignee_id for c in rows if c.assignee_id and c.assignee_id not in names}
    names |= await accounts.display_names(db, missing)
    today = clock.today_jst()
    items = []
    for c in rows:
        # The FAQ slice answers one search per open case of this page (at most PER_PAGE).
        matches = await faq.suggest_entries(db, c.body, limit=1) if is_open(c) else []
        items.append(
            DeskRow(
                case=c,
                status_label=states.label(c.status),
                age=age_in_business_days(c, today) if is_open(c) else None,
                overdue=is_overdue(c, settings, today),
                assignee=names.get(c.assignee_id, "") if c.assignee_id else "",
                faq_match=matches[0] if matches else None,
            )
        )
    return Page(items, page, PER_PAGE, total or 0)


async def case_by_id(db: AsyncSession, case_id: int) -> InquiryCase | None:
    return await db.get(InquiryCase, case_id)


async def locked_case(db: AsyncSession, case_id: int) -> InquiryCase | None:
    rows = await db.execute(select(InquiryCase).where(InquiryCase.id == case_id).with_for_update())
    return rows.scalar_one_or_none()


async def timeline(db: AsyncSession, case_id: int) -> list[InquiryEvent]:
    rows = await db.execute(
        select(InquiryEvent).where(InquiryEvent.case_id == case_id).order_by(InquiryEvent.created_at, InquiryEvent.id)
    )
    return list(rows.scalars())


async def assignee_name(db: AsyncSession, case: InquiryCase) -> str:
    if not case.assignee_id:
        return ""
    return (await accounts.display_names(db, {case.assignee_id})).get(case.assignee_id, "")


async def registration(db: AsyncSession, case: InquiryCase) -> accounts.RegistrationGlance | None:
    return await accounts.registration_glance(db, case.user_id) if case.user_id else None


# -- moves -----------------------------------------------------------------------------------------


async def _move(
    db: AsyncSession,
    case: InquiryCase,
    move: Move,
    actor: Actor,
    actor_name: str,
    actor_id: int | None = None,
    **values,
) -> str:
    """Apply a move: checked against the table, then written only if the case is still in the state
    it was read in (a concurrent click finds 0 rows and is refused); a change of state goes on the
    timeline with who made it. The state it came from."""
    before = case.status
    to_state = states.target(move, before, actor)
    result = await db.execute(
        update(InquiryCase)
        .where(InquiryCase.id == case.id, InquiryCase.status == before)
        .values(status=to_state, updated_at=clock.now(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise TransitionRefused("このお問い合わせは他の操作で更新されました。画面を読み込み直してください。")
    await db.refresh(case)
    if to_state != before:
        change = f"{states.label(before)} → {states.label(to_state)}"
        await _event(db, case.id, EventKind.STATE, actor_name, change, actor_id)
    return before


async def start(db: AsyncSession, case: InquiryCase, actor_id: int, actor_name: str) -> None:
    await _move(db, case, Move.START, Actor.STAFF, actor_name, actor_id)


async def close(db: AsyncSession, case: InquiryCase, actor_id: int, actor_name: str) -> None:
    await _move(db, case, Move.CLOSE, Actor.STAFF, actor_name, actor_id, closed_at=clock.now())


async def reopen(db: AsyncSession, case: InquiryCase, actor_id: int, actor_name: str) -> None:
    await _move(db, case, Move.REOPEN, Actor.STAFF, actor_name, actor_id, closed_at=None, waiting_since=clock.now())


async def assign(db: AsyncSession, case: InquiryCase, assignee_id: int | None, actor_id: int, actor_name: str) -> None:
    """担当者: a 事務局 member, or nobody (None)."""
    names = dict(await staff_members(db))
    if assignee_id is not None and assignee_id not in names:
        raise CaseError("担当者は一覧から選択してください。")
    if case.status == S.CLOSED:
        raise CaseError("クローズしたお問い合わせの担当者は変更できません。再開してから変更してください。")
    case.assignee_id = assignee_id
    case.updated_at = clock.now()
    await db.flush()
    text = f"担当者：{names[assignee_id]}" if assignee_id is not None else "担当者：未割当"
    await _event(db, case.id, EventKind.ASSIGN, actor_name, text, actor_id)


# -- replies ----------------------------------------------------------------------------------------


_MERGE = re.compile(r"\{([^{}\n]{0,30})\}")


def check_text(text: str, label: str, max_length: int = TEXT_MAX) -> None:
    if not text:
        raise CaseError(f"{label}を入力してください。")
    if len(text) > max_length:
        raise CaseError(f"{label}は{max_length}文字以内で入力してください（現在{len(text)}文字）。")


def check_merge_fields(text: str) -> None:
    unknown = sorted({f for f in _MERGE.findall(text) if f not in MERGE_FIELDS})
    if unknown:
        names = "、".join(f"{{{f}}}" for f in unknown)
        raise CaseError(f"差し込み項目 {names} は使えません。使えるのは {{氏名}} だけです。")


def merged(text: str, case: InquiryCase) -> str:
    return text.replace("{氏名}", case.name)


def reply_address(settings: Settings, case_id: int) -> str:
    return signed_address(settings, REPLY_TAG, case_id)


async def reply(
    db: AsyncSession, settings: Settings, case: InquiryCase, text: str, actor_id: int, actor_name: str
) -> InquiryEvent:
    """返信: mailed to the inquirer in this transaction (Reply-To: the case's signed address) and kept
    on the timeline as sent. The first reply fixes the response time."""
    check_text(text, "返信")
    check_merge_fields(text)
    if not case.email:
        raise CaseError("このお問い合わせにはメールアドレスがありません。")
    body = merged(text, case)
    now = clock.now()
    values = {"first_replied_at": case.first_replied_at or now}
    await _move(db, case, Move.REPLY, Actor.STAFF, actor_name, actor_id, **values)
    mail = render_mail(
        "inquiries/reply.txt.jinja",
        case=case,
        text=body,
        base_url=settings.app.base_url,
        received_at=clock.to_jst(case.created_at),
    )
    await queue_mail(
        db,
        settings,
        to=case.email,
        subject=mail.subject,
        body=mail.body,
        headers={"Reply-To": reply_address(settings, case.id)},
    )
    return await _event(db, case.id, EventKind.REPLY, actor_name, body, actor_id)


async def add_received(
    db: AsyncSession, case: InquiryCase, text: str, *, actor: Actor, actor_name: str, actor_id: int | None = None
) -> None:
    """A reply from the inquirer: on the timeline, and 回答済/クローズ reopen to 対応中 (the wait
    starts again from now)."""
    check_text(text, "受信したメールの本文")
    reopening = case.status in (S.ANSWERED, S.CLOSED)
    values = {"waiting_since": clock.now(), "closed_at": None} if reopening else {}
    await _move(db, case, Move.RECEIVE, actor, actor_name, actor_id, **values)
    source = f"{actor_name}が追加" if actor == Actor.STAFF else "メールで受信"
    await _event(db, case.id, EventKind.RECEIVED, f"{case.name}（{source}）", text, actor_id)


async def add_note(db: AsyncSession, case: InquiryCase, text: str, actor_id: int, actor_name: str) -> None:
    check_text(text, "メモ", NOTE_MAX)
    await _event(db, case.id, EventKind.NOTE, actor_name, text, actor_id)


# -- FAQ化 ---------------------------------------------------------------------------------------------


async def last_reply(db: AsyncSession, case_id: int) -> InquiryEvent | None:
    rows = await db.execute(
        select(InquiryEvent)
        .where(InquiryEvent.case_id == case_id, InquiryEvent.kind == EventKind.REPLY)
        .order_by(InquiryEvent.id.desc())
        .limit(1)
    )
    return rows.scalar_one_or_none()


def may_make_faq(case: InquiryCase) -> bool:
    return case.status in (S.ANSWERED, S.CLOSED) and case.first_replied_at is not None and not case.faq_entry_id


async def make_faq(db: AsyncSession, case: InquiryCase, audience: str, actor_id: int, actor_name: str) -> int:
    """FAQ化: a draft FAQ entry from the question and the last reply (the FAQ slice keeps it a draft,
    with a warning, until a staff member has removed the personal details). The entry id."""
    if audience not in AUDIENCES:
        raise CaseError("対象は一覧から選択してください。")
    if case.faq_entry_id:
        raise CaseError("このお問い合わせはFAQ化済みです。")
    answer = await last_reply(db, case.id)
    if not may_make_faq(case) or answer is None:
        raise CaseError("FAQ化できるのは回答済みのお問い合わせだけです。")
    entry_id = await faq.create_draft_from_inquiry(
        db,
        question=case.body,
        answer=answer.body,
        category=case.category,
        audience=audience,
        inquiry_id=case.id,
        actor_id=actor_id,
    )
    result = await db.execute(
        update(InquiryCase)
        .where(InquiryCase.id == case.id, InquiryCase.faq_entry_id.is_(None))
        .values(faq_entry_id=entry_id, updated_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise CaseError("このお問い合わせはFAQ化済みです。")
    await db.refresh(case)
    await _event(db, case.id, EventKind.FAQ, actor_name, f"FAQの下書き（No.{entry_id}）を作成", actor_id)
    return entry_id


# -- 定型文 ------------------------------------------------------------------------------------------


def _merge_problem(body: str) -> str | None:
    try:
        check_merge_fields(body)
    except CaseError as error:
        return error.message
    return None


REPLY_TEMPLATES = TemplateBook(ReplyTemplate, "定型文", "定型文の名前", TEXT_MAX, _merge_problem)
reply_templates = REPLY_TEMPLATES.all


# -- erasure ---------------------------------------------------------------------------------------------


async def erase_cases(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会: the inquiries a person sent while logged in go, with their timelines."""
    ids = list((await db.execute(select(InquiryCase.id).where(InquiryCase.user_id == user_id))).scalars())
    if ids:
        await db.execute(delete(InquiryEvent).where(InquiryEvent.case_id.in_(ids)))
        await db.execute(delete(InquiryCase).where(InquiryCase.id.in_(ids)))
