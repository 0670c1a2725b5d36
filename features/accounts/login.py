"""Two-step login: password, then a 6-digit code mailed to the account.

The code belongs to one login attempt (a challenge whose public id sits in the
browser's pre-login session), is stored only as an HMAC, lives 10 minutes, is used
once, dies after 5 wrong tries, and a resend replaces it (at most once a minute).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

import pyotp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.mail import queue_template_mail
from features.accounts import passwords, service
from features.accounts.models import AccountStatus, LoginChallenge, UserAccount

CODE_LIFETIME = timedelta(minutes=10)
MAX_FAILED_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(seconds=60)
MAX_SENDS = 5


class PasswordStep(StrEnum):
    CODE_SENT = "code_sent"
    REJECTED = "rejected"  # unknown address or wrong password: the same answer
    NOT_ACTIVE = "not_active"  # right password, but suspended, withdrawn or pending


class CodeStep(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    LOCKED = "locked"


@dataclass(frozen=True)
class PasswordResult:
    step: PasswordStep
    challenge_id: str | None = None
    user: UserAccount | None = None


@dataclass(frozen=True)
class CodeResult:
    step: CodeStep
    user: UserAccount | None = None
    attempts_left: int = 0


def _code_hmac(settings: Settings, challenge_id: str, code: str) -> str:
    message = f"{challenge_id}:{code}".encode()
    return hmac.new(settings.app.secret_key.encode(), message, hashlib.sha256).hexdigest()


def _new_code() -> str:
    # A fresh random secret per code: pyotp makes the 6 digits, the secret is then discarded.
    return pyotp.HOTP(pyotp.random_base32(), digits=6).at(0)


async def check_password(db: AsyncSession, settings: Settings, email: str, password: str) -> PasswordResult:
    user = await service.user_by_email(db, email)
    if user is None:
        await passwords.verify_password(passwords.dummy_hash(), password)  # same time as a real check
        return PasswordResult(PasswordStep.REJECTED)
    if not await passwords.verify_password(user.password_hash, password):
        return PasswordResult(PasswordStep.REJECTED)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash_password(password)
    if user.status != AccountStatus.ACTIVE:
        return PasswordResult(PasswordStep.NOT_ACTIVE, user=user)
    challenge_id = secrets.token_urlsafe(32)
    code = _new_code()
    now = clock.now()
    db.add(
        LoginChallenge(
            public_id=challenge_id,
            user_id=user.id,
            code_hmac=_code_hmac(settings, challenge_id, code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
            sent_at=now,
        )
    )
    await _mail_code(db, settings, user, code)
    return PasswordResult(PasswordStep.CODE_SENT, challenge_id=challenge_id, user=user)


async def _mail_code(db: AsyncSession, settings: Settings, user: UserAccount, code: str) -> None:
    await queue_template_mail(
        db,
        settings,
        to=user.email,
        template="accounts/login_code.txt.jinja",
        user=user,
        code=code,
        minutes=int(CODE_LIFETIME.total_seconds() // 60),
        base_url=settings.app.base_url,
    )


async def _challenge(db: AsyncSession, challenge_id: str | None) -> LoginChallenge | None:
    if not challenge_id:
        return None
    rows = await db.execute(select(LoginChallenge).where(LoginChallenge.public_id == challenge_id))
    return rows.scalar_one_or_none()


async def challenge_is_open(db: AsyncSession, challenge_id: str | None) -> bool:
    challenge = await _challenge(db, challenge_id)
    return bool(challenge and _usable(challenge))


def _usable(challenge: LoginChallenge) -> bool:
    return (
        challenge.used_at is None
        and challenge.expires_at > clock.now()
        and challenge.failed_attempts < MAX_FAILED_ATTEMPTS
    )


async def check_code(db: AsyncSession, settings: Settings, challenge_id: str | None, code: str) -> CodeResult:
    challenge = await _challenge(db, challenge_id)
    if challenge is None or challenge.used_at is not None or challenge.expires_at <= clock.now():
        return CodeResult(CodeStep.EXPIRED)
    if challenge.failed_attempts >= MAX_FAILED_ATTEMPTS:
        return CodeResult(CodeStep.LOCKED)
    expected = challenge.code_hmac
    given = _code_hmac(settings, challenge.public_id, code)
    if not pyotp.utils.strings_equal(expected, given):
        challenge.failed_attempts += 1
        left = MAX_FAILED_ATTEMPTS - challenge.failed_attempts
        return CodeResult(CodeStep.LOCKED if left <= 0 else CodeStep.WRONG, attempts_left=max(left, 0))
    user = await db.get(UserAccount, challenge.user_id)
    if user is None or user.status != AccountStatus.ACTIVE:
        return CodeResult(CodeStep.EXPIRED)
    challenge.used_at = clock.now()
    user.last_login_at = clock.now()
    return CodeResult(CodeStep.OK, user=user)


async def resend_code(db: AsyncSession, settings: Settings, challenge_id: str | None) -> str:
    """Replace the code and mail it again. Returns "sent", "too_soon" or "expired"."""
    challenge = await _challenge(db, challenge_id)
    if challenge is None or not _usable(challenge) or challenge.sends >= MAX_SENDS:
        return "expired"
    now = clock.now()
    if now - challenge.sent_at < RESEND_INTERVAL:
        return "too_soon"
    user = await db.get(UserAccount, challenge.user_id)
    if user is None:
        return "expired"
    code = _new_code()
    challenge.code_hmac = _code_hmac(settings, challenge.public_id, code)
    challenge.sent_at = now
    challenge.sends += 1
    challenge.expires_at = now + CODE_LIFETIME
    challenge.failed_attempts = 0
    await _mail_code(db, settings, user, code)
    return "sent"
