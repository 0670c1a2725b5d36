"""The survey engine's invitations: starting a survey with them (each recipient once, a link whose
token only the secret key yields), answering once by token, reminders to non-respondents, and
erasure of a person's invitations."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.forms import clean_text, normalize_email
from app.mail import keyed_message_id, mail_queued, queue_template_mail
from features.surveys.models import Survey, SurveyInvitation, SurveyQuestion, SurveyResponse, SurveyStatus
from features.surveys.service import (
    AlreadyAnswered,
    OutsidePeriod,
    Recipient,
    SurveyError,
    accepting_answers,
    effective_status,
    get_survey,
    is_program_template,
    store_response,
)

# -- invitations ----------------------------------------------------------------------


def _token(settings: Settings, salt: str) -> str:
    """The link's token, derived from the row's salt with the secret key: the database alone
    (a backup, a leak) yields no working link, and a reminder can mail the same link again."""
    digest = hmac.new(settings.app.secret_key.encode(), f"survey-invitation:{salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_token(settings: Settings, invitation: SurveyInvitation) -> str:
    return _token(settings, invitation.salt)


async def start_survey(
    db: AsyncSession, settings: Settings, survey_id: int, recipients: Sequence[Recipient], *, audience_key: str = ""
) -> int:
    """Open the survey (実施中) if not yet, invite each recipient once, queue the invitation mails.
    Returns how many were newly invited. The survey row is locked, so two concurrent starts
    queue; the unique (survey, email) and (survey, user) constraints are the last word."""
    survey = await get_survey(db, survey_id, lock=True)
    if survey is None:
        raise SurveyError("アンケートが見つかりません。")
    if is_program_template(survey):
        raise SurveyError("定期アンケートの質問（ひな形）は実施できません。四半期ごとの回は自動で実施されます。")
    status = effective_status(survey)
    if status == SurveyStatus.CLOSED:
        raise SurveyError("終了したアンケートには招待できません。")
    if status == SurveyStatus.DRAFT:
        if not await db.scalar(select(func.count()).where(SurveyQuestion.survey_id == survey.id)):
            raise SurveyError("質問が1つもないアンケートは実施できません。")
        if survey.closes_at is not None and survey.closes_at <= clock.now():
            raise SurveyError("回答期間の終了が過ぎています。設定で回答期間を直してから実施してください。")
        survey.status = SurveyStatus.OPEN
        survey.audience_key = audience_key[:200]
        survey.started_at = clock.now()
        survey.updated_at = clock.now()
    existing = (
        await db.execute(
            select(SurveyInvitation.email, SurveyInvitation.user_id).where(SurveyInvitation.survey_id == survey.id)
        )
    ).all()
    seen_emails = {email for email, _ in existing}
    seen_users = {user_id for _, user_id in existing if user_id is not None}
    now = clock.now()
    new: list[tuple[SurveyInvitation, str]] = []
    for recipient in recipients:
        email = normalize_email(recipient.email)
        if not email or "@" not in email or len(email) > 320:
            continue
        if email in seen_emails or (recipient.user_id is not None and recipient.user_id in seen_users):
            continue
        seen_emails.add(email)
        if recipient.user_id is not None:
            seen_users.add(recipient.user_id)
        salt = secrets.token_hex(16)
        token = _token(settings, salt)
        invitation = SurveyInvitation(
            survey_id=survey.id,
            token_hash=token_hash(token),
            salt=salt,
            email=email,
            name=clean_text(recipient.name)[:200],
            user_id=recipient.user_id,
            attributes=json.dumps({str(k): str(v) for k, v in dict(recipient.attributes).items()}, ensure_ascii=False),
            invited_at=now,
            last_mailed_at=now,
        )
        db.add(invitation)
        new.append((invitation, token))
    await db.flush()
    for invitation, token in new:
        await queue_template_mail(
            db,
            settings,
            to=invitation.email,
            template="surveys/invitation.txt.jinja",
            message_id=keyed_message_id(settings, f"survey-invitation.{invitation.id}"),
            **_mail_context(settings, survey, invitation, token),
        )
    await db.flush()
    return len(new)


def _mail_context(settings: Settings, survey: Survey, invitation: SurveyInvitation, token: str) -> dict:
    return {
        "base_url": settings.app.base_url.rstrip("/"),
        "survey": survey,
        "name": invitation.name,
        "token": token,
        "opens_at": clock.to_jst(survey.opens_at) if survey.opens_at else None,
        "closes_at": clock.to_jst(survey.closes_at) if survey.closes_at else None,
    }


# -- answering ------------------------------------------------------------------------


async def invitation_by_token(db: AsyncSession, token: str) -> tuple[SurveyInvitation, Survey] | None:
    if not token or len(token) > 100:
        return None
    statement = (
        select(SurveyInvitation, Survey)
        .join(Survey, Survey.id == SurveyInvitation.survey_id)
        .where(SurveyInvitation.token_hash == token_hash(token))
    )
    row = (await db.execute(statement)).first()
    return (row[0], row[1]) if row else None


async def submit_answers(db: AsyncSession, token: str, answers: Mapping[int, str]) -> None:
    """Store one person's answers (already validated against the questions). The invitation is
    claimed by a conditional UPDATE: of two concurrent submits exactly one writes, the other
    gets AlreadyAnswered (PostgreSQL: the second waits on the row lock, then sees answered)."""
    found = await invitation_by_token(db, token)
    if found is None:
        raise LookupError(token)
    invitation, survey = found
    if invitation.answered:
        raise AlreadyAnswered()
    if not accepting_answers(survey):
        raise OutsidePeriod()
    now = clock.now()
    claimed = await db.execute(
        update(SurveyInvitation)
        .where(SurveyInvitation.id == invitation.id, SurveyInvitation.answered.is_(False))
        .values(answered=True, answered_at=None if survey.anonymous else now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise AlreadyAnswered()
    await store_response(
        db,
        survey.id,
        answers,
        invitation_id=None if survey.anonymous else invitation.id,
        answered_on=now.astimezone(clock.JST).date(),
        attributes=invitation.attributes,
    )


# -- reminders ------------------------------------------------------------------------


async def send_reminders(db: AsyncSession, settings: Settings) -> int:
    """Cron: mail the non-respondents of surveys open now, at most max_reminders times, at least
    reminder_gap_days after the last mail. Each reminder number is claimed by a conditional
    UPDATE and mailed under a Message-ID keyed by invitation and number: a second run (or two
    workers at once) sends nothing twice."""
    now = clock.now()
    surveys = (
        await db.execute(
            select(Survey).where(
                Survey.status == SurveyStatus.OPEN,
                Survey.max_reminders > 0,
                (Survey.closes_at.is_(None)) | (Survey.closes_at > now),
                (Survey.opens_at.is_(None)) | (Survey.opens_at <= now),
            )
        )
    ).scalars()
    sent = 0
    for survey in list(surveys):
        due_before = now - timedelta(days=survey.reminder_gap_days)
        due = (
            await db.execute(
                select(SurveyInvitation).where(
                    SurveyInvitation.survey_id == survey.id,
                    SurveyInvitation.answered.is_(False),
                    SurveyInvitation.reminders_sent < survey.max_reminders,
                    SurveyInvitation.last_mailed_at <= due_before,
                )
            )
        ).scalars()
        for invitation in list(due):
            number = invitation.reminders_sent + 1
            claimed = await db.execute(
                update(SurveyInvitation)
                .where(
                    SurveyInvitation.id == invitation.id,
                    SurveyInvitation.reminders_sent == number - 1,
                    SurveyInvitation.answered.is_(False),
                )
                .values(reminders_sent=number, last_mailed_at=now)
                .execution_options(synchronize_session=False)
            )
            message_id = keyed_message_id(settings, f"survey-reminder.{invitation.id}.{number}")
            if claimed.rowcount != 1 or await mail_queued(db, message_id):
                continue
            await queue_template_mail(
                db,
                settings,
                to=invitation.email,
                template="surveys/reminder.txt.jinja",
                message_id=message_id,
                number=number,
                **_mail_context(settings, survey, invitation, invitation_token(settings, invitation)),
            )
            sent += 1
    return sent


# -- erasure --------------------------------------------------------------------------


async def erase_invitations(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会 and retention: the person's invitations lose address, name and attributes and can no
    longer be opened; their answers stay in the results, no longer joined to anyone."""
    rows = list((await db.execute(select(SurveyInvitation).where(SurveyInvitation.user_id == user_id))).scalars())
    if not rows:
        return
    ids = [row.id for row in rows]
    await db.execute(
        update(SurveyResponse)
        .where(SurveyResponse.invitation_id.in_(ids))
        .values(invitation_id=None)
        .execution_options(synchronize_session=False)
    )
    for row in rows:
        row.email = f"erased-{row.id}@invalid"
        row.name = ""
        row.attributes = "{}"
        row.user_id = None
        row.token_hash = token_hash(secrets.token_hex(32))  # the mailed link stops working
        row.answered_at = None
    await db.flush()
