"""PARTNERニュース rules: reading an issue, the secretariat's edits (リード文, order, removal) while
it is a 下書き, approval, and the public back issues. The states and their moves are one table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.pagination import Page
from features.mailings import api as mailings
from features.partner_news.models import IssueStatus, NewsIssue, NewsIssueItem, NewsIssueSection

ARCHIVE_PER_PAGE = 10
ADMIN_PER_PAGE = 20
AUDIENCE = "news_subscribers"  # every active organization and individual; their preferences decide
LEAD_MAX = 3000

S = IssueStatus
# (state, action) → next state. Edits need a 下書き: an approved issue is un-approved first.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, "edit"): S.DRAFT,
    (S.DRAFT, "approve"): S.APPROVED,
    (S.APPROVED, "unapprove"): S.DRAFT,
    (S.APPROVED, "send"): S.SENT,
    (S.DRAFT, "skip"): S.SKIPPED,
}
REFUSALS = {
    "edit": "この号は下書きではないため編集できません（承認済みの号は承認を取り消してから編集してください）。",
    "approve": "この号は下書きではないため承認できません。",
    "unapprove": "承認済みの号ではないため承認を取り消せません。",
}


class IssueError(Exception):
    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def check(issue: NewsIssue, action: str) -> str:
    target = TRANSITIONS.get((issue.status, action))
    if target is None:
        raise IssueError(REFUSALS.get(action, "この操作はできません。"))
    return target


async def move(db: AsyncSession, issue: NewsIssue, action: str, **values) -> bool:
    """The state change as one conditional UPDATE: False when the issue was no longer in the state
    it was read in (Friday's job or another staff member got there first)."""
    target = check(issue, action)
    result = await db.execute(
        update(NewsIssue)
        .where(NewsIssue.id == issue.id, NewsIssue.status == issue.status)
        .values(status=target, **values)
    )
    return result.rowcount == 1


CHANGED = "この号の状態が変わりました（配信の処理または他の職員の操作）。ページを再読み込みしてください。"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: list[NewsIssueItem]


async def issue_by_id(db: AsyncSession, issue_id: int) -> NewsIssue | None:
    return await db.get(NewsIssue, issue_id)


async def sections_of(db: AsyncSession, issue_id: int) -> list[Section]:
    """The issue's sections in their order, each with its items in theirs (two queries)."""
    sections = (
        await db.scalars(
            select(NewsIssueSection)
            .where(NewsIssueSection.issue_id == issue_id)
            .order_by(NewsIssueSection.position, NewsIssueSection.id)
        )
    ).all()
    items = (
        await db.scalars(
            select(NewsIssueItem)
            .where(NewsIssueItem.issue_id == issue_id)
            .order_by(NewsIssueItem.position, NewsIssueItem.id)
        )
    ).all()
    return [Section(s.key, s.title, [i for i in items if i.section_key == s.key]) for s in sections]


async def _edit(db: AsyncSession, issue: NewsIssue, staff_id: int) -> None:
    """Claim the issue for an edit, before anything changes: a conditional UPDATE on its being a
    下書き still (the row is then held for this transaction), so an approval that got there first
    refuses the edit and what was approved is what goes out."""
    check(issue, "edit")
    now = clock.now()
    result = await db.execute(
        update(NewsIssue)
        .where(NewsIssue.id == issue.id, NewsIssue.status == IssueStatus.DRAFT)
        .values(updated_at=now, edited_by=staff_id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise IssueError(CHANGED)
    issue.updated_at, issue.edited_by = now, staff_id


async def save_lead(db: AsyncSession, issue: NewsIssue, lead: str, staff_id: int) -> None:
    await _edit(db, issue, staff_id)
    issue.lead = lead
    await db.flush()


async def move_item(db: AsyncSession, issue: NewsIssue, item_id: int, step: int, staff_id: int) -> NewsIssueItem:
    """Swap an item with its neighbour in its section (step -1 = 上へ, +1 = 下へ); at an end, nothing moves."""
    await _edit(db, issue, staff_id)
    item = await db.get(NewsIssueItem, item_id)
    if item is None or item.issue_id != issue.id:
        raise LookupError(item_id)
    siblings = [
        i for section in await sections_of(db, issue.id) if section.key == item.section_key for i in section.items
    ]
    _swap(siblings, siblings.index(item), step)
    await db.flush()
    return item


async def move_section(db: AsyncSession, issue: NewsIssue, key: str, step: int, staff_id: int) -> NewsIssueSection:
    await _edit(db, issue, staff_id)
    rows = list(
        (
            await db.scalars(
                select(NewsIssueSection)
                .where(NewsIssueSection.issue_id == issue.id)
                .order_by(NewsIssueSection.position, NewsIssueSection.id)
            )
        ).all()
    )
    chosen = next((s for s in rows if s.key == key), None)
    if chosen is None:
        raise LookupError(key)
    _swap(rows, rows.index(chosen), step)
    await db.flush()
    return chosen


def _swap(rows: list, index: int, step: int) -> None:
    """Renumber 0..n with rows[index] moved by one place (when there is a place to go)."""
    other = index + step
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        row.position = position


async def remove_item(db: AsyncSession, issue: NewsIssue, item_id: int, staff_id: int) -> NewsIssueItem:
    """Take an item out of this issue; a section left empty goes with it."""
    await _edit(db, issue, staff_id)
    item = await db.get(NewsIssueItem, item_id)
    if item is None or item.issue_id != issue.id:
        raise LookupError(item_id)
    await db.delete(item)
    await db.flush()
    left = await db.scalar(
        select(func.count())
        .select_from(NewsIssueItem)
        .where(NewsIssueItem.issue_id == issue.id, NewsIssueItem.section_key == item.section_key)
    )
    if not left:
        section = await db.scalar(
            select(NewsIssueSection).where(
                NewsIssueSection.issue_id == issue.id, NewsIssueSection.key == item.section_key
            )
        )
        if section is not None:
            await db.delete(section)
    await db.flush()
    return item


def lead_errors(lead: str) -> list[str]:
    if not lead.strip():
        return ["リード文を入力してください。"]
    if len(lead) > LEAD_MAX:
        return [f"リード文は{LEAD_MAX}文字以内で入力してください。"]
    return mailings.merge_field_errors(lead, AUDIENCE)


async def approve(db: AsyncSession, issue: NewsIssue, staff_id: int) -> None:
    """One secretariat member approves (and is recorded): the items were each reviewed when they
    were published, the lead is the only new text, and a second person must not be the reason a
    week's issue is skipped. Nothing changes after approval without 承認取消."""
    check(issue, "approve")
    problems = lead_errors(issue.lead)
    if problems:
        raise IssueError(problems[0], field="lead")
    if issue.send_due_at is not None and _aware(issue.send_due_at) <= clock.now():
        raise IssueError("配信予定日時を過ぎているため承認できません。", field="approve")
    now = clock.now()
    if not await move(db, issue, "approve", approved_by=staff_id, approved_at=now, updated_at=now):
        raise IssueError(CHANGED)
    await db.refresh(issue)


async def unapprove(db: AsyncSession, issue: NewsIssue, staff_id: int) -> None:
    if not await move(
        db, issue, "unapprove", approved_by=None, approved_at=None, edited_by=staff_id, updated_at=clock.now()
    ):
        raise IssueError(CHANGED)
    await db.refresh(issue)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def issues_page(db: AsyncSession, page: int) -> Page[NewsIssue]:
    """The secretariat's list: every issue, the newest week first, a page at a time."""
    total = (await db.execute(select(func.count()).select_from(NewsIssue))).scalar_one()
    rows = await db.scalars(
        select(NewsIssue).order_by(NewsIssue.week_of.desc()).offset((page - 1) * ADMIN_PER_PAGE).limit(ADMIN_PER_PAGE)
    )
    return Page(items=list(rows.all()), page=page, per_page=ADMIN_PER_PAGE, total=total)


async def item_counts(db: AsyncSession, issue_ids: list[int]) -> dict[int, int]:
    if not issue_ids:
        return {}
    rows = await db.execute(
        select(NewsIssueItem.issue_id, func.count())
        .where(NewsIssueItem.issue_id.in_(issue_ids))
        .group_by(NewsIssueItem.issue_id)
    )
    return {issue_id: count for issue_id, count in rows.all()}


async def figures_of(db: AsyncSession, issues: list[NewsIssue]) -> dict[int, mailings.MailingFigures]:
    """The mailing's figures of each sent issue (from the mailings engine, in one statement)."""
    sent = {i.id: i.mailing_id for i in issues if i.mailing_id is not None}
    found = await mailings.mailings_figures(db, sorted(set(sent.values())))
    return {issue_id: found[mailing_id] for issue_id, mailing_id in sent.items()}


# -- the public back issues ----------------------------------------------------------------


async def back_issues(db: AsyncSession, page: int) -> Page[NewsIssue]:
    """Sent issues only, newest first."""
    sent = NewsIssue.status == IssueStatus.SENT
    total = (await db.execute(select(func.count()).select_from(NewsIssue).where(sent))).scalar_one()
    rows = await db.scalars(
        select(NewsIssue)
        .where(sent)
        .order_by(NewsIssue.number.desc())
        .offset((page - 1) * ARCHIVE_PER_PAGE)
        .limit(ARCHIVE_PER_PAGE)
    )
    return Page(items=list(rows.all()), page=page, per_page=ARCHIVE_PER_PAGE, total=total)


_PUBLIC_FIELDS = (
    ("{氏名}様", "皆さま"),
    ("{氏名}さん", "皆さま"),
    ("{氏名}", "皆さま"),
    ("{団体名}", ""),
    ("{登録コード}", ""),
)


def public_lead(lead: str) -> list[str]:
    """The lead on the public page, in paragraphs: merge fields are for one recipient, the web is for all."""
    for field, words in _PUBLIC_FIELDS:
        lead = lead.replace(field, words)
    return [p for p in lead.split("\n\n") if p.strip()]


async def back_issue(db: AsyncSession, number: int) -> NewsIssue | None:
    return await db.scalar(select(NewsIssue).where(NewsIssue.number == number, NewsIssue.status == IssueStatus.SENT))
