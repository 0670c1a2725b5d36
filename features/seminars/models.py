"""セミナー: the secretariat's own 国際協力人材セミナー (for individuals) and 国際協力団体セミナー (for
organizations), from 企画 to 後処理 (seed 000 §6.2, §7.2).

Dates and times are stored in UTC and shown in Japan time. The contract of these tables is shared
with the follow-up part of the slice (analysis, check-in, materials, survey, report), which adds
its own tables in a second migration.

Capacity and waiting lists: every registration, verification and cancellation first locks the
seminar row (`SELECT … FOR UPDATE` on PostgreSQL; SQLite writes begin IMMEDIATE), so counting the
confirmed seats and handing out 受付番号 and キャンセル待ち positions is serialized per seminar.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint

from app.models import Column, Field, SQLModel, Text


def _text() -> Column:
    return Column(Text, nullable=False, server_default="")


class SeminarKind(StrEnum):
    TALENT = "talent"  # 国際協力人材セミナー (individuals)
    ORGANIZATION = "organization"  # 国際協力団体セミナー (organizations)


KIND_LABELS = {SeminarKind.TALENT: "国際協力人材セミナー", SeminarKind.ORGANIZATION: "国際協力団体セミナー"}


class SeminarStatus(StrEnum):
    PLANNING = "planning"  # 企画中
    ANNOUNCED = "announced"  # 告知中 (public, accepting registrations within 申込期間)
    CLOSED = "closed"  # 受付終了 (still public)
    HELD = "held"  # 開催済
    DONE = "done"  # 後処理完了
    CANCELLED = "cancelled"  # 中止


STATUS_LABELS = {
    SeminarStatus.PLANNING: "企画中",
    SeminarStatus.ANNOUNCED: "告知中",
    SeminarStatus.CLOSED: "受付終了",
    SeminarStatus.HELD: "開催済",
    SeminarStatus.DONE: "後処理完了",
    SeminarStatus.CANCELLED: "中止",
}


class Seminar(SQLModel, table=True):
    __tablename__ = "seminar"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default=SeminarKind.TALENT, max_length=20, index=True)
    title: str = Field(default="", max_length=200)
    theme: str = Field(default="", max_length=200)  # テーマ
    description: str = Field(default="", sa_column=_text())
    starts_at: datetime | None = Field(default=None, index=True)
    ends_at: datetime | None = None
    venue_name: str = Field(default="", max_length=200)
    venue_address: str = Field(default="", max_length=300)
    venue_map_url: str = Field(default="", max_length=500)
    online_url: str | None = Field(default=None, max_length=500)  # shown only to confirmed participants
    capacity: int = Field(default=0)  # 定員
    audience: str = Field(default="", max_length=300)  # 対象
    fee: str = Field(default="無料", max_length=100)  # 参加費
    apply_from: datetime | None = None  # 申込期間
    apply_until: datetime | None = None
    status: str = Field(default=SeminarStatus.PLANNING, max_length=12, index=True)
    reminder_days: str = Field(default="7,1", max_length=40)  # リマインド: days before, comma-joined
    survey_id: int | None = Field(default=None)  # the surveys slice's id (no foreign key across slices)
    cancel_reason: str = Field(default="", sa_column=_text())
    receipt_seq: int = Field(default=0)  # the last 受付番号 handed out
    waiting_seq: int = Field(default=0)  # the last キャンセル待ち position handed out
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime
    updated_at: datetime
    announced_at: datetime | None = None
    cancelled_at: datetime | None = None


class SeminarSession(SQLModel, table=True):
    """A part of the programme: 分科会 A–H in parallel, or a plenary (track "" / 全体)."""

    __tablename__ = "seminar_session"

    id: int | None = Field(default=None, primary_key=True)
    seminar_id: int = Field(foreign_key="seminar.id", index=True)
    starts_at: datetime
    ends_at: datetime
    track: str = Field(default="", max_length=40)  # "A"…"H" or a room name
    title: str = Field(default="", max_length=200)
    speaker_id: int | None = Field(default=None, foreign_key="seminar_speaker.id")
    capacity: int | None = None  # None: no limit of its own
    position: int = Field(default=0)


class SpeakerKind(StrEnum):
    JICA = "jica"
    EXTERNAL = "external"


class SpeakerRequestStatus(StrEnum):
    REQUESTED = "requested"  # 依頼中
    ACCEPTED = "accepted"  # 承諾
    DECLINED = "declined"  # 辞退


class SeminarSpeaker(SQLModel, table=True):
    __tablename__ = "seminar_speaker"

    id: int | None = Field(default=None, primary_key=True)
    seminar_id: int = Field(foreign_key="seminar.id", index=True)
    name: str = Field(max_length=100)
    affiliation: str = Field(default="", max_length=200)
    kind: str = Field(default=SpeakerKind.EXTERNAL, max_length=10)
    email: str = Field(default="", max_length=320)
    topic: str = Field(default="", max_length=200)
    request_status: str = Field(default=SpeakerRequestStatus.REQUESTED, max_length=10)
    requested_at: datetime | None = None
    answered_at: datetime | None = None
    note: str = Field(default="", sa_column=_text())


class SeminarCounselor(SQLModel, table=True):
    """A キャリア相談員 assigned to a consultation slot (相談ブース) at the seminar."""

    __tablename__ = "seminar_counselor"

    id: int | None = Field(default=None, primary_key=True)
    seminar_id: int = Field(foreign_key="seminar.id", index=True)
    counselor_user_id: int = Field(foreign_key="user_account.id", index=True)
    starts_at: datetime
    ends_at: datetime
    booth: str = Field(default="", max_length=100)  # 相談ブース名


class RegistrationStatus(StrEnum):
    PENDING = "pending"  # 確認待ち: a person without an account has not clicked the mailed link yet
    CONFIRMED = "confirmed"
    WAITING = "waiting"  # キャンセル待ち
    CANCELLED = "cancelled"


REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.PENDING: "メール確認待ち",
    RegistrationStatus.CONFIRMED: "参加確定",
    RegistrationStatus.WAITING: "キャンセル待ち",
    RegistrationStatus.CANCELLED: "キャンセル",
}


class SeminarRegistration(SQLModel, table=True):
    __tablename__ = "seminar_registration"
    # One live registration per address and seminar: active_email is the address while the
    # registration is not cancelled and NULL afterwards (NULLs never collide, on both engines).
    __table_args__ = (UniqueConstraint("seminar_id", "active_email", name="uq_seminar_registration_active_email"),)

    id: int | None = Field(default=None, primary_key=True)
    seminar_id: int = Field(foreign_key="seminar.id", index=True)
    receipt_no: str | None = Field(default=None, max_length=20, unique=True)  # 受付番号 "S12-0042"
    user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    organization_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    name: str = Field(max_length=100)
    email: str = Field(max_length=320)
    active_email: str | None = Field(default=None, max_length=320)
    age_band: str = Field(default="", max_length=20)  # 年齢帯
    occupation: str = Field(default="", max_length=100)  # 職業・所属
    interests: str = Field(default="", max_length=500)  # 関心分野, comma-joined
    experience: str = Field(default="", max_length=40)  # 国際協力経験
    source: str = Field(default="", max_length=40)  # このセミナーを知ったきっかけ
    status: str = Field(default=RegistrationStatus.PENDING, max_length=10, index=True)
    waiting_position: int | None = None  # order on the waiting list (lower first)
    attended: bool = Field(default=False)  # set by the check-in page
    checked_in_at: datetime | None = None
    cancel_token_hash: str = Field(default="", max_length=64, index=True)
    verify_token_hash: str | None = Field(default=None, max_length=64, index=True)
    verify_expires_at: datetime | None = None
    created_at: datetime
    confirmed_at: datetime | None = None  # became 参加確定 (or キャンセル待ち) after verification
    cancelled_at: datetime | None = None


class SeminarRegistrationSession(SQLModel, table=True):
    __tablename__ = "seminar_registration_session"

    registration_id: int = Field(foreign_key="seminar_registration.id", primary_key=True)
    session_id: int = Field(foreign_key="seminar_session.id", primary_key=True, index=True)
    status: str = Field(default=RegistrationStatus.CONFIRMED, max_length=10)  # confirmed | waiting
    waiting_position: int | None = None


class SeminarReminderSent(SQLModel, table=True):
    """One row per registration and reminder: inserted before the mail is queued, in the same
    transaction, so a second (or concurrent) run of the job cannot send it again."""

    __tablename__ = "seminar_reminder_sent"

    registration_id: int = Field(foreign_key="seminar_registration.id", primary_key=True)
    days_before: int = Field(primary_key=True)
    sent_at: datetime


class BulkAudience(StrEnum):
    ALL = "all"  # 参加確定 + キャンセル待ち
    CONFIRMED = "confirmed"
    WAITING = "waiting"


class SeminarBulkMessage(SQLModel, table=True):
    """A message from the secretariat to the participants; its mails are listed in
    seminar_bulk_recipient so the page can count how many the outbox has delivered."""

    __tablename__ = "seminar_bulk_message"

    id: int | None = Field(default=None, primary_key=True)
    seminar_id: int = Field(foreign_key="seminar.id", index=True)
    audience: str = Field(max_length=10)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=_text())
    total: int = Field(default=0)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime


class SeminarBulkRecipient(SQLModel, table=True):
    __tablename__ = "seminar_bulk_recipient"

    message_id: int = Field(foreign_key="seminar_bulk_message.id", primary_key=True)
    registration_id: int = Field(foreign_key="seminar_registration.id", primary_key=True)
    mail_id: int = Field(index=True)  # the outbox row (app.mail.OutboxMail.id)


class OrgAnswer(StrEnum):
    UNKNOWN = "unknown"  # 未確認
    ATTEND = "attend"  # 出席
    ABSENT = "absent"  # 欠席
    CONSIDERING = "considering"  # 検討中


ORG_ANSWER_LABELS = {
    OrgAnswer.UNKNOWN: "未確認",
    OrgAnswer.ATTEND: "出席",
    OrgAnswer.ABSENT: "欠席",
    OrgAnswer.CONSIDERING: "検討中",
}


class SeminarOrgAttendance(SQLModel, table=True):
    """出欠確認 of a 団体セミナー: what each organization answered when the secretariat called."""

    __tablename__ = "seminar_org_attendance"
    __table_args__ = (UniqueConstraint("seminar_id", "organization_id", name="uq_seminar_org_attendance_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    seminar_id: int = Field(foreign_key="seminar.id", index=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    answer: str = Field(default=OrgAnswer.UNKNOWN, max_length=12)
    memo: str = Field(default="", max_length=500)
    recorded_by: int | None = Field(default=None, foreign_key="user_account.id")
    recorded_at: datetime
