"""Rendered pages for anonymous visitors, kept in memory by each server process.

What is kept: the answer (200, HTML or a feed) to a GET from a visitor with no session cookie, keyed
by host, path, full query string and the headers that change the page (Accept, every HX-*). Never
kept: anything for a request carrying a session cookie (logged in, or an anonymous session holding
a flash or a pending login), any answer that sets a cookie other than the CSRF cookie or leaves a
session behind, answers marked no-store/private or as a download, handlers with opt={"writes": True}
(an audit row) unless they also name a hit hook (opt={"page_cache_hit": …}: a view count noted on
every hit), opt={"page_cache": False}, and the development mail page, the health check and static files.

The CSRF token is a hole in the kept page: the token rendered into it is replaced by a placeholder,
and each hit gets the visitor's own token back (the one in their CSRF cookie, or a fresh one with
its cookie), exactly what CSRFMiddleware would have done. So a kept page holds no secret of anyone.

Invalidation: every write to a table that can show on a public page bumps a process-wide
generation number, and a kept page is good only for the generation it was rendered under. Writes are
noticed at the driver level (SQLAlchemy engine events on every cursor execute: the table of each
INSERT/UPDATE/DELETE, ORM flushes, bulk statements and raw SQL alike), so no service has to remember
to invalidate anything. The generation is bumped when the transaction commits and once more when
its connection goes back to the pool, after the commit: a page rendered from data read between the
two bumps is kept under a generation nobody asks for any more. Writes that never show on a public
page (sessions, rate counters, audit rows, the mail outbox, view counts) are ignored. Writes made by
another process (a second web server, the worker publishing due postings) and changes by time alone
(掲載終了, a closing date passing) are caught by the time-to-live (settings [page_cache] ttl_seconds,
5 s by default, read from app.clock).
"""

from __future__ import annotations

import asyncio
import re
import threading
from dataclasses import dataclass
from http.cookies import SimpleCookie

from litestar.config.csrf import CSRFConfig
from litestar.datastructures.cookie import Cookie
from litestar.middleware.csrf import generate_csrf_token
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from app import clock
from app.config import Settings
from app.lru import ExpiringLRU

# Tables whose writes never change what an anonymous visitor sees.
IGNORED_TABLES = frozenset(
    {
        "web_session",
        "rate_counter",
        "audit_event",
        "outbox_mail",
        "job_run",
        "error_event",
        "login_challenge",
        "password_reset_request",
        "action_token",
        "posting_view",
        "koubo_daily_count",
        # Private to their owners: no anonymous page reads them. Under write load (応募, PARTNER
        # mail, 気になる) they emptied the cache of every public page (issue 17, writers bench).
        "message_thread",
        "message",
        "mail_template",
        "organization_block",
        "application",
        "application_file",
        "application_event",
        "favorite",
        "saved_search",
        "mail_preference",
    }
)
# Writes to a table public pages do read that still cannot change one, by what they write. A model
# says so column by column, in Column.info (features/postings/models.py: a posting's working copy and
# workflow bookkeeping, and a posting not yet approved), and only an UPDATE or INSERT fully understood
# is spared — any other write to these tables, raw SQL or a statement not understood counts as usual.
# Every 一時保存 under load otherwise re-rendered every public page (issue 17, writers bench: /jobs
# ~25% of the CPU).
NOT_PUBLIC = "partner_not_public"  # info[NOT_PUBLIC] = True: no anonymous page reads this column
# info[HIDDEN_WHILE] = a set of values: a row holding one shows on no anonymous page (inserting it is unseen)
HIDDEN_WHILE = "partner_hidden_while"
# Writes that change no logged-in page either (app/privatecache.py): the session is read per request.
PRIVATE_IGNORED_TABLES = frozenset({"web_session", "rate_counter"})
PLACEHOLDER = b"\x00partner-csrf-token\x00"
_TOKEN = re.compile(r"[0-9a-f]{128}")
# Route opt: an async callable(scope) run on every hit, for a handler that writes (a view count).
HIT_HOOK = "page_cache_hit"
_SKIPPED_HANDLERS = frozenset({"frame:dev_mail", "frame:health", "static"})  # by route name
_WRITTEN = "partner.page_cache_written"
_COMMITTED = "partner.page_cache_committed"
_PRIVATE_WRITTEN = "partner.private_cache_written"
_PRIVATE_COMMITTED = "partner.private_cache_committed"


# -- the generation: bumped by every committed write that may show on a public page -----------------

_lock = threading.Lock()
_generation = 0
_private_generation = 0  # every committed write but sessions and rate counters: logged-in pages


def generation() -> int:
    return _generation


def private_generation() -> int:
    return _private_generation


def bump() -> None:
    global _generation
    with _lock:
        _generation += 1


def bump_private() -> None:
    global _private_generation
    with _lock:
        _private_generation += 1


_DML = re.compile(
    r"""^\s*(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+["`]?(\w+)""",
    re.IGNORECASE,
)
_READ_ONLY = ("select", "pragma", "begin", "savepoint", "release", "rollback", "commit", "show", "set", "explain")


def _written_table(statement: str, context) -> str | None:
    """The table a statement writes, "*" when it writes something unknown, None for a read."""
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        compiled = getattr(context, "compiled", None)
        table = getattr(getattr(compiled, "statement", None), "table", None)
        name = getattr(table, "name", None)
        if isinstance(name, str):
            return name
    head = statement.lstrip()[:12].lower()
    if head.startswith(_READ_ONLY):
        return None
    if head.startswith("with") and not re.search(r"\b(insert|update|delete)\b", statement, re.IGNORECASE):
        return None
    match = _DML.match(statement)
    return match.group(1).lower() if match else "*"


_SET_ITEM = r"""\s*"?(\w+)"?\s*=\s*(?:\?|\$\d+(?:::[A-Za-z_ ]+(?:\(\d+\))?)?|%\(\w+\)s|:\w+)\s*"""
_UPDATE_SET = re.compile(
    r"""\s*update\s+"?(\w+)"?\s+set\s+((?:%s,)*%s)(?:\s+where\s.*)?""" % (_SET_ITEM, _SET_ITEM),
    re.IGNORECASE | re.DOTALL,
)
_CONTAINS_SELECT = re.compile(r"\bselect\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Unseen:
    """What a table's model says no anonymous page sees (NOT_PUBLIC and HIDDEN_WHILE above)."""

    not_public: frozenset[str]  # column names, lower case
    hidden_while: tuple[tuple[str, frozenset], ...]  # (parameter key, values)


_unseen_rules: dict[object, _Unseen | None] = {}  # by Table object (compiled once per table)


def _unseen_rule(table) -> _Unseen | None:
    try:
        return _unseen_rules[table]
    except KeyError:
        pass
    columns = getattr(table, "columns", ())
    marked = [(c, info) for c in columns if (info := getattr(c, "info", None))]  # sa.table()'s columns: no info
    not_public = frozenset(c.name.lower() for c, info in marked if info.get(NOT_PUBLIC) is True)
    hidden = tuple((c.key, frozenset(map(str, info[HIDDEN_WHILE]))) for c, info in marked if info.get(HIDDEN_WHILE))
    rule = _unseen_rules[table] = _Unseen(not_public, hidden) if not_public or hidden else None
    return rule


def _unseen(table: str, statement: str, context) -> bool:
    """Whether a write to `table` certainly changes no public page, by the columns its model marks
    (NOT_PUBLIC, HIDDEN_WHILE); False whenever that cannot be told for sure."""
    if context is None or not (context.isupdate or context.isinsert):
        return False
    compiled_table = getattr(getattr(getattr(context, "compiled", None), "statement", None), "table", None)
    if getattr(compiled_table, "name", None) != table:
        return False
    rule = _unseen_rule(compiled_table)
    if rule is None:
        return False
    if context.isupdate:
        found = _UPDATE_SET.fullmatch(statement)
        if found is None or found.group(1).lower() != table:
            return False
        columns = {name.lower() for name in re.findall(_SET_ITEM, found.group(2))}
        return bool(columns) and columns <= rule.not_public
    rows = getattr(context, "compiled_parameters", None) or []
    if not rule.hidden_while or _CONTAINS_SELECT.search(statement):
        return False  # nothing to tell by, or INSERT … SELECT: the rows are not in the parameters
    return bool(rows) and all(
        any(isinstance(row.get(key), str) and row[key] in values for key, values in rule.hidden_while) for row in rows
    )


@event.listens_for(Engine, "after_cursor_execute")
def _note_write(conn, _cursor, statement, _parameters, context, _executemany) -> None:
    table = _written_table(statement, context)
    if table is not None and table not in IGNORED_TABLES and not _unseen(table, statement, context):
        conn.info.setdefault(_WRITTEN, set()).add(table)
    if table is not None and table not in PRIVATE_IGNORED_TABLES:
        conn.info[_PRIVATE_WRITTEN] = True


@event.listens_for(Engine, "commit")
def _before_commit(conn) -> None:
    if conn.info.pop(_WRITTEN, None):
        conn.info[_COMMITTED] = True
        bump()
    if conn.info.pop(_PRIVATE_WRITTEN, None):
        conn.info[_PRIVATE_COMMITTED] = True
        bump_private()


@event.listens_for(Engine, "rollback")
def _on_rollback(conn) -> None:
    if conn.invalidated:  # a connection lost mid-transaction: its info went with it
        return
    conn.info.pop(_WRITTEN, None)
    conn.info.pop(_PRIVATE_WRITTEN, None)


@event.listens_for(Pool, "checkin")
def _after_commit(_dbapi_connection, record) -> None:
    if record is not None and record.info.pop(_COMMITTED, None):
        bump()
    if record is not None and record.info.pop(_PRIVATE_COMMITTED, None):
        bump_private()


# -- the cache -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptPage:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    has_token: bool
    generation: object  # an int here; (local, shared) in app/privatecache.py


class PageStore:
    """The kept pages of one application (shared by the middleware instances Litestar makes per route)."""

    def __init__(self, settings: Settings, csrf: CSRFConfig) -> None:
        self.settings = settings
        self.csrf = csrf
        self.ttl = settings.page_cache.ttl_seconds
        self.max_entries = settings.page_cache.max_entries
        self.max_bytes = settings.page_cache.max_page_bytes
        self.pages: ExpiringLRU[tuple, KeptPage] = ExpiringLRU(self.max_entries)
        self.rendering: dict[tuple, asyncio.Future] = {}  # (key, generation) → done when rendered

    def clear(self) -> None:
        self.pages.clear()


class PageCacheMiddleware:
    """ASGI middleware, outside the session middleware: a hit never touches the database."""

    def __init__(self, app: ASGIApp, store: PageStore) -> None:
        self.app = app
        self.store = store
        self.settings = store.settings
        self.csrf = store.csrf
        self.ttl = store.ttl
        self.max_bytes = store.max_bytes
        self.pages = store.pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = csrf_cookie = None
        if self.settings.page_cache.enabled and scope["type"] == "http" and scope["method"] == "GET":
            key, csrf_cookie = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        if await self._hit(key, scope, csrf_cookie, send):
            return
        # One render per page at a time: the others asking for it meanwhile wait for that one.
        rendering = self.store.rendering.get((key, _generation))
        if rendering is not None:
            await asyncio.shield(rendering)
            if await self._hit(key, scope, csrf_cookie, send):
                return
        done = asyncio.get_running_loop().create_future()
        self.store.rendering[(key, _generation)] = done
        try:
            await self._render_and_keep(key, scope, receive, send, clock.now().timestamp())
        finally:
            for flight, future in list(self.store.rendering.items()):
                if future is done:
                    del self.store.rendering[flight]
            done.set_result(None)

    async def _hit(self, key: tuple, scope: Scope, csrf_cookie: str | None, send: Send) -> bool:
        page = self.pages.get(key, clock.now().timestamp())
        if page is None or page.generation != _generation:
            return False
        if hook := scope["route_handler"].opt.get(HIT_HOOK):
            await hook(scope)
        await self._replay(page, csrf_cookie, send)
        return True

    def _key(self, scope: Scope) -> tuple[tuple | None, str | None]:
        path = scope["path"]
        handler = scope.get("route_handler")
        if getattr(handler, "name", None) in _SKIPPED_HANDLERS:
            return None, None
        opt = getattr(handler, "opt", None) or {}
        if (opt.get("writes") and not opt.get(HIT_HOOK)) or opt.get("page_cache") is False:
            return None, None
        csrf_cookie = None
        varying: list[tuple[bytes, bytes]] = []
        for name, value in scope["headers"]:
            if name == b"cookie":
                jar = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:
                    return None, None
                for cookie_name, morsel in jar.items():
                    if cookie_name != self.csrf.cookie_name or not _TOKEN.fullmatch(morsel.value):
                        return None, None  # a session, or anything we do not know: render for this visitor
                    csrf_cookie = morsel.value
            elif name in (b"host", b"accept") or name.startswith(b"hx-"):
                varying.append((name, value))
        return (path, scope.get("query_string", b""), tuple(sorted(varying))), csrf_cookie

    async def _replay(self, page: KeptPage, csrf_cookie: str | None, send: Send) -> None:
        await replay(page, self.csrf, csrf_cookie, send)

    async def _render_and_keep(self, key: tuple, scope: Scope, receive: Receive, send: Send, now: float) -> None:
        rendered_under = _generation
        start: dict = {}
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal keep
            if message["type"] == "http.response.start":
                start.update(message)
                keep = self._keepable(scope, message)
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                if sum(map(len, chunks)) > self.max_bytes:
                    keep = False
                elif not message.get("more_body", False):
                    self._keep(key, scope, start, b"".join(chunks), rendered_under, now)
            await send(message)

        await self.app(scope, receive, capture)

    def _keepable(self, scope: Scope, start: Message) -> bool:
        if start.get("status") != 200 or scope.get("session"):
            return False
        csrf_prefix = f"{self.csrf.cookie_name}=".encode()
        for name, value in start.get("headers", []):
            lowered = name.lower()
            if lowered == b"set-cookie" and not value.startswith(csrf_prefix):
                return False
            if lowered == b"content-disposition":
                return False
            if lowered == b"cache-control" and (b"no-store" in value or b"private" in value):
                return False
        return True

    def _keep(self, key: tuple, scope: Scope, start: dict, body: bytes, rendered_under: int, now: float) -> None:
        body, has_token = punch_token(scope, body)
        headers = kept_headers(start)
        self.pages.put(key, KeptPage(200, headers, body, has_token, rendered_under), now, now + self.ttl)


# -- shared with app/privatecache.py -------------------------------------------------------------


def punch_token(scope: Scope, body: bytes) -> tuple[bytes, bool]:
    """The page with the request's CSRF token replaced by the placeholder (and whether it held one)."""
    token = ScopeState.from_scope(scope).csrf_token
    if isinstance(token, str) and token and token.encode() in body:
        return body.replace(token.encode(), PLACEHOLDER), True
    return body, False


def kept_headers(start: Message) -> tuple[tuple[bytes, bytes], ...]:
    dropped = (b"set-cookie", b"content-length")
    return tuple((name, value) for name, value in start.get("headers", []) if name.lower() not in dropped)


def csrf_cookie_of(scope: Scope, csrf: CSRFConfig) -> str | None:
    """The visitor's CSRF token from their cookie, if it is one we could have issued."""
    for name, value in scope["headers"]:
        if name == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return None
            morsel = jar.get(csrf.cookie_name)
            return morsel.value if morsel is not None and _TOKEN.fullmatch(morsel.value) else None
    return None


async def replay(page: KeptPage, csrf: CSRFConfig, csrf_cookie: str | None, send: Send) -> None:
    """Send a kept page with the visitor's own CSRF token (or a fresh one and its cookie) in the hole."""
    headers = list(page.headers)
    body = page.body
    if page.has_token:
        token = csrf_cookie or generate_csrf_token(secret=csrf.secret)
        body = body.replace(PLACEHOLDER, token.encode())
        if csrf_cookie is None:
            headers.append((b"set-cookie", _csrf_cookie_header(csrf, token).encode("latin-1")))
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": page.status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _csrf_cookie_header(c: CSRFConfig, token: str) -> str:
    return Cookie(
        key=c.cookie_name,
        value=token,
        path=c.cookie_path,
        secure=c.cookie_secure,
        httponly=c.cookie_httponly,
        samesite=c.cookie_samesite,
        domain=c.cookie_domain,
    ).to_header(header="")
