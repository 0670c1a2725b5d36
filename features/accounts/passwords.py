"""Passwords: argon2id off the event loop, rehash on parameter change, a policy without
composition rules (length 12–128, any characters, not a common password)."""

from __future__ import annotations

import asyncio
import re
import unicodedata
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 128

# OWASP's minimum for argon2id: m = 19 MiB, t = 2, p = 1.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def _prepare(password: str) -> str:
    # NFC, not NFKC: the same visible Japanese text always hashes the same, and nothing
    # the person typed is folded into something else.
    return unicodedata.normalize("NFC", password)


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, _prepare(password))


async def verify_password(password_hash: str, password: str) -> bool:
    try:
        return await asyncio.to_thread(_hasher.verify, password_hash, _prepare(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """Verified against when no account matches, so both cases take the same time."""
    return _hasher.hash("partner-no-such-account-placeholder")


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


_TRAILING = re.compile(r"[\d\W_]+$")


def password_problem(password: str, *, email: str = "") -> str | None:
    """A Japanese message when the password is not acceptable, else None."""
    length = len(_prepare(password))
    if length < MIN_LENGTH:
        return f"パスワードは{MIN_LENGTH}文字以上で入力してください（現在{length}文字）。"
    if length > MAX_LENGTH:
        return f"パスワードは{MAX_LENGTH}文字以内で入力してください。"
    lowered = password.lower()
    core = _TRAILING.sub("", lowered)
    common = _common_passwords()
    if lowered in common or (len(core) >= 4 and core in common) or len(set(lowered)) <= 3:
        return "このパスワードはよく使われていて推測されやすいため使えません。別のパスワードにしてください。"
    if email and lowered.startswith(email.lower().split("@")[0]) and len(email.split("@")[0]) >= 4:
        return "メールアドレスと似たパスワードは使えません。"
    return None
