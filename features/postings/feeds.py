"""Machine-readable views of postings: schema.org JobPosting JSON-LD and an Atom feed."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from app import clock, urls
from app.config import Settings
from features.postings.models import Posting

EMPLOYMENT = {
    "正職員": "FULL_TIME",
    "契約職員": "TEMPORARY",
    "業務委託": "CONTRACTOR",
    "インターン": "INTERN",
    "ボランティア": "VOLUNTEER",
    "その他": "OTHER",
}


def job_posting_json_ld(posting: Posting, values: dict, organization) -> str:
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": values.get("title", ""),
        "description": values.get("duties", ""),
        "datePosted": posting.publish_at.date().isoformat() if posting.publish_at else None,
        "validThrough": posting.closes_on.isoformat() if posting.closes_on else None,
        "employmentType": EMPLOYMENT.get(values.get("employment_type", ""), "OTHER"),
        "hiringOrganization": {
            "@type": "Organization",
            "name": organization.name,
            **({"sameAs": organization.url} if organization.url else {}),
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressCountry": values.get("country", ""),
                "addressLocality": values.get("city", ""),
            },
        },
        "qualifications": values.get("requirements", ""),
    }
    # Inside <script>: no "</" may appear, so "<" is written as \u003c.
    return json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False).replace("<", "\\u003c")


def atom(postings: list[Posting], organizations: dict, settings: Settings) -> str:
    """Absolute links from the configured base URL (never the Host header)."""
    updated = max((p.publish_at for p in postings if p.publish_at), default=clock.now())
    feed_url = urls.absolute_url(settings, "postings:feed")
    entries = []
    for posting in postings:
        url = urls.absolute_url(settings, "postings:job", posting_id=posting.id)
        organization = organizations.get(posting.organization_id)
        entries.append(
            "<entry>"
            f"<title>{escape(posting.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{escape(url)}"/>'
            f"<id>{escape(url)}</id>"
            f"<updated>{posting.publish_at.isoformat()}</updated>"
            f"<author><name>{escape(organization.name if organization else 'PARTNER')}</name></author>"
            f"<summary>{escape(posting.job_type)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">'
        "<title>PARTNER 新着求人情報</title>"
        f'<link rel="self" href="{escape(feed_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{escape(urls.absolute_url(settings, "postings:search"))}"/>'
        f"<id>{escape(feed_url)}</id>"
        f"<updated>{updated.isoformat()}</updated>" + "".join(entries) + "</feed>"
    )
