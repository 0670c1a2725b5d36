"""The postings slice's public face: all that other slices may use of it.

Postings (求人情報, 研修・イベント・セミナー情報, 団体からのお知らせ) belong to one organization;
other slices find them only through these functions, which check ownership and visibility
themselves. A posting row is read only through PostingView.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.postings.alerts import NewMatch, NewMatches, new_matches
from features.postings.counters import count_postings  # the reports
from features.postings.demo_history import HistoryJob, history_jobs  # the applications' demo history
from features.postings.kinds import BY_SLUG, KINDS, KindSpec
from features.postings.models import Posting, PostingKind, PostingStatus
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


async def organizations_with_postings(
    db: AsyncSession, kinds: tuple[str, ...], start: datetime, end: datetime
) -> set[int]:
    """The organizations (ids) with a posting of these kinds public at some time in [start, end)
    (aware UTC bounds): approved (or later stopped), its publication begun before `end`, its
    募集期間 not over before `start` (closes_on is a JST day), and not stopped before `start`.
    For the surveys slice's 求人情報利用 / 研修・セミナー利用 target lists."""
    began = func.coalesce(Posting.published_at, Posting.publish_at, Posting.approved_at)
    first_day = clock.to_jst(start).date()
    rows = await db.execute(
        select(Posting.organization_id)
        .where(
            Posting.kind.in_(kinds),
            Posting.status.in_((PostingStatus.APPROVED, PostingStatus.STOPPED)),
            began < end,
            or_(Posting.closes_on.is_(None), Posting.closes_on >= first_day),
            or_(Posting.stopped_at.is_(None), Posting.stopped_at >= start),
        )
        .distinct()
    )
    return set(rows.scalars())


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
    "organizations_with_postings",
    "own_posting",
    "own_with_applications",
    "titles_of",
    "values_of",
]
