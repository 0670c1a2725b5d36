"""Tables of the reports slice (only this slice imports them)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint

from app.models import Field, SQLModel


class DocumentStatus(StrEnum):
    BUILDING = "生成中"
    DONE = "完了"
    FAILED = "失敗"


class ReportDocument(SQLModel, table=True):
    """One report document (PDF and Excel) of one period: 週次・月次・四半期報告 made by the scheduled
    job, or any period on demand. One row per (kind, period): a job that fires twice, or a second
    click, finds the row and builds nothing more."""

    __tablename__ = "report_document"
    __table_args__ = (UniqueConstraint("kind", "period_first", name="uq_report_document_kind_period"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # periods.PeriodKind
    period_first: date = Field(index=True)  # the period's first day (JST)
    status: str = Field(default=DocumentStatus.BUILDING, max_length=10)
    automatic: bool = Field(default=False)  # made by the scheduled job (自動), else by created_by
    created_by: int | None = Field(default=None)  # the staff account that asked (no FK: kept if it goes)
    created_at: datetime
    requested_at: datetime = Field(index=True)  # the latest build was asked for then (the stale sweep)
    finished_at: datetime | None = Field(default=None)
    pdf_name: str = Field(default="", max_length=64)  # stored names in var/uploads/report_documents
    pdf_size: int = Field(default=0)
    xlsx_name: str = Field(default="", max_length=64)
    xlsx_size: int = Field(default=0)
    error: str = Field(default="", max_length=200)  # the exception's class name when it failed
