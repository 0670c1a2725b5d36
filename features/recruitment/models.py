"""公募・公示: JICA's own recruitment notices (公募案件, プレ公募情報), procurement notices (公示案件)
and the daily access counts of each 公募 (公募案件アクセス数).

Dates and times are stored in UTC; 応募締切 and 提出期限 are entered and shown in Japan time.
Lists (語学要件, 資格要件, 応募書類, 担当業務と格付) are JSON arrays in Text columns: they are read
and written whole with their notice, never searched inside.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint

from app.models import Column, Field, SQLModel, Text


def _text() -> Column:
    return Column(Text, nullable=False, server_default="")


def _list() -> Column:
    return Column(Text, nullable=False, server_default="[]")


class NoticeStatus(StrEnum):
    """What is stored. 掲載予定 / 公募中 / 締切 are read from the dates of an approved notice
    (features.recruitment.states.phase), so the deadline holds to the minute without a job."""

    DRAFT = "draft"  # 下書き
    PENDING = "pending"  # 承認待ち
    RETURNED = "returned"  # 差戻し
    APPROVED = "approved"  # 掲載予定 → 公募中 → 締切, by its dates
    SCREENING = "screening"  # 選考中
    CLOSED = "closed"  # 選考終了
    ARCHIVED = "archived"  # 過去の公募案件
    STOPPED = "stopped"  # 掲載中止


class KouboType(SQLModel, table=True):
    """公募種別: the list the secretariat maintains (長期専門家, 短期専門家, …)."""

    __tablename__ = "koubo_type"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40, unique=True)
    position: int = Field(default=0)
    active: bool = Field(default=True)


class Koubo(SQLModel, table=True):
    """公募案件."""

    __tablename__ = "koubo"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    number: str | None = Field(default=None, max_length=30, unique=True)  # 公募番号, required to submit
    koubo_type: str = Field(default="", max_length=40, index=True)
    title: str = Field(default="", max_length=200)
    domestic: bool = Field(default=False)  # 国内 (then prefecture) instead of a country
    country: str = Field(default="", max_length=2, index=True)
    prefecture: str = Field(default="", max_length=10)
    assignment: str = Field(default="", max_length=300)  # 配属先・勤務地
    sector: str = Field(default="", max_length=40, index=True)  # 分野・課題 (app.reference.SECTORS)
    duties: str = Field(default="", sa_column=_text())  # 担当業務
    period_start: date | None = None  # 派遣期間
    period_end: date | None = None
    long_term: bool = Field(default=False, index=True)  # 長期: the period is one year or more (derived)
    # [{"language": code, "level": "S"|"A"|"B"|"C", "need": "必須"|"望ましい"}]
    languages: str = Field(default="[]", sa_column=_list())
    language_codes: str = Field(default="", max_length=200)  # " en fr " for the 語学 filter
    required_qualifications: str = Field(default="[]", sa_column=_list())
    preferred_qualifications: str = Field(default="[]", sa_column=_list())
    selection_method: str = Field(default="", sa_column=_text())  # 選考方法
    screening_on: date | None = None  # 書類選考
    interview_on: date | None = None  # 面接
    result_on: date | None = None  # 結果通知
    required_documents: str = Field(default="[]", sa_column=_list())  # besides the 専門家履歴書
    optional_documents: str = Field(default="[]", sa_column=_list())
    deadline_at: datetime | None = Field(default=None, index=True)  # 応募締切 (entered in Japan time)
    contact: str = Field(default="", sa_column=_text())  # 問い合わせ先
    repeat_of_id: int | None = Field(default=None, foreign_key="koubo.id", index=True)  # 再公募
    publish_at: datetime | None = Field(default=None, index=True)  # 掲載開始日時
    status: str = Field(default=NoticeStatus.DRAFT, max_length=10, index=True)
    return_reason: str = Field(default="", sa_column=_text())
    stop_reason: str = Field(default="", sa_column=_text())
    hidden: bool = Field(default=False)  # an archived entry the secretariat took off the archive
    proxy_user_id: int | None = Field(default=None, foreign_key="user_account.id")  # 代理登録 by staff
    copied_from_id: int | None = None
    pre_koubo_id: int | None = Field(default=None, foreign_key="pre_koubo.id", index=True)
    search_text: str = Field(default="", sa_column=_text())
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = Field(default=None, index=True)
    approved_at: datetime | None = None
    published_at: datetime | None = Field(default=None, index=True)  # when it was first seen public
    closed_at: datetime | None = None  # 選考終了
    archived_at: datetime | None = Field(default=None, index=True)
    stopped_at: datetime | None = None


class KouboApplicationStatus(StrEnum):
    DRAFT = "下書き"  # documents uploaded, この案件に応募する not yet confirmed
    RECEIVED = "応募受付"
    SCREENING_PASSED = "書類選考合格"
    SCREENING_FAILED = "書類選考不合格"
    INTERVIEW = "面接"
    ACCEPTED = "合格"
    REJECTED = "不合格"
    DECLINED = "辞退"


class KouboApplication(SQLModel, table=True):
    __tablename__ = "koubo_application"
    __table_args__ = (UniqueConstraint("koubo_id", "user_id", name="uq_koubo_application_koubo_user"),)

    id: int | None = Field(default=None, primary_key=True)
    koubo_id: int = Field(foreign_key="koubo.id", index=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)  # whose 公募: isolation
    user_id: int = Field(foreign_key="user_account.id", index=True)
    status: str = Field(default=KouboApplicationStatus.DRAFT, max_length=10, index=True)
    message: str = Field(default="", sa_column=_text())
    note: str = Field(default="", sa_column=_text())  # JICA's own memo (応募編集), never shown to the applicant
    created_at: datetime
    submitted_at: datetime | None = None
    updated_at: datetime


class KouboApplicationFile(SQLModel, table=True):
    __tablename__ = "koubo_application_file"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="koubo_application.id", index=True)
    slot: str = Field(max_length=20)  # required-0, optional-1, …
    label: str = Field(max_length=100)
    original_name: str = Field(max_length=150)
    stored_name: str = Field(max_length=32)
    content_type: str = Field(max_length=100)
    size: int
    created_at: datetime


class KouboApplicationEvent(SQLModel, table=True):
    """The selection history (応募受付 → 書類選考合格/不合格 → 面接 → 合格/不合格/辞退)."""

    __tablename__ = "koubo_application_event"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="koubo_application.id", index=True)
    status: str = Field(max_length=10)
    actor_user_id: int | None = None
    created_at: datetime


class PreKoubo(SQLModel, table=True):
    """プレ公募情報: a 公募 planned for later; no application."""

    __tablename__ = "pre_koubo"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    koubo_type: str = Field(default="", max_length=40)
    title: str = Field(default="", max_length=200)
    domestic: bool = Field(default=False)
    country: str = Field(default="", max_length=2, index=True)
    prefecture: str = Field(default="", max_length=10)
    sector: str = Field(default="", max_length=40)
    planned_year: int | None = None  # 予定時期: a month, or a quarter of the year
    planned_month: int | None = None
    planned_quarter: int | None = None
    expected_duration: str = Field(default="", max_length=100)  # 想定期間
    summary: str = Field(default="", sa_column=_text())  # 概要
    status: str = Field(default=NoticeStatus.DRAFT, max_length=10, index=True)
    return_reason: str = Field(default="", sa_column=_text())
    stop_reason: str = Field(default="", sa_column=_text())
    proxy_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    koubo_id: int | None = None  # the 公募 it was turned into (no FK: the two tables refer to each other)
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    approved_at: datetime | None = None
    stopped_at: datetime | None = None


class PreKouboFollower(SQLModel, table=True):
    """お知らせを受け取る: who is mailed when the planned 公募 is published (once: notified_at)."""

    __tablename__ = "pre_koubo_follower"
    __table_args__ = (UniqueConstraint("pre_koubo_id", "user_id", name="uq_pre_koubo_follower_pre_koubo_user"),)

    id: int | None = Field(default=None, primary_key=True)
    pre_koubo_id: int = Field(foreign_key="pre_koubo.id", index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: datetime
    notified_at: datetime | None = None


class Koji(SQLModel, table=True):
    """公示案件: a procurement notice for consultants; read, searched and downloaded, never applied to."""

    __tablename__ = "koji"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    notice_on: date | None = Field(default=None, index=True)  # 公示日
    procurement_number: str | None = Field(default=None, max_length=30, unique=True)  # 調達管理番号
    country: str = Field(default="", max_length=2, index=True)  # 国名
    title: str = Field(default="", max_length=200)
    work_type: str = Field(default="", max_length=40, index=True)  # 業務の種類
    contract_type: str = Field(default="", max_length=40, index=True)  # 契約形態
    selection_method: str = Field(default="", max_length=40)  # 選定方法
    roles: str = Field(default="[]", sa_column=_list())  # 担当業務と格付: [{"role": …, "grade": …}]
    period_start: date | None = None  # 全体期間
    period_end: date | None = None
    mm_field: float | None = None  # 業務量 現地 (M/M)
    mm_domestic: float | None = None  # 業務量 国内 (M/M)
    question_deadline_at: datetime | None = None  # 質問締切
    submission_deadline_at: datetime | None = Field(default=None, index=True)  # 提出期限
    jica_url: str = Field(default="", max_length=500)  # JICA's own procurement page
    contractor: str = Field(default="", max_length=200)  # 結果: 契約相手先
    contracted_on: date | None = None  # 結果: 契約日
    status: str = Field(default=NoticeStatus.DRAFT, max_length=10, index=True)
    return_reason: str = Field(default="", sa_column=_text())
    stop_reason: str = Field(default="", sa_column=_text())
    proxy_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    search_text: str = Field(default="", sa_column=_text())
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = Field(default=None, index=True)
    approved_at: datetime | None = None
    stopped_at: datetime | None = None


class KojiFile(SQLModel, table=True):
    """説明書 and the other files of a 公示 (stored through app/uploads.py)."""

    __tablename__ = "koji_file"

    id: int | None = Field(default=None, primary_key=True)
    koji_id: int = Field(foreign_key="koji.id", index=True)
    label: str = Field(max_length=100)  # 説明書, 質問回答, …
    original_name: str = Field(max_length=150)
    stored_name: str = Field(max_length=32)
    content_type: str = Field(max_length=100)
    size: int
    position: int = Field(default=0)
    created_at: datetime


class KouboDailyCount(SQLModel, table=True):
    """公募案件アクセス数: per 公募 per Japan-time day. Counts only, never who."""

    __tablename__ = "koubo_daily_count"

    koubo_id: int = Field(foreign_key="koubo.id", primary_key=True)
    day: date = Field(primary_key=True, index=True)  # the reports sum a period's days over every 公募
    views: int = Field(default=0)  # 詳細表示
    apply_clicks: int = Field(default=0)  # この案件に応募する
    started: int = Field(default=0)  # 応募開始 (a draft was made)
    submitted: int = Field(default=0)  # 応募完了
