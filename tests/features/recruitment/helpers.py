"""Personas and rows for the recruitment tests: JICA itself, a public body without the flag, a 公募."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from app import clock
from features.accounts.models import Organization, OrganizationType, Role
from features.recruitment.models import Koubo, NoticeStatus
from tests.features.accounts.helpers import make_user

JICA_EMAIL = "jica@example.jp"
PUBLIC_BODY_EMAIL = "city@example.jp"  # JICA・政府機関・学校法人・地方自治体, but not flagged as JICA


async def make_organization(database, email: str, *, org_type: str = OrganizationType.PUBLIC, jica: bool = False):
    """An approved organization of the given type (and JICA flag); returns (user, organization)."""
    user = await make_user(database, email, Role.ORGANIZATION)
    async with database.session() as db:
        await db.execute(
            update(Organization).where(Organization.user_id == user.id).values(org_type=org_type, is_jica=jica)
        )
        organization = (await db.execute(select(Organization).where(Organization.user_id == user.id))).scalar_one()
    return user, organization


async def make_jica(database):
    return await make_organization(database, JICA_EMAIL, jica=True)


async def make_koubo(database, organization_id: int, *, status: str = NoticeStatus.APPROVED, **values) -> Koubo:
    """A 公募 row as the secretariat would have approved it: open now, deadline in two weeks at 12:00 JST."""
    now = clock.now()
    deadline_day = (now + timedelta(days=14)).astimezone(clock.JST).date()
    fields = dict(
        organization_id=organization_id,
        number=f"2026-JE-{values.pop('serial', 1):04d}",
        koubo_type="長期専門家",
        title="保健医療政策アドバイザー",
        country="KE",
        assignment="ケニア保健省",
        sector="health",
        duties="保健医療政策の策定支援",
        period_start=date(2027, 4, 1),
        period_end=date(2029, 3, 31),
        long_term=True,
        deadline_at=datetime.combine(deadline_day, datetime.min.time(), tzinfo=clock.JST).replace(hour=12),
        contact="JICA 人事部 公募担当",
        status=status,
        publish_at=now - timedelta(days=1),
        created_at=now,
        updated_at=now,
        submitted_at=now,
        approved_at=now if status not in (NoticeStatus.DRAFT, NoticeStatus.PENDING) else None,
    )
    fields.update(values)
    async with database.session() as db:
        koubo = Koubo(**fields)
        db.add(koubo)
        await db.flush()
        await db.refresh(koubo)
    return koubo
