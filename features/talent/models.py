"""Talent: the individual's résumé (一般履歴書・専門家履歴書) and the organizations' favorites.

Repeating parts of a résumé (学歴, 職歴, 業務経験, 語学, 資格・免許, 海外経験, and the expert
format's 案件) are rows of one table, each a small JSON record in its section. What the
talent search filters on is copied into narrow facet rows, indexed for 100,000 people.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import FetchedValue, Index, UniqueConstraint
from sqlmodel.sql.sqltypes import UTCDateTime

from app.models import Column, Field, SQLModel, Text


class Visibility(StrEnum):
    PUBLIC = "public"  # 公開: organizations may find and see the person
    PRIVATE = "private"  # 非公開


class Resume(SQLModel, table=True):
    __tablename__ = "resume"
    # résumé id → user id (and 希望勤務地) without the wide row, for the mailing audience count
    # (features/talent/audience.py): PostgreSQL answers it from the index alone.
    __table_args__ = (
        Index("ix_resume_audience", "user_id", "id", "wish_location"),
        # Findable (and 希望勤務地) with the id: the search's walk never reads the wide row to probe;
        # with updated_at and user_id, a page of ids from the keyword index is sorted from here too.
        Index("ix_resume_listed_until", "listed_until", "wish_location", "id", "updated_at", "user_id"),
        Index("ix_resume_updated_listed", "updated_at", "id", "listed_until", "user_id"),
        # Is this résumé findable (and 希望勤務地), asked by id without the wide row — the members of a
        # keyword index part (features/talent/search.py _counted_in_parts) — and, for a set that
        # drives, what its page sorts and shows.
        Index("ix_resume_id_listed", "id", "listed_until", "wish_location", "updated_at", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", unique=True)
    visibility: str = Field(default=Visibility.PRIVATE, max_length=10, index=True)
    self_pr: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    specialty_main: str = Field(default="", max_length=40)
    specialty_sub: str = Field(default="", max_length=40)
    education_level: str = Field(default="", max_length=20)  # 最終学歴
    wish_location: str = Field(default="", max_length=20)  # 国内 / 海外 / どちらでも
    wish_term: str = Field(default="", max_length=20)  # 長期 / 短期 / どちらでも
    wish_employment: str = Field(default="", max_length=200)  # comma separated
    wish_flexible: str = Field(default="", max_length=200)  # comma separated
    available_from: str = Field(default="", max_length=100)  # 就業可能時期
    updated_at: datetime
    # Until when organizations may find this résumé: the registration's expiry while the résumé is
    # public and the account may be shown (国際協力人材登録, active, not 物故), else NULL. Kept by
    # database triggers on resume, individual and user_account (migration 0037_talent_search),
    # never written by the application: findable now is `listed_until > now`, one indexed range.
    listed_until: datetime | None = Field(
        default=None,
        sa_column=Column(UTCDateTime(), nullable=True, server_default=FetchedValue(), server_onupdate=FetchedValue()),
    )


class ResumeText(SQLModel, table=True):
    """The whole résumé as one normalized text, and that text cut into keyword tokens
    (features/talent/keywords.py). A table of its own: kept inside resume, the long text made every
    row the search touches several times wider, and the search three times slower on PostgreSQL."""

    __tablename__ = "resume_text"

    resume_id: int = Field(foreign_key="resume.id", primary_key=True)
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    search_grams: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # The facets as words (features/talent/facet_keys.py), in the same index as the keyword tokens.
    facet_keys: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class ResumeRow(SQLModel, table=True):
    __tablename__ = "resume_row"
    __table_args__ = (Index("ix_resume_row_resume_section", "resume_id", "section", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    resume_id: int = Field(foreign_key="resume.id")
    section: str = Field(max_length=20)
    position: int = Field(default=0)
    data: str = Field(sa_column=Column(Text, nullable=False))


class TalentFacet(SQLModel, table=True):
    """One searchable fact: (sector, years), (language, level 1–4), (country, 1)."""

    __tablename__ = "talent_facet"
    __table_args__ = (
        Index("ix_talent_facet_lookup", "kind", "code", "value", "resume_id"),
        # One candidate's facet, probed while a page is filled (features/talent/service.py _facet).
        Index("ix_talent_facet_probe", "resume_id", "kind", "code", "value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    resume_id: int = Field(foreign_key="resume.id", index=True)
    kind: str = Field(max_length=10)
    code: str = Field(max_length=40)
    value: int = Field(default=0)


class Favorite(SQLModel, table=True):
    """気になる: belongs to the organization, not to one of its staff."""

    __tablename__ = "favorite"
    __table_args__ = (UniqueConstraint("organization_id", "resume_id", name="uq_favorite_organization_resume"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    resume_id: int = Field(foreign_key="resume.id", index=True)
    created_at: datetime
