"""メール相談: an individual's written question, answered by a counselor or a JICA contact and
approved by the secretariat; the secretariat's 回答テンプレート; staff-only notes and history.

A case's notes and history (送り返しのコメント) are internal: nothing the person sees reads them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index

from app.models import Column, Field, SQLModel, Text


def _text() -> Column:
    return Column(Text, nullable=False, server_default="")


class CaseStatus(StrEnum):
    RECEIVED = "received"  # 受付
    ASSIGNED = "assigned"  # 担当割当
    DRAFTING = "drafting"  # 回答案作成
    REVIEW = "review"  # 事務局確認
    SENT = "sent"  # 回答送信
    CLOSED = "closed"  # 完了


class MailConsultation(SQLModel, table=True):
    __tablename__ = "mail_consultation"
    __table_args__ = (Index("ix_mail_consultation_status_received", "status", "received_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    category: str = Field(max_length=20)  # 相談区分
    subject: str = Field(max_length=100)
    body: str = Field(sa_column=_text())
    attachment_stored: str = Field(default="", max_length=64)  # app.uploads area "mail_consultation"
    attachment_name: str = Field(default="", max_length=200)
    attachment_type: str = Field(default="", max_length=120)
    status: str = Field(default=CaseStatus.RECEIVED, max_length=20)
    received_at: datetime = Field(index=True)  # the reports count a period's cases by it
    # 担当: a counselor's account, or a JICA contact without one (name + address, a link by mail).
    assignee_user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    jica_name: str = Field(default="", max_length=100)
    jica_email: str = Field(default="", max_length=254)
    jica_token_hash: str = Field(default="", max_length=64, index=True)  # sha256 of the mailed link's token
    assigned_at: datetime | None = None
    draft: str = Field(default="", sa_column=_text())  # 回答案
    draft_updated_at: datetime | None = None
    answer: str = Field(default="", sa_column=_text())  # what was sent to the person (fixed at 回答送信)
    answered_at: datetime | None = Field(default=None, index=True)  # and its answers by this
    mailbox_message_id: int | None = None  # the message in the person's メールボックス (messages slice)
    closed_at: datetime | None = None
    updated_at: datetime


class CaseNote(SQLModel, table=True):
    """内部メモ: staff and the assignee only."""

    __tablename__ = "mail_consultation_note"

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="mail_consultation.id", ondelete="CASCADE", index=True)
    author_user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    author_name: str = Field(max_length=200)
    body: str = Field(sa_column=_text())
    created_at: datetime


class CaseEvent(SQLModel, table=True):
    """履歴: each move with who made it and, for 差戻し, the secretariat's comment (internal)."""

    __tablename__ = "mail_consultation_event"

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="mail_consultation.id", ondelete="CASCADE", index=True)
    move: str = Field(max_length=30)
    actor_name: str = Field(max_length=200)
    comment: str = Field(default="", sa_column=_text())
    created_at: datetime


class ReplyTemplate(SQLModel, table=True):
    """回答テンプレート: kept by the secretariat, used by whoever drafts."""

    __tablename__ = "mail_consultation_template"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    body: str = Field(sa_column=_text())
    created_at: datetime
    updated_at: datetime


class QuarterSurvey(SQLModel, table=True):
    """メール相談利用アンケート sent for a quarter ("2026Q3"): the unique key keeps the job to once."""

    __tablename__ = "mail_consultation_survey"

    id: int | None = Field(default=None, primary_key=True)
    quarter: str = Field(max_length=7, unique=True)
    survey_id: int
    invited: int = Field(default=0)
    created_at: datetime
