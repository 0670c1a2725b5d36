"""URLs by name (architecture: slice contracts): every internal link on a page resolves to a route,
and no template or handler spells an internal path by hand (url_for / route_reverse / app.urls).
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2

from app.config import ROOT
from tests.app.access_table import ACCESS_TABLE
from tests.app.test_access_control import TEST_PATHS, _concrete, _personas, _use_cookie

# The parts of the tree already converted to URLs by name (issue 11 #5). The other slices are being
# converted in parallel; the merger extends this list until it names them all ("features" as a whole).
CONVERTED = [
    "templates",
    "app",
    "features/home",
    "features/contact",
    "features/accounts",
    "features/messages",
    "features/talent",
    "features/applications",
    "features/postings",
    "features/recruitment",
]

# -- (a) the links on every page resolve -------------------------------------------------------

LINK_METHODS = {"hx-get": "GET", "hx-post": "POST", "hx-put": "PUT", "hx-patch": "PATCH", "hx-delete": "DELETE"}
CONVERTERS = {"int": r"-?\d+", "path": r".*"}  # any other type: one path segment
PAGES_BEYOND_THE_TABLE = [("anonymous", "/no-such-page")]  # the error page's layout


class _Links(HTMLParser):
    """(attribute, value, method) of every href, src, action, formaction and hx-* link on a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self._forms: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._forms.append((values.get("method") or "get").upper())
        form_method = self._forms[-1] if self._forms else "GET"
        for name, value in values.items():
            if name in ("href", "src"):
                self.links.append((name, value, "GET"))
            elif name == "action" and tag == "form":
                self.links.append((name, value, form_method))
            elif name == "formaction":
                self.links.append((name, value, (values.get("formmethod") or form_method).upper()))
            elif name in LINK_METHODS:
                self.links.append((name, value, LINK_METHODS[name]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "form":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._forms:
            self._forms.pop()


def _route_patterns(app) -> list[tuple[re.Pattern, set[str]]]:
    patterns = []
    for route in app.routes:
        if route.path in TEST_PATHS:
            continue
        pieces = re.split(r"\{\w+:(\w+)\}", route.path)  # literal, type, literal, type, ...
        regex = "".join(
            re.escape(piece) if i % 2 == 0 else f"(?:{CONVERTERS.get(piece, '[^/]+')})"
            for i, piece in enumerate(pieces)
        )
        patterns.append((re.compile(regex + r"\Z"), set(getattr(route, "methods", set()))))
    return patterns


def _unresolved(app, patterns, link: str, method: str) -> str | None:
    """Why an internal link leads nowhere, or None when it reaches a route (a static file: one that exists)."""
    path = unquote(urlsplit(link).path)
    matching = [methods for regex, methods in patterns if regex.match(path)]
    if not matching:
        return "no route has this path"
    if not any(method in methods for methods in matching):
        return f"no route answers {method} here"
    static_prefix = app.route_reverse("static", file_path="x")[:-1]
    if path.startswith(static_prefix) and not (ROOT / "static" / path.removeprefix(static_prefix)).is_file():
        return "no such file under static/"
    return None


async def test_every_internal_link_on_every_page_resolves_to_a_route(app, client, database):
    cookies, samples = await _personas(client, database)
    pages = [
        (persona, _concrete(key.split(" ", 1)[1], samples))
        for key, row in ACCESS_TABLE.items()
        if key.startswith("GET ")
        for persona, status in row.items()
        if status == 200
    ]
    patterns = _route_patterns(app)
    offenders, links_checked = [], 0
    for persona, url in [*pages, *PAGES_BEYOND_THE_TABLE]:
        _use_cookie(client, cookies[persona])
        response = await client.get(url, follow_redirects=False)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        parser = _Links()
        parser.feed(response.text)
        for attribute, link, method in parser.links:
            if not link.startswith("/") or link.startswith("//"):
                continue  # a fragment, another site, mailto:
            links_checked += 1
            if problem := _unresolved(app, patterns, link, method):
                offenders.append(f"{url} as {persona}: {attribute}={link!r} ({method}): {problem}")
    assert links_checked > 1000  # the walk really rendered pages full of links
    assert not offenders, "internal links that lead nowhere:\n" + "\n".join(sorted(set(offenders)))


# -- (b) no hand-written internal path in the source --------------------------------------------

LINK_ATTRIBUTE = re.compile(
    r"\b(?:href|src|action|formaction|hx-get|hx-post|hx-put|hx-patch|hx-delete)\s*=\s*[\"']?/(?!/)[^\"'\s>{]*"
)
PATH = re.compile(r"/[A-Za-z]")  # "/" alone (the site's root in a mail's signature) is not a route path
ROUTE_DECORATORS = {"get", "post", "put", "patch", "delete", "head", "route", "websocket"}  # litestar's, by bare name
MOUNTS = ROUTE_DECORATORS | {"Router", "create_static_files_router", "set_cookie", "delete_cookie", "Cookie"}  # path=
# String literals that are not links: request paths matched by prefix in the security-headers middleware.
ALLOWED = {("app/security.py", "/dev/"), ("app/security.py", "/static/")}


LEXER = jinja2.Environment()


def _files(pattern: str) -> list[Path]:
    return sorted(p for part in CONVERTED for p in (ROOT / part).rglob(pattern))


def _template_offenders(path: Path) -> list[str]:
    """An attribute holding a literal path, a path appended to an expression ("{{ base_url }}/login"),
    or a string literal that is a path ({{ pager(page, "/news") }})."""
    found = []
    previous = ""
    for line, kind, value in LEXER.lex(path.read_text(encoding="utf-8"), str(path)):
        if kind == "data":
            for match in LINK_ATTRIBUTE.finditer(value):
                found.append(f"{line + value.count(chr(10), 0, match.start())}: {match.group(0)}")
        if kind == "data" and previous == "variable_end" and PATH.match(value):
            found.append(f"{line}: }}}}{value.split()[0]}")
        elif kind == "string" and PATH.match(value[1:-1]):
            found.append(f"{line}: {value}")
        if kind != "whitespace":
            previous = kind
    return found


def _python_offenders(path: Path) -> list[str]:
    """String constants (f-string parts too) that begin with a path, except a route's own path
    (`@get("/...")`; `path=` of a route, a router, the static mount or a cookie) and docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if isinstance(func, ast.Name) and name in ROUTE_DECORATORS and node.args:
                first = node.args[0]
                exempt.update(id(n) for n in [first, *getattr(first, "elts", [])])
            if name in MOUNTS:
                exempt.update(id(k.value) for k in node.keywords if k.arg == "path")
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            exempt.add(id(node.value))  # a docstring
    relative = path.relative_to(ROOT).as_posix()
    return [
        f"{node.lineno}: {node.value!r}"
        for node in sorted(
            (n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)),
            key=lambda n: (n.lineno, n.col_offset),
        )
        if PATH.match(node.value) and id(node) not in exempt and (relative, node.value) not in ALLOWED
    ]


def test_no_template_or_handler_spells_an_internal_path_by_hand():
    templates, modules = _files("*.jinja"), _files("*.py")
    assert templates and modules
    offenders = [
        f"{path.relative_to(ROOT)}:{where}"
        for paths, check in ((templates, _template_offenders), (modules, _python_offenders))
        for path in paths
        for where in check(path)
    ]
    assert not offenders, (
        'hand-written internal paths (use url_for("slice:action", ...) in templates, '
        "request.app.route_reverse in handlers, app.urls / absolute_url for mail):\n" + "\n".join(offenders)
    )
