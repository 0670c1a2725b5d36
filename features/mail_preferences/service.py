"""メール配信設定: who gets which kind of bulk mail, and the signed one-click unsubscribe.

A user's switch is a column of their MailPreference row; NULL (or no row) is the default from
settings [mail_preferences] — for PARTNERニュース one for 個人 and one for 団体. Transactional mail
(login codes, password resets, application and message notices) never asks here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from email.utils import parseaddr

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.mail_addresses import bounce_domain
from app.urls import absolute_url
from features.accounts import api as accounts
from features.mail_preferences import counters
from features.mail_preferences.models import Category, MailPreference
from features.mail_preferences.tokens import make_token, read_token

# Above this many ids, opted_out reads the whole column (rows exist only for people who chose
# something) instead of sending one parameter per id: both drivers stop near 32,000 parameters.
MAX_IN_PARAMETERS = 5000
MAILTO_PREFIX = "unsubscribe+"


def default_for(settings: Settings, category: Category, role: str | None) -> bool:
    """What a user of `role` gets of `category` until they choose (staff: as an individual)."""
    section = settings.mail_preferences
    if category is Category.GUIDE:
        return section.guide_default
    if category is Category.ALERTS:
        return section.alerts_default
    if role == accounts.Role.ORGANIZATION:
        return section.news_default_organization
    return section.news_default_individual


def _column(category: Category):
    return getattr(MailPreference, category.value)


async def preferences_of(db: AsyncSession, settings: Settings, user_id: int) -> dict[Category, bool]:
    """Each category's switch as the user sees it on the mypage (their choice, else the default)."""
    roles = await accounts.member_roles(db, [user_id])
    row = (await db.execute(select(MailPreference).where(MailPreference.user_id == user_id))).scalar_one_or_none()
    result = {}
    for category in Category:
        chosen = getattr(row, category.value) if row is not None else None
        result[category] = default_for(settings, category, roles.get(user_id)) if chosen is None else chosen
    return result


async def save_preferences(db: AsyncSession, user_id: int, switches: Mapping[Category, bool]) -> bool:
    """Set these categories for one 個人 or 団体 account (an upsert: safe against a double click
    or two one-click POSTs at once). False when the account is not a member (gone, or staff)."""
    if not switches or not await accounts.member_roles(db, [user_id]):
        return False
    values = {category.value: bool(on) for category, on in switches.items()}
    dialect = db.bind.dialect.name if db.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = MailPreference.__table__
    now = clock.now()
    statement = insert(table).values(user_id=user_id, updated_at=now, **values)
    statement = statement.on_conflict_do_update(index_elements=[table.c.user_id], set_={**values, "updated_at": now})
    await db.execute(statement)
    return True


async def set_preference(db: AsyncSession, user_id: int, category: Category, on: bool) -> bool:
    return await save_preferences(db, user_id, {Category(category): on})


async def opted_out(db: AsyncSession, settings: Settings, user_ids: Collection[int], category: Category) -> set[int]:
    """Of these users, those who must not get mail of `category`: switched off, or never chose and
    the default is off. One query on the preferences (plus the accounts' roles when the
    PARTNERニュース defaults differ by role), whether 10 ids or 100,000."""
    category = Category(category)
    wanted = set(user_ids)
    if not wanted:
        return set()
    column = _column(category)
    query = select(MailPreference.user_id, column).where(column.is_not(None))
    if len(wanted) <= MAX_IN_PARAMETERS:
        query = query.where(MailPreference.user_id.in_(wanted))
    chosen = {user_id: on for user_id, on in (await db.execute(query)).all() if user_id in wanted}
    out = {user_id for user_id, on in chosen.items() if not on}
    undecided = wanted - chosen.keys()
    if not undecided:
        return out
    individual, organization = (
        default_for(settings, category, accounts.Role.INDIVIDUAL),
        default_for(settings, category, accounts.Role.ORGANIZATION),
    )
    if individual == organization:
        return out if individual else out | undecided
    roles = await accounts.member_roles(db, undecided)
    return out | {user_id for user_id in undecided if not default_for(settings, category, roles.get(user_id))}


# -- one-click unsubscribe ---------------------------------------------------------------------


def unsubscribe_url(settings: Settings, user_id: int, category: Category) -> str:
    return absolute_url(settings, "mail_preferences:unsubscribe", token=make_token(settings, user_id, category))


def unsubscribe_mailto(settings: Settings, user_id: int, category: Category) -> str:
    local = MAILTO_PREFIX + make_token(settings, user_id, category)
    return f"mailto:{local}@{bounce_domain(settings)}?subject=unsubscribe"


def unsubscribe_headers(settings: Settings, user_id: int, category: Category) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe (https first, then mailto) and RFC 8058 List-Unsubscribe-Post."""
    https = unsubscribe_url(settings, user_id, category)
    mailto = unsubscribe_mailto(settings, user_id, category)
    return {"List-Unsubscribe": f"<{https}>, <{mailto}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def token_target(settings: Settings, token: str) -> tuple[int, Category] | None:
    return read_token(settings, token)


async def unsubscribe(db: AsyncSession, settings: Settings, token: str) -> Category | None:
    """Turn off the category a valid token names (idempotent); None for a forged or broken token."""
    target = read_token(settings, token)
    if target is None:
        return None
    user_id, category = target
    before = await db.scalar(select(_column(category)).where(MailPreference.user_id == user_id))
    if await set_preference(db, user_id, category, False) and before is not False:
        await counters.record_unsubscribe(db, category)  # counted once: a repeated click changes nothing
    return category


async def unsubscribe_by_mail(db: AsyncSession, settings: Settings, local_part: str) -> bool:
    """For the bounce MX: a mail to unsubscribe+TOKEN@<bounce domain> (the local part, or the
    whole address) switches that category off. False when the token is not one of ours."""
    address = parseaddr(local_part)[1] or local_part.strip()
    local = address.rpartition("@")[0] or address
    if not local.lower().startswith(MAILTO_PREFIX):
        return False
    return await unsubscribe(db, settings, local[len(MAILTO_PREFIX) :]) is not None


async def erase_preferences(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会 / retention: a person's switches go with them."""
    await db.execute(delete(MailPreference).where(MailPreference.user_id == user_id))
