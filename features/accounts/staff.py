"""The secretariat's account work: search, suspend and restore, staff and counselor
permissions (000 §8.1.2), and verifying JOCV returnees (000 §1.1.2)."""

from __future__ import annotations

import secrets

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, urls
from app.config import Settings
from app.mail import queue_template_mail
from app.pagination import Page
from app.sessions import end_user_sessions
from features.accounts import passwords, service
from features.accounts.models import AccountStatus, Individual, Organization, Role, TokenPurpose, UserAccount

STAFF_ROLES = (Role.SECRETARIAT, Role.COUNSELOR)
PER_PAGE = 30


async def search_accounts(
    db: AsyncSession, *, query: str = "", role: str = "", status: str = "", page: int = 1
) -> Page:
    statement = (
        select(UserAccount, Individual.registration_code, Organization.org_code)
        .outerjoin(Individual, Individual.user_id == UserAccount.id)
        .outerjoin(Organization, Organization.user_id == UserAccount.id)
    )
    if query:
        like = f"%{query.lower()}%"
        statement = statement.where(
            or_(
                func.lower(UserAccount.email).like(like),
                UserAccount.display_name.like(f"%{query}%"),
                Individual.registration_code == query.upper(),
                Organization.org_code == query.upper(),
            )
        )
    if role:
        statement = statement.where(UserAccount.role == role)
    if status:
        statement = statement.where(UserAccount.status == status)
    total = (await db.execute(select(func.count()).select_from(statement.subquery()))).scalar_one()
    rows = await db.execute(statement.order_by(UserAccount.id.desc()).offset((page - 1) * PER_PAGE).limit(PER_PAGE))
    return Page(items=list(rows.all()), page=page, per_page=PER_PAGE, total=total)


class StaffError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def set_suspended(db: AsyncSession, user_id: int, suspended: bool, *, acting_user_id: int) -> UserAccount:
    user = await db.get(UserAccount, user_id)
    if user is None:
        raise StaffError("アカウントが見つかりません。")
    if user.id == acting_user_id:
        raise StaffError("自分のアカウントは停止できません。")
    if suspended:
        if user.status != AccountStatus.ACTIVE:
            raise StaffError("利用中のアカウントだけを停止できます。")
        user.status = AccountStatus.SUSPENDED
        await end_user_sessions(db, user.id)
    else:
        if user.status != AccountStatus.SUSPENDED:
            raise StaffError("停止中のアカウントだけを再開できます。")
        user.status = AccountStatus.ACTIVE
    return user


async def set_counselor(db: AsyncSession, user_id: int, granted: bool) -> UserAccount:
    user = await db.get(UserAccount, user_id)
    if user is None or user.role not in STAFF_ROLES:
        raise StaffError("キャリア相談員の権限は事務局のアカウントにだけ付与できます。")
    user.is_counselor = granted
    await end_user_sessions(db, user.id)  # the permission is read at login
    return user


async def create_staff(
    db: AsyncSession, settings: Settings, email: str, name: str, role: str, *, password: str | None = None
) -> UserAccount:
    """A staff account. Without a password, the person sets one from a mailed link."""
    if role not in STAFF_ROLES:
        raise StaffError("事務局のアカウントの種類が正しくありません。")
    email = service.normalize_email(email)
    if await service.user_by_email(db, email) is not None:
        raise StaffError("このメールアドレスはすでに登録されています。")
    now = clock.now()
    # Without a password: a random one nobody knows, until the person sets their own.
    secret = password or secrets.token_urlsafe(32)
    user = UserAccount(
        email=email,
        password_hash=await passwords.hash_password(secret),
        role=role,
        display_name=name,
        is_counselor=role == Role.COUNSELOR,
        created_at=now,
        password_changed_at=now if password else now.replace(year=2000),
    )
    db.add(user)
    await db.flush()
    if password is None:
        raw = await service.issue_token(db, TokenPurpose.PASSWORD_RESET, email, user_id=user.id)
        await queue_template_mail(
            db,
            settings,
            to=email,
            template="accounts/staff_welcome.txt.jinja",
            user=user,
            url=urls.absolute_url(settings, "accounts:reset_form", token=raw),
            base_url=settings.app.base_url,
        )
    return user


async def staff_accounts(db: AsyncSession) -> list[UserAccount]:
    rows = await db.execute(select(UserAccount).where(UserAccount.role.in_(STAFF_ROLES)).order_by(UserAccount.id))
    return list(rows.scalars())


async def jocv_pending(db: AsyncSession) -> list[Individual]:
    rows = await db.execute(
        select(Individual)
        .where(Individual.jocv_declared.is_(True), Individual.jocv_verified_at.is_(None))
        .order_by(Individual.registered_at)
    )
    return list(rows.scalars())


async def decide_jocv(db: AsyncSession, individual_id: int, verified: bool) -> Individual:
    individual = await db.get(Individual, individual_id)
    if individual is None or not individual.jocv_declared or individual.jocv_verified_at is not None:
        raise StaffError("確認待ちの申告ではありません。")
    if verified:
        individual.jocv_verified_at = clock.now()
    else:
        individual.jocv_declared = False
    return individual
