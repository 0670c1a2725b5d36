"""The seminar's day and after: 当日配布資料, the survey's dispatch to the attendees, and the public
セミナーレポート with its photos (migration 0017b_seminar_followup).

Uploaded files live in their own upload areas (app.uploads): "seminar_materials" (PDF and
PowerPoint) and "seminar_photos" (JPEG and PNG), stored under generated names."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from app.models import Column, Field, SQLModel, Text


def _text() -> Column:
    return Column(Text, nullable=False, server_default="")


class SeminarMaterial(SQLModel, table=True):
    """A handout (当日配布資料) for the confirmed participants, before and after the day."""

    __tablename__ = "seminar_material"

    id: int | None = Field(default=None, primary_key=True)
    seminar_id: int = Field(foreign_key="seminar.id", index=True)
    title: str = Field(max_length=200)  # shown in the list: 「第1部 講演資料」
    original_name: str = Field(max_length=200)  # the download's file name
    stored_name: str = Field(max_length=64)
    content_type: str = Field(max_length=120)
    size: int = Field(default=0)
    position: int = Field(default=0)
    uploaded_by: int | None = Field(default=None, foreign_key="user_account.id")
    uploaded_at: datetime


class SeminarSurveyDispatch(SQLModel, table=True):
    """The survey went out to the attendees (one row per seminar): the job and the 開催済
    transition both look here first, so running either twice sends nothing twice (the survey
    engine's start_survey is idempotent too)."""

    __tablename__ = "seminar_survey_dispatch"

    seminar_id: int = Field(foreign_key="seminar.id", primary_key=True)
    survey_id: int
    invited: int = Field(default=0)
    sent_at: datetime


class ReportStatus(StrEnum):
    DRAFT = "draft"  # 下書き
    REVIEW = "review"  # 確認待ち
    PUBLISHED = "published"  # 公開


REPORT_STATUS_LABELS = {
    ReportStatus.DRAFT: "下書き",
    ReportStatus.REVIEW: "確認待ち",
    ReportStatus.PUBLISHED: "公開",
}


class SeminarReport(SQLModel, table=True):
    """セミナーレポート: one per seminar, public once the secretariat's review published it."""

    __tablename__ = "seminar_report"

    id: int | None = Field(default=None, primary_key=True)
    seminar_id: int = Field(foreign_key="seminar.id", unique=True)
    title: str = Field(default="", max_length=200)
    body: str = Field(default="", sa_column=_text())  # plain text: paragraphs by blank lines, autoescaped
    status: str = Field(default=ReportStatus.DRAFT, max_length=10, index=True)
    review_comment: str = Field(default="", sa_column=_text())  # why it was sent back
    written_by: int | None = Field(default=None, foreign_key="user_account.id")
    submitted_by: int | None = Field(default=None, foreign_key="user_account.id")
    submitted_at: datetime | None = None
    published_by: int | None = Field(default=None, foreign_key="user_account.id")
    published_at: datetime | None = Field(default=None, index=True)
    created_at: datetime
    updated_at: datetime


class SeminarReportPhoto(SQLModel, table=True):
    __tablename__ = "seminar_report_photo"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="seminar_report.id", index=True)
    alt_text: str = Field(max_length=200)  # 代替テキスト (required)
    caption: str = Field(default="", max_length=200)
    stored_name: str = Field(max_length=64)
    content_type: str = Field(max_length=40)
    size: int = Field(default=0)
    position: int = Field(default=0)
    uploaded_at: datetime
