"""The mailings slice's tables: a mailing, its recipients (resolved at send time, one row per
person and mailing), and the template library with its versions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint

from app.models import Column, Field, SQLModel, Text


class MailingStatus(StrEnum):
    DRAFT = "draft"  # 下書き
    PENDING = "pending"  # 承認待ち
    SCHEDULED = "scheduled"  # 配信予約 (approved; sends at send_at)
    SENDING = "sending"  # 配信中
    PAUSED = "paused"  # 一時停止
    DONE = "done"  # 配信完了 (every recipient handed to the outbox or excluded)
    CANCELLED = "cancelled"  # 中止


class AudienceKind(StrEnum):
    INDIVIDUALS = "individuals"  # 個人 by 登録種別, 分野・課題, 語学, 居住地, 年齢帯, 帰国隊員, 希望条件
    ORGANIZATIONS = "organizations"  # 団体 by 団体種別 and 活動分野
    NEWS_SUBSCRIBERS = "news_subscribers"  # every active 団体 and 個人 (PARTNERニュース; preferences decide)


class Mailing(SQLModel, table=True):
    __tablename__ = "mailing"

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    category: str = Field(max_length=16)  # a mail_preferences Category value
    audience_kind: str = Field(max_length=20)
    audience_filters: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    # In Japanese words ("個人：居住都道府県が東京都…"), written at submission and fixed at approval.
    audience_description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    status: str = Field(default=MailingStatus.DRAFT, max_length=16, index=True)
    origin: str = Field(default="", max_length=60)  # "partner_news:12" when another slice made it
    template_id: int | None = None
    created_by: int = Field(foreign_key="user_account.id")
    submitted_by: int | None = Field(default=None, foreign_key="user_account.id")
    # Every staff member who wrote the content ("3,7"): none of them may approve it (four-eyes),
    # even when someone else sent it back, edited it and the first writer submitted it again.
    author_ids: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    approved_by: int | None = Field(default=None, foreign_key="user_account.id")
    approved_at: datetime | None = None
    send_at: datetime | None = Field(default=None, index=True)
    started_at: datetime | None = Field(default=None, index=True)  # the audience was resolved into recipients
    finished_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class RecipientStatus(StrEnum):
    PENDING = "pending"  # resolved, not yet written to the outbox
    QUEUED = "queued"  # its outbox row exists (outbox_id)
    SUPPRESSED = "suppressed"  # excluded at send time (reason)


class MailingRecipient(SQLModel, table=True):
    __tablename__ = "mailing_recipient"
    __table_args__ = (
        UniqueConstraint("mailing_id", "user_id", name="uq_mailing_recipient_mailing_user"),
        Index("ix_mailing_recipient_mailing_status", "mailing_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    mailing_id: int = Field(foreign_key="mailing.id")
    user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    email: str = Field(default="", max_length=320)
    status: str = Field(default=RecipientStatus.PENDING, max_length=12)
    # Why excluded: opted_out, bounced, deceased, withdrawn, suspended, pending, expired, disabled.
    reason: str = Field(default="", max_length=20)
    outbox_id: int | None = None
    queued_at: datetime | None = None


class MailingTemplate(SQLModel, table=True):
    """A template's current version (its history is in mailing_template_version)."""

    __tablename__ = "mailing_template"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    category: str = Field(max_length=16)
    subject: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    version: int = Field(default=1)
    created_at: datetime
    updated_at: datetime
    updated_by: int = Field(foreign_key="user_account.id")


class MailingTemplateVersion(SQLModel, table=True):
    __tablename__ = "mailing_template_version"
    __table_args__ = (UniqueConstraint("template_id", "version", name="uq_mailing_template_version"),)

    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="mailing_template.id")
    version: int
    name: str = Field(max_length=100)
    category: str = Field(max_length=16)
    subject: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    changed_by: int = Field(foreign_key="user_account.id")
    changed_at: datetime
    note: str = Field(default="", max_length=200)  # "作成", "編集", "第2版から復元"
