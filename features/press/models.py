"""Tables of the press slice (only this slice imports them): an organization's プレスリリース and
its images (0–3, each with alt text). The PDF is stored in the release row itself (at most one)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index

from app.models import Column, Field, SQLModel, Text


class ReleaseStatus(StrEnum):
    DRAFT = "draft"  # 下書き (一時保存)
    PENDING = "pending"  # 承認待ち
    RETURNED = "returned"  # 差戻し
    PUBLISHED = "published"  # 公開中 (承認済)
    WITHDRAWN = "withdrawn"  # 取り下げ


STATUS_LABELS = {
    ReleaseStatus.DRAFT: "下書き",
    ReleaseStatus.PENDING: "承認待ち",
    ReleaseStatus.RETURNED: "差戻し",
    ReleaseStatus.PUBLISHED: "公開中",
    ReleaseStatus.WITHDRAWN: "取り下げ",
}


class PressRelease(SQLModel, table=True):
    __tablename__ = "press_release"
    __table_args__ = (
        # プレスルーム: published, newest 発表日 first (then approval time), optionally by organization or month.
        Index("ix_press_release_public", "status", "announced_on", "approved_at"),
        Index("ix_press_release_org_public", "organization_id", "status", "announced_on"),
        # The secretariat's queue, oldest 申請 first.
        Index("ix_press_release_queue", "status", "submitted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    status: str = Field(default=ReleaseStatus.DRAFT, max_length=10)
    title: str = Field(default="", max_length=200)
    announced_on: date | None = None  # 発表日
    body: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # Markdown
    contact_department: str = Field(default="", max_length=100)
    contact_name: str = Field(default="", max_length=100)
    contact_phone: str = Field(default="", max_length=30)
    contact_email: str = Field(default="", max_length=254)
    pdf_stored_name: str = Field(default="", max_length=64)
    pdf_original_name: str = Field(default="", max_length=160)
    pdf_size: int = Field(default=0)
    return_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_by: int | None = None  # the organization's account
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    reviewed_by: int | None = None  # the staff account that approved or returned it last
    approved_at: datetime | None = None
    returned_at: datetime | None = None
    withdrawn_at: datetime | None = None


class PressImage(SQLModel, table=True):
    __tablename__ = "press_image"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="press_release.id", ondelete="CASCADE", index=True)
    position: int = Field(default=0)
    stored_name: str = Field(max_length=64)
    content_type: str = Field(max_length=40)
    width: int
    height: int
    size: int
    alt: str = Field(max_length=200)
    created_at: datetime
