"""Web応募: an individual's application to a posting, its documents and its status history."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint

from app.models import Column, Field, SQLModel, Text


class ApplicationStatus(StrEnum):
    DRAFT = "下書き"  # documents uploaded, not yet sent (応募する not pressed)
    RECEIVED = "応募受付"
    SCREENING = "書類選考"
    INTERVIEW = "面接"
    HIRED = "採用"
    REJECTED = "不採用"
    DECLINED = "辞退"
    WITHDRAWN = "取り下げ"  # by the applicant


class Application(SQLModel, table=True):
    __tablename__ = "application"
    __table_args__ = (UniqueConstraint("posting_id", "user_id", name="uq_application_posting_user"),)

    id: int | None = Field(default=None, primary_key=True)
    posting_id: int = Field(foreign_key="posting.id", index=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)  # whose posting: isolation
    user_id: int = Field(foreign_key="user_account.id", index=True)
    status: str = Field(default=ApplicationStatus.DRAFT, max_length=10, index=True)
    message: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime
    submitted_at: datetime | None = None
    updated_at: datetime


class ApplicationFile(SQLModel, table=True):
    __tablename__ = "application_file"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    slot: str = Field(max_length=20)  # resume, required-0, optional-1, …
    label: str = Field(max_length=100)  # the document's name as the posting asked for it
    original_name: str = Field(max_length=150)
    stored_name: str = Field(max_length=32)
    content_type: str = Field(max_length=100)
    size: int
    created_at: datetime


class ApplicationEvent(SQLModel, table=True):
    """The status history (応募受付 → 書類選考 → 面接 → 採用 / 不採用 / 辞退)."""

    __tablename__ = "application_event"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    status: str = Field(max_length=10)
    actor_user_id: int | None = None
    created_at: datetime
