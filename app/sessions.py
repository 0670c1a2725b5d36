"""Server-side sessions kept in the database, shared by every server process.

Unlike Litestar's own backend, an id the server did not issue is never adopted: a
cookie that matches no row starts an empty session with a new id. Login asks for a
fresh id (start_session); logout and password changes end sessions.
The database keeps only a SHA-256 of each id, so a copy of the table opens no session.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.empty import value_or_default
from sqlalchemy import delete, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.db import Database
from app.models import Column, Field, SQLModel, Text

_ROTATE = "partner.session_rotate"
_PASSIVE = "partner.session_passive"
_TOUCH_EVERY = timedelta(seconds=60)
FLASH_KEY = "_flash"
SESSION_ID = "partner.session_id"  # scope key: the stored id (SHA-256) of the request's session, if any


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


class SessionMiddleware:
    """ASGI middleware: loads `scope["session"]` and persists it when the response starts."""

    def __init__(self, app: ASGIApp, database: Database, settings: Settings, reader: SessionReader) -> None:
        self.app = app
        self.database = database
        self.settings = settings
        self.cookie = cookie_name(settings)
        self.idle = timedelta(minutes=settings.security.session_idle_minutes)
        self.absolute = timedelta(hours=settings.security.session_absolute_hours)
        self.reader = reader

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loaded = await self._load(self._token_from(scope))
        scope["session"] = dict(loaded.data) if loaded else {}
        scope[SESSION_ID] = loaded.id_hash if loaded else None  # type: ignore[literal-required]
        before = _dump(scope["session"])

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                set_cookie = await self._persist(scope, loaded, before)
                if set_cookie:
                    MutableScopeHeaders.from_message(message).add("set-cookie", set_cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _token_from(self, scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name == b"cookie":
                jar = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:  # a malformed cookie header is no session
                    return None
                if self.cookie in jar:
                    token = jar[self.cookie].value
                    return token if 20 <= len(token) <= 100 else None
        return None

    async def _load(self, token: str | None) -> _Loaded | None:
        if not token:
            return None
        id_hash = _hash(token)
        now = clock.now()
        row = await self.reader.get(id_hash)
        if row is None:
            return None
        data, created_at, last_seen_at = row
        if now - last_seen_at > self.idle or now - created_at > self.absolute:
            await self._delete(id_hash)
            return None
        return _Loaded(id_hash=id_hash, data=json.loads(data), last_seen_at=last_seen_at)

    async def _delete(self, id_hash: str) -> None:
        async with self.database.session() as db:
            await db.execute(delete(WebSession).where(WebSession.id_hash == id_hash))

    async def _persist(self, scope: Scope, loaded: _Loaded | None, before: str) -> str | None:
        data = value_or_default(scope.get("session"), {}) or {}
        if scope.get(_ROTATE):  # login, logout: the old id dies, any new data gets a new id
            if loaded:
                await self._delete(loaded.id_hash)
            return await self._create(data) if data else self._cookie_header("", max_age=0)
        if not data and loaded:
            await self._delete(loaded.id_hash)
            return self._cookie_header("", max_age=0)
        if not data:
            return None
        if loaded is None:
            return await self._create(data)
        now = clock.now()
        changed = _dump(data) != before
        if changed or (not scope.get(_PASSIVE) and now - loaded.last_seen_at > _TOUCH_EVERY):
            async with self.database.session() as db:
                row = await db.get(WebSession, loaded.id_hash)
                if row is not None:
                    row.data = _dump(data)
                    row.user_id = data.get("uid")
                    row.last_seen_at = now
        return None

    async def _create(self, data: dict[str, Any]) -> str:
        token = secrets.token_urlsafe(32)
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


_COLUMNS = (WebSession.data, WebSession.created_at, WebSession.last_seen_at)  # type: ignore[arg-type]


class SessionReader:
    """The session row in one statement, without a transaction around it (every request reads it).

    SQLite: read by the standard library's sqlite3 on the event loop's own thread. A primary-key
    lookup in a WAL database takes microseconds and never waits for a writer, whereas each
    aiosqlite call is a round trip to its thread (~0.1–0.5 ms; BEGIN, SELECT and COMMIT were three).
    PostgreSQL: one autocommit SELECT (no BEGIN/COMMIT round trips). An in-memory SQLite database
    (one per connection) is read through the ordinary read session. Built with the application and
    closed when it stops (the SQLite connection must not outlive the database it was opened on).
    """

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        url = make_url(settings.database.url)
        self.sqlite_path = url.database if url.get_backend_name() == "sqlite" else None
        if self.sqlite_path in (None, "", ":memory:") or "mode=memory" in str(url):
            self.sqlite_path = None
        self.is_sqlite = url.get_backend_name() == "sqlite"
        self.connection: sqlite3.Connection | None = None

    async def get(self, id_hash: str) -> tuple[str, datetime, datetime] | None:
        if self.sqlite_path:
            return self._sqlite(id_hash)
        if self.is_sqlite:
            async with self.database.session(write=False) as db:
                row = await db.get(WebSession, id_hash)
            return (row.data, row.created_at, row.last_seen_at) if row else None
        async with self.database.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            found = (await autocommit.execute(select(*_COLUMNS).where(WebSession.id_hash == id_hash))).first()
        return (found[0], _aware(found[1]), _aware(found[2])) if found else None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _sqlite(self, id_hash: str) -> tuple[str, datetime, datetime] | None:
        if self.connection is None:
            self.connection = sqlite3.connect(
                f"file:{self.sqlite_path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
            self.connection.execute("PRAGMA busy_timeout = 2000")
        rows = self.connection.execute(
            "SELECT data, created_at, last_seen_at FROM web_session WHERE id_hash = ?", (id_hash,)
        ).fetchall()  # all: the statement finishes, so no read snapshot stays open between requests
        if not rows:
            return None
        found = rows[0]
        return found[0], _aware(datetime.fromisoformat(found[1])), _aware(datetime.fromisoformat(found[2]))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


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
