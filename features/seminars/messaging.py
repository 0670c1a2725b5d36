"""セミナーリマインド, the secretariat's messages to participants, and 出欠確認 of organizations.

Reminders are exactly once per person and reminder: the job inserts (registration, days_before)
into seminar_reminder_sent with ON CONFLICT DO NOTHING and queues a mail only for the rows its
own insert returned, in the same transaction — a second or concurrent run finds them taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit, clock
from app.config import Settings
from app.mail import MailStatus, OutboxMail, queue_mails, render_mail
from app.pagination import Page
from features.accounts import api as accounts
from features.seminars import materials, service, states
from features.seminars.models import (
    ORG_ANSWER_LABELS,
    BulkAudience,
    OrgAnswer,
    RegistrationStatus,
    Seminar,
    SeminarBulkMessage,
    SeminarBulkRecipient,
    SeminarKind,
    SeminarOrgAttendance,
    SeminarRegistration,
    SeminarRegistrationSession,
    SeminarReminderSent,
    SeminarSession,
)

R = RegistrationStatus
DAY = timedelta(days=1)


def parse_days(text: str) -> list[int]:
    """ "7,1" → [7, 1]; anything that is not a whole number of days from 1 to 60 is dropped."""
    days = set()
    for part in (text or "").replace("、", ",").split(","):
        part = part.strip()
        if part.isdigit() and 1 <= int(part) <= 60:
            days.add(int(part))
    return sorted(days, reverse=True)


def _insert(db: AsyncSession):
    dialect = db.bind.dialect.name if db.bind else "sqlite"
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


async def _sessions_by_registration(db: AsyncSession, registration_ids: list[int]) -> dict[int, list]:
    if not registration_ids:
        return {}
    rows = await db.execute(
        select(SeminarRegistrationSession.registration_id, SeminarRegistrationSession.status, SeminarSession)
        .join(SeminarSession, SeminarSession.id == SeminarRegistrationSession.session_id)
        .where(SeminarRegistrationSession.registration_id.in_(registration_ids))
        .order_by(SeminarSession.starts_at, SeminarSession.track)
    )
    result: dict[int, list] = {}
    for registration_id, status, session in rows.all():
        result.setdefault(registration_id, []).append(
            (service.when_text(session.starts_at, session.ends_at), session.track, session.title, status == R.WAITING)
        )
    return result


async def send_reminders(db: AsyncSession, settings: Settings) -> int:
    """The cron job: for each public seminar still to come, the reminders now due to its confirmed
    participants. A reminder whose moment had passed when the person registered is not sent (they
    have just had the confirmation). Returns the number of mails queued."""
    now = clock.now()
    seminars = await db.scalars(
        select(Seminar).where(Seminar.status.in_(states.PUBLIC_STATES), Seminar.starts_at > now)
    )
    queued = 0
    for seminar in list(seminars):
        days = parse_days(seminar.reminder_days)
        due = [d for d in days if seminar.starts_at - d * DAY <= now]
        if not due:
            continue
        target = min(due)  # the nearest reminder; the earlier ones are past
        registrations = list(
            await db.scalars(
                select(SeminarRegistration).where(
                    SeminarRegistration.seminar_id == seminar.id, SeminarRegistration.status == R.CONFIRMED
                )
            )
        )
        if not registrations:
            continue
        rows = [{"registration_id": r.id, "days_before": d, "sent_at": now} for r in registrations for d in due]
        statement = (
            _insert(db)(SeminarReminderSent)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["registration_id", "days_before"])
            .returning(SeminarReminderSent.registration_id, SeminarReminderSent.days_before)
        )
        taken = {(rid, d) for rid, d in (await db.execute(statement)).all()}
        to_mail = [
            r
            for r in registrations
            if (r.id, target) in taken and (r.confirmed_at is None or r.confirmed_at < seminar.starts_at - target * DAY)
        ]
        if not to_mail:
            continue
        sessions = await _sessions_by_registration(db, [r.id for r in to_mail])
        context = service.seminar_mail_context(settings, seminar)
        mails = []
        for registration in to_mail:
            rendered = render_mail(
                "seminars/reminder.txt.jinja",
                registration=registration,
                days_before=target,
                online_url=seminar.online_url,
                sessions=sessions.get(registration.id, []),
                materials_url=materials.guest_url(settings, seminar.id, registration.id),
                **context,
            )
            mails.append((registration.email, rendered.subject, rendered.body))
        await queue_mails(db, settings, mails)
        queued += len(mails)
    return queued


# -- messages from the secretariat ------------------------------------------------------------

AUDIENCE_LABELS = {
    BulkAudience.ALL: "申込者全員（参加確定・キャンセル待ち）",
    BulkAudience.CONFIRMED: "参加確定の方",
    BulkAudience.WAITING: "キャンセル待ちの方",
}
_AUDIENCE_STATUSES = {
    BulkAudience.ALL: (R.CONFIRMED, R.WAITING),
    BulkAudience.CONFIRMED: (R.CONFIRMED,),
    BulkAudience.WAITING: (R.WAITING,),
}


async def audience_count(db: AsyncSession, seminar_id: int, audience: str) -> int:
    return (
        await db.scalar(
            select(func.count()).where(
                SeminarRegistration.seminar_id == seminar_id,
                SeminarRegistration.status.in_(_AUDIENCE_STATUSES[BulkAudience(audience)]),
            )
        )
        or 0
    )


async def send_message(
    db: AsyncSession,
    settings: Settings,
    seminar: Seminar,
    *,
    audience: str,
    subject: str,
    body: str,
    actor_user_id: int,
) -> SeminarBulkMessage:
    """One mail per recipient, all written to the outbox in one statement; the recipients are
    listed with their outbox row so the page can count deliveries."""
    recipients = await service.list_registrations(db, seminar.id, _AUDIENCE_STATUSES[BulkAudience(audience)])
    if not recipients:
        raise service.TransitionRefused("送信先に該当する申込者がいません。")
    footer = f"\n\n──────────────────\n{seminar.title}\nPARTNER事務局\n{settings.app.base_url}\n"
    rows = await queue_mails(
        db,
        settings,
        [(r.email, f"【PARTNER】{subject}", f"{r.name} 様\n\n{body}{footer}") for r in recipients],
    )
    message = SeminarBulkMessage(
        seminar_id=seminar.id,
        audience=audience,
        subject=subject,
        body=body,
        total=len(rows),
        created_by=actor_user_id,
        created_at=clock.now(),
    )
    db.add(message)
    await db.flush()
    db.add_all(
        SeminarBulkRecipient(message_id=message.id, registration_id=r.id, mail_id=mail.id)
        for r, mail in zip(recipients, rows, strict=True)
    )
    await db.flush()
    await audit.record(
        db,
        "seminar_message",
        actor_user_id=actor_user_id,
        target_type="seminar",
        target_id=seminar.id,
        detail=f"{AUDIENCE_LABELS[BulkAudience(audience)]} {len(rows)}件: {subject}",
    )
    return message


@dataclass(frozen=True)
class Progress:
    message: SeminarBulkMessage
    sent: int

    @property
    def done(self) -> bool:
        return self.sent >= self.message.total


async def messages_of(db: AsyncSession, seminar_id: int) -> list[Progress]:
    messages = list(
        await db.scalars(
            select(SeminarBulkMessage)
            .where(SeminarBulkMessage.seminar_id == seminar_id)
            .order_by(SeminarBulkMessage.id.desc())
            .limit(20)
        )
    )
    if not messages:
        return []
    rows = await db.execute(
        select(SeminarBulkRecipient.message_id, func.count())
        .join(OutboxMail, OutboxMail.id == SeminarBulkRecipient.mail_id)
        .where(SeminarBulkRecipient.message_id.in_([m.id for m in messages]), OutboxMail.status == MailStatus.SENT)
        .group_by(SeminarBulkRecipient.message_id)
    )
    sent = dict(rows.all())
    return [Progress(m, sent.get(m.id, 0)) for m in messages]


# -- 出欠確認 (団体セミナー) ----------------------------------------------------------------------

ORG_PER_PAGE = 50


@dataclass(frozen=True)
class OrgRow:
    organization_id: int
    name: str
    org_type: str
    answer: str
    memo: str
    recorded_by: str
    recorded_at: datetime | None


async def attendance_list(db: AsyncSession, seminar: Seminar, *, answer: str = "", page: int = 1) -> Page:
    """Every approved organization with what it answered (未確認 when nobody has called yet)."""
    organizations = await accounts.approved_organizations(db)
    answers = {
        a.organization_id: a
        for a in await db.scalars(select(SeminarOrgAttendance).where(SeminarOrgAttendance.seminar_id == seminar.id))
    }
    staff_ids = {a.recorded_by for a in answers.values() if a.recorded_by}
    staff = {uid: (await accounts.user_by_id(db, uid)) for uid in staff_ids}
    rows = []
    for organization in organizations:
        record = answers.get(organization.id)
        row = OrgRow(
            organization_id=organization.id,
            name=organization.name,
            org_type=organization.org_type,
            answer=record.answer if record else OrgAnswer.UNKNOWN,
            memo=record.memo if record else "",
            recorded_by=(staff[record.recorded_by].display_name if record and staff.get(record.recorded_by) else ""),
            recorded_at=record.recorded_at if record else None,
        )
        if not answer or row.answer == answer:
            rows.append(row)
    start = (page - 1) * ORG_PER_PAGE
    return Page(items=rows[start : start + ORG_PER_PAGE], total=len(rows), page=page, per_page=ORG_PER_PAGE)


async def attendance_totals(db: AsyncSession, seminar: Seminar) -> dict[str, int]:
    organizations = await accounts.approved_organizations(db)
    approved = {o.id for o in organizations}
    totals = {a.value: 0 for a in OrgAnswer}
    for record in await db.scalars(select(SeminarOrgAttendance).where(SeminarOrgAttendance.seminar_id == seminar.id)):
        if record.organization_id in approved:
            totals[record.answer] += 1
    totals[OrgAnswer.UNKNOWN] = len(approved) - sum(v for k, v in totals.items() if k != OrgAnswer.UNKNOWN)
    return totals


async def record_answer(
    db: AsyncSession, seminar: Seminar, organization_id: int, answer: str, memo: str, actor_user_id: int
) -> OrgRow:
    if seminar.kind != SeminarKind.ORGANIZATION:
        raise service.TransitionRefused("出欠確認は国際協力団体セミナーだけで使えます。")
    if answer not in ORG_ANSWER_LABELS:
        raise service.TransitionRefused("回答は一覧から選択してください。")
    organization = (await accounts.organizations_by_ids(db, {organization_id})).get(organization_id)
    if organization is None or organization.status != accounts.OrganizationStatus.APPROVED:
        raise LookupError(organization_id)
    now = clock.now()
    statement = (
        _insert(db)(SeminarOrgAttendance)
        .values(
            seminar_id=seminar.id,
            organization_id=organization_id,
            answer=answer,
            memo=memo,
            recorded_by=actor_user_id,
            recorded_at=now,
        )
        .on_conflict_do_update(
            index_elements=["seminar_id", "organization_id"],
            set_={"answer": answer, "memo": memo, "recorded_by": actor_user_id, "recorded_at": now},
        )
    )
    await db.execute(statement)
    user = await accounts.user_by_id(db, actor_user_id)
    return OrgRow(
        organization_id=organization_id,
        name=organization.name,
        org_type=organization.org_type,
        answer=answer,
        memo=memo,
        recorded_by=user.display_name if user else "",
        recorded_at=now,
    )
