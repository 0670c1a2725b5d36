"""FAQ化 and FAQ suggestions against the real FAQ slice (features/faq/api.py)."""

from __future__ import annotations

from features.faq import api as faq_api
from features.inquiries.models import CaseStatus as S
from features.inquiries.models import EventKind
from tests.features.inquiries.helpers import OFFICE, as_office, events, new_case, post, reload


async def test_faq_from_an_answered_case_makes_a_draft_and_records_it(client, database, settings):
    ids = await as_office(client, database)
    case = await new_case(database, body="パスワードを忘れました。山田です。")
    await post(client, f"/admin/inquiries/{case.id}/reply", {"reply": "{氏名} 様\n再設定の画面からどうぞ。"})
    response = await post(client, f"/admin/inquiries/{case.id}/faq", {"audience": "individual"})
    assert response.status_code == 303
    case = await reload(database, case.id)
    assert case.faq_entry_id and response.headers["location"] == client.app.route_reverse(
        "faq:admin_edit", entry_id=case.faq_entry_id
    )
    [made] = [e for e in await events(database, case.id) if e.kind == EventKind.FAQ]
    assert made.actor_user_id == ids[OFFICE]
    html = (await client.get(f"/admin/inquiries/{case.id}")).text
    assert client.app.route_reverse("faq:admin_edit", entry_id=case.faq_entry_id) in html
    assert (await post(client, f"/admin/inquiries/{case.id}/faq", {"audience": "both"})).status_code == 409
    assert case.status == S.ANSWERED


async def test_the_desk_and_the_contact_form_suggest_matching_entries(client, database, settings):
    await as_office(client, database)
    answered = await new_case(database, body="カモミール茶の合言葉を忘れました")
    await post(client, f"/admin/inquiries/{answered.id}/reply", {"reply": "再設定してください。"})
    await post(client, f"/admin/inquiries/{answered.id}/faq", {"audience": "both"})
    entry_id = (await reload(database, answered.id)).faq_entry_id
    edited = {"question": "カモミール茶の合言葉を忘れたら？", "answer": "再設定してください。", "category": "ログイン"}
    update = client.app.route_reverse("faq:admin_update", entry_id=entry_id)
    assert (await post(client, update, {**edited, "audience": "both"})).status_code == 303
    publish = client.app.route_reverse("faq:admin_publish", entry_id=entry_id)
    assert (await post(client, publish)).status_code == 303
    open_case = await new_case(database, body="カモミール茶の合言葉がわかりません")
    async with database.session(write=False) as db:
        [match] = await faq_api.suggest_entries(db, "カモミール茶の合言葉", limit=1)
    assert match.id == entry_id
    desk = (await client.get("/admin/inquiries")).text
    row = desk[desk.index(f"/admin/inquiries/{open_case.id}") :]
    assert match.path in row[: row.index("</tr>")]
    fragment = await client.get(
        "/contact/suggestions",
        params={"body": "カモミール茶の合言葉"},
        headers={"HX-Request": "true", "HX-Target": "faq-suggestions"},
    )
    assert match.path in fragment.text and match.question in fragment.text
    assert (await reload(database, open_case.id)).status == S.NEW
