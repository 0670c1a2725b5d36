"""メール相談's rules: the state machine by role, the send-back loop, the answer into the
メールボックス with a notice, business-day ages, counts, erasure, and a double approve."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app import uploads
from app.erasure import erase_person
from app.mail import OutboxMail
from features.mail_consultation import api, erasure, service, states
from features.mail_consultation.models import CaseNote, CaseStatus, MailConsultation
from features.mail_consultation.states import Actor, Move, TransitionRefused
from features.messages.models import Message, MessageThread
from tests.features.accounts.helpers import mails_to
from tests.features.mail_consultation.helpers import (
    COMMENT,
    COUNSELOR,
    NOTE,
    OFFICE,
    PERSON,
    assigned_case,
    new_case,
    people,
    reload,
    reviewed_case,
)

S = CaseStatus


@pytest.mark.parametrize(
    ("move", "status", "actor", "to"),
    [
        (Move.ASSIGN, S.RECEIVED, Actor.SECRETARIAT, S.ASSIGNED),
        (Move.SAVE_DRAFT, S.ASSIGNED, Actor.ASSIGNEE, S.DRAFTING),
        (Move.SUBMIT_DRAFT, S.DRAFTING, Actor.ASSIGNEE, S.REVIEW),
        (Move.SUBMIT_DRAFT, S.DRAFTING, Actor.SECRETARIAT, S.REVIEW),  # a pasted JICA draft
        (Move.SEND_BACK, S.REVIEW, Actor.SECRETARIAT, S.DRAFTING),
        (Move.APPROVE, S.REVIEW, Actor.SECRETARIAT, S.SENT),
        (Move.COMPLETE, S.SENT, Actor.PERSON, S.CLOSED),
        (Move.COMPLETE, S.SENT, Actor.SECRETARIAT, S.CLOSED),
    ],
)
def test_allowed_moves_lead_where_the_table_says(move, status, actor, to):
    assert states.target(move, status, actor) == to


@pytest.mark.parametrize(
    ("move", "status", "actor"),
    [
        (Move.ASSIGN, S.RECEIVED, Actor.ASSIGNEE),
        (Move.ASSIGN, S.RECEIVED, Actor.PERSON),
        (Move.APPROVE, S.REVIEW, Actor.ASSIGNEE),  # a counselor never sends to the person
        (Move.APPROVE, S.REVIEW, Actor.PERSON),
        (Move.SEND_BACK, S.REVIEW, Actor.ASSIGNEE),
        (Move.SAVE_DRAFT, S.REVIEW, Actor.ASSIGNEE),  # under review: the draft is frozen
        (Move.APPROVE, S.DRAFTING, Actor.SECRETARIAT),  # no answer without a reviewed draft
        (Move.APPROVE, S.SENT, Actor.SECRETARIAT),  # never twice
        (Move.COMPLETE, S.REVIEW, Actor.PERSON),
        (Move.SAVE_DRAFT, S.RECEIVED, Actor.ASSIGNEE),
        (Move.ASSIGN, S.SENT, Actor.SECRETARIAT),
    ],
)
def test_refused_moves_raise_with_a_japanese_message(move, status, actor):
    with pytest.raises(TransitionRefused) as refused:
        states.target(move, status, actor)
    assert "できません" in refused.value.message


async def test_send_back_loop_then_approve_delivers_to_mailbox_with_notice(database, settings):
    ids = await people(database)
    case = await reviewed_case(database, settings, ids)
    assert (await reload(database, case.id)).status == S.REVIEW
    async with database.session() as db:
        case = await service.case_by_id(db, case.id)
        message_id = await service.approve(db, settings, case, "最終的な回答です。", "事務局 太郎")
    case = await reload(database, case.id)
    assert case.status == S.SENT and case.answer == "最終的な回答です。" and case.answered_at is not None
    async with database.session(write=False) as db:
        message = await db.get(Message, message_id)
        thread = await db.get(MessageThread, message.thread_id)
    assert message.user_id == ids[PERSON] and message.body == "最終的な回答です。"
    assert thread.organization_id is None and message.direction == "to_person"
    notices = await mails_to(database, PERSON)
    assert [m.subject for m in notices][0].startswith("【PARTNER】メール相談を受け付けました")
    assert any(f"/mailbox/{thread.id}" in m.body for m in notices)
    # The counselor heard of the send-back with its comment; the person never did.
    assert any(COMMENT in m.body for m in await mails_to(database, COUNSELOR))
    for mail in notices:
        assert NOTE not in mail.body and COMMENT not in mail.body and "最初の案" not in mail.body


async def test_wrong_moves_leave_the_case_untouched(database, settings):
    ids = await people(database)
    case = await new_case(database, settings, ids[PERSON])
    async with database.session() as db:
        case = await service.case_by_id(db, case.id)
        with pytest.raises(TransitionRefused):
            await service.approve(db, settings, case, "回答", "事務局")
        with pytest.raises(TransitionRefused):
            await service.save_draft(db, case, Actor.ASSIGNEE, "案", "相談員")
    assert (await reload(database, case.id)).status == S.RECEIVED


async def test_assigning_someone_who_is_not_a_counselor_is_refused(database, settings):
    ids = await people(database)
    case = await new_case(database, settings, ids[PERSON])
    async with database.session() as db:
        case = await service.case_by_id(db, case.id)
        with pytest.raises(service.CaseError):
            await service.assign_counselor(db, settings, case, ids[OFFICE], "事務局")
    assert (await reload(database, case.id)).assignee_user_id is None


async def test_two_approvals_at_once_send_one_answer(database, settings):
    ids = await people(database)
    case = await reviewed_case(database, settings, ids)

    async def approve():
        try:
            async with database.session() as db:
                locked = await service.locked_case(db, case.id)
                await service.approve(db, settings, locked, "回答です。", "事務局")
            return "ok"
        except TransitionRefused:
            return "refused"

    results = await asyncio.gather(approve(), approve())
    assert sorted(results) == ["ok", "refused"]
    async with database.session(write=False) as db:
        count = await db.scalar(select(func.count()).select_from(Message).where(Message.user_id == ids[PERSON]))
    assert count == 1


async def test_jica_contact_link_opens_only_while_their_draft_is_awaited(database, settings):
    ids = await people(database)
    case = await new_case(database, settings, ids[PERSON])
    async with database.session() as db:
        case = await service.case_by_id(db, case.id)
        token = await service.assign_jica(db, settings, case, "JICA 田村", "tamura@jica.example.jp", "事務局")
    mail = (await mails_to(database, "tamura@jica.example.jp"))[-1]
    assert f"/mail-consultation/jica/{token}" in mail.body and "帰国後にNGOで働くには？" in mail.body
    async with database.session(write=False) as db:
        assert (await service.case_for_token(db, token)).id == case.id
        assert await service.case_for_token(db, token + "x") is None
    async with database.session() as db:
        found = await service.case_for_token(db, token)
        await service.submit_draft(db, settings, found, Actor.ASSIGNEE, "JICAからの回答案", "JICA 田村（JICA）")
    async with database.session(write=False) as db:
        assert await service.case_for_token(db, token) is None  # under review: the link is closed


async def test_age_counts_business_days_across_a_weekend_and_a_holiday(database, settings, frozen_clock):
    ids = await people(database)
    # Friday 20 November 2026, 10:00 JST; Monday 23 November is 勤労感謝の日.
    frozen_clock.current = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    case = await new_case(database, settings, ids[PERSON])
    for day, expected in ((21, 0), (22, 0), (23, 0), (24, 1), (27, 4), (30, 5)):
        frozen_clock.current = datetime(2026, 11, day, 3, 0, tzinfo=UTC)
        assert service.age_in_business_days(case) == expected, day
        assert not service.is_overdue(case, settings)
    frozen_clock.current = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    assert service.age_in_business_days(case) == 6 and service.is_overdue(case, settings)
    async with database.session(write=False) as db:
        rows = (await service.queue(db, settings)).items
    assert [(r.age, r.overdue) for r in rows] == [(6, True)]


async def test_queue_is_oldest_first_and_filters_by_state_and_assignee(database, settings, frozen_clock):
    ids = await people(database)
    first = await new_case(database, settings, ids[PERSON], subject="古い相談")
    frozen_clock.advance(days=1)
    second = await assigned_case(database, settings, ids)
    async with database.session(write=False) as db:
        everything = [r.case.id for r in (await service.queue(db, settings)).items]
        assigned = [r.case.id for r in (await service.queue(db, settings, status=S.ASSIGNED)).items]
        mine = [r.case.id for r in (await service.queue(db, settings, assignee=str(ids[COUNSELOR]))).items]
        nobody = [r.case.id for r in (await service.queue(db, settings, assignee="none")).items]
    assert everything == [first.id, second.id]
    assert assigned == mine == [second.id] and nobody == [first.id]


async def test_counts_for_reports(database, settings, frozen_clock):
    ids = await people(database)
    frozen_clock.current = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)  # Friday
    case = await reviewed_case(database, settings, ids)
    await new_case(database, settings, ids[PERSON])
    frozen_clock.current = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # Tuesday after the holiday
    async with database.session() as db:
        await service.approve(db, settings, await service.case_by_id(db, case.id), "回答", "事務局")
    async with database.session(write=False) as db:
        counts = await api.count_mail_consultations(
            db, datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
        )
        before = await api.count_mail_consultations(
            db, datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
        )
    assert counts == {"received": 2, "answered": 1, "median_business_days": 1}
    assert before == {"received": 0, "answered": 0, "median_business_days": None}


async def test_erasure_deletes_the_persons_cases_and_notes_only(database, settings):
    ids = await people(database)
    await reviewed_case(database, settings, ids)
    other = await new_case(database, settings, ids["other@example.jp"])
    async with database.session() as db:
        await erase_person(db, settings, ids[PERSON])
    async with database.session(write=False) as db:
        left = list((await db.execute(select(MailConsultation.id))).scalars())
        notes = await db.scalar(select(func.count()).select_from(CaseNote))
    assert left == [other.id] and notes == 0


async def test_receipt_mail_goes_through_the_outbox(database, settings):
    ids = await people(database)
    await new_case(database, settings, ids[PERSON], subject="語学の相談")
    async with database.session(write=False) as db:
        subjects = list((await db.execute(select(OutboxMail.subject).where(OutboxMail.to_address == PERSON))).scalars())
    assert subjects == ["【PARTNER】メール相談を受け付けました：語学の相談"]


async def test_orphan_attachments_are_swept_and_referenced_ones_kept(database, settings, frozen_clock):
    ids = await people(database)
    pdf = b"%PDF-1.4\n%%EOF"
    directory = uploads.upload_dir(settings, service.UPLOAD_AREA)
    (directory / "aaaa1111").write_bytes(pdf)  # a failed submission's file
    (directory / "bbbb2222").write_bytes(pdf)
    await new_case(database, settings, ids[PERSON])
    async with database.session() as db:
        case = (await db.execute(select(MailConsultation))).scalars().first()
        case.attachment_stored = "bbbb2222"
    old = frozen_clock.current.timestamp() - 7 * 3600
    for name in ("aaaa1111", "bbbb2222"):
        os.utime(directory / name, (old, old))
    async with database.session() as db:
        assert await erasure.sweep_orphan_attachments(db, settings) == 1
    assert not (directory / "aaaa1111").exists() and (directory / "bbbb2222").exists()
