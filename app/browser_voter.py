"""One answer per browser, without login (the FAQ's はい / いいえ vote, the 認知度アンケート).

A browser is known by a random cookie (43 URL-safe characters; HttpOnly, SameSite=Lax, a year,
`__Host-`-prefixed where cookies are secure). The database keeps only an HMAC of it with the app's
secret, under a purpose of its own, so a value stored for one use never matches another's. The
cookie is set only once the browser's first answer has counted (`remember`)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from litestar import Request, Response

from app.config import Settings

COOKIE_MAX_AGE = 365 * 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def valid_token(value: str | None) -> str | None:
    """The cookie's value when it is one of ours (else None: a fresh one is issued)."""
    return value if value and _TOKEN.match(value) else None


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class BrowserVoter:
    cookie: str  # the cookie's name where cookies are not secure (tests, local runs)
    purpose: str  # the HMAC's domain, e.g. "faq-voter"

    def cookie_name(self, settings: Settings) -> str:
        return f"__Host-{self.cookie}" if settings.security.secure_cookies else self.cookie

    def token(self, request: Request, settings: Settings) -> str | None:
        """This browser's token, or None when it has none yet (or a malformed one)."""
        return valid_token(request.cookies.get(self.cookie_name(settings)))

    def voter_of(self, settings: Settings, token: str) -> str:
        """What is stored for the browser: an HMAC of its token, never the token."""
        message = f"{self.purpose}:{token}".encode()
        return hmac.new(settings.app.secret_key.encode(), message, hashlib.sha256).hexdigest()

    def voter(self, request: Request, settings: Settings) -> str | None:
        token = self.token(request, settings)
        return self.voter_of(settings, token) if token else None

    def remember(self, response: Response, settings: Settings, token: str) -> None:
        """Give the browser its token (for a year) on the response to its first answer."""
        response.set_cookie(
            key=self.cookie_name(settings),
            value=token,
            max_age=COOKIE_MAX_AGE,
            path="/",
            httponly=True,
            samesite="lax",
            secure=settings.security.secure_cookies,
        )
