"""団体の延長登録 (000 §2.7): an organization's registration is valid for a set number of years from
approval or its last 延長登録, with reminder mails before it ends. After it ends the organization
keeps what it has — its postings run to the end of their 募集期間, applications stay open to it —
but may not publish anything new and loses 人材閲覧 and オファーメール until it extends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit, clock
from app.config import Settings
from app.mail import queue_template_mail
from app.templating import format_date_ja
from features.accounts.counters import record_event
from features.accounts.models import AccountEventKind, AccountStatus, Organization, OrganizationStatus, UserAccount

EXPIRED_MESSAGE = "団体の登録有効期限が過ぎています。マイページの「延長登録」から登録を延長してください。"
BATCH = 500


class ExtensionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def period(settings: Settings) -> timedelta:
    return timedelta(days=365 * settings.registration.organization_valid_years)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=clock.now().tzinfo)


def registration_current(organization: Organization) -> bool:
    """Within its validity (an organization approved before validity was recorded counts as valid)."""
    expires = organization.registration_expires_at
    return expires is None or _aware(expires) > clock.now()


def extension_window_days(settings: Settings) -> int:
    """延長登録 opens this many days before the end (the first reminder), and stays open after it."""
    return max(settings.registration.organization_reminder_days, default=60)


def may_extend(settings: Settings, organization: Organization) -> bool:
    expires = organization.registration_expires_at
    if organization.status != OrganizationStatus.APPROVED or expires is None:
        return False
    return _aware(expires) <= clock.now() + timedelta(days=extension_window_days(settings))


async def extend(
    db: AsyncSession, settings: Settings, organization: Organization, *, actor_id: int, by_staff: bool = False
) -> Organization:
    """Valid for another full period from the current end (or from today, once it has passed): an
    early 延長登録 loses no days. The organization itself may extend only inside the window; the
    secretariat may at any time (延長の依頼)."""
    if not by_staff and not may_extend(settings, organization):
        raise ExtensionError(
            f"延長登録は有効期限の{extension_window_days(settings)}日前から行えます。"
            if organization.status == OrganizationStatus.APPROVED
            else "承認された団体だけが延長登録できます。"
        )
    if organization.status != OrganizationStatus.APPROVED:
        raise ExtensionError("承認された団体だけが延長登録できます。")
    start = max(_aware(organization.registration_expires_at or clock.now()), clock.now())
    organization.registration_expires_at = start + period(settings)
    organization.expiry_reminder_days = None
    organization.updated_at = clock.now()
    await record_event(db, AccountEventKind.ORGANIZATION_EXTENDED, organization.org_type)
    await audit.record(
        db,
        "organization_extend_by_staff" if by_staff else "organization_extend",
        actor_user_id=actor_id,
        target_type="organization",
        target_id=organization.id,
        detail=f"until {organization.registration_expires_at.date().isoformat()}",
    )
    return organization


async def send_expiry_reminders(db: AsyncSession, settings: Settings) -> int:
    """Daily: mail each approved organization whose registration ends within a reminder window,
    once per window (60 days, then 14)."""
    now = clock.now()
    sent = 0
    for days in sorted(settings.registration.organization_reminder_days, reverse=True):
        rows = await db.execute(
            select(Organization, UserAccount)
            .join(UserAccount, UserAccount.id == Organization.user_id)
            .where(
                Organization.status == OrganizationStatus.APPROVED,
                UserAccount.status == AccountStatus.ACTIVE,
                Organization.registration_expires_at > now,
                Organization.registration_expires_at <= now + timedelta(days=days),
                (Organization.expiry_reminder_days.is_(None)) | (Organization.expiry_reminder_days > days),
            )
            .limit(BATCH)
        )
        for organization, user in rows.all():
            organization.expiry_reminder_days = days
            await queue_template_mail(
                db,
                settings,
                to=user.email,
                template="accounts/organization_expiry_reminder.txt.jinja",
                organization=organization,
                expires=format_date_ja(organization.registration_expires_at),
                base_url=settings.app.base_url,
            )
            sent += 1
    return sent


@dataclass(frozen=True)
class ExpiringOrganization:
    id: int
    name: str
    org_code: str
    email: str
    expires_at: datetime
    expired: bool
    reminded_days: int | None


async def expiring(
    db: AsyncSession, settings: Settings, *, within_days: int | None = None
) -> list[ExpiringOrganization]:
    """Approved organizations whose registration ends within the window or has ended, soonest first."""
    now = clock.now()
    horizon = now + timedelta(days=within_days if within_days is not None else extension_window_days(settings))
    rows = await db.execute(
        select(Organization, UserAccount)
        .join(UserAccount, UserAccount.id == Organization.user_id)
        .where(
            Organization.status == OrganizationStatus.APPROVED,
            UserAccount.status == AccountStatus.ACTIVE,
            Organization.registration_expires_at <= horizon,
        )
        .order_by(Organization.registration_expires_at, Organization.id)
        .limit(BATCH)
    )
    return [
        ExpiringOrganization(
            id=o.id,
            name=o.name,
            org_code=o.org_code or "",
            email=u.email,
            expires_at=_aware(o.registration_expires_at),
            expired=_aware(o.registration_expires_at) <= now,
            reminded_days=o.expiry_reminder_days,
        )
        for o, u in rows.all()
    ]
