"""The demo アンケート: the 5-question template as a draft and one run 実施中 with answers."""

from __future__ import annotations

from app.demo import load_demo
from features.surveys import api, service
from features.surveys.demo import RUN_OWNER, TEMPLATE_OWNER


async def test_demo_has_the_template_and_a_running_survey_with_answers(database, settings):
    await load_demo(database, settings)
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
