"""The life of a プレスリリース: 一時保存 → プレビュー → 申請 → 承認 (mailed, public) or 差戻し (with a
reason, mailed) → corrected and 申請 again → 取り下げ."""

from __future__ import annotations

from features.press import api
from features.press.models import ReleaseStatus
from tests.features.press.helpers import (
    ORG_A,
    as_office,
    as_organization,
    deliver_through,
    log_in_again,
    outbox_to,
    post,
    release,
    release_form,
    releases,
    save_new,
    submitted_release,
)


async def test_draft_preview_submit_and_approve_is_mailed_and_public(client, database, settings, frozen_clock, smtp):
    await as_organization(client, database)
    new = await client.get("/mypage/press/new")
    assert new.status_code == 200 and 'formaction="/mypage/press/preview"' in new.text
    assert 'formaction="/mypage/press/save"' in new.text

    saved = await save_new(client, button="save")
    assert saved.status_code == 303 and saved.headers["location"].endswith("/edit")
    (row,) = await releases(database)
    assert row.status == ReleaseStatus.DRAFT
    assert row.contact_phone == "03-1234-5678" and row.contact_email == "press@example.jp"  # NFKC, canonical
    assert row.contact_name == "山田 花子"  # NFKC: the ideographic space too

    previewed = await post(client, f"/mypage/press/{row.id}/preview", release_form(title="修正したタイトル"))
    assert previewed.status_code == 303 and previewed.headers["location"] == f"/mypage/press/{row.id}"
    page = await client.get(f"/mypage/press/{row.id}")
    assert "修正したタイトル" in page.text and "<strong>算数の副教材</strong>" in page.text
    assert "この内容で申請する" in page.text
    assert (await client.get(f"/press/{row.id}")).status_code == 404  # not public before approval

    submitted = await post(client, f"/mypage/press/{row.id}/submit")
    assert submitted.status_code == 303
    assert (await release(database, row.id)).status == ReleaseStatus.PENDING
    assert (await post(client, f"/mypage/press/{row.id}/save", release_form())).status_code == 403  # under review

    await as_office(client, database)
    queue = await client.get("/admin/press")
    assert "修正したタイトル" in queue.text
    review = await client.get(f"/admin/press/{row.id}")
    assert review.status_code == 200 and "承認してプレスルームに掲載する" in review.text
    approved = await post(client, f"/admin/press/{row.id}/approve")
    assert approved.status_code == 303
    assert (await release(database, row.id)).status == ReleaseStatus.PUBLISHED
    assert (await post(client, f"/admin/press/{row.id}/approve")).status_code == 303  # refused: flash, no 2nd mail

    mails = await outbox_to(database, ORG_A)
    decisions = [m for m in mails if "プレスリリース" in m.subject]
    assert len(decisions) == 1
    (received,) = await deliver_through(database, settings, smtp, decisions)
    assert received.recipients == [ORG_A]
    assert "承認しました" in str(received.message["Subject"]) and "修正したタイトル" in str(received.message["Subject"])
    assert f"http://testserver.local/press/{row.id}" in received.body

    public = await client.get(f"/press/{row.id}")
    assert public.status_code == 200 and "修正したタイトル" in public.text and "03-1234-5678" in public.text


async def test_return_needs_a_reason_is_mailed_and_the_organization_resubmits(
    client, database, settings, frozen_clock, smtp
):
    release_id = await submitted_release(client, database)
    await as_office(client, database)
    empty = await post(client, f"/admin/press/{release_id}/return", {"reason": "  "})
    assert empty.status_code == 422 and "差戻しの理由を入力してください" in empty.text
    assert 'aria-invalid="true"' in empty.text and 'id="error-summary"' in empty.text
    assert (await release(database, release_id)).status == ReleaseStatus.PENDING
    returned = await post(client, f"/admin/press/{release_id}/return", {"reason": "発表日が未来の日付です。"})
    assert returned.status_code == 303
    row = await release(database, release_id)
    assert row.status == ReleaseStatus.RETURNED and row.return_reason == "発表日が未来の日付です。"

    decisions = [m for m in await outbox_to(database, ORG_A) if "差戻しました" in m.subject]
    (received,) = await deliver_through(database, settings, smtp, decisions)
    assert "発表日が未来の日付です。" in received.body
    assert f"http://testserver.local/mypage/press/{release_id}/edit" in received.body

    await log_in_again(client, database, ORG_A)
    edit = await client.get(f"/mypage/press/{release_id}/edit")
    assert edit.status_code == 200 and "発表日が未来の日付です。" in edit.text
    mine = await client.get("/mypage/press")
    assert "差戻し" in mine.text
    fixed = await post(client, f"/mypage/press/{release_id}/save", release_form(announced_on="2026-11-19"))
    assert fixed.status_code == 303
    assert (await post(client, f"/mypage/press/{release_id}/submit")).status_code == 303
    assert (await release(database, release_id)).status == ReleaseStatus.PENDING


async def test_submit_of_an_incomplete_draft_shows_what_is_missing(client, database, frozen_clock):
    await as_organization(client, database)
    saved = await save_new(client, {"title": "タイトルだけの下書き"})
    assert saved.status_code == 303
    (row,) = await releases(database)
    refused = await post(client, f"/mypage/press/{row.id}/submit")
    assert refused.status_code == 422
    for message in ("発表日を選択してください", "本文を入力してください", "問い合わせ先の担当部署を入力してください"):
        assert message in refused.text
    assert (await release(database, row.id)).status == ReleaseStatus.DRAFT


async def test_a_draft_needs_a_title_and_valid_values_nothing_half_saved(client, database, frozen_clock):
    await as_organization(client, database)
    refused = await save_new(client, release_form(title="", contact_email="not-an-address", announced_on="2026-13-40"))
    assert refused.status_code == 422
    assert "タイトルを入力してください" in refused.text and "メールアドレスの形式が正しくありません" in refused.text
    assert "発表日の日付が正しくありません" in refused.text
    assert 'value="Press@Example.JP"' not in refused.text and "not-an-address" in refused.text  # values kept
    assert await releases(database) == []
    fragment = await save_new(client, release_form(title=""), headers={"HX-Request": "true", "HX-Target": "press-form"})
    assert (
        fragment.status_code == 422 and "<html" not in fragment.text and "タイトルを入力してください" in fragment.text
    )


async def test_the_organization_withdraws_its_published_release(client, database, frozen_clock):
    release_id = await submitted_release(client, database)
    await as_office(client, database)
    await post(client, f"/admin/press/{release_id}/approve")
    await log_in_again(client, database, ORG_A)
    assert "プレスルームから取り下げる" in (await client.get(f"/mypage/press/{release_id}")).text
    withdrawn = await post(client, f"/mypage/press/{release_id}/withdraw")
    assert withdrawn.status_code == 303
    assert (await release(database, release_id)).status == ReleaseStatus.WITHDRAWN
    assert (await client.get(f"/press/{release_id}")).status_code == 404
    assert (await post(client, f"/mypage/press/{release_id}/withdraw")).status_code == 403  # only once


async def test_counts_for_reports(client, database, frozen_clock):
    from datetime import timedelta

    start = frozen_clock.current
    first = await submitted_release(client, database)
    await submitted_release(client, database, title="2件目")
    await as_office(client, database)
    await post(client, f"/admin/press/{first}/approve")
    async with database.session(write=False) as db:
        counts = await api.count_releases(db, start, start + timedelta(days=1))
        before = await api.count_releases(db, start - timedelta(days=2), start)
    assert counts == {"submitted": 2, "approved": 1, "returned": 0, "withdrawn": 0, "pending": 1, "published": 1}
    assert before["submitted"] == 0 and before["approved"] == 0
