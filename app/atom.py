"""Atom feeds (RFC 4287) for public lists that people follow in a feed reader (コンテンツ,
プレスルーム, …): one small builder so every feed has the same shape."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from litestar import Response

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"


@dataclass(frozen=True)
class FeedEntry:
    id: str  # a stable IRI, e.g. the entry's absolute URL
    title: str
    url: str  # absolute
    updated: datetime  # aware
    summary: str = ""  # plain text
    author: str = ""


def build_feed(*, feed_id: str, title: str, site_url: str, self_url: str, entries: Iterable[FeedEntry]) -> bytes:
    """The feed document; `updated` is the newest entry's time (or none when there are none)."""
    items = list(entries)
    feed = Element("feed", xmlns=ATOM_NS)
    SubElement(feed, "id").text = feed_id
    SubElement(feed, "title").text = title
    SubElement(feed, "link", href=site_url)
    SubElement(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    newest = max((e.updated for e in items), default=None)
    SubElement(feed, "updated").text = (newest or datetime(2000, 1, 1).astimezone()).isoformat()
    SubElement(SubElement(feed, "author"), "name").text = "PARTNER"
    for item in items:
        entry = SubElement(feed, "entry")
        SubElement(entry, "id").text = item.id
        SubElement(entry, "title").text = item.title
        SubElement(entry, "link", href=item.url)
        SubElement(entry, "updated").text = item.updated.isoformat()
        if item.author:
            SubElement(SubElement(entry, "author"), "name").text = item.author
        if item.summary:
            SubElement(entry, "summary").text = item.summary
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(feed, encoding="unicode").encode()


def feed_response(document: bytes) -> Response:
    return Response(document, media_type=MEDIA_TYPE, headers={"Cache-Control": "public, max-age=300"})
