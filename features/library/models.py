"""Tables of the library slice (only this slice imports them): one row per library item
(LibraryItem) and one per uploaded version of its file (LibraryVersion). The item's
`current_version` names the version everyone but the staff gets; older versions stay."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint

from app.models import Column, Field, SQLModel, Text


class Category(StrEnum):
    TEMPLATE = "template"  # 文書テンプレート (forms and letters)
    MANUAL = "manual"  # マニュアル
    PAMPHLET = "pamphlet"  # 広報ツール: パンフレット
    LEAFLET = "leaflet"  # リーフレット
    POSTER = "poster"  # ポスター
    BANNER = "banner"  # バナー
    NOVELTY = "novelty"  # ノベルティ (design files)


CATEGORY_LABELS = {
    Category.TEMPLATE: "文書テンプレート",
    Category.MANUAL: "マニュアル",
    Category.PAMPHLET: "パンフレット",
    Category.LEAFLET: "リーフレット",
    Category.POSTER: "ポスター",
    Category.BANNER: "バナー",
    Category.NOVELTY: "ノベルティ",
}
PR_TOOLS = (Category.PAMPHLET, Category.LEAFLET, Category.POSTER, Category.BANNER, Category.NOVELTY)


class Audience(StrEnum):
    STAFF = "staff"  # 事務局内
    ORGANIZATIONS = "organizations"  # 団体 (approved organizations and the staff)
    PUBLIC = "public"  # 公開


AUDIENCE_LABELS = {Audience.STAFF: "事務局内", Audience.ORGANIZATIONS: "団体", Audience.PUBLIC: "公開"}


class LibraryItem(SQLModel, table=True):
    __tablename__ = "library_item"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    category: str = Field(max_length=20, index=True)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    audience: str = Field(default=Audience.STAFF, max_length=20, index=True)
    current_version: int = Field(default=1)
    last_confirmed_on: date | None = Field(default=None, index=True)  # 最終確認日 (Japan time)
    confirmed_by: int | None = None
    created_by: int | None = None
    created_at: datetime
    updated_at: datetime = Field(index=True)


class LibraryVersion(SQLModel, table=True):
    __tablename__ = "library_version"
    __table_args__ = (UniqueConstraint("item_id", "number", name="uq_library_version_item_id_number"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="library_item.id", ondelete="CASCADE", index=True)
    number: int  # 1, 2, … per item
    note: str = Field(default="", max_length=500)  # what changed in this version
    stored_name: str = Field(max_length=64)  # under var/uploads/library
    original_name: str = Field(max_length=200)
    content_type: str = Field(max_length=120)
    size: int
    width: int | None = None  # images: pixels (a banner's size)
    height: int | None = None
    thumbnail_name: str | None = Field(default=None, max_length=64)  # a PNG beside the file; None: generic icon
    uploaded_by: int | None = None
    uploaded_at: datetime
