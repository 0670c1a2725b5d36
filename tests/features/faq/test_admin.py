"""The secretariat's よくある質問: the list with はい / いいえ and the share of いいえ, the
役に立たなかった回答 view (most いいえ first), writing with 422, 公開 / 非公開, 上へ / 下へ, and the
rule for drafts made from inquiries (no publishing before the text was edited)."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.audit import AuditEvent
from features.faq.models import EntryStatus
from tests.features.faq.helpers import as_office, entry, make_entry, post

WARNING = "個人情報が含まれていないか確認し、編集してから公開してください"
VALID = {
    "question": "会費はかかりますか。",
    "answer": "登録も利用も**無料**です。",
    "category": "その他",
    "audience": "both",
}


def _rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/admin/faq/\d+">(.*?)</a>', html)


async def test_the_list_shows_the_vote_figures_and_the_staff_menu_links_it(client, database):
    await make_entry(database, "よい回答", helpful=9, unhelpful=1)
    await make_entry(database, "まだ票のない回答", category="登録")
    await as_office(client, database)
    html = (await client.get("/admin/faq")).text
    assert _rows(html) == ["まだ票のない回答", "よい回答"]  # category order: 登録 before ログイン
    assert "<td>9</td>\n    <td>1</td>\n    <td>10%</td>" in html
    assert "はい 9・いいえ 1（いいえ 10%）" in html
    assert 'href="/admin/faq"' in (await client.get("/mypage")).text


async def test_the_failing_view_lists_answers_with_many_no_votes_first(client, database):
    await make_entry(database, "少し悪い", helpful=4, unhelpful=4)  # 50%
    await make_entry(database, "とても悪い", helpful=2, unhelpful=10)  # 83%
    await make_entry(database, "よい", helpful=30, unhelpful=2)
    await make_entry(database, "票が少ない", helpful=0, unhelpful=2)  # under the minimum of votes
    await as_office(client, database)
    html = (await client.get("/admin/faq?view=failing")).text
    assert _rows(html) == ["とても悪い", "少し悪い"]
    assert "役に立たなかった回答 2件（いいえの多い順）" in html and html.count("要見直し") == 2
    assert '<a href="/admin/faq?view=failing" aria-current="page">' in html


async def test_create_refuses_empty_fields_with_422_and_keeps_the_values(client, database):
    await as_office(client, database)
    await client.get("/admin/faq/new")
    response = await post(
        client, "/admin/faq/new", {"question": "　", "answer": "回答", "category": "不明", "audience": ""}
    )
    assert response.status_code == 422
    assert "質問を入力してください。" in response.text and "カテゴリを選択してください。" in response.text
    assert 'id="error-summary"' in response.text and 'aria-invalid="true"' in response.text
    assert ">回答</textarea>" in response.text
    created = await post(client, "/admin/faq/new", {**VALID, "status": "published", "helpful_count": "999"})
    assert created.status_code == 303
    entry_id = int(created.headers["location"].rsplit("/", 1)[1])
    stored = await entry(database, entry_id)
    assert stored.status == EntryStatus.DRAFT and stored.helpful_count == 0  # extra fields ignored
    assert (await client.get(f"/faq/{entry_id}")).status_code == 404  # a draft is not public


async def test_publish_and_unpublish_are_separate_posts_and_audited(client, database):
    entry_id = await make_entry(database, status=EntryStatus.DRAFT)
    await as_office(client, database)
    await client.get(f"/admin/faq/{entry_id}")
    published = await post(client, f"/admin/faq/{entry_id}/publish")
    assert published.status_code == 303 and (await entry(database, entry_id)).status == EntryStatus.PUBLISHED
    assert (await client.get(f"/faq/{entry_id}")).status_code == 200
    again = await post(client, f"/admin/faq/{entry_id}/publish")
    assert again.status_code == 409 and "公開の項目には「公開する」の操作はできません。" in again.text
    assert (await post(client, f"/admin/faq/{entry_id}/unpublish")).status_code == 303
    assert (await entry(database, entry_id)).status == EntryStatus.HIDDEN
    assert (await client.get(f"/faq/{entry_id}")).status_code == 404
    async with database.session(write=False) as db:
        actions = list(await db.scalars(select(AuditEvent.action).where(AuditEvent.target_type == "faq_entry")))
    assert actions == ["faq.published", "faq.hidden"]


async def test_an_entry_from_an_inquiry_cannot_be_published_until_its_text_is_edited(client, database):
    entry_id = await make_entry(
        database,
        "田中です。tanaka@example.jp に届きません。",
        "田中様、ご確認ください。",
        status=EntryStatus.DRAFT,
        needs_redaction=True,
    )
    await as_office(client, database)
    page = (await client.get(f"/admin/faq/{entry_id}")).text
    assert WARNING in page
    refused = await post(client, f"/admin/faq/{entry_id}/publish")
    assert refused.status_code == 409 and "まだ公開できません" in refused.text and WARNING in refused.text
    assert (await entry(database, entry_id)).status == EntryStatus.DRAFT
    # Saving without changing the question or the answer (only the audience) does not count.
    unchanged = {"question": "田中です。tanaka@example.jp に届きません。", "answer": "田中様、ご確認ください。"}
    await post(client, f"/admin/faq/{entry_id}", {**unchanged, "category": "ログイン", "audience": "individual"})
    assert (await entry(database, entry_id)).needs_redaction is True
    assert (await post(client, f"/admin/faq/{entry_id}/publish")).status_code == 409
    edited = {"question": "ログインコードが届きません。", "answer": "迷惑メールフォルダをご確認ください。"}
    saved = await post(client, f"/admin/faq/{entry_id}", {**edited, "category": "ログイン", "audience": "both"})
    assert saved.status_code == 303
    page = (await client.get(f"/admin/faq/{entry_id}")).text
    assert WARNING not in page and "公開できるようになりました" in page
    stored = await entry(database, entry_id)
    assert stored.needs_redaction is False and stored.redacted_by is not None
    assert (await post(client, f"/admin/faq/{entry_id}/publish")).status_code == 303
    assert "ログインコードが届きません。" in (await client.get(f"/faq/{entry_id}")).text


async def test_up_and_down_reorder_within_the_category_with_and_without_htmx(client, database):
    first = await make_entry(database, "一番目", position=0)
    await make_entry(database, "二番目", position=1)
    await make_entry(database, "別カテゴリ", category="登録")
    await as_office(client, database)
    await client.get("/admin/faq")
    moved = await post(client, f"/admin/faq/{first}/down", {"category": "ログイン"})
    assert moved.status_code == 303 and moved.headers["location"].startswith("/admin/faq?category=")
    assert _rows((await client.get("/admin/faq?category=ログイン")).text) == ["二番目", "一番目"]
    fragment = await post(
        client, f"/admin/faq/{first}/up", {"view": "all"}, **{"HX-Request": "true", "HX-Target": "faq-admin-list"}
    )
    assert fragment.status_code == 200 and "<h1>" not in fragment.text
    assert _rows(fragment.text) == ["別カテゴリ", "一番目", "二番目"]
    assert 'data-announce="「一番目」を上へ移動しました。"' in fragment.text
    at_top = await post(client, f"/admin/faq/{first}/up", **{"HX-Request": "true", "HX-Target": "faq-admin-list"})
    assert "これ以上上へ移動できません" in at_top.text


async def test_staff_pages_are_for_the_secretariat_only(client, database):
    entry_id = await make_entry(database)
    assert (await client.get("/admin/faq", follow_redirects=False)).status_code == 303  # to the login form
    assert (await post(client, f"/admin/faq/{entry_id}/publish")).status_code == 401
    await as_office(client, database)
    assert (await client.get("/admin/faq/999999")).status_code == 404
