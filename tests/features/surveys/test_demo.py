"""The demo アンケート: the 5-question template as a draft and one run 実施中 with answers."""

from __future__ import annotations

from app import clock
from features.surveys import api, awareness, programs, service
from features.surveys.demo import RUN_OWNER, TEMPLATE_OWNER
from features.surveys.demo_programs import seed_demo


async def test_demo_has_the_template_and_a_running_survey_with_answers(demo_copy, database, settings):
    await demo_copy(database, settings)
    async with database.session(write=False) as db:
        template = await api.survey_summary_for_owner(db, TEMPLATE_OWNER)
        run = await api.survey_summary_for_owner(db, RUN_OWNER)
        questions = await service.questions_of(db, template.id)
        outcome = await api.survey_results(db, run.id)
    assert (template.title, template.status) == ("セミナー参加者アンケート", "下書き")
    assert [q.kind for q in questions] == ["single", "single", "scale5", "multiple", "text"]
    assert run.status == "実施中" and run.invited >= 10 and 0 < run.answered < run.invited
    assert outcome.responses == run.answered and outcome.questions[2].average is not None
    assert set(outcome.attribute_keys) == {"年齢帯", "職業・所属"}


async def test_demo_has_two_past_quarters_of_rounds_and_an_open_awareness_survey(demo_copy, database, settings):
    await demo_copy(database, settings)
    async with database.session() as db:
        await seed_demo(db, None, settings)  # a second load adds nothing
    async with database.session(write=False) as db:
        rounds = await programs.rounds(db)
        current = await awareness.current(db)
        answers = await awareness.answer_count(db, current.id)
        last = programs.previous_quarter(programs.quarter_start(clock.today_jst()))
        scores = await api.program_scores(db, programs.previous_quarter(last), programs.next_quarter(last))
    assert len(rounds) == 10 and {r.quarter_start for r in rounds} == {last, programs.previous_quarter(last)}
    assert all(r.status == "終了" and 0 < r.answered < r.invited for r in rounds)
    assert len(scores) == 10 and all(1 <= s.mean_score <= 5 for s in scores)
    assert service.effective_status(current) == "実施中" and current.anonymous and answers == 36
