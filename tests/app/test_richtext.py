"""app/richtext: Markdown in, only the allow-list out (the content slices test their pages)."""

from html.parser import HTMLParser

import pytest

from app.richtext import plain_text, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "[x](vbscript:msgbox(1))",
    "<details open ontoggle=alert(1)>",
]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_as_markup(payload: str) -> None:
    parser = _Elements()
    parser.feed(str(render_markdown(f"前\n\n{payload}\n\n後")))
    for tag, attrs in parser.found:
        assert tag in {"p", "a", "img"}, tag
        assert not any(name.startswith("on") or name == "style" for name in attrs), attrs
        for url in (attrs.get("href"), attrs.get("src")):
            assert url is None or url.startswith(("https:", "http:", "mailto:")), url


def test_markdown_renders_the_allowed_shapes() -> None:
    html = str(render_markdown("# 見出し\n\n**太字** と [リンク](https://example.org)\n\n- 一\n- 二"))
    assert "<h2>見出し</h2>" in html  # the page owns h1
    assert "<strong>太字</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">リンク</a>' in html
    assert "<li>一</li>" in html


def test_plain_text_strips_markup_and_cuts() -> None:
    assert plain_text("**太字** &amp; 本文") == "太字 & 本文"
    assert plain_text("あいうえおかきくけこ", 5) == "あいうえ…"
