from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from app.models import Column, Field, SQLModel, Text


class NewsCategory(StrEnum):
    NOTICE = "お知らせ"
    SEMINAR = "セミナー"
    MAINTENANCE = "メンテナンス"
    NEWSLETTER = "メールマガジン"


class SiteNews(SQLModel, table=True):
    """A notice from the secretariat (事務局からのお知らせ)."""

    __tablename__ = "site_news"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    category: str = Field(default=NewsCategory.NOTICE, max_length=20)
    published_at: datetime = Field(index=True)
    created_at: datetime
