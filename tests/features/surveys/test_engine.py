"""The engine through its public face and service: building rules, freeze after start, invitations
once, answering once (also concurrently), anonymity, the period, reminders once and spaced, and
the results' numbers."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from app import clock
from app.mail import OutboxMail
from features.surveys import api, service
from features.surveys import invitations as engine_invitations
from features.surveys.models import SurveyAnswer, SurveyInvitation, SurveyResponse
from features.surveys.results import results_csv
from tests.features.surveys.helpers import QUESTIONS, make_survey, people, start, tokens


async def _questions(database, survey_id):
    async with database.session(write=False) as db:
        return await service.questions_of(db, survey_id)


async def _answer(database, token, answers):
    async with database.session() as db:
        await engine_invitations.submit_answers(db, token, answers)


def _full(questions, single="満足", multiple=("A",), scale="4", text="とても良かった"):
    q = {x.kind: x.id for x in questions}
    values = {q["single"]: single, q["scale5"]: scale}
    if multiple:
        values[q["multiple"]] = json.dumps(list(multiple), ensure_ascii=False)
    if text:
        values[q["text"]] = text
    return values


async def _mail_count(database) -> int:
    async with database.session(write=False) as db:
        return await db.scalar(select(func.count()).select_from(OutboxMail))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (api.QuestionSpec("single", "満足度", ("はい",)), "選択肢を2つ以上"),
        (api.QuestionSpec("multiple", "分野", ("保健", "保健")), "同じ選択肢"),
        (api.QuestionSpec("dropdown", "分野"), "種類"),
        (api.QuestionSpec("text", "   "), "質問文を入力"),
    ],
)
async def test_bad_questions_are_refused_in_japanese_and_nothing_is_written(database, settings, spec, message):
    with pytest.raises(api.SurveyError, match=message):
        await make_survey(database, settings, questions=(QUESTIONS[0], spec))
    async with database.session(write=False) as db:
        assert await db.scalar(select(func.count()).select_from(service.Survey)) == 0


async def test_create_validates_title_period_and_reminders(database, settings, frozen_clock):
    now = clock.now()
    with pytest.raises(api.SurveyError, match="終了は開始より後"):
        await make_survey(database, settings, opens_at=now, closes_at=now)
    with pytest.raises(api.SurveyError, match="リマインドの回数"):
        await make_survey(database, settings, max_reminders=9)
    async with database.session() as db:
        with pytest.raises(api.SurveyError, match="タイトル"):
            await api.create_survey(db, settings, title=" ", description="", questions=QUESTIONS, owner="x")


async def test_start_invites_each_person_once_and_freezes_the_questions(database, settings, frozen_clock):
    survey_id = await make_survey(database, settings)
    recipients = [*people(3), api.Recipient(email="P1@Example.jp", name="同じ人"), api.Recipient(email="", name="なし")]
    assert await start(database, settings, survey_id, recipients) == 3
    assert await start(database, settings, survey_id, people(4)) == 1  # only p4 is new
    assert await _mail_count(database) == 4
    async with database.session(write=False) as db:
        summary = await api.survey_summary_for_owner(db, "seminar:1")
    assert (summary.id, summary.status, summary.invited, summary.answered) == (survey_id, "実施中", 4, 0)
    question = (await _questions(database, survey_id))[0]
    async with database.session() as db:
        with pytest.raises(api.SurveyError, match="変更できません"):
            await service.update_question(db, survey_id, question.id, QUESTIONS[1])
        with pytest.raises(api.SurveyError, match="変更できません"):
            await service.add_question(db, survey_id, QUESTIONS[1])
        with pytest.raises(api.SurveyError, match="変更できません"):
            await service.move_question(db, survey_id, question.id, 1)
    # 実施中: closes_at and the reminders may still change, the title may not
    async with database.session() as db:
        await service.update_settings(
            db,
            survey_id,
            title="別のタイトル",
            description="",
            anonymous=True,
            opens_at=None,
            closes_at=clock.now() + timedelta(days=10),
            max_reminders=1,
            reminder_gap_days=5,
        )
    async with database.session(write=False) as db:
        survey = await service.get_survey(db, survey_id)
    assert (survey.title, survey.anonymous, survey.max_reminders) == ("国際協力人材セミナー参加者アンケート", False, 1)


async def test_same_user_with_another_address_is_invited_once(database, settings):
    from tests.features.accounts.helpers import make_user

    user = await make_user(database, "member@example.jp")
    survey_id = await make_survey(database, settings)
    first = api.Recipient(email="member@example.jp", name="会員", user_id=user.id)
    again = api.Recipient(email="member.new@example.jp", name="会員", user_id=user.id)
    assert await start(database, settings, survey_id, [first, again]) == 1


async def test_start_without_questions_or_after_closing_is_refused(database, settings):
    empty = await make_survey(database, settings, questions=())
    with pytest.raises(api.SurveyError, match="質問が1つもない"):
        await start(database, settings, empty, people(1))
    survey_id = await make_survey(database, settings)
    await start(database, settings, survey_id, people(1))
    async with database.session() as db:
        await service.close_survey(db, survey_id)
    with pytest.raises(api.SurveyError, match="終了した"):
        await start(database, settings, survey_id, people(2))


async def test_copy_is_an_editable_draft_with_the_same_questions(database, settings):
    survey_id = await make_survey(database, settings, anonymous=True)
    await start(database, settings, survey_id, people(1))
    async with database.session() as db:
        copy_id = await api.copy_survey(db, settings, survey_id, owner="seminar:2", title="第2回アンケート")
        await service.add_question(db, copy_id, api.QuestionSpec("text", "追加の質問"))
    async with database.session(write=False) as db:
        summary = await api.survey_summary(db, copy_id)
        copy = await service.get_survey(db, copy_id)
    assert (summary.status, summary.owner, summary.title, copy.anonymous) == (
        "下書き",
        "seminar:2",
        "第2回アンケート",
        True,
    )
    assert [q.text for q in await _questions(database, copy_id)] == [q.text for q in QUESTIONS] + ["追加の質問"]


async def test_the_token_answers_once_and_the_link_stores_only_a_hash(database, settings, frozen_clock):
    survey_id = await make_survey(database, settings)
    await start(database, settings, survey_id, people(1))
    token = (await tokens(database))["p1@example.jp"]
    async with database.session(write=False) as db:
        stored = (await db.execute(select(SurveyInvitation))).scalar_one()
    assert token not in json.dumps({c.key: str(getattr(stored, c.key)) for c in inspect(SurveyInvitation).columns})
    questions = await _questions(database, survey_id)
    await _answer(database, token, _full(questions))
    with pytest.raises(service.AlreadyAnswered, match="回答済みです"):
        await _answer(database, token, _full(questions))
    async with database.session(write=False) as db:
        assert await db.scalar(select(func.count()).select_from(SurveyResponse)) == 1
        assert (await api.survey_summary(db, survey_id)).answered == 1


async def test_two_concurrent_submits_store_one_answer(database, settings, frozen_clock):
    survey_id = await make_survey(database, settings)
    await start(database, settings, survey_id, people(1))
    token = (await tokens(database))["p1@example.jp"]
    answers = _full(await _questions(database, survey_id))
    outcomes = await asyncio.gather(*(_answer(database, token, answers) for _ in range(4)), return_exceptions=True)
    assert sum(o is None for o in outcomes) == 1
    assert all(isinstance(o, service.AlreadyAnswered) for o in outcomes if o is not None)
    async with database.session(write=False) as db:
        assert await db.scalar(select(func.count()).select_from(SurveyResponse)) == 1
        assert await db.scalar(select(func.count()).select_from(SurveyAnswer)) == 4


async def test_anonymous_answers_cannot_be_joined_to_the_person(database, settings, frozen_clock):
    survey_id = await make_survey(database, settings, anonymous=True)
    await start(database, settings, survey_id, people(3))
    mailed = await tokens(database)
    questions = await _questions(database, survey_id)
    await _answer(database, mailed["p2@example.jp"], _full(questions, text="p2の感想"))
    frozen_clock.advance(minutes=7)
    await _answer(database, mailed["p1@example.jp"], _full(questions, text="p1の感想"))
    async with database.session(write=False) as db:
        invitations = (await db.execute(select(SurveyInvitation))).scalars().all()
        responses = (await db.execute(select(SurveyResponse))).scalars().all()
    # the invitation says who answered, never when
    assert sorted(i.email for i in invitations if i.answered) == ["p1@example.jp", "p2@example.jp"]
    assert all(i.answered_at is None for i in invitations)
    invitation_values = {
        str(getattr(i, c)) for i in invitations for c in ("id", "salt", "token_hash", "email", "user_id")
    }
    for response in responses:
        assert response.invitation_id is None
        # no column of the response holds anything of an invitation; the only time is the day
        columns = {c.key: getattr(response, c.key) for c in inspect(SurveyResponse).columns}
        assert set(columns) == {"id", "survey_id", "invitation_id", "answered_on", "attributes"}
        assert not {str(columns["id"]), str(columns["answered_on"])} & invitation_values
        assert len(response.id) == 32 and not response.id.isdigit()  # random, not a sequence
        assert str(response.answered_on) == "2026-11-21"
        assert json.loads(response.attributes)["年齢帯"] in ("20代", "30代")  # kept for the cross-tab
    # the answer rows' key is (random response id, question id): nothing in them orders the people
    assert [c.key for c in inspect(SurveyAnswer).columns] == ["response_id", "question_id", "value"]


async def test_named_answers_keep_their_invitation(database, settings, frozen_clock):
    survey_id = await make_survey(database, settings)
    await start(database, settings, survey_id, people(1))
    await _answer(database, (await tokens(database))["p1@example.jp"], _full(await _questions(database, survey_id)))
    async with database.session(write=False) as db:
        invitation = (await db.execute(select(SurveyInvitation))).scalar_one()
        response = (await db.execute(select(SurveyResponse))).scalar_one()
    assert response.invitation_id == invitation.id and invitation.answered_at == clock.now()


async def test_answers_only_inside_the_period(database, settings, frozen_clock):
    now = clock.now()
    survey_id = await make_survey(
        database, settings, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=3)
    )
    await start(database, settings, survey_id, people(1))
    token = (await tokens(database))["p1@example.jp"]
    answers = _full(await _questions(database, survey_id))
    with pytest.raises(service.OutsidePeriod, match="回答期間外です"):
        await _answer(database, token, answers)
    frozen_clock.advance(days=3)
    with pytest.raises(service.OutsidePeriod):
        await _answer(database, token, answers)
    async with database.session(write=False) as db:
        assert (await api.survey_summary(db, survey_id)).status == "終了"
    frozen_clock.advance(days=-1)
    await _answer(database, token, answers)


async def _remind(database, settings) -> int:
    async with database.session() as db:
        return await engine_invitations.send_reminders(db, settings)


async def test_reminders_go_to_non_respondents_at_most_n_times_spaced_and_once_each(database, settings, frozen_clock):
    survey_id = await make_survey(database, settings, max_reminders=2, reminder_gap_days=3)
    await start(database, settings, survey_id, people(3))
    mailed = await tokens(database)
    await _answer(database, mailed["p3@example.jp"], _full(await _questions(database, survey_id)))
    assert await _remind(database, settings) == 0  # too early
    frozen_clock.advance(days=2, hours=23)
    assert await _remind(database, settings) == 0
    frozen_clock.advance(hours=1)
    assert await _remind(database, settings) == 2  # p1 and p2; p3 answered
    assert await _remind(database, settings) == 0  # the job running twice sends nothing twice
    frozen_clock.advance(days=1)
    assert await _remind(database, settings) == 0  # at least 3 days apart
    frozen_clock.advance(days=2)
    assert await _remind(database, settings) == 2
    frozen_clock.advance(days=10)
    assert await _remind(database, settings) == 0  # at most 2
    async with database.session(write=False) as db:
        assert await service.reminder_counts(db, survey_id) == {1: 2, 2: 2}
    async with database.session(write=False) as db:
        subjects = (await db.execute(select(OutboxMail.to_address, OutboxMail.subject, OutboxMail.body))).all()
    reminders = [s for s in subjects if "再送" in s[1]]
    assert sorted(to for to, _, _ in reminders) == ["p1@example.jp"] * 2 + ["p2@example.jp"] * 2
    assert all(mailed[to] in body for to, _, body in reminders)  # the same personal link again


async def test_concurrent_reminder_runs_send_each_reminder_once(database, settings, frozen_clock):
    survey_id = await make_survey(database, settings, max_reminders=1, reminder_gap_days=1)
    await start(database, settings, survey_id, people(5))
    frozen_clock.advance(days=1)
    sent = await asyncio.gather(*(_remind(database, settings) for _ in range(3)))
    assert sum(sent) == 5
    async with database.session(write=False) as db:
        count = await db.scalar(select(func.count()).where(OutboxMail.subject.contains("再送")))
    assert count == 5


async def test_no_reminders_for_closed_or_not_yet_open_surveys(database, settings, frozen_clock):
    now = clock.now()
    later = await make_survey(database, settings, opens_at=now + timedelta(days=10), reminder_gap_days=1)
    ending = await make_survey(database, settings, closes_at=now + timedelta(days=2), reminder_gap_days=1, owner="b")
    await start(database, settings, later, people(1))
    await start(database, settings, ending, people(1, start=2))
    frozen_clock.advance(days=3)
    assert await _remind(database, settings) == 0


async def test_results_counts_percentages_average_free_texts_and_crosstab(database, settings, frozen_clock):
    survey_id = await make_survey(database, settings)
    await start(database, settings, survey_id, people(5))
    mailed = await tokens(database)
    questions = await _questions(database, survey_id)
    plan = [  # p1, p3, p5 are 20代; p2, p4 30代
        ("p1@example.jp", _full(questions, single="満足", multiple=("A", "B"), scale="5", text="良い")),
        ("p2@example.jp", _full(questions, single="満足", multiple=("B",), scale="4", text="")),
        ("p3@example.jp", _full(questions, single="不満", multiple=(), scale="2", text="=cmd|' /C calc'!A0")),
        ("p4@example.jp", _full(questions, single="ふつう", multiple=("A",), scale="4", text="また参加したい")),
    ]
    for email, answers in plan:
        await _answer(database, mailed[email], answers)
    async with database.session(write=False) as db:
        outcome = await api.survey_results(db, survey_id)
        tables = await api.survey_crosstab(db, survey_id, "年齢帯")
        data, rows = await results_csv(db, survey_id)
    assert (outcome.invited, outcome.responses, outcome.response_rate) == (5, 4, 80.0)
    single, multiple, scale, text = outcome.questions
    assert single.options == (("満足", 2, 50.0), ("ふつう", 1, 25.0), ("不満", 1, 25.0))
    assert multiple.answered == 3 and multiple.options == (("A", 2, 66.7), ("B", 2, 66.7), ("C", 0, 0.0))
    assert scale.average == 3.75 and [c for _, c, _ in scale.options] == [0, 1, 0, 2, 1]
    assert sorted(text.free_texts) == sorted(["良い", "=cmd|' /C calc'!A0", "また参加したい"])
    assert outcome.attribute_keys == ("年齢帯",)
    by_single = tables[0]
    assert by_single.columns == ("満足", "ふつう", "不満")
    assert by_single.rows == (("20代", (1, 0, 1), 2), ("30代", (1, 1, 0), 2))
    assert tables[2].rows[0] == ("20代", (0, 1, 0, 0, 1), 2)
    assert len(tables) == 3  # free text is not cross-tabulated
    csv = data.decode("utf-8-sig")
    assert rows == 4 and "'=cmd|' /C calc'!A0" in csv and "A／B" in csv
    assert csv.splitlines()[0].startswith("回答日,年齢帯,問1 セミナー全体の満足度")
    svg = api.results_chart_svg(single)
    assert svg.startswith("<svg") and "<script" not in svg and "<style" not in svg and 'role="img"' in svg


async def test_two_concurrent_starts_invite_each_person_once(database, settings, frozen_clock):
    survey_id = await make_survey(database, settings)
    counts = await asyncio.gather(*(start(database, settings, survey_id, people(3)) for _ in range(3)))
    assert sorted(counts) == [0, 0, 3]
    assert await _mail_count(database) == 3


async def test_a_draft_whose_period_is_over_cannot_be_started(database, settings, frozen_clock):
    survey_id = await make_survey(database, settings, closes_at=clock.now() - timedelta(minutes=1))
    with pytest.raises(api.SurveyError, match="回答期間の終了が過ぎています"):
        await start(database, settings, survey_id, people(1))
    assert await _mail_count(database) == 0


async def test_erasing_a_person_unlinks_their_invitation_and_keeps_the_answers(database, settings, frozen_clock):
    from tests.features.accounts.helpers import make_user

    user = await make_user(database, "leaver@example.jp")
    survey_id = await make_survey(database, settings)
    await start(
        database, settings, survey_id, [api.Recipient("leaver@example.jp", "退会者", user.id, {"年齢帯": "40代"})]
    )
    token = (await tokens(database))["leaver@example.jp"]
    await _answer(database, token, _full(await _questions(database, survey_id)))
    async with database.session() as db:
        await engine_invitations.erase_invitations(db, settings, user.id)
    async with database.session(write=False) as db:
        invitation = (await db.execute(select(SurveyInvitation))).scalar_one()
        response = (await db.execute(select(SurveyResponse))).scalar_one()
        assert await engine_invitations.invitation_by_token(db, token) is None
        assert (await api.survey_results(db, survey_id)).responses == 1
    assert (invitation.email, invitation.name, invitation.user_id, invitation.attributes) == (
        f"erased-{invitation.id}@invalid",
        "",
        None,
        "{}",
    )
    assert response.invitation_id is None


async def test_anonymous_crosstab_pools_groups_too_small_to_hide_anyone(database, settings, frozen_clock):
    survey_id = await make_survey(database, settings, anonymous=True)
    await start(database, settings, survey_id, people(5))  # p1, p3, p5: 20代; p2, p4: 30代
    mailed = await tokens(database)
    questions = await _questions(database, survey_id)
    for email in ("p1@example.jp", "p3@example.jp", "p5@example.jp", "p2@example.jp"):
        await _answer(database, mailed[email], _full(questions, single="不満" if email == "p2@example.jp" else "満足"))
    async with database.session(write=False) as db:
        single = (await api.survey_crosstab(db, survey_id, "年齢帯"))[0]
        by_job = await api.survey_crosstab(db, survey_id, "職業")  # nobody has it: one pool of 4
    assert single.rows == (("20代", (3, 0, 0), 3),)  # the one 30代 answer is not shown apart
    assert by_job[0].rows == (("（不明）", (3, 0, 1), 4),)
    await start(
        database,
        settings,
        survey_id,
        [api.Recipient(f"x{n}@example.jp", "", None, {"年齢帯": f"{n}0代"}) for n in (4, 5, 6)],
    )
    extra = await tokens(database)
    for n in (4, 5, 6):
        await _answer(database, extra[f"x{n}@example.jp"], _full(questions, single="ふつう"))
    async with database.session(write=False) as db:
        single = (await api.survey_crosstab(db, survey_id, "年齢帯"))[0]
    # 30代 (1), 40代, 50代, 60代 (1 each): pooled into one group of 4
    assert single.rows == (("20代", (3, 0, 0), 3), ("その他（回答者3人未満の区分をまとめて表示）", (0, 3, 1), 4))
