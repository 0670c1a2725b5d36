"""Postings: 求人情報 (and, sharing the same life, 研修・イベント・セミナー情報 and お知らせ).

The organization edits `draft`; the secretariat's approval copies it to `content`, which
is what the public sees. Until a revision of a published posting is approved, `content`
keeps the approved version. Searchable fields are copied out of `content` at approval.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from app.models import Column, Field, SQLModel, Text
from app.pagecache import HIDDEN_WHILE, NOT_PUBLIC


class PostingKind(StrEnum):
    JOB = "job"  # 求人情報
    EVENT = "event"  # 研修・イベント・セミナー情報
    NOTICE = "notice"  # 団体からのお知らせ


class PostingStatus(StrEnum):
    DRAFT = "draft"  # 下書き
    PENDING = "pending"  # 承認待ち
    RETURNED = "returned"  # 差戻し
    APPROVED = "approved"  # 掲載予定 / 掲載中 / 掲載終了, by its dates
    STOPPED = "stopped"  # 掲載中止


class RevisionState(StrEnum):
    NONE = ""
    PENDING = "pending"  # a revision of an approved posting waits for the secretariat
    RETURNED = "returned"


# What no anonymous page reads, for app/pagecache.py (a write of only these keeps the public pages):
# the organization's working copy and the workflow's bookkeeping, and a posting not yet approved.
_NOT_PUBLIC = {NOT_PUBLIC: True}
_HIDDEN = {HIDDEN_WHILE: frozenset({PostingStatus.DRAFT, PostingStatus.PENDING, PostingStatus.RETURNED})}


class Posting(SQLModel, table=True):
    __tablename__ = "posting"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    kind: str = Field(default=PostingKind.JOB, max_length=10, index=True)
    status: str = Field(default=PostingStatus.DRAFT, max_length=10, index=True, sa_column_kwargs={"info": _HIDDEN})
    revision_state: str = Field(default=RevisionState.NONE, max_length=10, sa_column_kwargs={"info": _NOT_PUBLIC})
    draft: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}", info=_NOT_PUBLIC))
    content: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    return_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default="", info=_NOT_PUBLIC))
    # Copied from `content` at approval, for search and visibility.
    title: str = Field(default="", max_length=200)
    sector: str = Field(default="", max_length=40, index=True)
    country: str = Field(default="", max_length=2, index=True)
    job_type: str = Field(default="", max_length=100)
    employment_type: str = Field(default="", max_length=20, index=True)
    flexible_work: str = Field(default="", max_length=200)
    for_jocv: bool = Field(default=False)
    category: str = Field(default="", max_length=20)  # 研修 / イベント / セミナー, or 会場 / オンライン
    starts_at: datetime | None = None  # 開催日時 of an event
    publish_at: datetime | None = Field(default=None, index=True)
    closes_on: date | None = Field(default=None, index=True)
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime
    updated_at: datetime = Field(sa_column_kwargs={"info": _NOT_PUBLIC})
    submitted_at: datetime | None = Field(default=None, index=True, sa_column_kwargs={"info": _NOT_PUBLIC})
    approved_at: datetime | None = None
    published_at: datetime | None = None  # when the publication task first saw it public
    stopped_at: datetime | None = None
    copied_from_id: int | None = None


class PostingView(SQLModel, table=True):
    """Detail views per posting per day (no personal data), for the secretariat's reports."""

    __tablename__ = "posting_view"

    posting_id: int = Field(foreign_key="posting.id", primary_key=True)
    day: date = Field(primary_key=True)
    count: int = Field(default=0)
