"""Server-side sessions kept in the database, shared by every server process.

Unlike Litestar's own backend, an id the server did not issue is never adopted: a
cookie that matches no row starts an empty session with a new id. Login asks for a
fresh id (start_session); logout and password changes end sessions.
The database keeps only a SHA-256 of each id, so a copy of the table opens no session.

With a Redis shared by the server processes (app/privatecache.py's SharedGenerations), a loaded
session row is kept in memory for a second or two (SessionCache) so that a request reads neither the
pool nor the table. A kept row is good only while the session generation it was read under holds:
this module's counter, bumped by every committed UPDATE or DELETE of web_session (logout, a
password change ending a user's sessions, a flash, any changed session data; seen at the driver, so
raw SQL counts too) but not by the middleware's own last-seen touch, and the same counter shared in
Redis, published by the process that wrote before its response leaves (workers publish too). Both
shared generations are read in one MGET per request; an unreadable Redis means the row is read.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING, Any, Protocol

from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.empty import value_or_default
from sqlalchemy import delete, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.pool import Pool

from app import clock
from app.config import Settings
from app.db import Database
from app.flashes import FlashCookie
from app.lru import ExpiringLRU
from app.models import Column, Field, SQLModel, Text

if TYPE_CHECKING:
    from app.sessionreader import SessionReader

_ROTATE = "partner.session_rotate"
_PASSIVE = "partner.session_passive"
_TOUCH_EVERY = timedelta(seconds=60)
FLASH_KEY = "_flash"
SESSION_ID = "partner.session_id"  # scope key: the stored id (SHA-256) of the request's session, if any
SHARED_GENERATIONS = "partner.shared_generations"  # scope key: (private, session) read from Redis, if read
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")  # token_urlsafe
_TOUCH = "partner_session_touch"  # execution option: a last-seen touch, which changes no session's content
_SESSION_WRITTEN = "partner.session_written"
_SESSION_COMMITTED = "partner.session_committed"
KEEP_SECONDS = 2.0  # a kept session row's life at most (also bounds writes nobody published)
KEEP_MAX = 10_000


# -- the session generation: bumped by every committed change or end of any session -----------------

_lock = threading.Lock()
_generation = 0


def session_generation() -> int:
    return _generation


def _bump() -> None:
    global _generation
    with _lock:
        _generation += 1


@event.listens_for(Engine, "after_cursor_execute")
def _note_session_write(conn, _cursor, statement: str, _parameters, context, _executemany) -> None:
    if "web_session" not in statement:
        return
    if context is not None and context.execution_options.get(_TOUCH):
        return
    lowered = statement.lstrip().lower()
    if lowered.startswith("select") or (lowered.startswith("insert") and "on conflict" not in lowered):
        return  # a new session (a fresh id nobody has kept) or a read
    conn.info[_SESSION_WRITTEN] = True


@event.listens_for(Engine, "commit")
def _session_commit(conn) -> None:
    if conn.info.pop(_SESSION_WRITTEN, None):
        conn.info[_SESSION_COMMITTED] = True
        _bump()


@event.listens_for(Engine, "rollback")
def _session_rollback(conn) -> None:
    if not conn.invalidated:  # a connection lost mid-transaction: its info went with it
        conn.info.pop(_SESSION_WRITTEN, None)


@event.listens_for(Pool, "checkin")
def _session_checkin(_dbapi_connection, record) -> None:
    # Once more after the commit: a row read between the two bumps is kept under a generation gone.
    if record is not None and record.info.pop(_SESSION_COMMITTED, None):
        _bump()


class WebSession(SQLModel, table=True):
    __tablename__ = "web_session"

    id_hash: str = Field(primary_key=True, max_length=64)
    user_id: int | None = Field(default=None, index=True)
    data: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime
    last_seen_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cookie_name(settings: Settings) -> str:
    return "__Host-partner_session" if settings.security.secure_cookies else "partner_session"


@dataclass
class _Loaded:
    id_hash: str
    data: dict[str, Any]
    last_seen_at: datetime


SessionRow = tuple[str, datetime, datetime]  # data, created_at, last_seen_at


@dataclass
class _Flashed:
    value: str | None  # the flash cookie as it came
    bound: str  # the session it must have been set for ("" none)
    messages: list[dict[str, str]] = field(default_factory=list)  # what it held, if genuine


class Generations(Protocol):
    """The generations shared by every server process (app/privatecache.py's SharedGenerations)."""

    cached: bool  # a shared Redis exists: session rows may be kept

    async def read(self) -> tuple[int, int] | None: ...  # (private, session); None: Redis did not answer

    async def publish(self) -> None: ...


@dataclass
class _Kept:
    row: SessionRow
    generation: tuple[int, int]  # (this process's, the shared) session generation when it was read


class SessionCache:
    """Session rows read in the last KEEP_SECONDS, by id hash (bounded, least recently used out)."""

    def __init__(self, seconds: float = KEEP_SECONDS, max_entries: int = KEEP_MAX) -> None:
        self.seconds = seconds
        self.rows: ExpiringLRU[str, _Kept] = ExpiringLRU(max_entries)

    def get(self, id_hash: str, shared: int) -> SessionRow | None:
        kept = self.rows.get(id_hash, clock.now().timestamp())
        if kept is None:
            return None
        if kept.generation != (_generation, shared):
            self.rows.discard(id_hash)
            return None
        return kept.row

    def put(self, id_hash: str, row: SessionRow, generation: tuple[int, int]) -> None:
        now = clock.now().timestamp()
        self.rows.put(id_hash, _Kept(row, generation), now, now + self.seconds)

    def touched(self, id_hash: str, now: datetime) -> None:
        kept = self.rows.peek(id_hash)
        if kept is not None:
            kept.row = (kept.row[0], kept.row[1], now)

    def forget(self, id_hash: str) -> None:
        self.rows.discard(id_hash)

    def clear(self) -> None:
        self.rows.clear()


class SessionMiddleware:
    """ASGI middleware: loads `scope["session"]` and persists it when the response starts."""

    def __init__(
        self,
        app: ASGIApp,
        database: Database,
        settings: Settings,
        reader: SessionReader,
        shared: Generations | None = None,
        cache: SessionCache | None = None,
    ) -> None:
        self.app = app
        self.database = database
        self.settings = settings
        self.cookie = cookie_name(settings)
        self.idle = timedelta(minutes=settings.security.session_idle_minutes)
        self.absolute = timedelta(hours=settings.security.session_absolute_hours)
        self.reader = reader
        self.shared = shared
        self.cache = cache if shared is not None and shared.cached else None
        self.flashes = FlashCookie(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token, flash_value = self._cookies_from(scope)
        loaded = await self._load(token, scope)
        session = dict(loaded.data) if loaded else {}
        before = _dump(session)  # the row as stored
        flashed = _Flashed(flash_value, loaded.id_hash if loaded else "")
        flashed.messages = self.flashes.read(flash_value, flashed.bound)
        if flashed.messages:  # the messages of the flash cookie, where pop_flashes looks for them
            session[FLASH_KEY] = [*session.get(FLASH_KEY, []), *flashed.messages]
        scope["session"] = session
        scope[SESSION_ID] = loaded.id_hash if loaded else None  # type: ignore[literal-required]

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                set_cookies = await self._persist(scope, loaded, before, flashed)
                if self.shared is not None:  # this request's writes, sessions' included, before it leaves
                    await self.shared.publish()
                if set_cookies:
                    headers = MutableScopeHeaders.from_message(message)
                    for set_cookie in set_cookies:
                        headers.add("set-cookie", set_cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _cookies_from(self, scope: Scope) -> tuple[str | None, str | None]:
        """The session token (if it could be one we issued) and the flash cookie's value."""
        for name, value in scope["headers"]:
            if name == b"cookie":
                header = value.decode("latin-1")
                found: dict[str, str] = {}
                if '"' not in header and "\\" not in header:  # plain name=value pairs: split them
                    for part in header.split(";"):
                        key, _, found_value = part.strip().partition("=")
                        if key in (self.cookie, self.flashes.name):
                            found.setdefault(key, found_value)
                else:
                    jar = SimpleCookie()
                    try:
                        jar.load(header)
                    except Exception:  # a malformed cookie header is no session
                        return None, None
                    found = {key: morsel.value for key, morsel in jar.items()}
                token = found.get(self.cookie)
                if token is not None and not (20 <= len(token) <= 100 and _TOKEN_CHARS.issuperset(token)):
                    token = None
                return token, found.get(self.flashes.name)
        return None, None

    async def _load(self, token: str | None, scope: Scope) -> _Loaded | None:
        if not token:
            return None
        id_hash = _hash(token)
        now = clock.now()
        row = None
        shared = None
        if self.cache is not None:
            generations = await self.shared.read()  # type: ignore[union-attr]
            scope[SHARED_GENERATIONS] = generations  # type: ignore[literal-required]
            if generations is not None:
                shared = generations[1]
                row = self.cache.get(id_hash, shared)
                if row is not None and self._expired(row, now):
                    self.cache.forget(id_hash)  # another process may have touched it since: ask the table
                    row = None
        if row is None:
            generation = (_generation, shared)  # before the read: a change committed meanwhile outdates it
            row = await self.reader.get(id_hash)
            if row is not None and shared is not None:
                self.cache.put(id_hash, row, generation)  # type: ignore[union-attr,arg-type]
        if row is None:
            return None
        if self._expired(row, now):
            await self._delete(id_hash)
            return None
        return _Loaded(id_hash=id_hash, data=json.loads(row[0]), last_seen_at=row[2])

    def _expired(self, row: SessionRow, now: datetime) -> bool:
        return now - row[2] > self.idle or now - row[1] > self.absolute

    async def _delete(self, id_hash: str) -> None:
        if self.cache is not None:
            self.cache.forget(id_hash)
        async with self.database.session() as db:
            await db.execute(delete(WebSession).where(WebSession.id_hash == id_hash))

    async def _persist(self, scope: Scope, loaded: _Loaded | None, before: str, flashed: _Flashed) -> list[str]:
        data = dict(value_or_default(scope.get("session"), {}) or {})
        flashes = data.pop(FLASH_KEY, None) or []
        if flashes and self.flashes.value(flashes, "") is None:
            data[FLASH_KEY], flashes = flashes, []  # too long for a cookie: in the session, as before
        rotate = bool(scope.get(_ROTATE))
        token = secrets.token_urlsafe(32) if data and (rotate or loaded is None) else None  # a new session
        set_cookies = []
        if rotate:  # login, logout: the old id dies, any new data gets a new id
            if loaded:
                await self._delete(loaded.id_hash)
            set_cookies.append(await self._create(data, token) if token else self._cookie_header("", max_age=0))
        elif not data:
            if loaded:
                await self._delete(loaded.id_hash)
                set_cookies.append(self._cookie_header("", max_age=0))
        elif token:
            set_cookies.append(await self._create(data, token))
        else:
            await self._update(scope, loaded, data, before)  # type: ignore[arg-type]
        # The flash cookie, bound to the session this response leaves behind; untouched if unchanged.
        bound = _hash(token) if token else (loaded.id_hash if loaded and data else "")
        if flashes and (flashes != flashed.messages or bound != flashed.bound):
            set_cookies.append(self.flashes.header(self.flashes.value(flashes, bound)))
        elif not flashes and flashed.value:
            set_cookies.append(self.flashes.header(None))
        return set_cookies

    async def _update(self, scope: Scope, loaded: _Loaded, data: dict[str, Any], before: str) -> None:
        now = clock.now()
        dumped = _dump(data)
        if dumped != before:  # a changed session: every process's kept row of it goes (the generation)
            if self.cache is not None:
                self.cache.forget(loaded.id_hash)
            async with self.database.session() as db:
                values = {"data": dumped, "user_id": data.get("uid"), "last_seen_at": now}
                await db.execute(update(WebSession).where(WebSession.id_hash == loaded.id_hash).values(**values))
        elif not scope.get(_PASSIVE) and now - loaded.last_seen_at > _TOUCH_EVERY:
            async with self.database.session() as db:  # the same content, seen later: no one's kept row goes
                touch = update(WebSession).where(WebSession.id_hash == loaded.id_hash).values(last_seen_at=now)
                touch = touch.execution_options(**{_TOUCH: True})
                await db.execute(touch)
            if self.cache is not None:
                self.cache.touched(loaded.id_hash, now)

    async def _create(self, data: dict[str, Any], token: str) -> str:
        now = clock.now()
        async with self.database.session() as db:
            db.add(
                WebSession(
                    id_hash=_hash(token),
                    user_id=data.get("uid"),
                    data=_dump(data),
                    created_at=now,
                    last_seen_at=now,
                )
            )
        return self._cookie_header(token)

    def _cookie_header(self, value: str, max_age: int | None = None) -> str:
        parts = [f"{self.cookie}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
        if self.settings.security.secure_cookies:
            parts.append("Secure")
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        return "; ".join(parts)


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


dump_session = _dump  # for app/privatecache.py: the session as part of a kept page's key


def start_session(connection: ASGIConnection, data: dict[str, Any]) -> None:
    """Replace the session with `data` under a freshly issued id (call at login)."""
    connection.scope["session"] = dict(data)
    connection.scope[_ROTATE] = True


def end_session(connection: ASGIConnection) -> None:
    """Forget the session on the server and in the browser (logout).

    A flash message set afterwards travels in a new, anonymous session.
    """
    connection.scope["session"] = {}
    connection.scope[_ROTATE] = True


async def end_user_sessions(db: AsyncSession, user_id: int) -> int:
    """End every session of one user (password change or reset, suspension)."""
    result = await db.execute(delete(WebSession).where(WebSession.user_id == user_id))
    return result.rowcount or 0


async def count_user_sessions(db: AsyncSession, user_id: int) -> int:
    rows = await db.execute(select(WebSession.id_hash).where(WebSession.user_id == user_id))
    return len(rows.all())


def current_session(connection: ASGIConnection) -> dict[str, Any]:
    value = connection.scope.get("session")
    return value if isinstance(value, dict) else {}


def mark_passive(connection: ASGIConnection) -> None:
    """A request the browser makes on its own (a poll): it must not keep an idle session alive."""
    connection.scope[_PASSIVE] = True  # type: ignore[literal-required]


def flash(connection: ASGIConnection, message: str, category: str = "success") -> None:
    """Queue a one-time message for the next page the person sees."""
    session = current_session(connection)
    session.setdefault(FLASH_KEY, []).append({"message": message, "category": category})
    connection.scope["session"] = session


def pop_flashes(connection: ASGIConnection) -> list[dict[str, str]]:
    session = current_session(connection)
    return session.pop(FLASH_KEY, []) if session else []
