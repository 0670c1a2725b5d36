"""Who was active: for the surveys slice's 利用アンケート (individuals active in a quarter)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.accounts.models import AccountStatus, Individual, Role, UserAccount


async def individuals_active_since(db: AsyncSession, since: datetime) -> list[tuple[int, str, str]]:
    """(user id, address, 氏名) of the 個人 who logged in at or after `since` (only the latest login is
    kept, so "in the quarter or since"), whose account may be mailed and whose registration runs."""
    rows = await db.execute(
        select(UserAccount.id, UserAccount.email, Individual.family_name, Individual.given_name)
        .join(Individual, Individual.user_id == UserAccount.id)
        .where(
            UserAccount.role == Role.INDIVIDUAL,
            UserAccount.status == AccountStatus.ACTIVE,
            UserAccount.last_login_at >= since,
            Individual.expires_at > clock.now(),
        )
        .order_by(UserAccount.id)
    )
    return [(user_id, email, f"{family} {given}") for user_id, email, family, given in rows.all()]
