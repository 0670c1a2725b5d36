"""定期アンケート: the target lists of a quarter against hand-counted fixtures (edges at the quarter's
bounds in Japan time), each round opened once on its day with a controlled clock, the one reminder
only to those who have not answered, and the quarter-over-quarter scores for the reports."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from app import audit, clock
from app.mail import OutboxMail
from features.accounts.models import AccountStatus, Role, UserAccount
from features.postings.models import Posting, PostingKind, PostingStatus
from features.surveys import api, programs, service
from features.surveys import invitations as engine_invitations
from features.surveys.models import SurveyInvitation, SurveyProgramRound
from features.talent.models import Favorite, Resume
from tests.features.accounts.helpers import make_user
from tests.features.postings.helpers import organization_for

Q3 = date(2026, 10, 1)  # 2026年度 第3四半期: 1 October – 31 December 2026 (JST)


def jst(*args) -> datetime:
    return datetime(*args, tzinfo=clock.JST).astimezone(UTC)


async def _org(database, name: str, **kwargs) -> int:
    await make_user(database, f"{name}@example.jp", Role.ORGANIZATION, password_hash="x", **kwargs)
    return (await organization_for(database, f"{name}@example.jp")).id


async def _posting(database, organization_id: int, kind: str, published: datetime, **row) -> None:
    async with database.session() as db:
        db.add(
            Posting(
                organization_id=organization_id,
                kind=kind,
                status=row.pop("status", PostingStatus.APPROVED),
                title="テスト",
                publish_at=published,
                approved_at=published,
                published_at=published,
                created_at=published,
                updated_at=published,
                **row,
            )
        )


async def _fixtures(database) -> dict[str, int]:
    """Who did what around 2026年度 第3四半期 (counted by hand in the test below)."""
    orgs = {name: await _org(database, name) for name in "abcdef"}
    orgs["g"] = await _org(database, "g", status=AccountStatus.PENDING)  # not approved
    job, event = PostingKind.JOB, PostingKind.EVENT
    await _posting(database, orgs["a"], job, jst(2026, 12, 31, 23, 59))  # the quarter's last minute: in
    await _posting(database, orgs["b"], job, jst(2027, 1, 1, 0, 0))  # the next quarter: out
    await _posting(database, orgs["c"], job, jst(2026, 8, 1), closes_on=date(2026, 10, 1))  # public on 1 Oct: in
    await _posting(database, orgs["d"], job, jst(2026, 8, 1), closes_on=date(2026, 9, 30))  # ended before: out
    await _posting(database, orgs["e"], event, jst(2026, 11, 1))  # an event: 研修・セミナー only
    stopped = jst(2026, 9, 30, 23, 59)
    await _posting(database, orgs["e"], job, jst(2026, 8, 1), status=PostingStatus.STOPPED, stopped_at=stopped)
    await _posting(database, orgs["f"], job, jst(2026, 11, 1), status=PostingStatus.PENDING)  # never public
    await _posting(database, orgs["g"], job, jst(2026, 11, 1))  # its organization is not approved
    person = await make_user(database, "person@example.jp", password_hash="x")
    async with database.session() as db:
        resume = Resume(user_id=person.id, updated_at=clock.now())
        db.add(resume)
        await db.flush()
        db.add(Favorite(organization_id=orgs["a"], resume_id=resume.id, created_at=jst(2026, 9, 30, 23, 59)))  # out
        db.add(Favorite(organization_id=orgs["b"], resume_id=resume.id, created_at=jst(2026, 12, 31, 23, 59, 59)))
    clock.set_clock(lambda: jst(2026, 10, 1, 0, 0))  # the audit row's time is the clock's
    async with database.session() as db:
        await audit.record(
            db, "profile_view", actor_user_id=None, target_type="individual", target_id=person.id,
            detail=f"organization:{orgs['f']}",
        )  # fmt: skip
        await audit.record(
            db, "resume_pdf", actor_user_id=None, target_type="individual", target_id=person.id,
            detail=f"organization:{orgs['d']}",
        )  # fmt: skip  # an applicant's résumé, not 人材閲覧
    clock.set_clock(None)
    return orgs


async def _logins(database, **people: tuple[datetime, str]) -> None:
    for name, (at, status) in people.items():
        user = await make_user(database, f"{name}@example.jp", password_hash="x", status=status)
        async with database.session() as db:
            await db.execute(UserAccount.__table__.update().where(UserAccount.id == user.id).values(last_login_at=at))


async def _targets(database, key: str) -> set[str]:
    async with database.session(write=False) as db:
        return {r.email.split("@")[0] for r in await programs.recipients(db, key, Q3)}


def test_fiscal_quarters_in_japan_time():
    start, end = programs.quarter_bounds(Q3)
    assert start == datetime(2026, 9, 30, 15, 0, tzinfo=UTC) and end == datetime(2026, 12, 31, 15, 0, tzinfo=UTC)
    assert programs.quarter_label(Q3) == "2026年度 第3四半期（10月〜12月）"
    assert programs.quarter_label(date(2027, 1, 1)) == "2026年度 第4四半期（1月〜3月）"
    assert programs.previous_quarter(programs.quarter_start(date(2027, 1, 1))) == Q3
    assert programs.quarter_short(date(2026, 4, 1)) == "2026年度Q1"


async def test_target_lists_of_a_quarter(database, settings):
    await _fixtures(database)
    await _logins(
        database,
        p1=(jst(2026, 10, 1, 0, 0), AccountStatus.ACTIVE),  # the quarter's first minute: in
        p2=(jst(2026, 9, 30, 23, 59), AccountStatus.ACTIVE),  # the last minute before: out
        p3=(jst(2026, 11, 5), AccountStatus.WITHDRAWN),  # 退会: out
        p4=(jst(2027, 1, 5), AccountStatus.ACTIVE),  # since the quarter (only the latest login is kept): in
    )
    assert await _targets(database, "partner") == set("abcdef")
    assert await _targets(database, "jobs") == {"a", "c"}
    assert await _targets(database, "events") == {"e"}
    assert await _targets(database, "talent") == {"b", "f"}
    assert await _targets(database, "individuals") == {"p1", "p4"}
    async with database.session(write=False) as db:  # the same lists offered to the survey builder
        offered = await programs.survey_recipients(db, settings, "program:jobs:2026-11-15")
        assert await programs.survey_recipients(db, settings, "seminar:1:attended") is None
        assert await programs.survey_recipients(db, settings, "program:jobs:not-a-day") is None
    assert {r.email.split("@")[0] for r in offered} == {"a", "c"}


async def _invitation_mails(database) -> list[OutboxMail]:
    async with database.session(write=False) as db:
        rows = await db.execute(select(OutboxMail).where(OutboxMail.subject.contains("アンケート")))
        return list(rows.scalars())


async def test_each_round_opens_once_on_its_day_and_reminds_only_non_respondents(database, settings, frozen_clock):
    orgs = {name: await _org(database, name) for name in "abc"}
    await _posting(database, orgs["a"], PostingKind.JOB, jst(2026, 11, 1))
    frozen_clock.current = jst(2027, 1, 9, 23, 59)  # the day before the rounds about Q3 open (10 January)
    async with database.session() as db:
        assert await programs.open_due_rounds(db, settings) == 0
        assert len(await programs.programs(db)) == 5  # the job prepared the programs
    frozen_clock.current = jst(2027, 1, 10, 9, 40)
    async with database.session() as db:
        assert await programs.open_due_rounds(db, settings) == 5
    async with database.session() as db:
        assert await programs.open_due_rounds(db, settings) == 0  # the same day again: none
    frozen_clock.advance(days=1)
    async with database.session() as db:
        assert await programs.open_due_rounds(db, settings) == 0
        rounds = {r.program_key: r for r in await programs.rounds(db)}
    assert {k: (r.targets, r.invited) for k, r in rounds.items()} == {
        "partner": (3, 3),
        "jobs": (1, 1),
        "events": (0, 0),
        "talent": (0, 0),
        "individuals": (0, 0),
    }
    assert all(r.quarter_start == Q3 and r.status == "実施中" for r in rounds.values())
    mails = await _invitation_mails(database)
    assert sorted(m.to_address for m in mails) == ["a@example.jp", "a@example.jp", "b@example.jp", "c@example.jp"]
    assert any("求人情報利用アンケート（2026年度 第3四半期" in m.subject for m in mails)

    # a answers the PARTNER利用満足度 round; 7 days after the invitation only b and c are reminded, once
    partner = rounds["partner"].survey_id
    async with database.session() as db:
        invitation = (
            await db.execute(
                select(SurveyInvitation).where(
                    SurveyInvitation.survey_id == partner, SurveyInvitation.email == "a@example.jp"
                )
            )
        ).scalar_one()
        questions = await service.questions_of(db, partner)
        await engine_invitations.submit_answers(
            db, engine_invitations.invitation_token(settings, invitation), {questions[0].id: "4"}
        )
    frozen_clock.advance(days=5)  # 16 January: 6 days after the invitation
    async with database.session() as db:
        assert await engine_invitations.send_reminders(db, settings) == 0
    frozen_clock.advance(days=1, hours=1)
    async with database.session() as db:
        assert (
            await engine_invitations.send_reminders(db, settings) == 3
        )  # b and c (PARTNER利用満足度), a (求人情報利用)
    async with database.session() as db:
        assert await engine_invitations.send_reminders(db, settings) == 0
    reminders = [m for m in await _invitation_mails(database) if "再送" in m.subject]
    assert sorted((m.to_address, "求人" in m.subject) for m in reminders) == [
        ("a@example.jp", True),
        ("b@example.jp", False),
        ("c@example.jp", False),
    ]
    frozen_clock.current = jst(2027, 1, 31, 0, 0)  # 21 days after it opened: closed
    async with database.session(write=False) as db:
        assert {r.status for r in await programs.rounds(db)} == {"終了"}
        scores = await api.program_scores(db, Q3, date(2027, 1, 1))
    partner_score = next(s for s in scores if s.program == "partner")
    assert (partner_score.mean_score, partner_score.answers, partner_score.invited) == (4.0, 1, 3)
    assert partner_score.response_rate == 33.3 and partner_score.quarter_label == "2026年度Q3"


async def test_a_disabled_program_and_a_missed_window_open_nothing(database, settings, frozen_clock):
    frozen_clock.current = jst(2027, 1, 31, 0, 0)  # past the window of the rounds about Q3
    async with database.session() as db:
        assert await programs.open_due_rounds(db, settings) == 0
    frozen_clock.current = jst(2027, 4, 10, 9, 0)  # the rounds about Q4 are due, but partner is stopped
    async with database.session() as db:
        partner = (await programs.programs(db))["partner"]
        await programs.save_schedule(db, partner.id, enabled=False, open_day=10, reminder_days=7, answer_days=21)
    async with database.session() as db:
        assert await programs.open_due_rounds(db, settings) == 4
        keys = {r.program_key for r in await programs.rounds(db)}
    assert "partner" not in keys and len(keys) == 4


async def test_two_runs_at_once_open_one_round(database, settings, frozen_clock):
    frozen_clock.current = jst(2027, 1, 10, 9, 40)
    async with database.session() as db:
        await programs.ensure_programs(db, settings)
        program = (await programs.programs(db))["partner"]
    async with database.session() as db:
        first = await programs.open_round(db, settings, program, Q3)
        second = await programs.open_round(db, settings, program, Q3)
    assert first is not None and second is None
    async with database.session(write=False) as db:
        assert await db.scalar(select(func.count()).select_from(SurveyProgramRound)) == 1


async def test_quarter_over_quarter_scores_pool_a_fiscal_year(database, settings, frozen_clock):
    await _org(database, "a")
    await _org(database, "b")
    answers = {date(2026, 7, 1): ("5", "3"), Q3: ("4", "2")}
    async with database.session() as db:
        await programs.ensure_programs(db, settings)
        program = (await programs.programs(db))["partner"]
    for first, values in answers.items():
        frozen_clock.current = programs.round_window(program, first)[0]
        async with database.session() as db:
            survey_id = await programs.open_round(db, settings, program, first)
            invitations = (
                await db.execute(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey_id))
            ).scalars()
            score = (await service.questions_of(db, survey_id))[0].id
            for invitation, value in zip(list(invitations), values, strict=True):
                await engine_invitations.submit_answers(
                    db, engine_invitations.invitation_token(settings, invitation), {score: value}
                )
    async with database.session(write=False) as db:
        scores = await api.program_scores(db, date(2026, 4, 1), date(2027, 4, 1))
    assert [(s.quarter_label, s.mean_score, s.answers, s.response_rate) for s in scores] == [
        ("2026年度Q2", 4.0, 2, 100.0),
        ("2026年度Q3", 3.0, 2, 100.0),
    ]


async def test_a_programs_question_set_is_never_started_itself(database, settings):
    async with database.session() as db:
        await programs.ensure_programs(db, settings)
        template_id = (await programs.programs(db))["partner"].template_survey_id
    async with database.session() as db:
        try:
            await engine_invitations.start_survey(db, settings, template_id, [service.Recipient("x@example.jp", "x")])
        except service.SurveyError as error:
            assert "自動で実施されます" in str(error)
        else:
            raise AssertionError("the question set was started")
