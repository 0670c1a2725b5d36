"""Rich text for content the secretariat and organizations write: Markdown rendered by
markdown-it-py, then cleaned by nh3 with an allow-list. Raw HTML is never passed through
(markdown-it's html option is off) and nh3 drops whatever else is not on the list: scripts,
event handlers, style, and links other than http(s) and mailto."""

from __future__ import annotations

import html
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre",
        "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
# h1 is the page's own title: a body's "# 見出し" is rendered one level down (see _renderer).
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
}  # no style: the CSP forbids inline styles, and tables take the site's own
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])

    def shift_headings(state) -> None:  # noqa: ANN001 — markdown-it's StateCore
        for token in state.tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"

    md.core.ruler.push("shift_headings", shift_headings)
    return md


def sanitize_html(html: str) -> str:
    """Whatever HTML is given, only the allow-list survives; links get rel=noopener."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str) -> Markup:
    """Markdown → safe HTML, ready to print in a template without |safe."""
    return Markup(sanitize_html(_renderer().render(text or "")))


def plain_text(text: str, limit: int = 0) -> str:
    """The words of a Markdown text without markup (for excerpts, feeds and search); cut at
    `limit` characters with an ellipsis when a limit is given."""
    words = html.unescape(nh3.clean(_renderer().render(text or ""), tags=set())).split()
    flat = " ".join(words)
    if limit and len(flat) > limit:
        return flat[: limit - 1] + "…"
    return flat
