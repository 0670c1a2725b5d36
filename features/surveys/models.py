"""アンケート: surveys with their questions, the invitations (one per person, by a hashed token)
and the answers.

Anonymity is a property of the rows, not of the pages: an anonymous survey's response has no
invitation id, a random primary key (so its order says nothing) and only the date it was given;
the invitation records that the person answered, never when. A response carries the recipient's
attributes (年齢帯, …) for the cross-tabulation: they are not identifying alone.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint

from app.models import Column, Field, SQLModel, Text


class SurveyStatus(StrEnum):
    DRAFT = "下書き"  # questions editable
    OPEN = "実施中"  # invitations sent; questions frozen
    CLOSED = "終了"  # by the secretariat (or read from closes_at)


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE5 = "scale5"
    TEXT = "text"


class Survey(SQLModel, table=True):
    __tablename__ = "survey"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    owner: str = Field(default="", max_length=120, index=True)  # "seminar:12", "consultation:followup:2026", …
    status: str = Field(default=SurveyStatus.DRAFT, max_length=10, index=True)
    anonymous: bool = Field(default=False)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    max_reminders: int = Field(default=2)
    reminder_gap_days: int = Field(default=3)
    audience_key: str = Field(default="", max_length=200)  # the target list it was started with, if any
    copied_from_id: int | None = None
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = None
    closed_at: datetime | None = None


class SurveyQuestion(SQLModel, table=True):
    __tablename__ = "survey_question"

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    position: int = Field(default=0)
    section: str = Field(default="", max_length=200)
    kind: str = Field(max_length=10)
    text: str = Field(max_length=500)
    choices: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))  # JSON list
    required: bool = Field(default=True)


class SurveyInvitation(SQLModel, table=True):
    """One person invited to one survey. The token in the mailed link is derived from `salt` with
    the site's secret key; only its SHA-256 is stored."""

    __tablename__ = "survey_invitation"
    __table_args__ = (
        UniqueConstraint("survey_id", "email", name="uq_survey_invitation_survey_email"),
        UniqueConstraint("survey_id", "user_id", name="uq_survey_invitation_survey_user"),
    )

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    salt: str = Field(max_length=32)
    email: str = Field(max_length=320)
    name: str = Field(default="", max_length=200)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    attributes: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))  # JSON
    invited_at: datetime
    answered: bool = Field(default=False)
    answered_at: datetime | None = None  # never set for an anonymous survey
    reminders_sent: int = Field(default=0)
    last_mailed_at: datetime  # the invitation or the latest reminder


class SurveyResponse(SQLModel, table=True):
    """One person's answers. The id is random (uuid4 hex): neither it nor the date joins an
    anonymous response to its invitation."""

    __tablename__ = "survey_response"

    id: str = Field(primary_key=True, max_length=32)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    invitation_id: int | None = Field(default=None, foreign_key="survey_invitation.id", unique=True)  # named only
    answered_on: date  # the day only (Japan)
    attributes: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))  # JSON


class SurveyAnswer(SQLModel, table=True):
    """The answer to one question: the choice label, a JSON list (multiple), "1"–"5" or free text."""

    __tablename__ = "survey_answer"

    response_id: str = Field(foreign_key="survey_response.id", primary_key=True, max_length=32)
    question_id: int = Field(foreign_key="survey_question.id", primary_key=True, index=True)
    value: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


# -- 定期アンケート (programs) and the public 認知度アンケート ----------------------------------------


class SurveyProgram(SQLModel, table=True):
    """A recurring survey (PARTNER利用満足度, 求人情報利用, …): its question set is a 下書き survey of
    the engine (`template_survey_id`) copied for each quarter's round; its schedule in days."""

    __tablename__ = "survey_program"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=30, unique=True)  # "partner", "jobs", "events", "talent", "individuals"
    template_survey_id: int = Field(foreign_key="survey.id")
    enabled: bool = Field(default=True)
    open_day: int = Field(default=10)  # the round opens on this day of the month after the quarter (JST)
    reminder_days: int = Field(default=7)  # one reminder this many days after the invitation
    answer_days: int = Field(default=21)  # the round closes this many days after it opens
    created_at: datetime
    updated_at: datetime


class SurveyProgramRound(SQLModel, table=True):
    """One quarter's run of a program: claimed once by the unique (program, quarter)."""

    __tablename__ = "survey_program_round"
    __table_args__ = (UniqueConstraint("program_id", "quarter_start", name="uq_survey_program_round_quarter"),)

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="survey_program.id", index=True)
    quarter_start: date = Field(index=True)  # the quarter asked about (its first day, JST)
    survey_id: int | None = Field(default=None, foreign_key="survey.id")
    score_question_id: int | None = None  # the round's 満足度 question (the first 5段階評価)
    targets: int = Field(default=0)  # the target list's size when the round opened
    opened_at: datetime


class SurveyPublicVoter(SQLModel, table=True):
    """One answer per browser to a public survey: an HMAC of the browser's random cookie. Nothing
    else — no time, no address, no link to the response."""

    __tablename__ = "survey_public_voter"

    survey_id: int = Field(foreign_key="survey.id", primary_key=True)
    voter: str = Field(max_length=64, primary_key=True)
