"""A registration's life: 延長登録, expiry reminders, 退会 and erasure (APPI), クリーニング
of unfinished registrations, and an organization's 無効登録."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.erasure import erase_person, retire_organization
from app.mail import queue_template_mail
from app.sessions import end_user_sessions
from app.templating import format_date_ja
from features.accounts import passwords
from features.accounts.counters import record_event
from features.accounts.models import (
    AccountEventKind,
    AccountStatus,
    ActionToken,
    Individual,
    LoginChallenge,
    Organization,
    OrganizationStatus,
    PasswordResetRequest,
    UserAccount,
)

BATCH = 500


def registration_period(settings: Settings) -> timedelta:
    return timedelta(days=365 * settings.registration.valid_years)


async def extend_registration(db: AsyncSession, settings: Settings, user_id: int) -> Individual:
    """延長登録: valid again for the full period from today."""
    individual = (await db.execute(select(Individual).where(Individual.user_id == user_id))).scalar_one()
    individual.expires_at = clock.now() + registration_period(settings)
    individual.expiry_reminder_days = None
    await record_event(db, AccountEventKind.INDIVIDUAL_EXTENDED, individual.kind)
    return individual


async def send_expiry_reminders(db: AsyncSession, settings: Settings) -> int:
    """Mail everyone whose registration ends within a reminder window, once per window."""
    now = clock.now()
    sent = 0
    for days in sorted(settings.registration.reminder_days, reverse=True):
        rows = await db.execute(
            select(Individual, UserAccount)
            .join(UserAccount, UserAccount.id == Individual.user_id)
            .where(
                UserAccount.status == AccountStatus.ACTIVE,
                Individual.expires_at > now,
                Individual.expires_at <= now + timedelta(days=days),
                (Individual.expiry_reminder_days.is_(None)) | (Individual.expiry_reminder_days > days),
            )
            .limit(BATCH)
        )
        for individual, user in rows.all():
            individual.expiry_reminder_days = days
            await queue_template_mail(
                db,
                settings,
                to=user.email,
                template="accounts/expiry_reminder.txt.jinja",
                individual=individual,
                expires=format_date_ja(individual.expires_at),
                base_url=settings.app.base_url,
            )
            sent += 1
    return sent


async def anonymize_person(db: AsyncSession, settings: Settings, user: UserAccount) -> None:
    """Erase what identifies this person (退会, expiry past retention, 物故 past retention)."""
    individual = (await db.execute(select(Individual).where(Individual.user_id == user.id))).scalar_one_or_none()
    await _anonymize(db, settings, user, individual)


async def _anonymize(db: AsyncSession, settings: Settings, user: UserAccount, individual: Individual | None) -> None:
    await erase_person(db, settings, user.id)
    await end_user_sessions(db, user.id)
    await db.execute(delete(ActionToken).where(ActionToken.email == user.email))
    await db.execute(delete(LoginChallenge).where(LoginChallenge.user_id == user.id))
    if individual is not None:
        for name in ("family_name", "given_name"):
            setattr(individual, name, "退会者")
        individual.family_name_kana = individual.given_name_kana = "タイカイシャ"
        individual.family_name_roman = individual.given_name_roman = "WITHDRAWN"
        individual.birth_date = date(1900, 1, 1)
        individual.gender = individual.postal_code = individual.address = individual.phone = ""
        individual.jocv_declared = False
        individual.jocv_verified_at = None
    user.email = f"withdrawn-{user.id}@invalid.partner"
    user.display_name = "退会者"
    user.password_hash = await passwords.hash_password(secrets.token_urlsafe(32))
    user.status = AccountStatus.WITHDRAWN


async def withdraw_individual(db: AsyncSession, settings: Settings, user: UserAccount) -> None:
    """退会: the person leaves; what identifies them is erased, and they get a last mail."""
    individual = (await db.execute(select(Individual).where(Individual.user_id == user.id))).scalar_one_or_none()
    await queue_template_mail(
        db,
        settings,
        to=user.email,
        template="accounts/withdrawn.txt.jinja",
        name=user.display_name,
        base_url=settings.app.base_url,
    )
    if individual is not None:
        await record_event(db, AccountEventKind.INDIVIDUAL_WITHDRAWN, individual.kind)
    await _anonymize(db, settings, user, individual)


async def erase_long_expired(db: AsyncSession, settings: Settings) -> int:
    """Registrations expired and never extended for the retention period are erased."""
    cutoff = clock.now() - timedelta(days=settings.registration.expired_retention_days)
    rows = await db.execute(
        select(Individual, UserAccount)
        .join(UserAccount, UserAccount.id == Individual.user_id)
        .where(
            Individual.expires_at < cutoff,
            UserAccount.status.not_in([AccountStatus.WITHDRAWN, AccountStatus.DECEASED]),  # 物故: its own rule
        )
        .limit(BATCH)
    )
    erased = 0
    for individual, user in rows.all():
        await _anonymize(db, settings, user, individual)
        erased += 1
    return erased


async def purge_unfinished(db: AsyncSession, settings: Settings) -> int:
    """クリーニング: links never used, and organizations never re-applied after 差戻し."""
    cutoff = clock.now() - timedelta(days=settings.registration.unfinished_purge_days)
    purged = (await db.execute(delete(ActionToken).where(ActionToken.created_at < cutoff))).rowcount or 0
    await db.execute(delete(LoginChallenge).where(LoginChallenge.created_at < clock.now() - timedelta(days=1)))
    # A reset request whose job never ran (the queue was down): its address is not kept.
    await db.execute(
        delete(PasswordResetRequest).where(PasswordResetRequest.created_at < clock.now() - timedelta(days=1))
    )
    returned = await db.execute(
        select(Organization).where(Organization.status == OrganizationStatus.RETURNED, Organization.updated_at < cutoff)
    )
    for organization in returned.scalars():
        user_id = organization.user_id
        await db.delete(organization)
        await db.flush()
        await db.execute(delete(UserAccount).where(UserAccount.id == user_id))
        purged += 1
    return purged


# -- 無効登録 (000 §2.2) --------------------------------------------------------------------


async def request_deactivation(db: AsyncSession, settings: Settings, user_id: int) -> Organization:
    organization = (await db.execute(select(Organization).where(Organization.user_id == user_id))).scalar_one()
    if organization.deletion_requested_at is None:
        organization.deletion_requested_at = clock.now()
        await queue_template_mail(
            db,
            settings,
            to=settings.mail.secretariat_address,
            template="accounts/deactivation_requested.txt.jinja",
            organization=organization,
            base_url=settings.app.base_url,
        )
    return organization


async def deactivation_requests(db: AsyncSession) -> list[Organization]:
    rows = await db.execute(
        select(Organization)
        .where(Organization.deletion_requested_at.is_not(None), Organization.status != OrganizationStatus.DISABLED)
        .order_by(Organization.deletion_requested_at)
    )
    return list(rows.scalars())


async def confirm_deactivation(db: AsyncSession, settings: Settings, organization_id: int) -> Organization | None:
    organization = await db.get(Organization, organization_id)
    if (
        organization is None
        or organization.deletion_requested_at is None
        or organization.status == OrganizationStatus.DISABLED
    ):
        return None
    user = await db.get(UserAccount, organization.user_id)
    await queue_template_mail(
        db,
        settings,
        to=user.email,
        template="accounts/deactivated.txt.jinja",
        organization=organization,
        base_url=settings.app.base_url,
    )
    await retire_organization(db, settings, user.id)
    await end_user_sessions(db, user.id)
    organization.status = OrganizationStatus.DISABLED
    organization.list_publicly = False
    organization.updated_at = clock.now()
    user.status = AccountStatus.WITHDRAWN
    await record_event(db, AccountEventKind.ORGANIZATION_DISABLED, organization.org_type)
    return organization
