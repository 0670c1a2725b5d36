from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from app.models import Column, Field, SQLModel, Text


class InquiryCategory(StrEnum):
    REGISTRATION = "登録・ログインについて"
    POSTING = "求人・研修情報の掲載について"
    CAREER = "キャリア相談について"
    TROUBLE = "システムの不具合について"
    OTHER = "その他"


class Inquiry(SQLModel, table=True):
    """An inquiry to the secretariat (問い合わせ業務, 000 §8.3)."""

    __tablename__ = "inquiry"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    email: str = Field(max_length=254)
    category: str = Field(max_length=40)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(index=True)
