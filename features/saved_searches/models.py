"""The saved_searches slice's tables: one row per saved search (保存した検索条件).

`query` is the search page's own query string (filters only, no page); the alerts parse it with
the lower slice's own parser. `last_alerted_at` is the watermark: the next alert lists what was
first published after it, and it moves forward by a conditional UPDATE that only one run wins
(exactly once). `reported_ids` is for 人材閲覧 searches only: the people the search found at the
last digest (or when it was saved), a zlib-packed list of user ids — see service.pack_ids.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, LargeBinary

from app.models import Column, Field, SQLModel


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


FREQUENCY_LABELS = {Frequency.DAILY: "毎日", Frequency.WEEKLY: "毎週"}


class SavedSearch(SQLModel, table=True):
    __tablename__ = "saved_search"
    __table_args__ = (Index("ix_saved_search_due", "frequency", "last_alerted_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    scope: str = Field(max_length=20)  # scopes.SCOPES: jobs | events | koubo | talent
    name: str = Field(max_length=100)
    query: str = Field(default="", max_length=2000)
    frequency: str = Field(max_length=10)  # Frequency
    created_at: datetime
    updated_at: datetime
    last_alerted_at: datetime
    reported_ids: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
