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
INCR there before it leaves (the session middleware publishes, after its own writes), so the next
request, on whichever process, renders afresh. A worker process publishes as soon as a commit of
its own has returned its connection, and at the latest before its job is marked done (tasks/worker.py).
The session middleware reads both shared generations — this one and app/sessions.py's — in one
MGET per request and leaves them in the scope for this middleware. Changes by time alone (a closing
date passing) show within [page_cache] logged_in_ttl_seconds. Without a shared generation the cache
is used only on SQLite (one server process); a PostgreSQL deployment without Redis renders every
time. A Redis that does not answer means no cache for that request, never a stale page.

The CSRF token is a hole filled per request, as for anonymous pages; the session cookie is set by the
session middleware around this one, on hits as on renders (its idle timeout keeps working).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from litestar.config.csrf import CSRFConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from redis.asyncio import Redis
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import Pool

from app import clock
from app.config import Settings
from app.lru import ExpiringLRU
from app.pagecache import HIT_HOOK, KeptPage, csrf_cookie_of, kept_headers, private_generation, punch_token, replay
from app.sessions import FLASH_KEY, SESSION_ID, SHARED_GENERATIONS, SessionCache, dump_session, session_generation

log = logging.getLogger("partner")

# Route names of the logged-in pages kept (read-only GETs; none writes).
PAGES = frozenset({"accounts:mypage", "postings:list", "talent:search", "messages:box"})
SHARED_KEY = "partner:private-generation"
SESSION_KEY = "partner:session-generation"  # app/sessions.py's: a session changed or ended somewhere


def shared_generation_url(settings: Settings) -> str:
    """The Redis holding the generation every server process shares ("" when there is none)."""
    if settings.page_cache.shared_generation_url:
        return settings.page_cache.shared_generation_url
    queue = settings.queue.url
    return queue if queue.startswith(("redis://", "rediss://", "unix://")) else ""


class SharedGenerations:
    """This process's view of the generations every process shares in Redis (none: all 0, no cache)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.cached = bool(url)
        self.clients: dict[asyncio.AbstractEventLoop, Redis] = {}  # a client is bound to its loop (tests have several)
        self.published = (private_generation(), session_generation())
        self.waiting: asyncio.Event | None = None  # set by a commit when a watcher runs (a worker)

    @property
    def redis(self) -> Redis | None:
        if not self.url:
            return None
        loop = asyncio.get_running_loop()
        client = self.clients.get(loop)
        if client is None:
            client = self.clients[loop] = Redis.from_url(self.url, socket_timeout=1.0)
        return client

    async def read(self) -> tuple[int, int] | None:
        """(private, session): (0, 0) without Redis, None when Redis does not answer (use no cache)."""
        redis = self.redis
        if redis is None:
            return 0, 0
        try:
            private, session = await redis.mget(SHARED_KEY, SESSION_KEY)
        except Exception:
            log.warning("shared generations unreadable; rendering", exc_info=True)
            return None
        return int(private or 0), int(session or 0)

    async def publish(self) -> None:
        """Tell the other processes about this process's committed writes (before a response leaves)."""
        local = (private_generation(), session_generation())
        if not self.url or local == self.published:
            return
        keys = [
            key for key, now, then in zip((SHARED_KEY, SESSION_KEY), local, self.published, strict=True) if now != then
        ]
        try:
            async with self.redis.pipeline(transaction=False) as pipe:  # type: ignore[union-attr]
                for key in keys:
                    pipe.incr(key)
                await pipe.execute()
        except Exception:
            log.warning("shared generations not published", exc_info=True)
            return
        self.published = local

    async def watch(self) -> None:
        """Publish each commit of this process as soon as its connection is back (run as a task)."""
        loop = asyncio.get_running_loop()
        self.waiting = asyncio.Event()
        _watchers[self] = (loop, self.waiting)
        try:
            while True:
                await self.waiting.wait()
                self.waiting.clear()
                await self.publish()
        finally:
            _watchers.pop(self, None)

    def published_after(self, run: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        """`run` (a saq function), publishing this process's writes before it returns or raises."""

        async def task(*args: Any, **kwargs: Any) -> Any:
            try:
                return await run(*args, **kwargs)
            finally:
                await self.publish()

        task.__name__, task.__qualname__ = run.__name__, run.__qualname__  # saq knows a function by it
        return task

    async def close(self) -> None:
        client = self.clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()


_watchers: dict[SharedGenerations, tuple[asyncio.AbstractEventLoop, asyncio.Event]] = {}


@event.listens_for(Pool, "checkin")
def _wake_watchers(_dbapi_connection, _record) -> None:
    # After app/pagecache.py's and app/sessions.py's own check-in listeners (imported first): the
    # generations are already bumped. From any thread (the loop's own, or a pool's).
    for loop, waiting in list(_watchers.values()):
        if not loop.is_closed():
            loop.call_soon_threadsafe(waiting.set)


def shared_generations(settings: Settings) -> SharedGenerations:
    return SharedGenerations(shared_generation_url(settings))


class PrivateStore:
    """The kept logged-in pages of one application, its kept session rows, and the shared generations."""

    def __init__(self, settings: Settings, csrf: CSRFConfig) -> None:
        self.csrf = csrf
        section = settings.page_cache
        self.ttl = section.logged_in_ttl_seconds
        self.max_entries = section.max_entries
        self.max_bytes = section.max_page_bytes
        self.url = shared_generation_url(settings)
        self.shared = SharedGenerations(self.url)
        self.sessions = SessionCache()
        is_sqlite = make_url(settings.database.url).get_backend_name() == "sqlite"
        self.enabled = section.enabled and section.logged_in and bool(self.url or is_sqlite)
        self.pages: ExpiringLRU[tuple, KeptPage] = ExpiringLRU(self.max_entries)
        self.rendering: dict[tuple, asyncio.Future] = {}  # (key, generations) → done when rendered

    async def shared_private(self, scope: Scope) -> int | None:
        """The shared private generation the session middleware read for this request (or read now)."""
        generations = scope.get(SHARED_GENERATIONS, False)
        if generations is False:
            generations = await self.shared.read()
        return None if generations is None else generations[0]

    def clear(self) -> None:
        self.pages.clear()
        self.sessions.clear()

    async def close(self) -> None:
        await self.shared.close()


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
        key = self._key(scope) if store.enabled and scope["method"] == "GET" else None
        if key is None:
            await self.app(scope, receive, send)
            return
        local = private_generation()
        shared = await store.shared_private(scope)
        if shared is None:
            await self.app(scope, receive, send)
            return
        now = clock.now().timestamp()
        page = store.pages.get(key, now)
        if page is not None and page.generation == (local, shared):
            await replay(page, store.csrf, csrf_cookie_of(scope, store.csrf), send)
            return
        # One render per page at a time (a kept page expiring under many requests of one session).
        flight = (key, local, shared)
        rendering = store.rendering.get(flight)
        if rendering is not None:
            await asyncio.shield(rendering)
            page = store.pages.get(key, now)
            if page is not None and page.generation == (local, shared):
                await replay(page, store.csrf, csrf_cookie_of(scope, store.csrf), send)
                return
        done = store.rendering[flight] = asyncio.get_running_loop().create_future()
        try:
            await self._render_and_keep(key, scope, receive, send, (local, shared), now)
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
                    page = KeptPage(200, kept_headers(start), body, has_token, generation)
                    store.pages.put(key, page, now, now + store.ttl)
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
