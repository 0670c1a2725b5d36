"""Web hardening: CSRF, Origin checks, security headers, client address, rate limits, guards."""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Callable

from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import ClientException, NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from app import ratelimit
from app.config import Settings
from app.db import Database
from app.sessions import current_session

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_EXEMPT = "exclude_from_csrf"  # the route opt key (see csrf_config)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


def csrf_config(settings: Settings) -> CSRFConfig:
    secure = settings.security.secure_cookies
    return CSRFConfig(
        secret=settings.app.secret_key,
        cookie_name="__Host-partner_csrf" if secure else "partner_csrf",
        cookie_secure=secure,
        cookie_httponly=True,  # the token reaches htmx through hx-headers, not JavaScript
        cookie_samesite="lax",
        header_name="x-csrftoken",
        # A handler whose request carries its own proof sets opt={CSRF_EXEMPT: True}; the only one
        # is POST /unsubscribe/{token} (RFC 8058 one-click: a mailbox provider's POST with no
        # cookie and no CSRF token, authorized by the signed per-recipient token in the path).
        exclude_from_csrf_key=CSRF_EXEMPT,
    )


def request_id(scope: Scope) -> str:
    """A short id per request, shown on error pages and written to the log."""
    state = scope.setdefault("state", {})
    if "request_id" not in state:
        state["request_id"] = uuid.uuid4().hex[:16]
    return state["request_id"]


def make_security_headers_hook(settings: Settings) -> Callable[[Message, Scope], object]:
    """before_send hook: runs for every response, error pages and 404s included."""

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        headers["X-Request-ID"] = request_id(scope)
        if settings.security.secure_cookies:
            headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        path = scope.get("path", "")
        if current_session_has_user(scope) or path.startswith("/dev/"):
            headers["Cache-Control"] = "no-store"
        elif "cache-control" not in headers and not path.startswith("/static/"):
            headers["Cache-Control"] = "no-cache"

    return add_security_headers


def current_session_has_user(scope: Scope) -> bool:
    session = scope.get("session")
    return isinstance(session, dict) and bool(session.get("uid"))


def client_ip(scope: Scope, settings: Settings) -> str:
    """The peer address; X-Forwarded-For is believed only from a configured proxy."""
    peer = (scope.get("client") or ("unknown", 0))[0]
    if peer not in settings.security.trusted_proxies:
        return peer
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-for":
            hops = [h.strip() for h in value.decode("latin-1").split(",") if h.strip()]
            # Walk from the nearest hop back, skipping our own proxies.
            for hop in reversed(hops):
                if hop not in settings.security.trusted_proxies and _is_ip(hop):
                    return hop
    return peer


def is_local_request(scope: Scope) -> bool:
    """Sent by a browser on this machine: the peer itself (never X-Forwarded-For) is loopback,
    and no proxy relayed it (a proxy on the same host also connects from loopback)."""
    try:
        peer = ipaddress.ip_address((scope.get("client") or ("", 0))[0])
    except ValueError:
        return False
    peer = getattr(peer, "ipv4_mapped", None) or peer
    relayed = any(name in (b"x-forwarded-for", b"forwarded", b"x-real-ip") for name, _ in scope.get("headers", []))
    return peer.is_loopback and not relayed


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return False


class RequestGuardMiddleware:
    """Every request: a known Host. Unsafe methods: no foreign origin, and a rate limit per client."""

    def __init__(self, app: ASGIApp, database: Database, settings: Settings) -> None:
        self.app = app
        self.database = database
        self.settings = settings
        self.allowed_origins = {settings.base_origin}
        self.allowed_hosts = {h.lower() for h in settings.app.allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.check_host(scope)
            if scope["method"] in UNSAFE_METHODS:
                self.check_origin(scope)
                await self.check_rate(scope)
        await self.app(scope, receive, send)

    def check_host(self, scope: Scope) -> None:
        if "*" in self.allowed_hosts:
            return
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.lower() not in self.allowed_hosts:
            raise ClientException("このホスト名ではアクセスできません。")

    def check_origin(self, scope: Scope) -> None:
        wanted = (b"origin", b"sec-fetch-site", b"host")
        headers = {k.decode(): v.decode("latin-1") for k, v in scope["headers"] if k in wanted}
        if headers.get("sec-fetch-site") == "cross-site":
            raise PermissionDeniedException("外部のサイトから送信されたリクエストは受け付けられません。")
        origin = headers.get("origin")
        if origin and origin != "null":
            scheme = scope.get("scheme", "http")
            own = f"{scheme}://{headers.get('host', '')}"
            if origin not in self.allowed_origins and origin != own:
                raise PermissionDeniedException("外部のサイトから送信されたリクエストは受け付けられません。")
        elif origin == "null":
            raise PermissionDeniedException("送信元を確認できないリクエストは受け付けられません。")

    async def check_rate(self, scope: Scope) -> None:
        limit = self.settings.security.unsafe_requests_per_minute
        if limit <= 0:
            return
        await ratelimit.enforce(
            self.database,
            [(f"ip:{client_ip(scope, self.settings)}", limit, 60)],
            "短時間に多くの操作が行われました。しばらく待ってからもう一度お試しください。",
        )


def require_role(*roles: str) -> Callable[[ASGIConnection, BaseRouteHandler], None]:
    """Guard: the logged-in user's role must be one of `roles` (deny by default)."""
    allowed = frozenset(roles)

    def guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
        session = current_session(connection)
        if not session.get("uid"):
            raise NotAuthorizedException("ログインが必要です。")
        if session.get("role") not in allowed:
            raise PermissionDeniedException("このページを表示する権限がありません。")

    return guard


def require_login(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Guard: any logged-in user (a pending login, after the password step only, is not one)."""
    if not current_session(connection).get("uid"):
        raise NotAuthorizedException("ログインが必要です。")
