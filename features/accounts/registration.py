"""Registration: e-mail first (a 24-hour link), then the form; organizations then wait
for the secretariat's 承認 or 差戻し. Every step answers the same whether or not the
address is already registered (the mail says which)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, urls
from app.config import Settings
from app.mail import queue_template_mail
from app.templating import format_date_ja
from features.accounts import passwords, service
from features.accounts.models import (
    AccountStatus,
    ActionToken,
    Individual,
    Organization,
    OrganizationStatus,
    TokenPurpose,
    UserAccount,
)

KIND_PURPOSE = {"individual": TokenPurpose.SIGNUP_INDIVIDUAL, "organization": TokenPurpose.SIGNUP_ORGANIZATION}
KIND_LABEL = {"individual": "新規個人登録", "organization": "新規団体登録"}


async def request_signup(db: AsyncSession, settings: Settings, kind: str, email: str) -> None:
    base = settings.app.base_url
    if await service.user_by_email(db, email) is not None:
        await queue_template_mail(db, settings, to=email, template="accounts/signup_already.txt.jinja", base_url=base)
        return
    raw = await service.issue_token(db, KIND_PURPOSE[kind], email)
    await queue_template_mail(
        db,
        settings,
        to=email,
        template="accounts/signup_link.txt.jinja",
        kind_label=KIND_LABEL[kind],
        url=urls.absolute_url(settings, "accounts:registration_form", query={"token": raw}, kind=kind),
        base_url=base,
    )


async def signup_token(db: AsyncSession, kind: str, raw: str) -> ActionToken | None:
    return await service.valid_token(db, raw, KIND_PURPOSE[kind])


class AlreadyRegistered(Exception):
    """The address was registered after the link was mailed."""


async def complete_individual(
    db: AsyncSession, settings: Settings, token: ActionToken, values: dict, password: str
) -> Individual:
    if not await service.use_token(db, token) or await service.user_by_email(db, token.email) is not None:
        raise AlreadyRegistered  # or completed a moment ago by a second click on the same link
    individual = await service.create_individual(db, token.email, await passwords.hash_password(password), values)
    await queue_template_mail(
        db,
        settings,
        to=token.email,
        template="accounts/individual_registered.txt.jinja",
        individual=individual,
        expires=format_date_ja(individual.expires_at),
        base_url=settings.app.base_url,
    )
    return individual


async def complete_organization(
    db: AsyncSession, settings: Settings, token: ActionToken, values: dict, password: str | None
) -> Organization:
    """A new application, or (token bound to a user) a corrected one after 差戻し."""
    if not await service.use_token(db, token):
        raise AlreadyRegistered  # the same link, completed a moment ago
    if token.user_id is not None:
        organization = await service.organization_of(db, token.user_id)
        for name, value in values.items():
            setattr(organization, name, value)
        organization.status = OrganizationStatus.PENDING
        organization.submitted_at = organization.updated_at = clock.now()
        user = await db.get(UserAccount, token.user_id)
        user.display_name = organization.name
    else:
        if await service.user_by_email(db, token.email) is not None:
            raise AlreadyRegistered
        organization = await service.create_organization(
            db, token.email, await passwords.hash_password(password or ""), values
        )
    context = {"organization": organization, "base_url": settings.app.base_url}
    await queue_template_mail(
        db, settings, to=token.email, template="accounts/organization_received.txt.jinja", **context
    )
    await queue_template_mail(
        db,
        settings,
        to=settings.mail.secretariat_address,
        template="accounts/organization_office_notice.txt.jinja",
        **context,
    )
    return organization


# -- the secretariat's review ----------------------------------------------------------


async def pending_organizations(db: AsyncSession) -> list[Organization]:
    rows = await db.execute(
        select(Organization)
        .where(Organization.status == OrganizationStatus.PENDING)
        .order_by(Organization.submitted_at)
    )
    return list(rows.scalars())


async def organizations_by_status(db: AsyncSession, status: str, limit: int = 200) -> list[Organization]:
    rows = await db.execute(
        select(Organization).where(Organization.status == status).order_by(Organization.submitted_at).limit(limit)
    )
    return list(rows.scalars())


class ReviewError(Exception):
    """The organization is not waiting for review (already approved, returned or gone)."""


async def _pending_one(db: AsyncSession, organization_id: int) -> tuple[Organization, UserAccount]:
    organization = await db.get(Organization, organization_id)
    if organization is None or organization.status != OrganizationStatus.PENDING:
        raise ReviewError
    return organization, await db.get(UserAccount, organization.user_id)


async def approve_organization(db: AsyncSession, settings: Settings, organization_id: int) -> Organization:
    organization, user = await _pending_one(db, organization_id)
    now = clock.now()
    organization.status = OrganizationStatus.APPROVED
    organization.org_code = organization.org_code or await service.new_org_code(db)
    organization.approved_at = organization.updated_at = now
    organization.registration_expires_at = now + timedelta(days=365 * settings.registration.organization_valid_years)
    organization.expiry_reminder_days = None
    organization.return_reason = ""
    user.status = AccountStatus.ACTIVE
    await queue_template_mail(
        db,
        settings,
        to=user.email,
        template="accounts/organization_approved.txt.jinja",
        organization=organization,
        base_url=settings.app.base_url,
    )
    return organization


async def return_organization(db: AsyncSession, settings: Settings, organization_id: int, reason: str) -> Organization:
    organization, user = await _pending_one(db, organization_id)
    organization.status = OrganizationStatus.RETURNED
    organization.return_reason = reason
    organization.updated_at = clock.now()
    raw = await service.issue_token(db, TokenPurpose.SIGNUP_ORGANIZATION, user.email, user_id=user.id)
    await queue_template_mail(
        db,
        settings,
        to=user.email,
        template="accounts/organization_returned.txt.jinja",
        organization=organization,
        url=urls.absolute_url(settings, "accounts:registration_form", query={"token": raw}, kind="organization"),
        base_url=settings.app.base_url,
    )
    return organization
