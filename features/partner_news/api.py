"""The partner_news slice's public face: all that other slices may use of it.

A slice above this one (the secretariat's news in features/home; a future content slice's
columns) adds a section to every issue by providing the hook "partner_news_sections":
`async (db, since, until) -> NewsSection` with what appeared in [since, until)."""

from __future__ import annotations

from dataclasses import dataclass

from app.newsfeed import NewsfeedItem


@dataclass(frozen=True)
class NewsSection:
    key: str  # stable and unique among sections ("secretariat", "columns", …)
    title: str  # the heading in the issue (事務局からのお知らせ)
    order: int  # where it goes by default: 求人情報 10, 研修・イベント・セミナー 20, 公募 30, 団体からのお知らせ 40
    items: tuple[NewsfeedItem, ...]


__all__ = ["NewsSection", "NewsfeedItem"]
