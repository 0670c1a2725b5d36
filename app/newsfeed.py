"""What a slice reports as "new since then" for PARTNERニュース: one small frozen value, the same
for every slice that contributes (postings, 公募, seminars, the secretariat's news, …)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class NewsfeedItem:
    title: str
    organization: str  # who published it ("" for the secretariat's own)
    path: str  # its public page, a site path (app.urls.path_for); a mail prefixes the base URL
    published_at: datetime  # when it appeared to the public (aware)
    source: str  # "<slice>:<kind>:<id>": the same thing is never listed twice
