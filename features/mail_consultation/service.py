"""メール相談: the rules. Receiving a question, the secretariat's queue with business-day ages,
assigning a counselor or a JICA contact, drafting, the secretariat's review, the answer into the
person's メールボックス, notes and 回答テンプレート (counts in counters.py, erasure in erasure.py).

No HTTP objects here. Every state change goes through states.target(); a case row is locked
(SELECT … FOR UPDATE on PostgreSQL; SQLite writes begin IMMEDIATE) before it moves, and the move
is a conditional UPDATE on the state it was read in, so two clicks never send two answers."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, uploads
from app.config import Settings
from app.mail import queue_template_mail
from app.pagination import Page
from app.reply_templates import TemplateBook
from features.accounts import api as accounts
from features.mail_consultation import states
from features.mail_consultation.models import CaseEvent, CaseNote, MailConsultation, ReplyTemplate
from features.mail_consultation.models import CaseStatus as S
from features.mail_consultation.states import Actor, Move, TransitionRefused
from features.messages import api as messages

CATEGORIES = ("進路", "応募書類", "語学", "帰国後の進路", "その他")  # 相談区分
UPLOAD_AREA = "mail_consultation"
SUBJECT_MAX = 100
ANSWER_MAX = 8000
NOTE_MAX = 2000
PER_PAGE = 30


class CaseError(Exception):
    """A request the rules refuse; the message is Japanese and shown as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def received_day(case: MailConsultation) -> date:
    return clock.to_jst(case.received_at).date()


def age_in_business_days(case: MailConsultation, today: date | None = None) -> int:
    """Business days since it arrived (Japanese holidays skipped); an answered case stops counting."""
    end = clock.to_jst(case.answered_at).date() if case.answered_at else (today or clock.today_jst())
    return clock.business_days_between(received_day(case), end)


def is_overdue(case: MailConsultation, settings: Settings, today: date | None = None) -> bool:
    return age_in_business_days(case, today) > settings.mail_consultation.target_business_days


async def _mail(db: AsyncSession, settings: Settings, *, to: str, template: str, **context) -> None:
    await queue_template_mail(db, settings, to=to, template=template, base_url=settings.app.base_url, **context)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _event(db: AsyncSession, case: MailConsultation, move: str, actor_name: str, comment: str = "") -> None:
    db.add(
        CaseEvent(consultation_id=case.id, move=move, actor_name=actor_name, comment=comment, created_at=clock.now())
    )
    await db.flush()


async def _move(db: AsyncSession, case: MailConsultation, move: Move, actor: Actor, **values) -> None:
    """Apply a move: checked against the table, then written only if the case is still in the state
    it was read in (a concurrent click finds 0 rows and is refused)."""
    to_state = states.target(move, case.status, actor)
    now = clock.now()
    result = await db.execute(
        update(MailConsultation)
        .where(MailConsultation.id == case.id, MailConsultation.status == case.status)
        .values(status=to_state, updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise TransitionRefused("この相談は他の操作で更新されました。画面を読み込み直してください。")
    await db.refresh(case)


# -- the person ---------------------------------------------------------------------------------


async def submit(
    db: AsyncSession,
    settings: Settings,
    user_id: int,
    *,
    category: str,
    subject: str,
    body: str,
    attachment: uploads.StoredFile | None = None,
) -> MailConsultation:
    now = clock.now()
    case = MailConsultation(
        user_id=user_id,
        category=category,
        subject=subject,
        body=body,
        attachment_stored=attachment.stored_name if attachment else "",
        attachment_name=attachment.original_name if attachment else "",
        attachment_type=attachment.content_type if attachment else "",
        status=S.RECEIVED,
        received_at=now,
        updated_at=now,
    )
    db.add(case)
    await db.flush()
    await _event(db, case, "受付", "相談者")
    email = (await accounts.active_emails_of_users(db, {user_id})).get(user_id)
    if email:
        await _mail(db, settings, to=email, template="mail_consultation/received.txt.jinja", case=case)
    return case


async def cases_of(db: AsyncSession, user_id: int) -> list[MailConsultation]:
    rows = await db.execute(
        select(MailConsultation)
        .where(MailConsultation.user_id == user_id)
        .order_by(MailConsultation.received_at.desc(), MailConsultation.id.desc())
        .limit(200)
    )
    return list(rows.scalars())


async def case_of_person(db: AsyncSession, user_id: int, case_id: int) -> MailConsultation | None:
    rows = await db.execute(
        select(MailConsultation).where(MailConsultation.id == case_id, MailConsultation.user_id == user_id)
    )
    return rows.scalar_one_or_none()


async def case_exists(db: AsyncSession, case_id: int) -> bool:
    return (await db.scalar(select(MailConsultation.id).where(MailConsultation.id == case_id))) is not None


# -- staff ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    case: MailConsultation
    age: int  # business days
    overdue: bool
    assignee: str
    status_label: str


async def _assignee_names(db: AsyncSession, cases: list[MailConsultation]) -> dict[int, str]:
    counselors = dict(await accounts.counselors(db))
    names = {}
    for c in cases:
        if c.assignee_user_id:
            names[c.id] = counselors.get(c.assignee_user_id, "（相談員）")
        elif c.jica_name:
            names[c.id] = f"{c.jica_name}（JICA）"
        else:
            names[c.id] = ""
    return names


async def queue(
    db: AsyncSession, settings: Settings, *, status: str = "", assignee: str = "", page: int = 1
) -> Page[QueueRow]:
    """The secretariat's queue, oldest first. status: a CaseStatus or "" (every open case) or "all";
    assignee: a counselor's user id, "jica", "none" or "" (anyone)."""
    where = []
    if status == "all":
        pass
    elif status in set(S):
        where.append(MailConsultation.status == status)
    else:
        where.append(MailConsultation.status.in_(states.OPEN_STATES))
    if assignee == "none":
        where.append(MailConsultation.assignee_user_id.is_(None) & (MailConsultation.jica_email == ""))
    elif assignee == "jica":
        where.append(MailConsultation.jica_email != "")
    elif assignee.isdigit():
        where.append(MailConsultation.assignee_user_id == int(assignee))
    total = await db.scalar(select(func.count()).select_from(MailConsultation).where(*where))
    rows = list(
        (
            await db.execute(
                select(MailConsultation)
                .where(*where)
                .order_by(MailConsultation.received_at, MailConsultation.id)
                .offset((page - 1) * PER_PAGE)
                .limit(PER_PAGE)
            )
        ).scalars()
    )
    names = await _assignee_names(db, rows)
    today = clock.today_jst()
    return Page(
        [
            QueueRow(
                case=c,
                age=age_in_business_days(c, today),
                overdue=c.status in states.OPEN_STATES and is_overdue(c, settings, today),
                assignee=names[c.id],
                status_label=states.label(c.status),
            )
            for c in rows
        ],
        page,
        PER_PAGE,
        total or 0,
    )


async def case_by_id(db: AsyncSession, case_id: int) -> MailConsultation | None:
    return await db.get(MailConsultation, case_id)


async def locked_case(db: AsyncSession, case_id: int) -> MailConsultation | None:
    rows = await db.execute(select(MailConsultation).where(MailConsultation.id == case_id).with_for_update())
    return rows.scalar_one_or_none()


async def cases_assigned_to(db: AsyncSession, user_id: int, *, open_only: bool = True) -> list[MailConsultation]:
    where = [MailConsultation.assignee_user_id == user_id]
    if open_only:
        where.append(MailConsultation.status.in_((S.ASSIGNED, S.DRAFTING, S.REVIEW)))
    rows = await db.execute(
        select(MailConsultation).where(*where).order_by(MailConsultation.received_at, MailConsultation.id).limit(200)
    )
    return list(rows.scalars())


async def assignee_name(db: AsyncSession, case: MailConsultation) -> str:
    return (await _assignee_names(db, [case]))[case.id]


async def person_label(db: AsyncSession, user_id: int) -> str:
    found = (await accounts.codes_and_names(db, {user_id})).get(user_id)
    return f"{found[1]}（{found[0]}）" if found else "（登録者）"


async def counselors(db: AsyncSession) -> list[tuple[int, str]]:
    return await accounts.counselors(db)


async def assign_counselor(
    db: AsyncSession, settings: Settings, case: MailConsultation, counselor_id: int, actor_name: str
) -> None:
    names = dict(await accounts.counselors(db))
    if counselor_id not in names:
        raise CaseError("キャリア相談員を一覧から選択してください。")
    await _move(
        db,
        case,
        Move.ASSIGN,
        Actor.SECRETARIAT,
        assignee_user_id=counselor_id,
        jica_name="",
        jica_email="",
        jica_token_hash="",
        assigned_at=clock.now(),
    )
    await _event(db, case, "担当割当", actor_name, f"担当：{names[counselor_id]}")
    email = (await accounts.active_emails_of_users(db, {counselor_id})).get(counselor_id)
    if email:
        await _mail(
            db, settings, to=email, template="mail_consultation/assigned.txt.jinja", case=case, name=names[counselor_id]
        )


async def assign_jica(
    db: AsyncSession, settings: Settings, case: MailConsultation, name: str, email: str, actor_name: str
) -> str:
    """A JICA contact without an account: a mail with the question and a personal link to draft
    the answer (valid while the case waits for their draft). Returns the raw token (tests)."""
    token = secrets.token_urlsafe(32)
    await _move(
        db,
        case,
        Move.ASSIGN,
        Actor.SECRETARIAT,
        assignee_user_id=None,
        jica_name=name,
        jica_email=email,
        jica_token_hash=_hash(token),
        assigned_at=clock.now(),
    )
    await _event(db, case, "担当割当", actor_name, f"担当：{name}（JICA）")
    await _mail(
        db,
        settings,
        to=email,
        template="mail_consultation/jica_request.txt.jinja",
        case=case,
        name=name,
        token=token,
    )
    return token


async def case_for_token(db: AsyncSession, token: str) -> MailConsultation | None:
    """The case a JICA contact's link opens: only while it is assigned to them and not yet reviewed."""
    if not token or len(token) > 100:
        return None
    rows = await db.execute(
        select(MailConsultation).where(
            MailConsultation.jica_token_hash == _hash(token),
            MailConsultation.status.in_((S.ASSIGNED, S.DRAFTING)),
        )
    )
    return rows.scalar_one_or_none()


def _check_answer(text: str) -> None:
    if not text:
        raise CaseError("回答案を入力してください。")
    if len(text) > ANSWER_MAX:
        raise CaseError(f"回答案は{ANSWER_MAX}文字以内で入力してください（現在{len(text)}文字）。")


async def save_draft(db: AsyncSession, case: MailConsultation, actor: Actor, text: str, actor_name: str) -> None:
    _check_answer(text)
    first = case.status == S.ASSIGNED
    await _move(db, case, Move.SAVE_DRAFT, actor, draft=text, draft_updated_at=clock.now())
    if first:
        await _event(db, case, "回答案作成", actor_name)


async def submit_draft(
    db: AsyncSession, settings: Settings, case: MailConsultation, actor: Actor, text: str, actor_name: str
) -> None:
    _check_answer(text)
    await _move(db, case, Move.SUBMIT_DRAFT, actor, draft=text, draft_updated_at=clock.now())
    await _event(db, case, "事務局確認へ", actor_name)


async def send_back(
    db: AsyncSession, settings: Settings, case: MailConsultation, comment: str, actor_name: str
) -> None:
    """差戻し: back to 回答案作成 with the secretariat's comment (internal); the assignee is told."""
    if not comment:
        raise CaseError("差戻しのコメントを入力してください。")
    if len(comment) > NOTE_MAX:
        raise CaseError(f"コメントは{NOTE_MAX}文字以内で入力してください。")
    await _move(db, case, Move.SEND_BACK, Actor.SECRETARIAT)
    await _event(db, case, "差戻し", actor_name, comment)
    to = case.jica_email
    if case.assignee_user_id:
        to = (await accounts.active_emails_of_users(db, {case.assignee_user_id})).get(case.assignee_user_id, "")
    if to:
        await _mail(
            db,
            settings,
            to=to,
            template="mail_consultation/sent_back.txt.jinja",
            case=case,
            comment=comment,
            jica=not case.assignee_user_id,
        )


async def approve(db: AsyncSession, settings: Settings, case: MailConsultation, answer: str, actor_name: str) -> int:
    """承認して回答送信: the answer (as the secretariat finally worded it) goes into the person's
    メールボックス as a message from PARTNER事務局, with a notice mail. The message id."""
    _check_answer(answer)
    now = clock.now()
    await _move(db, case, Move.APPROVE, Actor.SECRETARIAT, answer=answer, answered_at=now)
    subject = f"メール相談の回答：{case.subject}"[:200]
    message_id = await messages.deliver_from_secretariat(
        db, settings, case.user_id, subject, answer, category="メール相談"
    )
    case.mailbox_message_id = message_id
    await db.flush()
    await _event(db, case, "回答送信", actor_name)
    return message_id


async def complete(db: AsyncSession, case: MailConsultation, actor: Actor, actor_name: str) -> None:
    await _move(db, case, Move.COMPLETE, actor, closed_at=clock.now())
    await _event(db, case, "完了", actor_name)


# -- notes and history (internal) ---------------------------------------------------------------


async def add_note(
    db: AsyncSession, case: MailConsultation, author_user_id: int | None, author_name: str, body: str
) -> None:
    if not body:
        raise CaseError("メモを入力してください。")
    if len(body) > NOTE_MAX:
        raise CaseError(f"メモは{NOTE_MAX}文字以内で入力してください（現在{len(body)}文字）。")
    db.add(
        CaseNote(
            consultation_id=case.id,
            author_user_id=author_user_id,
            author_name=author_name,
            body=body,
            created_at=clock.now(),
        )
    )
    await db.flush()


async def notes_of(db: AsyncSession, case_id: int) -> list[CaseNote]:
    rows = await db.execute(select(CaseNote).where(CaseNote.consultation_id == case_id).order_by(CaseNote.id))
    return list(rows.scalars())


async def events_of(db: AsyncSession, case_id: int) -> list[CaseEvent]:
    rows = await db.execute(select(CaseEvent).where(CaseEvent.consultation_id == case_id).order_by(CaseEvent.id))
    return list(rows.scalars())


async def last_send_back(db: AsyncSession, case_id: int) -> CaseEvent | None:
    rows = await db.execute(
        select(CaseEvent)
        .where(CaseEvent.consultation_id == case_id, CaseEvent.move == "差戻し")
        .order_by(CaseEvent.id.desc())
        .limit(1)
    )
    return rows.scalar_one_or_none()


# -- 回答テンプレート ------------------------------------------------------------------------------


REPLY_TEMPLATES = TemplateBook(ReplyTemplate, "回答テンプレート", "テンプレート名", ANSWER_MAX)
reply_templates = REPLY_TEMPLATES.all
save_reply_template = REPLY_TEMPLATES.save
