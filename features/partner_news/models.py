"""The partner_news slice's tables: one row per weekly issue (NewsIssue), its sections in their
order (NewsIssueSection) and the items under them (NewsIssueItem) — a snapshot taken at assembly,
so later edits of a posting never change an issue already sent."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint

from app.models import Column, Field, SQLModel, Text


class IssueStatus(StrEnum):
    DRAFT = "draft"  # 下書き
    APPROVED = "approved"  # 承認済
    SENT = "sent"  # 配信済 (handed to the mailings engine)
    SKIPPED = "skipped"  # 未承認のため見送り


STATUS_LABELS = {
    IssueStatus.DRAFT: "下書き",
    IssueStatus.APPROVED: "承認済",
    IssueStatus.SENT: "配信済",
    IssueStatus.SKIPPED: "未承認のため見送り",
}


class NewsIssue(SQLModel, table=True):
    __tablename__ = "news_issue"

    id: int | None = Field(default=None, primary_key=True)
    # 第N号: numbers count the issues that went (or may go) out; a skipped issue gives its number
    # back (NULL), so the back issues have no gaps.
    number: int | None = Field(default=None, unique=True)
    week_of: date = Field(unique=True)  # the assembly day (Japan time): one issue per week
    status: str = Field(default=IssueStatus.DRAFT, max_length=10, index=True)
    lead: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # リード文
    window_from: datetime | None = None  # what appeared from here (the previous issue's cut-off) …
    cutoff_at: datetime  # … up to here
    send_due_at: datetime = Field(index=True)  # the Friday sending time of this issue
    created_at: datetime
    updated_at: datetime
    edited_by: int | None = None  # the staff account that last changed the lead or the order
    approved_by: int | None = None
    approved_at: datetime | None = None
    sent_at: datetime | None = None
    mailing_id: int | None = None  # the mailings engine's mailing (features/mailings)
    skipped_at: datetime | None = None


class NewsIssueSection(SQLModel, table=True):
    __tablename__ = "news_issue_section"
    __table_args__ = (UniqueConstraint("issue_id", "key", name="uq_news_issue_section_issue_id_key"),)

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="news_issue.id", ondelete="CASCADE", index=True)
    key: str = Field(max_length=40)  # "jobs", "events", … or a hook's key
    title: str = Field(max_length=100)
    position: int = Field(default=0)


class NewsIssueItem(SQLModel, table=True):
    __tablename__ = "news_issue_item"

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="news_issue.id", ondelete="CASCADE", index=True)
    section_key: str = Field(max_length=40)
    position: int = Field(default=0)
    title: str = Field(max_length=300)
    organization: str = Field(default="", max_length=200)
    path: str = Field(max_length=500)  # a site path; the mail prefixes the base URL
    published_at: datetime
    source: str = Field(max_length=80)  # "postings:job:12"
