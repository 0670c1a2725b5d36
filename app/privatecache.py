"""Rendered logged-in pages, kept per session for a few seconds (issue 17, item 2).

Only the pages named in PAGES are kept: マイページ, 求人情報一覧 (the organization's own list), 人材閲覧
and メールボックス — pages a person reloads, returns to with the back button, or htmx asks for again.

Who sees a kept page: only the session it was rendered for. The key is the session's id (the SHA-256
the session middleware looked up), the whole session (user, role, display name) and the request
(host, path, full query, Accept and every HX-* header). A request without a logged-in session, or
whose session holds a flash message, is never answered from here; a render that changed the session
(a flash shown and popped) is not kept. The session is still loaded and checked on every request
(this middleware sits inside the session middleware), so logging out, an expired session or a
session ended by a password change ends its kept pages with it.

When a kept page is stale: it is good only for the write generation it was rendered under —
app/pagecache.py's private generation, bumped at every committed write to any table but sessions and
rate counters (ORM, bulk and raw SQL alike, at the driver) — and, when several server processes run,
the generation they share in Redis (settings [page_cache] shared_generation_url, or the queue's
Redis): every response of a process that has committed a write since it last published waits for an
INCR there before it leaves, so the next request, on whichever process, renders afresh. Changes by
time alone (a closing date passing) and writes of processes that answer no HTTP request (a worker)
show within [page_cache] logged_in_ttl_seconds. Without a shared generation the cache is used only
on SQLite (one server process); a PostgreSQL deployment without Redis renders every time.
A Redis that does not answer means no cache for that request, never a stale page.

The CSRF token is a hole filled per request, as for anonymous pages; the session cookie is set by the
session middleware around this one, on hits as on renders (its idle timeout keeps working).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from litestar.config.csrf import CSRFConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from app import clock
from app.config import Settings
from app.pagecache import HIT_HOOK, KeptPage, csrf_cookie_of, kept_headers, private_generation, punch_token, replay
from app.sessions import FLASH_KEY, SESSION_ID, dump_session

log = logging.getLogger("partner")

# Route names of the logged-in pages kept (read-only GETs; none writes).
PAGES = frozenset({"accounts:mypage", "postings:list", "talent:search", "messages:box"})
SHARED_KEY = "partner:private-generation"


def shared_generation_url(settings: Settings) -> str:
    """The Redis holding the generation every server process shares ("" when there is none)."""
    if settings.page_cache.shared_generation_url:
        return settings.page_cache.shared_generation_url
    queue = settings.queue.url
    return queue if queue.startswith(("redis://", "rediss://", "unix://")) else ""


class PrivateStore:
    """The kept logged-in pages of one application, and its view of the shared generation."""

    def __init__(self, settings: Settings, csrf: CSRFConfig) -> None:
        self.csrf = csrf
        section = settings.page_cache
        self.ttl = section.logged_in_ttl_seconds
        self.max_entries = section.max_entries
        self.max_bytes = section.max_page_bytes
        self.url = shared_generation_url(settings)
        self.clients: dict[asyncio.AbstractEventLoop, Redis] = {}  # a client is bound to its loop (tests have several)
        is_sqlite = make_url(settings.database.url).get_backend_name() == "sqlite"
        self.enabled = section.enabled and section.logged_in and bool(self.url or is_sqlite)
        self.pages: OrderedDict[tuple, KeptPage] = OrderedDict()
        self.rendering: dict[tuple, asyncio.Future] = {}  # (key, generations) → done when rendered
        self.published = private_generation()

    @property
    def redis(self) -> Redis | None:
        if not self.url:
            return None
        loop = asyncio.get_running_loop()
        client = self.clients.get(loop)
        if client is None:
            client = self.clients[loop] = Redis.from_url(self.url, socket_timeout=1.0)
        return client

    async def shared(self) -> int | None:
        """The shared generation: 0 without Redis, None when Redis does not answer (use no cache)."""
        redis = self.redis
        if redis is None:
            return 0
        try:
            value = await redis.get(SHARED_KEY)
        except Exception:
            log.warning("shared page generation unreadable; rendering", exc_info=True)
            return None
        return int(value or 0)

    async def publish(self) -> None:
        """Tell the other processes about this process's committed writes (before a response leaves)."""
        local = private_generation()
        if not self.url or local == self.published:
            return
        try:
            await self.redis.incr(SHARED_KEY)  # type: ignore[union-attr]
        except Exception:
            log.warning("shared page generation not published", exc_info=True)
            return
        self.published = local

    def clear(self) -> None:
        self.pages.clear()

    async def close(self) -> None:
        client = self.clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()


class PrivatePageMiddleware:
    """ASGI middleware inside the session middleware (the session is loaded and checked first)."""

    def __init__(self, app: ASGIApp, store: PrivateStore) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        store = self.store

        async def published_first(message: Message) -> None:
            if message["type"] == "http.response.start":
                await store.publish()
            await send(message)

        key = self._key(scope) if store.enabled and scope["method"] == "GET" else None
        if key is None:
            await self.app(scope, receive, published_first)
            return
        local = private_generation()
        shared = await store.shared()
        if shared is None:
            await self.app(scope, receive, published_first)
            return
        now = clock.now().timestamp()
        page = store.pages.get(key)
        if page is not None and page.generation == (local, shared) and page.kept_at <= now < page.expires:
            store.pages.move_to_end(key)
            await replay(page, store.csrf, csrf_cookie_of(scope, store.csrf), published_first)
            return
        # One render per page at a time (a kept page expiring under many requests of one session).
        flight = (key, local, shared)
        rendering = store.rendering.get(flight)
        if rendering is not None:
            await asyncio.shield(rendering)
            page = store.pages.get(key)
            if page is not None and page.generation == (local, shared) and page.kept_at <= now < page.expires:
                await replay(page, store.csrf, csrf_cookie_of(scope, store.csrf), published_first)
                return
        done = store.rendering[flight] = asyncio.get_running_loop().create_future()
        try:
            await self._render_and_keep(key, scope, receive, published_first, (local, shared), now)
        finally:
            if store.rendering.get(flight) is done:
                del store.rendering[flight]
            done.set_result(None)

    def _key(self, scope: Scope) -> tuple | None:
        handler = scope.get("route_handler")
        if getattr(handler, "name", None) not in PAGES:
            return None
        opt = getattr(handler, "opt", None) or {}
        if opt.get("writes") or opt.get(HIT_HOOK) or opt.get("page_cache") is False:
            return None
        session = scope.get("session")
        session_id = scope.get(SESSION_ID)
        if not isinstance(session, dict) or not session.get("uid") or FLASH_KEY in session or not session_id:
            return None
        varying = tuple(
            sorted((n, v) for n, v in scope["headers"] if n in (b"host", b"accept") or n.startswith(b"hx-"))
        )
        return (session_id, dump_session(session), scope["path"], scope.get("query_string", b""), varying)

    async def _render_and_keep(
        self, key: tuple, scope: Scope, receive: Receive, send: Send, generation: tuple, now: float
    ) -> None:
        store = self.store
        start: dict = {}
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal keep
            if message["type"] == "http.response.start":
                start.update(message)
                keep = _keepable(message, store.csrf)
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                if sum(map(len, chunks)) > store.max_bytes:
                    keep = False
                elif not message.get("more_body", False) and dump_session(scope.get("session") or {}) == key[1]:
                    body, has_token = punch_token(scope, b"".join(chunks))
                    expires = now + store.ttl
                    store.pages[key] = KeptPage(200, kept_headers(start), body, has_token, generation, now, expires)
                    store.pages.move_to_end(key)
                    while len(store.pages) > store.max_entries:
                        store.pages.popitem(last=False)
            await send(message)

        await self.app(scope, receive, capture)


def _keepable(start: Message, csrf: CSRFConfig) -> bool:
    if start.get("status") != 200:
        return False
    csrf_prefix = f"{csrf.cookie_name}=".encode()
    for name, value in start.get("headers", []):
        lowered = name.lower()
        if lowered == b"content-type" and not value.startswith(b"text/html"):
            return False
        if lowered == b"content-disposition" or (lowered == b"set-cookie" and not value.startswith(csrf_prefix)):
            return False
    return True
