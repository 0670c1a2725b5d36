"""パスワード再発行: the same answer, and the same work, for every address (the account is
looked up in a queued job); a 60-minute single-use link; setting the password ends every
session, mails a notice and does not log in."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, urls
from app.config import Settings
from app.db import after_commit
from app.mail import queue_template_mail
from app.queue import enqueue
from app.sessions import end_user_sessions
from features.accounts import passwords, service
from features.accounts.models import AccountStatus, ActionToken, PasswordResetRequest, Role, TokenPurpose, UserAccount

KIND_ROLES = {"individual": {Role.INDIVIDUAL}, "organization": {Role.ORGANIZATION}}
RESET_TASK = "process_reset_request"  # declared in the accounts SLICE
ORG_CODE_KIND = "org-code"  # a 団体コード再発行 rides on the reset request table and job
STALE_AFTER = timedelta(minutes=2)  # a request still pending this long lost its job


async def request_reset(db: AsyncSession, settings: Settings, email: str, kind: str) -> None:
    """The request's half: one row and one job, whatever the address, so a registered address
    answers no slower than an unknown one (the look-up, token and mail are the job's)."""
    pending = PasswordResetRequest(email=service.normalize_email(email), kind=kind, created_at=clock.now())
    db.add(pending)
    await db.flush()
    request_id = pending.id
    m = settings.mail
    after_commit(
        db,
        lambda: enqueue(
            RESET_TASK,
            key=f"reset:{settings.queue.name}:{request_id}",
            request_id=request_id,
            timeout=m.job_timeout,
            retries=m.retries,
            retry_delay=m.retry_delay,
            retry_backoff=m.retry_backoff_max,
        ),
    )


async def process_stale_reset_requests(db: AsyncSession, settings: Settings) -> int:
    """Requests whose job never ran (the queue was down, the worker died before it started)."""
    rows = await db.execute(
        select(PasswordResetRequest.id)
        .where(PasswordResetRequest.created_at < clock.now() - STALE_AFTER)
        .order_by(PasswordResetRequest.id)
        .limit(500)
    )
    return sum([await process_reset_request(db, settings, request_id) for request_id in rows.scalars().all()])


async def process_reset_request(db: AsyncSession, settings: Settings, request_id: int) -> bool:
    """The worker's half. Deleting the row claims it, so a job run twice mails once.
    True when a link was mailed."""
    claimed = (
        await db.execute(
            delete(PasswordResetRequest)
            .where(PasswordResetRequest.id == request_id)
            .returning(PasswordResetRequest.email, PasswordResetRequest.kind)
        )
    ).first()
    if claimed is None:
        return False
    email, kind = claimed
    user = await service.user_by_email(db, email)
    if user is None or user.status == AccountStatus.WITHDRAWN:
        return False  # nothing is sent; the page said the same as for a real account
    if kind == ORG_CODE_KIND:
        return await _mail_org_code(db, settings, user)
    if kind in KIND_ROLES and user.role not in KIND_ROLES[kind]:
        return False
    raw = await service.issue_token(db, TokenPurpose.PASSWORD_RESET, user.email, user_id=user.id)
    await queue_template_mail(
        db,
        settings,
        to=user.email,
        template="accounts/password_reset.txt.jinja",
        user=user,
        url=urls.absolute_url(settings, "accounts:reset_form", token=raw),
        base_url=settings.app.base_url,
    )
    return True


async def reset_token(db: AsyncSession, raw: str) -> ActionToken | None:
    return await service.valid_token(db, raw, TokenPurpose.PASSWORD_RESET)


async def set_new_password(db: AsyncSession, settings: Settings, user: UserAccount, password: str) -> None:
    """Change the password: every session and every mailed link of this user dies."""
    user.password_hash = await passwords.hash_password(password)
    user.password_changed_at = clock.now()
    await end_user_sessions(db, user.id)
    await queue_template_mail(
        db,
        settings,
        to=user.email,
        template="accounts/password_changed.txt.jinja",
        user=user,
        base_url=settings.app.base_url,
    )


async def complete_reset(db: AsyncSession, settings: Settings, token: ActionToken, password: str) -> UserAccount | None:
    """None when the link was used a moment ago by another request."""
    if not await service.use_token(db, token):
        return None
    user = await db.get(UserAccount, token.user_id)
    await set_new_password(db, settings, user, password)
    return user


async def resend_org_code(db: AsyncSession, settings: Settings, email: str) -> None:
    """団体コード再発行 (000 §2.3.3), the request's half: like a password reset, one row and one
    job whatever the address, so the answer's timing tells nobody whether it is registered."""
    await request_reset(db, settings, email, ORG_CODE_KIND)


async def _mail_org_code(db: AsyncSession, settings: Settings, user: UserAccount) -> bool:
    """The worker's half: mailed to the registered address of an active organization only."""
    if user.role != Role.ORGANIZATION or user.status != AccountStatus.ACTIVE:
        return False
    organization = await service.organization_of(db, user.id)
    if organization is None or not organization.org_code:
        return False
    await queue_template_mail(
        db,
        settings,
        to=user.email,
        template="accounts/org_code.txt.jinja",
        organization=organization,
        base_url=settings.app.base_url,
    )
    return True
