"""The pages over HTTP: the builder's Japanese 4xx messages and freeze, the target list from a
providing slice, the token answer page without JavaScript, the results page and the audited CSV."""

from __future__ import annotations

import re
from datetime import timedelta

from litestar import Router
from sqlalchemy import select

from app import clock, slices
from app.audit import AuditEvent
from features.accounts.models import Role
from features.surveys import api, service
from features.surveys import invitations as engine_invitations
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user
from tests.features.surveys.helpers import make_survey, people, start, tokens


async def as_secretariat(client, database):
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")


async def _post(client, url, data):
    return await client.post(url, data=data, headers=csrf_headers(client), follow_redirects=False)


async def test_builder_refuses_bad_input_in_japanese_and_builds_a_survey(client, database, settings):
    await as_secretariat(client, database)
    await client.get("/admin/surveys/new")
    refused = await _post(client, "/admin/surveys", {"title": "", "max_reminders": "九"})
    assert refused.status_code == 422
    assert "タイトルを入力してください。" in refused.text and "リマインドの回数は数字で" in refused.text
    assert 'id="error-summary"' in refused.text
    created = await _post(
        client, "/admin/surveys", {"title": "報告会アンケート", "description": "説明文", "anonymous": "1"}
    )
    assert created.status_code == 303
    detail_url = created.headers["location"]
    survey_id = int(detail_url.rsplit("/", 1)[1])
    add = f"/admin/surveys/{survey_id}/questions"
    one_choice = await _post(client, add, {"kind": "single", "text": "満足度", "choices": "満足", "required": "1"})
    assert one_choice.status_code == 422 and "選択肢を2つ以上" in one_choice.text and "満足度" in one_choice.text
    no_text = await _post(client, add, {"kind": "text", "text": ""})
    assert no_text.status_code == 422 and "質問文を入力してください。" in no_text.text
    for data in (
        {"kind": "single", "text": "満足度", "choices": "満足\nふつう\n不満", "required": "1", "section": "全体"},
        {"kind": "scale5", "text": "わかりやすさ", "section": "全体"},
        {"kind": "text", "text": "ご感想"},
    ):
        assert (await _post(client, add, data)).status_code == 303
    async with database.session(write=False) as db:
        first, second, third = await service.questions_of(db, survey_id)
    assert (await _post(client, f"{add}/{third.id}/up", {})).status_code == 303
    edit = await _post(
        client, f"{add}/{first.id}", {"kind": "multiple", "text": "満足度（複数）", "choices": "A\nB\nC"}
    )
    assert edit.status_code == 303
    assert (await _post(client, f"{add}/{second.id}/delete", {})).status_code == 303
    async with database.session(write=False) as db:
        questions = await service.questions_of(db, survey_id)
    assert [(q.text, q.kind) for q in questions] == [("満足度（複数）", "multiple"), ("ご感想", "text")]
    page = (await client.get(detail_url)).text
    assert "報告会アンケート" in page and "無記名" in page and "問2" in page
    preview = (await client.get(f"{detail_url}/preview")).text
    assert "プレビュー" in preview and "満足度（複数）" in preview and 'method="post"' not in preview.split("<main")[1]


async def test_questions_are_frozen_once_started(client, database, settings):
    survey_id = await make_survey(database, settings)
    await start(database, settings, survey_id, people(1))
    await as_secretariat(client, database)
    page = await client.get(f"/admin/surveys/{survey_id}")
    assert "質問は変更できません" in page.text and "質問を追加する</button>" not in page.text
    refused = await _post(client, f"/admin/surveys/{survey_id}/questions", {"kind": "text", "text": "追加"})
    assert refused.status_code == 409 and "変更できません" in refused.text
    later = clock.to_jst(clock.now() + timedelta(days=20))
    saved = await _post(
        client,
        f"/admin/surveys/{survey_id}/settings",
        {
            "title": "変えたいタイトル",
            "closes_at_date": later.date().isoformat(),
            "closes_at_time": "17:00",
            "max_reminders": "1",
            "reminder_gap_days": "4",
        },
    )
    assert saved.status_code == 303
    async with database.session(write=False) as db:
        survey = await service.get_survey(db, survey_id)
    assert survey.title == "国際協力人材セミナー参加者アンケート" and survey.max_reminders == 1
    assert clock.to_jst(survey.closes_at).strftime("%H:%M") == "17:00"
    copied = await _post(client, f"/admin/surveys/{survey_id}/copy", {})
    assert copied.status_code == 303 and "（複製）" in (await client.get(copied.headers["location"])).text


async def test_target_list_from_a_providing_slice_then_start(client, database, settings, monkeypatch, smtp):
    async def offered(db, settings):
        return [api.Audience("test:attended", "セミナー出席者: テストセミナー")]

    async def recipients(db, settings, key):
        return people(3) if key == "test:attended" else None

    provider = slices.Slice(
        "survey-test-provider",
        Router(path="/", route_handlers=[]),
        provides={"survey_audiences": offered, "survey_recipients": recipients},
    )
    monkeypatch.setattr(slices, "_installed", (*slices.installed(), provider))
    survey_id = await make_survey(database, settings)
    await as_secretariat(client, database)
    page = await client.get(f"/admin/surveys/{survey_id}/audience", params={"key": "test:attended"})
    assert "セミナー出席者: テストセミナー" in page.text and "<strong>3人</strong>" in page.text
    fragment = await client.get(
        f"/admin/surveys/{survey_id}/audience",
        params={"key": "test:attended"},
        headers={"HX-Request": "true", "HX-Target": "audience-count"},
    )
    assert fragment.text.lstrip().startswith('<div id="audience-count"') and "<html" not in fragment.text
    unknown = await _post(client, f"/admin/surveys/{survey_id}/start", {"key": "nobody:offers"})
    assert unknown.status_code == 422 and "対象者リストを選択してください。" in unknown.text
    started = await _post(client, f"/admin/surveys/{survey_id}/start", {"key": "test:attended"})
    assert started.status_code == 303
    again = await _post(client, f"/admin/surveys/{survey_id}/start", {"key": "test:attended"})
    assert again.status_code == 303
    async with database.session(write=False) as db:
        summary = await api.survey_summary(db, survey_id)
    assert (summary.status, summary.invited) == ("実施中", 3)
    assert sorted(await tokens(database)) == ["p1@example.jp", "p2@example.jp", "p3@example.jp"]


async def test_answer_page_works_without_javascript_and_answers_once(client, database, settings, frozen_clock):
    survey_id = await make_survey(database, settings)
    await start(database, settings, survey_id, people(1))
    token = (await tokens(database))["p1@example.jp"]
    url = f"/surveys/{token}"
    page = await client.get(url)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert page.text.count("<fieldset") == 3 and page.text.count("<legend") == 3  # single, multiple, scale
    assert "<h2>全体について</h2>" in page.text and "1：そう思わない" in page.text
    async with database.session(write=False) as db:
        single, multiple, scale, text = await service.questions_of(db, survey_id)
    missing = await _post(client, url, {f"q{multiple.id}": ["B", "C"], f"q{text.id}": "感想です"})
    assert missing.status_code == 422
    assert 'id="error-summary"' in missing.text and "問1：選択してください。" in missing.text
    assert f'href="#q{single.id}-legend"' in missing.text
    assert re.search(rf'name="q{multiple.id}" value="B" checked', missing.text)  # kept
    assert ">感想です</textarea>" in missing.text
    bad_choice = await _post(client, url, {f"q{single.id}": "存在しない", f"q{scale.id}": "9"})
    assert bad_choice.status_code == 422 and "選択肢から選んでください" in bad_choice.text
    done = await _post(client, url, {f"q{single.id}": "満足", f"q{scale.id}": "5", f"q{text.id}": "<script>x</script>"})
    assert done.status_code == 303 and done.headers["location"] == url
    thanks = await client.get(url)
    assert "回答済みです" in thanks.text and "回答を送信しました" in thanks.text
    twice = await _post(client, url, {f"q{single.id}": "不満", f"q{scale.id}": "1"})
    assert twice.status_code == 409 and "回答済みです" in twice.text
    await as_secretariat(client, database)
    results = await client.get(f"/admin/surveys/{survey_id}/results")
    assert "&lt;script&gt;x&lt;/script&gt;" in results.text and "<script>x" not in results.text


async def test_outside_the_period_the_page_says_so(client, database, settings, frozen_clock):
    now = clock.now()
    survey_id = await make_survey(
        database, settings, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2)
    )
    await start(database, settings, survey_id, people(1))
    url = f"/surveys/{(await tokens(database))['p1@example.jp']}"
    early = await client.get(url)
    assert early.status_code == 403 and "回答期間外です" in early.text and "から回答できます" in early.text
    frozen_clock.advance(days=2)
    late = await client.get(url)
    assert late.status_code == 403 and "回答受付は終了しました" in late.text
    assert (await client.get("/surveys/not-a-token")).status_code == 404


async def test_results_page_table_chart_crosstab_and_audited_csv(client, database, settings, frozen_clock):
    survey_id = await make_survey(database, settings)
    await start(database, settings, survey_id, people(2))
    mailed = await tokens(database)
    async with database.session(write=False) as db:
        single, _, scale, _ = await service.questions_of(db, survey_id)
    for email, choice, score in (("p1@example.jp", "満足", "5"), ("p2@example.jp", "不満", "2")):
        async with database.session() as db:
            await engine_invitations.submit_answers(db, mailed[email], {single.id: choice, scale.id: score})
    await as_secretariat(client, database)
    page = (await client.get(f"/admin/surveys/{survey_id}/results")).text
    assert "2人 ／ 2人（100.0%）" in page and "平均 3.50点" in page
    assert page.count('<svg') >= 3 and f'id="q{single.id}-table"' in page
    assert re.search(r"<th scope=\"row\">満足</th><td>1</td><td>50.0%</td>", page)
    crossed = await client.get(
        f"/admin/surveys/{survey_id}/results",
        params={"by": "年齢帯"},
        headers={"HX-Request": "true", "HX-Target": "crosstab"},
    )
    assert "属性「年齢帯」別のクロス集計" in crossed.text and "<html" not in crossed.text
    csv = await client.get(f"/admin/surveys/{survey_id}/results.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "filename*=UTF-8''" in csv.headers["content-disposition"]
    async with database.session(write=False) as db:
        events = (await db.execute(select(AuditEvent).where(AuditEvent.action == "survey_export"))).scalars().all()
    assert [(e.target_id, e.detail) for e in events] == [(str(survey_id), '{"rows": 2}')]


async def test_the_list_pages_and_swaps_its_rows(client, database, settings):
    for n in range(22):
        await make_survey(database, settings, owner=f"o{n}")
    await as_secretariat(client, database)
    page = await client.get("/admin/surveys")
    assert "22件中 1〜20件を表示" in page.text and "下書き" in page.text
    rows = await client.get("/admin/surveys?page=2", headers={"HX-Request": "true", "HX-Target": "survey-rows"})
    assert rows.text.lstrip().startswith('<div id="survey-rows"') and "22件中 21〜22件を表示" in rows.text
    mypage = await client.get("/mypage")
    assert "/admin/surveys" in mypage.text and "アンケート" in mypage.text


async def test_concurrent_submits_over_http_store_one_answer(client, database, settings, frozen_clock):
    import asyncio

    from features.surveys.models import SurveyResponse

    survey_id = await make_survey(database, settings)
    await start(database, settings, survey_id, people(1))
    url = f"/surveys/{(await tokens(database))['p1@example.jp']}"
    await client.get(url)  # the CSRF cookie
    async with database.session(write=False) as db:
        single, _, scale, _ = await service.questions_of(db, survey_id)
    data = {f"q{single.id}": "満足", f"q{scale.id}": "3"}
    statuses = sorted(r.status_code for r in await asyncio.gather(*(_post(client, url, data) for _ in range(3))))
    assert statuses == [303, 409, 409]
    async with database.session(write=False) as db:
        assert len((await db.execute(select(SurveyResponse))).scalars().all()) == 1
