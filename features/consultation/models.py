"""対面相談: counselors' consultation slots, the bookings of individuals and the 相談記録.

Times are stored in UTC and entered and shown in Japan time. A booking copies its slot's time and
counselor (they change together on a reschedule), so the overlap check, the reminder and the lists
read one table.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint

from app.models import Column, Field, SQLModel, Text


class Place(StrEnum):
    HQ = "本部"
    ONLINE = "オンライン"


class SlotStatus(StrEnum):
    FREE = "free"  # 空き
    BOOKED = "booked"  # 予約済
    CLOSED = "closed"  # 受付停止 (a deleted slot that a past booking still points to)


class BookingStatus(StrEnum):
    BOOKED = "booked"  # 予約済 (実施済 once it is over: read from the time, see service.phase)
    NO_SHOW = "no_show"  # 無断欠席
    CANCELLED = "cancelled"  # キャンセル


class ConsultationSlot(SQLModel, table=True):
    """相談枠: one counselor, one time, one place."""

    __tablename__ = "consultation_slot"
    __table_args__ = (UniqueConstraint("counselor_user_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    counselor_user_id: int = Field(foreign_key="user_account.id", index=True)
    starts_at: datetime = Field(index=True)
    ends_at: datetime
    place: str = Field(max_length=10)
    status: str = Field(default=SlotStatus.FREE, max_length=10, index=True)
    created_at: datetime


class ConsultationBooking(SQLModel, table=True):
    """相談予約."""

    __tablename__ = "consultation_booking"

    id: int | None = Field(default=None, primary_key=True)
    slot_id: int = Field(foreign_key="consultation_slot.id", index=True)
    # The slot while the booking holds it, NULL once cancelled: unique, so two bookings can never
    # hold one slot even if two transactions got past every other check at the same instant.
    active_slot_id: int | None = Field(default=None, foreign_key="consultation_slot.id", unique=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    counselor_user_id: int = Field(foreign_key="user_account.id", index=True)
    starts_at: datetime = Field(index=True)
    ends_at: datetime
    place: str = Field(max_length=10)
    category: str = Field(max_length=20)  # 相談区分
    sheet: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # 相談したいこと
    share_resume: bool = Field(default=False)  # the counselor may see the PARTNER résumé
    status: str = Field(default=BookingStatus.BOOKED, max_length=10, index=True)
    sequence: int = Field(default=0)  # the .ics SEQUENCE: raised by each reschedule or cancellation
    reminder_sent_at: datetime | None = None  # for the current starts_at (a reschedule clears it)
    created_at: datetime
    updated_at: datetime
    cancelled_at: datetime | None = None
    cancelled_by: str = Field(default="", max_length=10)  # "person" | "counselor"


class ConsultationRecord(SQLModel, table=True):
    """相談記録: for counselors and the secretariat only, every read audited."""

    __tablename__ = "consultation_record"

    id: int | None = Field(default=None, primary_key=True)
    booking_id: int = Field(foreign_key="consultation_booking.id", unique=True)
    counselor_user_id: int = Field(foreign_key="user_account.id", index=True)
    category: str = Field(max_length=20)
    content: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    next_steps: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime
    updated_at: datetime
