"""メールテンプレート (§8.5.2): a library of mailing templates with their version history.

Every save writes a new version (who, when, what); 復元 copies an old version into a new one, so the
history only grows. The same merge-field check as a mailing (any recipient kind: a template may be
used for 個人 or 団体 — the mailing checks the fields again against its audience)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.pagination import Page
from features.mailings import merge
from features.mailings.models import MailingTemplate, MailingTemplateVersion
from features.mailings.states import TransitionRefused

PER_PAGE = 20


@dataclass(frozen=True)
class TemplateValues:
    name: str
    category: str
    subject: str
    body: str


def problems(values: TemplateValues) -> list[str]:
    return [*merge.errors(values.subject), *merge.errors(values.body)]


async def _version(db: AsyncSession, template: MailingTemplate, user_id: int, note: str) -> None:
    db.add(
        MailingTemplateVersion(
            template_id=template.id,
            version=template.version,
            name=template.name,
            category=template.category,
            subject=template.subject,
            body=template.body,
            changed_by=user_id,
            changed_at=template.updated_at,
            note=note,
        )
    )
    await db.flush()


async def create(db: AsyncSession, user_id: int, values: TemplateValues) -> MailingTemplate:
    if problems(values):
        raise TransitionRefused(problems(values)[0])
    now = clock.now()
    template = MailingTemplate(**values.__dict__, version=1, created_at=now, updated_at=now, updated_by=user_id)
    db.add(template)
    await db.flush()
    await _version(db, template, user_id, "作成")
    return template


async def _lock(db: AsyncSession, template_id: int) -> MailingTemplate | None:
    statement = (
        select(MailingTemplate)
        .where(MailingTemplate.id == template_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await db.execute(statement)).scalar_one_or_none()


async def update(db: AsyncSession, template_id: int, user_id: int, values: TemplateValues, note: str = "編集") -> bool:
    """A new version (False: nothing changed, no version written)."""
    if problems(values):
        raise TransitionRefused(problems(values)[0])
    template = await _lock(db, template_id)
    if template is None:
        raise LookupError(template_id)
    current = TemplateValues(template.name, template.category, template.subject, template.body)
    if current == values and note == "編集":
        return False
    template.name, template.category, template.subject, template.body = (
        values.name,
        values.category,
        values.subject,
        values.body,
    )
    template.version += 1
    template.updated_at = clock.now()
    template.updated_by = user_id
    await db.flush()
    await _version(db, template, user_id, note)
    return True


async def restore(db: AsyncSession, template_id: int, version: int, user_id: int) -> int:
    """復元: the old version becomes a new one (the history keeps both). Returns the new version."""
    old = await db.scalar(
        select(MailingTemplateVersion).where(
            MailingTemplateVersion.template_id == template_id, MailingTemplateVersion.version == version
        )
    )
    if old is None:
        raise LookupError(version)
    values = TemplateValues(old.name, old.category, old.subject, old.body)
    await update(db, template_id, user_id, values, note=f"第{version}版から復元")
    return (await db.get(MailingTemplate, template_id)).version


async def template_by_id(db: AsyncSession, template_id: int) -> MailingTemplate | None:
    return await db.get(MailingTemplate, template_id)


async def versions(db: AsyncSession, template_id: int) -> list[MailingTemplateVersion]:
    rows = await db.execute(
        select(MailingTemplateVersion)
        .where(MailingTemplateVersion.template_id == template_id)
        .order_by(MailingTemplateVersion.version.desc())
    )
    return list(rows.scalars())


async def listing(db: AsyncSession, page: int) -> Page[MailingTemplate]:
    total = (await db.execute(select(func.count()).select_from(MailingTemplate))).scalar_one()
    rows = await db.execute(
        select(MailingTemplate)
        .order_by(MailingTemplate.name, MailingTemplate.id)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return Page(items=list(rows.scalars()), page=page, per_page=PER_PAGE, total=total)


async def all_templates(db: AsyncSession, category: str | None = None) -> list[MailingTemplate]:
    query = select(MailingTemplate).order_by(MailingTemplate.name, MailingTemplate.id)
    if category:
        query = query.where(MailingTemplate.category == category)
    return list(await db.scalars(query))
