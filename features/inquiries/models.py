"""問い合わせ対応: every inquiry is a case (the desk took over the contact form's `inquiry` table in
migration 0030), with a timeline of what happened to it, the secretariat's 定型文, and a count of
forged inbound replies.

Notes (メモ) are timeline entries of kind "note": no template or mail the inquirer sees reads them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index

from app.models import Column, Field, SQLModel, Text


def _text() -> Column:
    return Column(Text, nullable=False, server_default="")


class CaseStatus(StrEnum):
    NEW = "new"  # 新規
    IN_PROGRESS = "in_progress"  # 対応中
    ANSWERED = "answered"  # 回答済
    CLOSED = "closed"  # クローズ


class EventKind(StrEnum):
    RECEIVED = "received"  # the inquiry itself (the form), or a reply from the inquirer
    REPLY = "reply"  # the secretariat's answer, mailed
    NOTE = "note"  # メモ: internal, never mailed
    STATE = "state"  # a move of the state machine
    ASSIGN = "assign"  # 担当者
    FAQ = "faq"  # FAQ化


class InquiryCase(SQLModel, table=True):
    __tablename__ = "inquiry"
    __table_args__ = (
        Index("ix_inquiry_status_waiting", "status", "waiting_since"),
        Index("ix_inquiry_category_created", "category", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    email: str = Field(max_length=254)
    category: str = Field(max_length=40)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(index=True)  # 受付
    status: str = Field(default=CaseStatus.NEW, max_length=20)
    # The inquirer's account, when they were logged in (退会 erases the case).
    user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    assignee_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    # Since when the inquirer waits for us: receipt, or their latest reply; the age counts from it.
    waiting_since: datetime
    first_replied_at: datetime | None = Field(default=None, index=True)
    closed_at: datetime | None = None
    faq_entry_id: int | None = None  # the FAQ slice's draft made from this case (FAQ化)
    updated_at: datetime


class InquiryEvent(SQLModel, table=True):
    """The case's history: who did what and when; a reply keeps the text as mailed."""

    __tablename__ = "inquiry_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="inquiry.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=20)
    actor_user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    actor_name: str = Field(max_length=200)
    body: str = Field(default="", sa_column=_text())
    created_at: datetime


class ReplyTemplate(SQLModel, table=True):
    """定型文: kept by the secretariat, inserted into the reply box."""

    __tablename__ = "inquiry_reply_template"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    body: str = Field(sa_column=_text())
    created_at: datetime
    updated_at: datetime


class InboundRejection(SQLModel, table=True):
    """A mail to inquiry+… that was not ours (a forged or unknown case address): counted, not kept."""

    __tablename__ = "inquiry_inbound_rejection"

    id: int | None = Field(default=None, primary_key=True)
    recipient: str = Field(max_length=320)
    reason: str = Field(max_length=20)  # forged | unknown
    received_at: datetime = Field(index=True)
