"""The bounces slice's tables: every notification received (BounceEvent) and the state of each
address (BouncedAddress: hard/soft, score, suppressed, released)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from app.models import Column, Field, SQLModel, Text


class BounceKind(StrEnum):
    HARD = "hard"  # 5.x.x: the address does not exist (or the server refuses it for good)
    SOFT = "soft"  # 4.x.x / delayed: mailbox full, greylisting, a server down
    FORGED = "forged"  # the VERP address was not ours (bad signature, unknown row): counted, ignored


class BounceEvent(SQLModel, table=True):
    __tablename__ = "bounce_event"

    id: int | None = Field(default=None, primary_key=True)
    outbox_id: int | None = Field(default=None, index=True)  # the outbox row the VERP address names
    recipient: str = Field(default="", max_length=320)  # the envelope recipient it came to (bounce+…@)
    address: str = Field(default="", max_length=320, index=True)  # the failing address, lower-cased
    kind: str = Field(max_length=10, index=True)
    status: str = Field(default="", max_length=20)  # RFC 3463 status code, e.g. 5.1.1
    diagnostic: str = Field(default="", max_length=1000)
    raw: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # size-capped
    received_at: datetime = Field(index=True)


class BouncedAddress(SQLModel, table=True):
    __tablename__ = "bounced_address"

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=320, unique=True)  # lower-case
    kind: str = Field(max_length=10)  # the worst seen: hard once any hard bounce came
    last_status: str = Field(default="", max_length=20)
    diagnostic: str = Field(default="", max_length=1000)
    first_seen: datetime
    last_seen: datetime
    count: int = Field(default=0)
    score: int = Field(default=0)
    last_scored_on: date | None = None  # soft bounces add to the score at most once a day
    last_event_id: int | None = None
    suppressed_at: datetime | None = Field(default=None, index=True)
    released_at: datetime | None = None
    released_by: int | None = None  # the staff account that lifted the suppression
    release_reason: str = Field(default="", max_length=500)
