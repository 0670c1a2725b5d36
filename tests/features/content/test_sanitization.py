"""Sanitization through the content pages: a body full of XSS payloads renders with no script,
no event handler, no javascript:/data: link, no htmx attribute; the other fields are escaped.
(tests/browser/test_content_flow.py proves the same in Chromium.)"""

from __future__ import annotations

from html.parser import HTMLParser

from tests.features.content.helpers import REVIEWER, article, as_staff, freeze, staff
from tests.features.content.payloads import BODY, PAYLOADS

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "input", "details", "body", "form"}


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the markup."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:  # noqa: ANN001
        self.found.append((tag, attrs))


def dangers(markup: str) -> list[str]:
    parser = _Elements()
    parser.feed(markup)
    problems = []
    for tag, attrs in parser.found:
        if tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith(("on", "hx-", "data-hx")):
                problems.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                problems.append(f"{tag}[{name}={value}]")
    return problems


def _article_html(page: str) -> str:
    return page[page.index('<article class="content-article"') : page.index("</article>")]


async def test_payloads_in_the_body_and_fields_are_inert_on_every_page(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer, reviewer = await staff(database), await staff(database, REVIEWER)
    title = '"><script>alert("title")</script>'
    item_id = await article(
        database, settings, writer, reviewer, title=title, body=BODY, summary=PAYLOADS[1], author=PAYLOADS[2],
        tags=["<b>tag</b>"], category="<i>cat</i>",
    )  # fmt: skip
    page = (await client.get(f"/content/{item_id}")).text
    html = _article_html(page)
    assert dangers(html) == []
    assert '<a href="https://www.jica.go.jp/" rel="noopener noreferrer nofollow">正しいリンク</a>' in html
    assert "{{7*7}}" in html and "49" not in html
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html or "&#34;&gt;&lt;script&gt;" in html
    for path, start in (
        ("/content", 'id="content-results"'),
        ("/content?tag=%3Cb%3Etag%3C%2Fb%3E", 'id="content-results"'),
        ("/for-individuals", "<main"),
    ):
        listing = (await client.get(path)).text
        assert "<b>tag</b>" not in listing
        assert dangers(listing[listing.index(start) :]) == []
    feed = (await client.get("/content/feed.atom")).text
    assert "<script>" not in feed
    await as_staff(client, database, "third@example.jp")
    async with database.session() as db:
        from features.content import service

        item = await service.item_by_id(db, item_id)
        await service.save(
            db, settings, item, {**(await service.latest_data(db, item)), "body": BODY + "\n\n" + PAYLOADS[0]}, writer
        )
        await service.submit(db, item, writer)
    review = (await client.get(f"/admin/content/{item_id}/review")).text
    preview = review[review.index('id="preview-title"') :]
    assert dangers(preview.split("</section>")[0]) == []
    assert "<script>alert('xss-1')</script>" not in review  # the diff shows the text escaped
    assert (
        "<ins><span class=\"diff-label\">追加：</span>&lt;script&gt;alert(&#39;xss-1&#39;)&lt;/script&gt;</ins>"
        in review
    )
    edit = (await client.get(f"/admin/content/{item_id}")).text
    assert "<script>alert" not in edit
