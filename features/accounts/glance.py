"""Accounts at a glance: the staff whom back-office work may be assigned to (キャリア相談員,
事務局) and one account's registration for the inquiries desk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.accounts.models import AccountStatus, Role, UserAccount
from features.accounts.service import individual_of, organization_of


async def counselors(db: AsyncSession) -> list[tuple[int, str]]:
    """キャリア相談員 the back office may assign: active staff accounts with the counselor
    permission, as (user id, name), by name."""
    rows = await db.execute(
        select(UserAccount.id, UserAccount.display_name)
        .where(
            or_(UserAccount.is_counselor.is_(True), UserAccount.role == Role.COUNSELOR),
            UserAccount.status == AccountStatus.ACTIVE,
        )
        .order_by(UserAccount.display_name, UserAccount.id)
    )
    return [(user_id, name) for user_id, name in rows.all()]


async def secretariat_members(db: AsyncSession) -> list[tuple[int, str]]:
    """Active 事務局 accounts as (user id, 表示名), by name: whom back-office work may be assigned to."""
    rows = await db.execute(
        select(UserAccount.id, UserAccount.display_name)
        .where(UserAccount.role == Role.SECRETARIAT, UserAccount.status == AccountStatus.ACTIVE)
        .order_by(UserAccount.display_name, UserAccount.id)
    )
    return [(user_id, name) for user_id, name in rows.all()]


@dataclass(frozen=True)
class RegistrationGlance:
    """An account's registration at a glance (the inquiries desk): never address, phone or birth date."""

    user_id: int
    role: str  # Role value
    role_label: str  # 個人 / 団体 / 事務局 / キャリア相談員
    display_name: str
    email: str
    status: str  # AccountStatus value
    status_label: str
    registered_at: datetime  # the account's creation (個人: 登録日)
    kind: str = ""  # 個人: 国際協力人材登録 / 簡易登録; 団体: 団体種別
    registration_code: str = ""  # 登録コード / 団体コード
    organization_name: str = ""
    organization_status: str = ""
    expires_at: datetime | None = None


ROLE_LABELS = {  # the glance's and the staff pages' (アカウント管理)
    Role.INDIVIDUAL: "個人",
    Role.ORGANIZATION: "団体",
    Role.SECRETARIAT: "事務局",
    Role.COUNSELOR: "キャリア相談員",
}
_STATUS_LABELS = {
    AccountStatus.ACTIVE: "有効",
    AccountStatus.PENDING: "承認待ち",
    AccountStatus.SUSPENDED: "停止中",
    AccountStatus.WITHDRAWN: "退会",
    AccountStatus.DECEASED: "物故",
}


async def registration_glance(db: AsyncSession, user_id: int) -> RegistrationGlance | None:
    user = await db.get(UserAccount, user_id)
    if user is None:
        return None
    values: dict = {}
    if user.role == Role.INDIVIDUAL and (person := await individual_of(db, user_id)) is not None:
        values = {"kind": person.kind, "registration_code": person.registration_code, "expires_at": person.expires_at}
        values["registered_at"] = person.registered_at
    elif user.role == Role.ORGANIZATION and (org := await organization_of(db, user_id)) is not None:
        values = {
            "kind": org.org_type,
            "registration_code": org.org_code or "",
            "organization_name": org.name,
            "organization_status": org.status,
        }
    return RegistrationGlance(
        user_id=user.id,
        role=user.role,
        role_label=ROLE_LABELS.get(user.role, user.role),
        display_name=user.display_name,
        email=user.email,
        status=user.status,
        status_label=_STATUS_LABELS.get(user.status, user.status),
        registered_at=values.pop("registered_at", user.created_at),
        **values,
    )
