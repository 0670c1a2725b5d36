"""The talent slice's public face: all that other slices may use of it.

Who an organization may see (one rule: visible_user_ids), the 履歴書PDF an organization is
given, and the audit row each view of a person writes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import AuditEvent
from features.talent.alerts import TalentCard, matching_user_ids, talent_cards
from features.talent.audience import ResumeCriteria, audience_members, count_audience
from features.talent.models import Favorite
from features.talent.resume_pdf import has_expert_resume, resume_pdf_for_organization
from features.talent.service import record_view, visible_user_ids


async def organizations_using_talent(db: AsyncSession, start: datetime, end: datetime) -> set[int]:
    """The organizations (ids) that used 人材閲覧 in [start, end): opened a person's 人材詳細 (the
    audited "profile_view") or added a 気になる. For the surveys slice's 人材閲覧機能 target list."""
    favorites = await db.execute(
        select(Favorite.organization_id).where(Favorite.created_at >= start, Favorite.created_at < end).distinct()
    )
    found = set(favorites.scalars())
    views = await db.execute(
        select(AuditEvent.detail)
        .where(AuditEvent.action == "profile_view", AuditEvent.created_at >= start, AuditEvent.created_at < end)
        .distinct()
    )
    for detail in views.scalars():
        prefix, _, number = (detail or "").partition(":")
        if prefix == "organization" and number.isdigit():
            found.add(int(number))
    return found


__all__ = [
    "ResumeCriteria",
    "TalentCard",
    "audience_members",
    "count_audience",
    "has_expert_resume",
    "matching_user_ids",
    "organizations_using_talent",
    "talent_cards",
    "record_view",
    "resume_pdf_for_organization",
    "visible_user_ids",
]
