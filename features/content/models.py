"""Tables of the content slice (only this slice imports them).

A ContentItem carries the public copy of an article (title … body, copied from a version at
approval: what /content shows) and points at its versions. Every save is a ContentVersion (the
whole form as JSON, who, when); until a new version is approved the public copy stays as it was
(the postings rule). ContentTag holds the public copy's tags, one row each, for the tag filter.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint

from app.models import Column, Field, SQLModel, Text


class ContentStatus(StrEnum):
    DRAFT = "draft"  # 下書き
    REVIEW = "review"  # 確認待ち
    SCHEDULED = "scheduled"  # 公開予定
    PUBLISHED = "published"  # 公開中
    HIDDEN = "hidden"  # 非公開


class RevisionState(StrEnum):
    NONE = ""
    DRAFT = "draft"  # a change of a public article, being written
    REVIEW = "review"  # … waiting for the reviewer


STATUS_LABELS = {
    ContentStatus.DRAFT: "下書き",
    ContentStatus.REVIEW: "確認待ち",
    ContentStatus.SCHEDULED: "公開予定",
    ContentStatus.PUBLISHED: "公開中",
    ContentStatus.HIDDEN: "非公開",
}
STATUS_TONES = {
    ContentStatus.DRAFT: "neutral",
    ContentStatus.REVIEW: "warn",
    ContentStatus.SCHEDULED: "info",
    ContentStatus.PUBLISHED: "ok",
    ContentStatus.HIDDEN: "neutral",
}
REVISION_LABELS = {RevisionState.DRAFT: "修正を編集中", RevisionState.REVIEW: "修正の確認待ち"}

KINDS = {
    "column": "コラム",
    "feature": "特集",
    "career": "進路情報",
    "guide": "活用法",
    "page": "案内ページ",
}
AUDIENCES = {"individual": "個人向け", "organization": "団体向け", "common": "共通"}


class ContentItem(SQLModel, table=True):
    __tablename__ = "content_item"
    __table_args__ = (
        Index("ix_content_item_status_published_at", "status", "published_at"),
        UniqueConstraint("kind", "series_number", name="uq_content_item_kind_series_number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    status: str = Field(default=ContentStatus.DRAFT, max_length=10)
    revision_state: str = Field(default=RevisionState.NONE, max_length=10)
    working_title: str = Field(default="", max_length=200)  # the latest version's title (staff list)
    latest_version_id: int | None = None
    published_version_id: int | None = None
    # The public copy (set at approval).
    slug: str | None = Field(default=None, max_length=80, unique=True)
    title: str = Field(default="", max_length=200)
    kind: str = Field(default="column", max_length=10, index=True)
    audience: str = Field(default="common", max_length=12, index=True)
    category: str = Field(default="", max_length=40, index=True)
    tags: str = Field(default="", max_length=300)  # "、"-joined, for display
    series_number: int | None = None  # PARTNERコラム 第N号
    author: str = Field(default="", max_length=100)
    affiliation: str = Field(default="", max_length=100)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    body: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    image_id: int | None = Field(default=None, index=True)
    image_alt: str = Field(default="", max_length=200)
    publish_at: datetime | None = Field(default=None, index=True)  # 公開予定 time
    published_at: datetime | None = None  # first publication
    updated_at: datetime
    created_at: datetime
    created_by: int | None = None
    submitted_by: int | None = None
    submitted_at: datetime | None = Field(default=None, index=True)
    return_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class ContentVersion(SQLModel, table=True):
    __tablename__ = "content_version"
    __table_args__ = (UniqueConstraint("item_id", "number", name="uq_content_version_item_id_number"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="content_item.id", ondelete="CASCADE", index=True)
    number: int
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    saved_by: int | None = None
    saved_at: datetime


class ContentTag(SQLModel, table=True):
    __tablename__ = "content_tag"

    item_id: int = Field(foreign_key="content_item.id", ondelete="CASCADE", primary_key=True)
    tag: str = Field(max_length=30, primary_key=True, index=True)


class ContentImage(SQLModel, table=True):
    __tablename__ = "content_image"

    id: int | None = Field(default=None, primary_key=True)
    stored_name: str = Field(max_length=32, unique=True)
    original_name: str = Field(default="", max_length=200)
    width: int  # of the largest stored rendition
    height: int
    widths: str = Field(default="", max_length=40)  # "480,960,1440"
    uploaded_by: int | None = None
    uploaded_at: datetime
