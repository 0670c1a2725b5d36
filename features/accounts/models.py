"""Accounts: who can log in, and the individual or organization behind each account."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint

from app.models import Column, Field, SQLModel, Text


class Role(StrEnum):
    INDIVIDUAL = "individual"  # 個人
    ORGANIZATION = "organization"  # 団体
    SECRETARIAT = "secretariat"  # 事務局
    COUNSELOR = "counselor"  # キャリア相談員 (staff without the secretariat's powers)


class AccountStatus(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"  # an organization waiting for the secretariat's approval
    SUSPENDED = "suspended"  # stopped by the secretariat
    WITHDRAWN = "withdrawn"  # 退会 / 無効登録
    DECEASED = "deceased"  # 物故: recorded by the secretariat (物故者管理); never shown to organizations


class UserAccount(SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    # Always the canonical form (app.forms.normalize_email), so this unique index is uniqueness
    # of the address itself: NewCase@… and newcase@… can never be two accounts.
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=20, index=True)
    status: str = Field(default=AccountStatus.ACTIVE, max_length=20, index=True)
    is_counselor: bool = Field(default=False)  # キャリア相談員, granted by the secretariat
    display_name: str = Field(max_length=200)
    created_at: datetime
    password_changed_at: datetime
    last_login_at: datetime | None = None


class RegistrationKind(StrEnum):
    FULL = "国際協力人材登録"
    SIMPLE = "簡易登録"


class Individual(SQLModel, table=True):
    """個人: the registrant's own data (the résumé comes with the talent slice)."""

    __tablename__ = "individual"
    # The mailing audience count (features/accounts/audience.py) reads these two instead of the
    # wide rows: every current registration by expiry, and a person's filter columns by user id
    # (probed for each résumé a facet matched).
    __table_args__ = (
        Index("ix_individual_current", "expires_at", "user_id"),
        Index(
            "ix_individual_audience", "user_id", "expires_at", "prefecture", "birth_date", "jocv_verified_at", "kind"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", unique=True)
    registration_code: str = Field(max_length=12, unique=True)
    kind: str = Field(max_length=20)
    family_name: str = Field(max_length=50)
    given_name: str = Field(max_length=50)
    family_name_kana: str = Field(max_length=50)
    given_name_kana: str = Field(max_length=50)
    family_name_roman: str = Field(max_length=50)
    given_name_roman: str = Field(max_length=50)
    birth_date: date
    gender: str = Field(default="", max_length=10)
    nationality: str = Field(max_length=2)
    postal_code: str = Field(default="", max_length=8)
    prefecture: str = Field(max_length=10, index=True)
    address: str = Field(default="", max_length=200)
    phone: str = Field(max_length=20)
    registered_at: datetime
    expires_at: datetime = Field(index=True)
    jocv_declared: bool = Field(default=False)
    jocv_verified_at: datetime | None = None
    # The smallest "days before expiry" a reminder was sent for (30, then 7); None after extension.
    expiry_reminder_days: int | None = None


class OrganizationType(StrEnum):
    CORPORATE = "国際協力団体（法人格あり）"
    NON_CORPORATE = "国際協力実施団体（法人格なし）"
    PUBLIC = "JICA・政府機関・学校法人・地方自治体"
    SIMPLE = "簡易団体登録"


class OrganizationStatus(StrEnum):
    PENDING = "承認待ち"
    RETURNED = "差戻し"
    APPROVED = "承認済み"
    DISABLED = "無効"


class Organization(SQLModel, table=True):
    """団体: one organization, logged in by its 担当者 (the account's e-mail)."""

    __tablename__ = "organization"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", unique=True)
    org_code: str | None = Field(default=None, max_length=12, unique=True)  # issued at approval
    org_type: str = Field(max_length=40)
    status: str = Field(default=OrganizationStatus.PENDING, max_length=10, index=True)
    name: str = Field(max_length=200)
    name_kana: str = Field(max_length=200)
    corporate_number: str = Field(default="", max_length=13)
    postal_code: str = Field(default="", max_length=8)
    prefecture: str = Field(default="", max_length=10)
    address: str = Field(default="", max_length=200)
    url: str = Field(default="", max_length=300)
    representative: str = Field(default="", max_length=100)
    contact_name: str = Field(max_length=100)
    contact_department: str = Field(default="", max_length=100)
    contact_phone: str = Field(max_length=20)
    activity_fields: str = Field(default="", max_length=500)  # sector codes, comma separated
    activity_countries: str = Field(default="", max_length=1000)  # country codes, comma separated
    achievements: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    list_publicly: bool = Field(default=True)
    # JICA itself (set by the secretariat, only on a JICA・政府機関・学校法人・地方自治体 organization):
    # it may enter 公募・公示 (features/recruitment).
    is_jica: bool = Field(default=False)
    return_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    submitted_at: datetime
    approved_at: datetime | None = None
    updated_at: datetime
    deletion_requested_at: datetime | None = None  # 無効登録: asked by the organization
    # 団体名・団体種別・法人番号 changes wait for the secretariat (JSON of field -> new value).
    pending_changes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    pending_changes_at: datetime | None = None
    # 団体の延長登録 (000 §2.7): valid until then (set at approval, moved by 延長登録); None: not yet approved.
    registration_expires_at: datetime | None = Field(default=None, index=True)
    # The smallest "days before expiry" a reminder was sent for (60, then 14); None after extension.
    expiry_reminder_days: int | None = None


class TokenPurpose(StrEnum):
    SIGNUP_INDIVIDUAL = "signup_individual"
    SIGNUP_ORGANIZATION = "signup_organization"
    PASSWORD_RESET = "password_reset"
    EMAIL_CHANGE = "email_change"


class ActionToken(SQLModel, table=True):
    """A mailed link: only a SHA-256 of the token is stored."""

    __tablename__ = "action_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    purpose: str = Field(max_length=30)
    email: str = Field(max_length=254, index=True)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class PasswordResetRequest(SQLModel, table=True):
    """A パスワード再発行 request waiting for the worker. The request only writes this row, the
    same for every address, so its timing says nothing about whether the address is registered;
    the job deletes it, then looks the account up and mails the link (the token never leaves
    the job: only this row's id travels in the job's arguments)."""

    __tablename__ = "password_reset_request"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)  # canonical
    kind: str = Field(default="", max_length=20)
    created_at: datetime = Field(index=True)


class LoginChallenge(SQLModel, table=True):
    """The one-time code step of one login attempt (the code itself is stored only as an HMAC)."""

    __tablename__ = "login_challenge"
    __table_args__ = (UniqueConstraint("public_id", name="uq_login_challenge_public_id"),)

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(max_length=43)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    code_hmac: str = Field(max_length=64)
    created_at: datetime
    expires_at: datetime
    sent_at: datetime
    sends: int = Field(default=1)
    failed_attempts: int = Field(default=0)
    used_at: datetime | None = None


class DeathRecord(SQLModel, table=True):
    """物故 (000 §1.7): a registrant's death as recorded by the secretariat, from the account page
    or a confirmed list import. Revoking it (a mistaken record) restores the account's previous
    status, until the retention period erases the person's data."""

    __tablename__ = "death_record"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    died_on: date | None = None
    source: str = Field(max_length=100)  # e.g. JICAイントラネット訃報
    note: str = Field(default="", max_length=500)
    previous_status: str = Field(max_length=20)
    recorded_by: int
    recorded_at: datetime = Field(index=True)
    revoked_at: datetime | None = None
    revoked_by: int | None = None
    revoke_reason: str = Field(default="", max_length=500)
    erased_at: datetime | None = None


class AccountEventKind(StrEnum):
    INDIVIDUAL_EXTENDED = "individual_extended"  # 延長登録 (個人)
    INDIVIDUAL_WITHDRAWN = "individual_withdrawn"  # 退会 (個人)
    ORGANIZATION_EXTENDED = "organization_extended"  # 延長登録 (団体, by itself or by the secretariat)
    ORGANIZATION_DISABLED = "organization_disabled"  # 無効登録 (団体), confirmed by the secretariat


class AccountEvent(SQLModel, table=True):
    """When a registration was extended or ended, for the reports (000 §8.2). Anonymous on purpose:
    the kind of registration (登録種別 or 団体種別) and the moment, never who — so 退会 and erasure
    leave it alone and it can be kept as long as the figures are."""

    __tablename__ = "account_event"
    __table_args__ = (Index("ix_account_event_occurred", "occurred_at", "event", "category"),)

    id: int | None = Field(default=None, primary_key=True)
    event: str = Field(max_length=30)
    category: str = Field(max_length=40)  # RegistrationKind value, or OrganizationType value
    occurred_at: datetime
