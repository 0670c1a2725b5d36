"""PARTNER mail: threads between one organization and one individual, their messages,
the organizations' templates, and the blocks individuals set."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint

from app.models import Column, Field, SQLModel, Text


class MailMode(StrEnum):
    OFFER = "offer"  # オファーメール to a registered individual
    CONTACT = "contact"  # 連絡メール to an applicant
    HIRE = "hire"  # 採用通知メール to an applicant
    SECRETARIAT = "office"  # from PARTNER事務局 (no organization): answers, notices


class Direction(StrEnum):
    TO_PERSON = "to_person"
    TO_ORGANIZATION = "to_organization"


class MessageThread(SQLModel, table=True):
    __tablename__ = "message_thread"
    __table_args__ = (
        Index("ix_message_thread_org_last", "organization_id", "last_message_at"),
        Index("ix_message_thread_user_last", "user_id", "last_message_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # None: from the secretariat itself (PARTNER事務局, e.g. a メール相談 answer); no reply, no block.
    organization_id: int | None = Field(default=None, foreign_key="organization.id")
    user_id: int = Field(foreign_key="user_account.id")
    mode: str = Field(max_length=10)
    subject: str = Field(max_length=200)
    # SET NULL: the applications slice erases applications without knowing about threads.
    application_id: int | None = Field(default=None, foreign_key="application.id", ondelete="SET NULL")
    created_at: datetime
    last_message_at: datetime


class Message(SQLModel, table=True):
    """One message. organization_id and user_id repeat the thread's so that boxes, unread counts
    and the daily offer cap are one indexed query each."""

    __tablename__ = "message"
    __table_args__ = (
        Index("ix_message_user_box", "user_id", "direction", "read_at"),
        Index("ix_message_org_box", "organization_id", "direction", "read_at"),
        Index("ix_message_org_category_created", "organization_id", "category", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="message_thread.id", index=True)
    organization_id: int | None = Field(default=None, foreign_key="organization.id")  # None: the secretariat
    user_id: int = Field(foreign_key="user_account.id")
    direction: str = Field(max_length=20)
    category: str = Field(
        max_length=20
    )  # オファー, 採用通知, 質問, その他, 再応募依頼, 選考の調整, 開催リマインド, 返信
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))  # as the recipient reads it ({氏名} filled)
    sender_body: str = Field(sa_column=Column(Text, nullable=False))  # as the sender wrote it (送信BOX)
    created_at: datetime
    read_at: datetime | None = None


class MailTemplate(SQLModel, table=True):
    """テンプレート: belongs to the organization."""

    __tablename__ = "mail_template"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    name: str = Field(max_length=100)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime
    updated_at: datetime


class OrganizationBlock(SQLModel, table=True):
    """An individual no longer accepts mail from this organization."""

    __tablename__ = "organization_block"
    __table_args__ = (UniqueConstraint("user_id", "organization_id", name="uq_organization_block_user_org"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    organization_id: int = Field(foreign_key="organization.id")
    created_at: datetime
