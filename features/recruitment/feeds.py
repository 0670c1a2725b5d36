"""Machine-readable views of 公募: schema.org JobPosting JSON-LD and the Atom feed of 公募情報."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from app import clock, urls
from app.config import Settings
from app.reference import country_name
from features.recruitment.models import Koubo


def _posted(koubo: Koubo):
    return koubo.published_at or koubo.publish_at or koubo.approved_at or koubo.created_at


def script_safe_json(data: dict) -> str:
    """JSON to put inside <script>: no "</script>", "<!--" or "]]>" can appear, and the line
    separators JavaScript once refused are escaped too."""
    text = json.dumps(data, ensure_ascii=False)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(raw, f"\\u{ord(raw):04x}")
    return text


def job_posting_json_ld(koubo: Koubo, organization, settings: Settings) -> str:
    address = (
        {"@type": "PostalAddress", "addressCountry": "JP", "addressRegion": koubo.prefecture}
        if koubo.domestic
        else {"@type": "PostalAddress", "addressCountry": koubo.country}
    )
    if koubo.assignment:
        address["addressLocality"] = koubo.assignment
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": koubo.title,
        "description": koubo.duties or koubo.title,
        "identifier": {"@type": "PropertyValue", "name": "公募番号", "value": koubo.number or ""},
        "datePosted": clock.to_jst(_posted(koubo)).date().isoformat(),
        "validThrough": clock.to_jst(koubo.deadline_at).isoformat() if koubo.deadline_at else None,
        "employmentType": ["FULL_TIME", "TEMPORARY"] if koubo.long_term else "TEMPORARY",
        "hiringOrganization": {
            "@type": "Organization",
            "name": organization.name if organization else "JICA",
            **({"sameAs": organization.url} if organization is not None and organization.url else {}),
        },
        "jobLocation": {"@type": "Place", "address": address},
        "url": urls.absolute_url(settings, "recruitment:koubo_detail", koubo_id=koubo.id),
    }
    if koubo.period_start and koubo.period_end:
        data["jobStartDate"] = koubo.period_start.isoformat()
    return script_safe_json({k: v for k, v in data.items() if v is not None})


def atom(koubos: list[Koubo], settings: Settings) -> str:
    """Absolute links from the configured base URL (never the Host header)."""
    updated = max((_posted(k) for k in koubos), default=clock.now())
    feed_url = urls.absolute_url(settings, "recruitment:koubo_feed")
    search_url = urls.absolute_url(settings, "recruitment:koubo_search")
    entries = []
    for koubo in koubos:
        url = urls.absolute_url(settings, "recruitment:koubo_detail", koubo_id=koubo.id)
        where = (
            "国内" + (f"（{koubo.prefecture}）" if koubo.prefecture else "")
            if koubo.domestic
            else country_name(koubo.country)
        )
        deadline = clock.to_jst(koubo.deadline_at).strftime("%Y-%m-%d %H:%M") if koubo.deadline_at else "未定"
        summary = f"{koubo.number or ''} {koubo.koubo_type} {where or ''} 応募締切 {deadline}（日本時間）"
        entries.append(
            "<entry>"
            f"<title>{escape(koubo.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{escape(url)}"/>'
            f"<id>{escape(url)}</id>"
            f"<updated>{clock.to_jst(_posted(koubo)).isoformat()}</updated>"
            "<author><name>JICA</name></author>"
            f"<summary>{escape(' '.join(summary.split()))}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">'
        "<title>PARTNER 新着の公募情報</title>"
        f'<link rel="self" href="{escape(feed_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{escape(search_url)}"/>'
        f"<id>{escape(feed_url)}</id>"
        f"<updated>{clock.to_jst(updated).isoformat()}</updated>" + "".join(entries) + "</feed>"
    )
