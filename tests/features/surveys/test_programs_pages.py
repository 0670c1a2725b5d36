"""定期アンケート and 認知度アンケート pages for the secretariat over HTTP: 準備, the rounds table (page and
htmx fragment), the schedule form's Japanese 422, creating and publishing the 認知度アンケート; the
report's 利用アンケート section from the published scores."""

from __future__ import annotations

from datetime import UTC, datetime

from features.accounts.models import Role
from features.surveys import programs
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user

PAGE = "/admin/surveys/programs"


async def _as_secretariat(client, database):
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")


async def _post(client, url, data=None):
    return await client.post(url, data=data or {}, headers=csrf_headers(client), follow_redirects=False)


async def test_staff_set_up_programs_see_rounds_and_change_a_schedule(client, database, settings, frozen_clock):
    frozen_clock.current = datetime(2027, 1, 10, 1, 0, tzinfo=UTC)  # the rounds about 2026年度 第3四半期 are due
    await _as_secretariat(client, database)
    empty = await client.get(PAGE)
    assert empty.status_code == 200 and "定期アンケートを準備する" in empty.text and "未準備" in empty.text
    assert (await _post(client, f"{PAGE}/setup")).status_code == 303
    page = (await client.get(PAGE)).text
    for title in ("PARTNER利用満足度アンケート", "求人情報利用アンケート", "人材閲覧機能利用満足度アンケート"):
        assert title in page
    assert "実施した回はまだありません。" in page
    async with database.session(write=False) as db:
        template_id = (await programs.programs(db))["jobs"].template_survey_id
    kept = await _post(client, f"/admin/surveys/{template_id}/delete")
    assert kept.status_code == 409 and "定期アンケートの質問（ひな形）は削除できません。" in kept.text
    async with database.session() as db:
        assert await programs.open_due_rounds(db, settings) == 5
        partner = (await programs.programs(db))["partner"]
    rows = await client.get(f"{PAGE}?program=partner", headers={"HX-Request": "true", "HX-Target": "round-rows"})
    assert rows.status_code == 200 and "<h1" not in rows.text and 'id="round-rows"' in rows.text
    assert rows.text.count("<tr>") == 2 and "2026年度 第3四半期" in rows.text  # the header and one round

    bad = await _post(
        client,
        f"{PAGE}/{partner.id}/schedule",
        {"enabled": "1", "open_day": "40", "reminder_days": "7", "answer_days": "21"},
    )
    assert bad.status_code == 422 and "開始日は1〜28の範囲で入力してください。" in bad.text
    assert 'aria-invalid="true"' in bad.text and 'id="error-summary"' in bad.text and 'value="40"' in bad.text
    late = await _post(
        client,
        f"{PAGE}/{partner.id}/schedule",
        {"enabled": "1", "open_day": "5", "reminder_days": "9", "answer_days": "9"},
    )
    assert late.status_code == 422 and "リマインドは回答期間の日数より前の日" in late.text
    saved = await _post(
        client, f"{PAGE}/{partner.id}/schedule", {"open_day": "5", "reminder_days": "3", "answer_days": "14"}
    )
    assert saved.status_code == 303
    async with database.session(write=False) as db:
        partner = (await programs.programs(db))["partner"]
    assert (partner.enabled, partner.open_day, partner.reminder_days, partner.answer_days) == (False, 5, 3, 14)
    assert (await _post(client, f"{PAGE}/999/schedule", {"open_day": "5"})).status_code == 404


async def test_staff_create_and_publish_the_awareness_survey(client, database, settings):
    await _as_secretariat(client, database)
    created = await _post(client, "/admin/surveys/awareness")
    assert created.status_code == 303
    survey_id = int(created.headers["location"].rsplit("/", 1)[1])
    assert (await client.get("/survey/awareness")).status_code == 404  # a draft is not public
    page = (await client.get(PAGE)).text
    assert "PARTNER認知度アンケート" in page and "公開する" in page
    assert (await _post(client, f"/admin/surveys/awareness/{survey_id}/publish")).status_code == 303
    again = await _post(client, f"/admin/surveys/awareness/{survey_id}/publish")
    assert again.status_code == 409 and "下書きの認知度アンケートだけを公開できます。" in again.text
    public = await client.get("/survey/awareness")
    assert public.status_code == 200 and "無記名のアンケートです" in public.text and 'name="website"' in public.text
    assert "認知度アンケートの結果を見る" in (await client.get(PAGE)).text


async def test_the_report_shows_the_satisfaction_trend_for_a_quarter(client, database, settings, frozen_clock):
    frozen_clock.current = datetime(2027, 1, 10, 1, 0, tzinfo=UTC)
    await _as_secretariat(client, database)
    await make_user(database, "org@example.jp", Role.ORGANIZATION, password_hash="x")
    async with database.session() as db:
        await programs.open_due_rounds(db, settings)
    month = await client.get("/admin/reports?kind=month&period=2026-10-01")
    assert "利用アンケート（満足度）" not in month.text  # rounds are quarterly
    quarter = await client.get("/admin/reports?kind=quarter&period=2026-10-01")
    assert quarter.status_code == 200 and "利用アンケート（満足度）" in quarter.text
    assert "PARTNER利用満足度アンケート：回答率" in quarter.text and "満足度の推移" in quarter.text
