"""The mail_preferences slice's tables: one row per user who has chosen something; a column left
NULL means "the default from settings [mail_preferences]", so changing a default reaches everyone
who never chose."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from app.models import Field, SQLModel


class Category(StrEnum):
    GUIDE = "guide"  # 案内メール
    NEWS = "news"  # PARTNERニュース
    ALERTS = "alerts"  # 新着情報のお知らせ


LABELS = {
    Category.GUIDE: "案内メール",
    Category.NEWS: "PARTNERニュース",
    Category.ALERTS: "新着情報のお知らせ",
}


class MailPreference(SQLModel, table=True):
    __tablename__ = "mail_preference"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", unique=True)
    guide: bool | None = None  # 案内メール (secretariat mailings)
    news: bool | None = None  # PARTNERニュース
    alerts: bool | None = None  # 新着情報のお知らせ (saved-search alerts)
    updated_at: datetime


class UnsubscribeDaily(SQLModel, table=True):
    """配信停止 from a mail (its one-click link or the List-Unsubscribe mailto) per Japan-time day
    and category, for the reports' 配信停止率: counts only, never who (one upserted row per day)."""

    __tablename__ = "mail_unsubscribe_daily"

    day: date = Field(primary_key=True)
    category: str = Field(max_length=16, primary_key=True)
    count: int = Field(default=0)
