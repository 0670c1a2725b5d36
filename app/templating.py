"""Jinja environment (top-level templates/ plus each slice's templates/) and render()."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import unquote

import jinja2
from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Request
from litestar.exceptions import ClientException
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Response, Template
from litestar.template.config import TemplateConfig
from litestar.utils import url_quote

from app import navigation
from app.clock import to_jst
from app.config import ROOT, Settings
from app.pagination import page_query
from app.sessions import current_session, pop_flashes

HTMX_VERSION = "2.0.11"


def create_environment(settings: Settings) -> jinja2.Environment:
    slice_dirs = sorted(str(p) for p in (ROOT / "features").glob("*/templates"))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(ROOT / "templates"), *slice_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=settings.app.debug,
    )
    env.globals.update(
        app_name=settings.app.name,
        debug=settings.app.debug,
        htmx_asset=f"js/htmx-{HTMX_VERSION}.min.js",  # under static/: url_for("static", file_path=...)
        nav_items=lambda request: navigation.items_for(current_session(request).get("role")),
        flashes=pop_flashes,
        session_of=current_session,
        page_query=page_query,
    )
    env.filters["date_ja"] = format_date_ja
    env.filters["datetime_ja"] = format_datetime_ja
    env.filters["fromjson"] = json.loads
    env.filters["iso_date"] = lambda d: to_jst(d).date().isoformat() if d else ""
    return env


def format_date_ja(value) -> str:
    if not value:
        return ""
    d = to_jst(value) if isinstance(value, datetime) else value
    return f"{d.year}年{d.month}月{d.day}日"


def format_datetime_ja(value) -> str:
    if not value:
        return ""
    d = to_jst(value)
    return f"{d.year}年{d.month}月{d.day}日 {d:%H:%M}"


def create_template_config(settings: Settings) -> TemplateConfig:
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(create_environment(settings)))


def is_htmx(request: Request) -> bool:
    """A swap request from htmx (history restores want the whole page). `request.htmx` comes from
    Litestar's HTMX plugin, which makes every request an HTMXRequest."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    fragments: Mapping[str, str] | None = None,
    block: str | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Template:
    """Render the whole page, or for htmx one block chosen from an allow-list.

    `fragments` maps element ids the page lets htmx target to block names, e.g.
    {"result-rows": "result_rows"}. The HX-Target header only selects among them;
    `block` forces a block for any htmx request.
    """
    chosen = None
    if is_htmx(request):
        chosen = block or (fragments or {}).get(request.htmx.target or "")
    response_headers = {"Vary": "HX-Request", **(headers or {})}
    if chosen:
        return HTMXBlockTemplate(
            template_name=template,
            block_name=chosen,
            context=dict(context or {}),
            status_code=status_code,
            headers=response_headers,
        )
    return Template(
        template_name=template,
        context=dict(context or {}),
        status_code=status_code,
        headers=response_headers,
    )


def is_on_site(url: str) -> bool:
    """A path on this site. Browsers drop tabs and newlines from a URL and read a backslash as a
    slash, so "/<TAB>/evil.example" would leave the site: refuse control characters, line separators
    and backslashes, also percent-encoded (the target may be decoded once more on its way)."""
    for candidate in (url, unquote(url)):
        if not candidate.startswith("/") or candidate.startswith("//") or "\\" in candidate:
            return False
        if any(unicodedata.category(ch) in {"Cc", "Zl", "Zp"} for ch in candidate):
            return False
    return True


def safe_next(url: str | None, default: str) -> str:
    """A `next=` target: an on-site path, or the default."""
    return url if url and len(url) < 500 and is_on_site(url) else default


def to_login(request: Request, url: str) -> Response:
    """A page that needs a login: 303 to the login form (htmx: a full-page HX-Redirect)."""
    if not is_on_site(url):
        raise ClientException("移動先のURLが正しくありません。")
    if is_htmx(request):
        return Response(content="", status_code=401, headers={"HX-Redirect": url})
    return Redirect(url, status_code=303)


def to_mailer(url: str) -> Response:
    """Hand over to the user's own mail program: a mailto: URL and nothing else, on one line."""
    if not url.startswith("mailto:") or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        raise ClientException("メールソフトを開くURLが正しくありません。")
    return Redirect(url, status_code=303)


def see_other(request: Request, url: str) -> Response:
    """After a successful POST: 303 to `url` (htmx: HX-Location). Only on-site paths."""
    if not is_on_site(url):
        raise ClientException("移動先のURLが正しくありません。")
    if is_htmx(request):
        # Quoted as Redirect quotes Location: a header is latin-1, a path may be Japanese.
        return Response(content="", status_code=200, headers={"HX-Location": url_quote(url), "Vary": "HX-Request"})
    return Redirect(url, status_code=303, headers={"Vary": "HX-Request"})
