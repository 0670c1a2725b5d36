"""ブロック: a person stops an organization's PARTNER mail; the organization can no longer write."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.accounts import api as accounts
from features.accounts.api import OrganizationView as Organization
from features.messages.models import OrganizationBlock


async def blocked_user_ids(db: AsyncSession, organization_id: int, user_ids: set[int]) -> set[int]:
    """Of `user_ids`, those who blocked the organization (they get no mail from it)."""
    if not user_ids:
        return set()
    rows = await db.execute(
        select(OrganizationBlock.user_id).where(
            OrganizationBlock.organization_id == organization_id, OrganizationBlock.user_id.in_(user_ids)
        )
    )
    return set(rows.scalars())


async def is_blocked(db: AsyncSession, user_id: int, organization_id: int) -> bool:
    return bool(await blocked_user_ids(db, organization_id, {user_id}))


async def set_block(db: AsyncSession, user_id: int, organization_id: int, blocked: bool) -> None:
    existing = (
        await db.execute(
            select(OrganizationBlock).where(
                OrganizationBlock.user_id == user_id, OrganizationBlock.organization_id == organization_id
            )
        )
    ).scalar_one_or_none()
    if blocked and existing is None:
        db.add(OrganizationBlock(user_id=user_id, organization_id=organization_id, created_at=clock.now()))
    elif not blocked and existing is not None:
        await db.delete(existing)
    await db.flush()


async def blocked_organizations(db: AsyncSession, user_id: int) -> list[tuple[OrganizationBlock, Organization]]:
    rows = await db.execute(
        select(OrganizationBlock)
        .where(OrganizationBlock.user_id == user_id)
        .order_by(OrganizationBlock.created_at.desc())
    )
    blocks = list(rows.scalars())
    organizations = await accounts.organizations_by_ids(db, {b.organization_id for b in blocks})
    return [(b, organizations[b.organization_id]) for b in blocks if b.organization_id in organizations]
