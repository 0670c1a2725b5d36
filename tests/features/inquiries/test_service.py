"""問い合わせ対応 rules: the transition table, business-day ages across a weekend and a holiday,
replies with the case's history, the inquirer's reply reopening, counters, erasure."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app import mail
from app.mail import OutboxMail
from features.inquiries import api, service, states, stats
from features.inquiries.models import CaseStatus as S
from features.inquiries.models import EventKind, InquiryCase
from features.inquiries.states import Actor, Move, TransitionRefused
from tests.features.inquiries.helpers import (
    OFFICE,
    OFFICE_2,
    PERSON,
    events,
    jst,
    new_case,
    people,
    reload,
    replied_case,
)

# -- the table (no database) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("move", "status", "expected"),
    [
        (Move.START, S.NEW, S.IN_PROGRESS),
        (Move.REPLY, S.NEW, S.ANSWERED),
        (Move.REPLY, S.IN_PROGRESS, S.ANSWERED),
        (Move.REPLY, S.ANSWERED, S.ANSWERED),
        (Move.RECEIVE, S.ANSWERED, S.IN_PROGRESS),
        (Move.RECEIVE, S.CLOSED, S.IN_PROGRESS),
        (Move.RECEIVE, S.NEW, S.NEW),
        (Move.CLOSE, S.ANSWERED, S.CLOSED),
        (Move.REOPEN, S.CLOSED, S.IN_PROGRESS),
    ],
)
def test_allowed_moves(move, status, expected):
    assert states.target(move, status, Actor.STAFF) == expected


@pytest.mark.parametrize(
    ("move", "status"),
    [(Move.REPLY, S.CLOSED), (Move.START, S.ANSWERED), (Move.CLOSE, S.CLOSED), (Move.REOPEN, S.NEW)],
)
def test_refused_moves_say_why_in_japanese(move, status):
    with pytest.raises(TransitionRefused, match="できません"):
        states.target(move, status, Actor.STAFF)


def test_the_inquirer_may_only_send_a_reply():
    assert states.allowed(S.CLOSED, Actor.INQUIRER) == [Move.RECEIVE]
    with pytest.raises(TransitionRefused, match="このアカウントではできません"):
        states.target(Move.CLOSE, S.ANSWERED, Actor.INQUIRER)


# -- ages ---------------------------------------------------------------------------------------------


async def test_overdue_counts_business_days_across_a_weekend_and_a_holiday(database, settings, frozen_clock):
    """Received Friday 20 November; Monday 23 November is 勤労感謝の日. Target 3 business days."""
    await people(database)
    friday = await new_case(database, at=jst(2026, 11, 20, 10, 0).astimezone(UTC))
    tuesday = await new_case(database, at=jst(2026, 11, 24, 9, 0).astimezone(UTC))
    expectations = {  # today (JST) -> (age of friday's, overdue?)
        datetime(2026, 11, 23, 3, tzinfo=UTC): (0, False),  # the holiday
        datetime(2026, 11, 24, 3, tzinfo=UTC): (1, False),
        datetime(2026, 11, 26, 3, tzinfo=UTC): (3, False),
        datetime(2026, 11, 27, 3, tzinfo=UTC): (4, True),
    }
    for now, (age, overdue) in expectations.items():
        frozen_clock.current = now
        case = await reload(database, friday.id)
        assert service.age_in_business_days(case) == age
        assert service.is_overdue(case, settings) is overdue
        async with database.session(write=False) as db:
            page = await service.desk(db, settings, service.DeskFilters(overdue=True))
        assert [row.case.id for row in page.items] == ([friday.id] if overdue else [])
    assert not service.is_overdue(await reload(database, tuesday.id), settings)  # 3 business days on Friday 27th
    settings.inquiries.target_business_days = 2
    assert service.is_overdue(await reload(database, tuesday.id), settings)


async def test_the_desk_lists_overdue_first_then_the_longest_waiting(database, settings, frozen_clock):
    ids = await people(database)
    frozen_clock.current = datetime(2026, 11, 27, 3, tzinfo=UTC)
    recent = await new_case(database, at=jst(2026, 11, 26, 9, 0).astimezone(UTC))
    old = await new_case(database, at=jst(2026, 11, 16, 9, 0).astimezone(UTC), category="応募")
    older_answered = await new_case(database, at=jst(2026, 11, 2, 9, 0).astimezone(UTC))
    async with database.session() as db:
        case = await service.case_by_id(db, older_answered.id)
        await service.reply(db, settings, case, "回答です。", ids[OFFICE], "事務局 太郎")
    async with database.session(write=False) as db:
        everything = await service.desk(db, settings, service.DeskFilters(status="all"))
        by_category = await service.desk(db, settings, service.DeskFilters(category="応募"))
    rows = everything.items
    assert [r.case.id for r in rows] == [old.id, recent.id, older_answered.id]
    assert [r.overdue for r in rows] == [True, False, False]  # an answered case is never overdue
    assert rows[2].age is None and rows[0].age == 8  # 17th–20th, 24th–27th (the 23rd is a holiday)
    assert [r.case.id for r in by_category.items] == [old.id]


# -- moves, replies and history ------------------------------------------------------------------------


async def test_reply_is_mailed_with_a_signed_reply_to_and_kept_in_the_history(database, settings, frozen_clock, smtp):
    ids = await people(database)
    case = await replied_case(database, settings, ids[OFFICE])
    assert case.status == S.ANSWERED and case.first_replied_at == frozen_clock.current
    async with database.session(write=False) as db:
        [row] = list((await db.execute(select(OutboxMail))).scalars())
    assert row.to_address == "hanako@example.jp"
    assert "国際 花子 様\n迷惑メールフォルダをご確認ください。" in row.body  # {氏名} merged
    settings.mail.transport = "smtp"
    settings.mail.smtp_port = smtp.port
    settings.mail.smtp_timeout = 5
    await mail.deliver(database, settings, [row.id])
    [received] = smtp.messages
    reply_to = received.message["Reply-To"]
    assert reply_to.startswith(f"inquiry+{case.id}.") and reply_to == service.reply_address(settings, case.id)
    assert f"受付番号 {case.id}" in received.message["Subject"]
    assert "迷惑メールフォルダをご確認ください。" in received.message.get_body(("plain",)).get_content()
    timeline = await events(database, case.id)
    assert [e.kind for e in timeline] == [EventKind.RECEIVED, EventKind.STATE, EventKind.REPLY]
    assert timeline[2].actor_name == "事務局 太郎" and timeline[2].actor_user_id == ids[OFFICE]
    assert timeline[1].body == "新規 → 回答済"


async def test_unknown_merge_fields_are_refused_and_nothing_is_sent(database, settings):
    ids = await people(database)
    case = await new_case(database)
    async with database.session() as db:
        case = await service.case_by_id(db, case.id)
        with pytest.raises(service.CaseError, match=r"\{会社名\}"):
            await service.reply(db, settings, case, "{会社名} 御中", ids[OFFICE], "事務局")
    async with database.session(write=False) as db:
        assert await db.scalar(select(func.count()).select_from(OutboxMail)) == 0
    assert (await reload(database, case.id)).status == S.NEW


async def test_a_pasted_reply_reopens_an_answered_or_closed_case(database, settings, frozen_clock):
    ids = await people(database)
    case = await replied_case(database, settings, ids[OFFICE])
    frozen_clock.advance(days=3)
    async with database.session() as db:
        case = await service.case_by_id(db, case.id)
        await service.add_received(db, case, "まだ届きません。", actor=Actor.STAFF, actor_name="事務局 次郎")
    case = await reload(database, case.id)
    assert case.status == S.IN_PROGRESS and case.waiting_since == frozen_clock.current
    async with database.session() as db:
        case = await service.case_by_id(db, case.id)
        await service.close(db, case, ids[OFFICE], "事務局 太郎")
        await service.add_received(db, case, "もう一度質問です。", actor=Actor.STAFF, actor_name="事務局 次郎")
    case = await reload(database, case.id)
    assert case.status == S.IN_PROGRESS and case.closed_at is None
    received = [e for e in await events(database, case.id) if e.kind == EventKind.RECEIVED]
    assert [e.body for e in received][1:] == ["まだ届きません。", "もう一度質問です。"]
    assert received[1].actor_name == "国際 花子（事務局 次郎が追加）"


async def test_assignment_only_to_secretariat_members_and_recorded(database, settings):
    ids = await people(database)
    case = await new_case(database)
    async with database.session() as db:
        case = await service.case_by_id(db, case.id)
        with pytest.raises(service.CaseError):
            await service.assign(db, case, ids[PERSON], ids[OFFICE], "事務局 太郎")
        await service.assign(db, case, ids[OFFICE_2], ids[OFFICE], "事務局 太郎")
    assert (await reload(database, case.id)).assignee_id == ids[OFFICE_2]
    [assigned] = [e for e in await events(database, case.id) if e.kind == EventKind.ASSIGN]
    assert assigned.body == "担当者：office2 テスト" and assigned.actor_name == "事務局 太郎"
    async with database.session(write=False) as db:
        mine = await service.desk(db, settings, service.DeskFilters(assignee=str(ids[OFFICE_2])))
        nobody = await service.desk(db, settings, service.DeskFilters(assignee="none"))
    assert [r.case.id for r in mine.items] == [case.id] and nobody.items == []


async def test_a_stale_move_is_refused(database, settings):
    ids = await people(database)
    case = await new_case(database)
    async with database.session() as db:
        stale = await service.case_by_id(db, case.id)
        stale.status = S.NEW
        await db.execute(InquiryCase.__table__.update().values(status=S.CLOSED))
        with pytest.raises(TransitionRefused, match="他の操作"):
            await service.start(db, stale, ids[OFFICE], "事務局")


# -- counters -------------------------------------------------------------------------------------------


async def test_counts_by_category_and_first_reply_times(database, settings, frozen_clock):
    ids = await people(database)
    november = stats.month_bounds(2026, 11)
    plan = [  # (received JST, replied JST or None, category)
        (jst(2026, 11, 2, 9), jst(2026, 11, 2, 15), "ログイン"),  # 0 business days
        (jst(2026, 11, 5, 9), jst(2026, 11, 6, 9), "ログイン"),  # 1
        (jst(2026, 11, 20, 9), jst(2026, 11, 25, 9), "応募"),  # 2 (the 23rd is a holiday)
        (jst(2026, 11, 10, 9), jst(2026, 11, 17, 9), "応募"),  # 5
        (jst(2026, 11, 30, 23, 30), None, "その他"),
        (jst(2026, 12, 1, 0, 30), None, "その他"),  # December in Japan
    ]
    for received, replied, category in plan:
        case = await new_case(database, at=received.astimezone(UTC), category=category)
        if replied is not None:
            async with database.session() as db:
                await db.execute(
                    InquiryCase.__table__.update()
                    .where(InquiryCase.id == case.id)
                    .values(first_replied_at=replied.astimezone(UTC), status=S.ANSWERED)
                )
    async with database.session(write=False) as db:
        counts = await api.count_cases(db, *november)
        times = await api.response_times(db, *november)
        top = await stats.top_categories(db, *november)
    assert counts["total"] == 5
    assert counts["by_category"] == {
        "登録": 0, "ログイン": 2, "求人掲載": 0, "人材閲覧": 0, "応募": 2, "セミナー": 0, "相談": 0, "その他": 1
    }  # fmt: skip
    assert times == {"answered": 4, "unanswered": 1, "median_business_days": 1.5, "p90_business_days": 5}
    assert top == [("ログイン", 2), ("応募", 2), ("その他", 1)]
    assert ids  # the staff exist; counting needs no login


async def test_open_case_files_unknown_categories_under_sonota(database):
    async with database.session() as db:
        case_id = await api.open_case(db, name="a", email="a@example.jp", category="占い", body="x")
    assert (await reload(database, case_id)).category == "その他"


async def test_erasure_deletes_the_persons_linked_cases(database, settings):
    ids = await people(database)
    mine = await new_case(database, user_id=ids[PERSON])
    other = await new_case(database)
    async with database.session() as db:
        await service.erase_cases(db, settings, ids[PERSON])
    async with database.session(write=False) as db:
        left = list((await db.execute(select(InquiryCase.id))).scalars())
    assert left == [other.id] and mine.id not in left
