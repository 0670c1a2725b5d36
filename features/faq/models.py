"""Tables of the faq slice (only this slice imports them): the entries (FaqEntry) and the
per-browser, per-day vote ledger (FaqVote) that keeps a browser to one vote a day on an entry.

The はい / いいえ totals are counters on the entry, raised in the same transaction as the ledger
row: the figures never need the ledger, so old ledger rows can be pruned."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint

from app.models import Column, Field, SQLModel, Text


class EntryStatus(StrEnum):
    DRAFT = "draft"  # 下書き
    PUBLISHED = "published"  # 公開
    HIDDEN = "hidden"  # 非公開


STATUS_LABELS = {EntryStatus.DRAFT: "下書き", EntryStatus.PUBLISHED: "公開", EntryStatus.HIDDEN: "非公開"}


class Audience(StrEnum):
    INDIVIDUAL = "individual"
    ORGANIZATION = "organization"
    BOTH = "both"


AUDIENCE_LABELS = {Audience.INDIVIDUAL: "個人向け", Audience.ORGANIZATION: "団体向け", Audience.BOTH: "共通"}


class FaqEntry(SQLModel, table=True):
    __tablename__ = "faq_entry"
    __table_args__ = (
        Index("ix_faq_entry_status_category_position", "status", "category", "position"),
        Index("ix_faq_entry_category_position", "category", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    question: str = Field(max_length=300)
    answer: str = Field(sa_column=Column(Text, nullable=False))  # Markdown
    category: str = Field(max_length=20)  # one of CATEGORIES (the inquiry desk's)
    audience: str = Field(default=Audience.BOTH, max_length=20)
    position: int = Field(default=0)  # the order within its category
    status: str = Field(default=EntryStatus.DRAFT, max_length=10)
    # NFKC, lower-cased question and answer text: what the substring search looks in.
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    helpful_count: int = Field(default=0)  # はい
    unhelpful_count: int = Field(default=0, index=True)  # いいえ
    # Made from an inquiry: personal details may remain until a staff member edits the text.
    needs_redaction: bool = Field(default=False)
    source_inquiry_id: int | None = None
    redacted_by: int | None = None
    redacted_at: datetime | None = None
    created_by: int | None = None
    updated_by: int | None = None
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None


class FaqVote(SQLModel, table=True):
    __tablename__ = "faq_vote"
    __table_args__ = (UniqueConstraint("entry_id", "voter", "day", name="uq_faq_vote_entry_id_voter_day"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="faq_entry.id", ondelete="CASCADE")
    voter: str = Field(max_length=64)  # HMAC of the browser's random voter cookie, never the cookie itself
    day: date = Field(index=True)  # the Japan calendar day
    helpful: bool
    created_at: datetime
