"""The secretariat's pages over HTTP: the form (422 with the values kept), saving versions,
確認依頼, the review page with its diff, 承認 / 差戻し (four eyes), 非公開 / 再公開, and roles."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from features.content.models import ContentItem, ContentVersion
from tests.features.accounts.helpers import log_in, make_user
from tests.features.content.helpers import (
    REVIEWER,
    WRITER,
    article,
    as_staff,
    form,
    freeze,
    load,
    post,
    revise,
    staff,
)


async def _versions(database, item_id: int) -> int:
    async with database.session(write=False) as db:
        return await db.scalar(select(func.count()).where(ContentVersion.item_id == item_id))


async def test_staff_write_an_article_and_every_save_keeps_a_version(client, database, frozen_clock):
    freeze(frozen_clock)
    await as_staff(client, database)
    page = await client.get("/admin/content/new")
    assert page.status_code == 200 and "記事の新規作成" in page.text and 'enctype="multipart/form-data"' in page.text
    created = await post(client, "/admin/content", form())
    assert created.status_code == 303, created.text
    item_id = int(re.search(r"/admin/content/(\d+)$", created.headers["location"])[1])
    edit = await client.get(created.headers["location"])
    assert "「協力隊の経験を職務経歴書に書く」を保存しました（版1）。" in edit.text
    assert "下書き" in edit.text and "確認を依頼する" in edit.text
    again = await post(client, f"/admin/content/{item_id}", form(title="書き直したタイトル"))
    assert again.status_code == 303
    assert await _versions(database, item_id) == 2
    edit = (await client.get(f"/admin/content/{item_id}")).text
    assert "版2" in edit and "版1" in edit and "書き直したタイトル" in edit
    listing = (await client.get("/admin/content")).text
    assert "書き直したタイトル" in listing and "記事 1件" in listing
    assert 'href="/admin/content">コンテンツ管理</a>' in (await client.get("/mypage")).text  # the staff's menu


async def test_an_invalid_form_rerenders_422_with_values_kept_and_nothing_saved(client, database, frozen_clock):
    freeze(frozen_clock)
    await as_staff(client, database)
    response = await post(
        client, "/admin/content", form(title="　", kind="news", slug="Bad Slug", series_number="0", body="本文は残る")
    )
    assert response.status_code == 422
    text = response.text
    assert 'id="error-summary"' in text and 'aria-invalid="true"' in text
    assert "タイトルを入力してください。" in text and "種別は一覧から選択してください。" in text
    assert "URL名は半角英小文字" in text
    assert "本文は残る</textarea>" in text
    async with database.session(write=False) as db:
        assert await db.scalar(select(func.count()).select_from(ContentItem)) == 0


async def test_a_duplicate_slug_or_column_number_is_refused_on_its_field(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer = await as_staff(client, database)
    await article(database, settings, writer, await staff(database, REVIEWER), slug="after-jocv", series_number=7)
    taken = await post(client, "/admin/content", form(slug="after-jocv"))
    assert taken.status_code == 422 and "このURL名は別の記事で使われています。" in taken.text
    number = await post(client, "/admin/content", form(series_number="7"))
    assert number.status_code == 422 and "第7号は別のコラムに付いています。" in number.text


async def test_the_writer_cannot_approve_and_another_staff_member_can(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer = await as_staff(client, database, WRITER)
    item_id = await article(database, settings, writer)
    submitted = await post(client, f"/admin/content/{item_id}/submit")
    assert submitted.status_code == 303
    review = (await client.get(f"/admin/content/{item_id}/review")).text
    assert "この記事はあなたが確認を依頼したため、承認できません。" in review
    refused = await post(client, f"/admin/content/{item_id}/approve")
    assert refused.status_code == 409
    assert (await load(database, item_id)).status == "review"
    # While in review the article cannot be edited.
    locked = await post(client, f"/admin/content/{item_id}", form(title="割り込み"))
    assert locked.status_code == 409
    await as_staff(client, database, REVIEWER)
    approved = await post(client, f"/admin/content/{item_id}/approve")
    assert approved.status_code == 303
    item = await load(database, item_id)
    assert item.status == "published" and item.title == "協力隊の経験を職務経歴書に書く"
    assert item.series_number == 1  # the first column gets 第1号
    assert (await client.get(f"/content/{item_id}")).status_code == 200


async def test_a_send_back_needs_a_reason_and_returns_to_draft(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer = await staff(database)
    item_id = await article(database, settings, writer)
    async with database.session() as db:
        from features.content import service

        await service.submit(db, await service.item_by_id(db, item_id), writer)
    await as_staff(client, database, REVIEWER)
    empty = await post(client, f"/admin/content/{item_id}/return", {"reason": " "})
    assert empty.status_code == 422 and "差戻しの理由を入力してください。" in empty.text
    done = await post(client, f"/admin/content/{item_id}/return", {"reason": "出典を書いてください。"})
    assert done.status_code == 303
    item = await load(database, item_id)
    assert item.status == "draft" and item.return_reason == "出典を書いてください。"
    assert "出典を書いてください。" in (await client.get(f"/admin/content/{item_id}")).text


async def test_the_review_page_shows_the_diff_with_words_not_only_colour(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer = await staff(database)
    reviewer = await staff(database, REVIEWER)
    item_id = await article(database, settings, writer, reviewer, body="残る行\n\n古い行")
    await revise(database, settings, item_id, writer, title="新しいタイトル", body="残る行\n\n新しい行")
    await as_staff(client, database, "third@example.jp")
    page = (await client.get(f"/admin/content/{item_id}/review")).text
    assert "公開中の版との違い" in page
    assert "<del><span class=\"diff-label\">削除：</span>古い行</del>" in page
    assert "<ins><span class=\"diff-label\">追加：</span>新しい行</ins>" in page
    assert "<th scope=\"row\">タイトル</th>" in page and "新しいタイトル" in page
    assert "変更なし：</span>残る行" in page


async def test_unpublish_and_republish(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer = await staff(database)
    reviewer = await staff(database, REVIEWER)
    item_id = await article(database, settings, writer, reviewer)
    await as_staff(client, database, "third@example.jp")
    assert (await post(client, f"/admin/content/{item_id}/unpublish")).status_code == 303
    assert (await client.get(f"/content/{item_id}")).status_code == 404
    assert (await post(client, f"/admin/content/{item_id}/unpublish")).status_code == 409
    assert (await post(client, f"/admin/content/{item_id}/republish")).status_code == 303
    assert (await client.get(f"/content/{item_id}")).status_code == 200


async def test_only_the_secretariat_reaches_the_content_pages(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    writer = await staff(database)
    item_id = await article(database, settings, writer)
    assert (await client.get("/admin/content", follow_redirects=False)).status_code == 303
    await make_user(database, "person@example.jp")
    await log_in(client, database, "person@example.jp")
    assert (await client.get("/admin/content")).status_code == 403
    assert (await client.get(f"/admin/content/{item_id}")).status_code == 403
    assert (await post(client, f"/admin/content/{item_id}", form(title="乗っ取り"))).status_code == 403
    assert (await post(client, f"/admin/content/{item_id}/approve")).status_code == 403
    assert (await load(database, item_id)).working_title == "協力隊の経験を職務経歴書に書く"


async def test_the_staff_list_filters_by_status_and_answers_htmx_with_the_rows(
    client, database, settings, frozen_clock
):
    freeze(frozen_clock)
    writer = await staff(database)
    reviewer = await staff(database, REVIEWER)
    await article(database, settings, writer, reviewer, title="公開済みの記事")
    await article(database, settings, writer, title="下書きの記事")
    await as_staff(client, database, "third@example.jp")
    drafts = (await client.get("/admin/content?status=draft")).text
    assert "下書きの記事" in drafts and "公開済みの記事" not in drafts
    fragment = await client.get(
        "/admin/content?status=published", headers={"HX-Request": "true", "HX-Target": "content-rows"}
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "公開済みの記事" in fragment.text and "下書きの記事" not in fragment.text
