"""Who may see which notice: one rule for the public pages, the feeds, the top page and applying."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select

from app import clock
from features.accounts import api as accounts
from features.recruitment.models import Koji, Koubo, NoticeStatus, PreKoubo

# 公募 that the public sees on /koubo (公募中 and 締切 until selection is over), and in the archive.
_CURRENT = (NoticeStatus.APPROVED, NoticeStatus.SCREENING, NoticeStatus.CLOSED)


def public_koubo(now: datetime):
    """A current 公募 is public once its 掲載開始日時 has come, while its organization is active."""
    return and_(
        Koubo.status.in_(_CURRENT),
        or_(Koubo.publish_at.is_(None), Koubo.publish_at <= now),
        accounts.active_organization(Koubo.organization_id),
    )


def archived_koubo():
    """過去の公募案件: archived and not hidden by the secretariat (the organization may have left:
    the archive is a record of what was recruited)."""
    return and_(Koubo.status == NoticeStatus.ARCHIVED, Koubo.hidden.is_(False))


def findable_koubo(now: datetime):
    """A 公募 whose detail page opens: current or archived."""
    return or_(public_koubo(now), archived_koubo())


def public_pre_koubo(now: datetime | None = None):
    """プレ公募情報 on show: approved, while its organization is active, until the 公募 it was
    turned into (公募にする) is published — a draft or a 掲載予定 公募 leaves it on show."""
    now = now or clock.now()
    published = (
        select(Koubo.id)
        .where(Koubo.id == PreKoubo.koubo_id, or_(Koubo.published_at.is_not(None), public_koubo(now)))
        .exists()
    )
    return and_(
        PreKoubo.status == NoticeStatus.APPROVED,
        accounts.active_organization(PreKoubo.organization_id),
        or_(PreKoubo.koubo_id.is_(None), ~published),
    )


def public_koji():
    """公示案件 on show (with their results, once entered)."""
    return and_(Koji.status == NoticeStatus.APPROVED, accounts.active_organization(Koji.organization_id))
