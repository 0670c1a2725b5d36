"""The postings slice's public face: all that other slices may use of it.

Postings (求人情報, 研修・イベント・セミナー情報, 団体からのお知らせ) belong to one organization;
other slices find them only through these functions, which check ownership and visibility
themselves. A posting row is read only through PostingView.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from features.postings.alerts import NewMatch, NewMatches, new_matches
from features.postings.counters import count_postings  # the reports
from features.postings.demo_history import HistoryJob, history_jobs  # the applications' demo history
from features.postings.kinds import BY_SLUG, KINDS, KindSpec
from features.postings.models import PostingKind
from features.postings.newsfeed import appeared_between as new_postings  # PARTNERニュース
from features.postings.service import (
    exists,
    open_for_web_application,
    own_posting,
    own_with_applications,
    titles_of,
    values_of,
)

JOB = PostingKind.JOB


class PostingView(Protocol):
    """What another slice may read of a posting."""

    id: int
    organization_id: int
    kind: str
    title: str
    status: str
    published_at: datetime | None


@dataclass(frozen=True)
class ApplicationTerms:
    """What a posting asks of its applicants (Web応募): which résumé, which documents."""

    title: str
    expert_resume: bool  # 専門家履歴書 instead of 一般履歴書
    resume_attachment: str  # the label of an attached résumé file, "" when none is asked
    required_documents: tuple[str, ...]
    optional_documents: tuple[str, ...]


def application_terms(posting: Any) -> ApplicationTerms:
    """From what the secretariat approved (the public content), never from a pending draft."""
    content = values_of(posting, "content")
    return ApplicationTerms(
        title=content.get("title", ""),
        expert_resume=content.get("resume_type") == "expert",
        resume_attachment=content.get("resume_attachment") or "",
        required_documents=tuple(content.get("required_documents") or ()),
        optional_documents=tuple(content.get("optional_documents") or ()),
    )


__all__ = [
    "BY_SLUG",
    "HistoryJob",
    "history_jobs",
    "JOB",
    "KINDS",
    "ApplicationTerms",
    "KindSpec",
    "NewMatch",
    "NewMatches",
    "PostingKind",
    "PostingView",
    "application_terms",
    "count_postings",
    "exists",
    "new_matches",
    "new_postings",
    "open_for_web_application",
    "own_posting",
    "own_with_applications",
    "titles_of",
    "values_of",
]
