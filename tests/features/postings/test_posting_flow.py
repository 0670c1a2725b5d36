"""求人情報掲載: 一時保存, preview, 確認 → 登録, review, publication, revision, copy, stop."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app import clock
from features.accounts.models import Role
from features.postings import service, views
from features.postings.models import Posting, PostingStatus, PostingView
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, mails_to, make_user
from tests.features.postings.helpers import as_organization, job_form, post_job, postings


async def relogin(client, database, email: str = "org@example.jp") -> None:
    """After moving the clock by days the session has timed out: log in again."""
    await log_in(client, database, email)


async def switch_to(client, database, email: str, role=Role.SECRETARIAT) -> None:
    await client.post("/logout", headers=csrf_headers(client))
    await make_user(database, email, role)
    await log_in(client, database, email)


async def test_temp_save_accepts_incomplete_input_but_confirm_refuses_it(client, database):
    await as_organization(client, database)
    saved = await post_job(client, {"title": "書きかけの求人"}, "save")
    assert saved.status_code == 303 and re.match(r"/postings/jobs/\d+/edit", saved.headers["location"])
    [draft] = await postings(database)
    assert draft.status == PostingStatus.DRAFT and json.loads(draft.draft)["title"] == "書きかけの求人"
    refused = await post_job(client, {"title": "書きかけの求人"}, "confirm", draft.id)
    assert refused.status_code == 422
    for message in (
        "職種を入力してください。",
        "分野・課題を選択してください。",
        "業務内容を入力してください。",
        "募集期間（締切）を入力してください。",
        "問い合わせ先を入力してください。",
    ):
        assert message in refused.text
    assert 'id="f-job_type-error"' in refused.text and 'aria-invalid="true"' in refused.text
    bad_format = await post_job(client, {"title": "x", "closes_on": "2026-13-45"}, "save", draft.id)
    assert bad_format.status_code == 422 and "日付が正しくありません" in bad_format.text


async def test_preview_renders_the_public_page_and_stores_nothing(client, database, frozen_clock):
    await as_organization(client, database)
    preview = await post_job(client, job_form(frozen_clock()), "preview")
    assert preview.status_code == 200
    assert "プレビュー" in preview.text and "カンボジア 教育プロジェクト 調整員" in preview.text
    assert "小学校教員の研修を企画・運営します。" in preview.text
    assert await postings(database) == []


async def test_confirm_then_register_goes_to_pending_with_mails(client, database, settings, frozen_clock):
    await as_organization(client, database)
    confirm = await post_job(client, job_form(frozen_clock()), "confirm")
    assert confirm.status_code == 200 and "内容確認" in confirm.text and "入力画面へ戻る" in confirm.text
    assert await postings(database) == []
    back = await post_job(client, job_form(frozen_clock()), "back")
    assert 'value="カンボジア 教育プロジェクト 調整員"' in back.text
    done = await post_job(client, job_form(frozen_clock()), "submit")
    assert done.status_code == 303 and done.headers["location"].endswith("/done")
    [posting] = await postings(database)
    assert posting.status == PostingStatus.PENDING and posting.content == "{}"
    page = await client.get(done.headers["location"])
    assert "登録完了" in page.text
    received = (await mails_to(database, "org@example.jp"))[-1]
    assert received.subject == "【PARTNER】求人情報の掲載申請を受け付けました"
    assert "求人情報一覧：http://testserver.local/postings/jobs\n" in received.body  # the configured base URL
    office = (await mails_to(database, settings.mail.secretariat_address))[-1]
    assert "掲載申請" in office.subject and f"http://testserver.local/admin/postings/{posting.id}\n" in office.body


async def test_expert_resume_only_for_the_public_body_type(client, database, frozen_clock):
    await as_organization(client, database)
    refused = await post_job(client, job_form(frozen_clock(), resume_type="expert"), "confirm")
    assert refused.status_code == 422 and "専門家履歴書は団体種別" in refused.text


async def approved_posting(client, database, settings, frozen_clock, **changes) -> Posting:
    await as_organization(client, database)
    await post_job(client, job_form(frozen_clock(), **changes), "submit")
    [posting] = await postings(database)
    async with database.session() as db:
        posting = await db.get(Posting, posting.id)
        await service.approve(db, settings, posting)
    return posting


async def test_publication_follows_the_dates_and_expiry_hides_it(client, database, settings, frozen_clock):
    posting = await approved_posting(client, database, settings, frozen_clock)
    assert (await client.get(f"/jobs/{posting.id}")).status_code == 404  # 掲載予定
    assert "掲載予定" in (await client.get("/postings/jobs")).text
    frozen_clock.advance(days=1, minutes=1)
    shown = await client.get(f"/jobs/{posting.id}")
    assert shown.status_code == 200 and '<script type="application/ld+json">' in shown.text
    assert '"@type": "JobPosting"' in shown.text
    async with database.session() as db:
        assert await service.mark_published(db, settings) == 1
        assert await service.mark_published(db, settings) == 0
    published = (await mails_to(database, "org@example.jp"))[-1]
    assert "掲載を開始しました" in published.subject
    assert f"http://testserver.local/jobs/{posting.id}\n" in published.body
    frozen_clock.advance(days=29)  # the last day of 募集期間 is still shown
    assert (await client.get(f"/jobs/{posting.id}")).status_code == 200
    frozen_clock.advance(days=1)
    assert (await client.get(f"/jobs/{posting.id}")).status_code == 404
    await relogin(client, database)
    assert "掲載終了" in (await client.get("/postings/jobs")).text


async def test_a_revision_keeps_the_public_version_until_approved(client, database, settings, frozen_clock):
    posting = await approved_posting(client, database, settings, frozen_clock)
    frozen_clock.advance(days=2)
    await relogin(client, database)
    edit = await client.get(f"/postings/jobs/{posting.id}/edit")
    assert "修正前の内容が表示されます" in edit.text
    revised = job_form(
        frozen_clock(), salary="月額40万円", publish_at=(frozen_clock() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    )
    await post_job(client, revised, "submit", posting.id)
    public = await client.get(f"/jobs/{posting.id}")
    assert public.status_code == 200 and "月額40万円" not in public.text
    assert "修正承認待ち" in (await client.get("/postings/jobs")).text
    again = await post_job(client, revised, "save", posting.id)
    assert again.status_code == 403  # no edits while the revision waits
    await switch_to(client, database, "office@example.jp")
    queue = await client.get("/admin/postings")  # the queue with a row in it: its target date is computed
    assert queue.status_code == 200 and f"/admin/postings/{posting.id}" in queue.text
    review = await client.get(f"/admin/postings/{posting.id}")
    assert "修正内容" in review.text and "月額40万円" in review.text
    await client.post(f"/admin/postings/{posting.id}/approve", headers=csrf_headers(client))
    assert "月額40万円" in (await client.get(f"/jobs/{posting.id}")).text


async def test_return_with_a_reason_then_correct_and_submit_again(client, database, settings, frozen_clock):
    await as_organization(client, database)
    await post_job(client, job_form(frozen_clock()), "submit")
    [posting] = await postings(database)
    await switch_to(client, database, "office@example.jp")
    empty = await client.post(f"/admin/postings/{posting.id}/return", data={"reason": ""}, headers=csrf_headers(client))
    assert empty.status_code == 422 and "差戻しの理由を入力してください。" in empty.text
    await client.post(
        f"/admin/postings/{posting.id}/return",
        data={"reason": "給与を明記してください。"},
        headers=csrf_headers(client),
    )
    returned = (await mails_to(database, "org@example.jp"))[-1]
    assert "差戻しました" in returned.subject and "給与を明記してください。" in returned.body
    await client.post("/logout", headers=csrf_headers(client))
    await log_in(client, database, "org@example.jp")
    edit = await client.get(f"/postings/jobs/{posting.id}/edit")
    assert "給与を明記してください。" in edit.text
    await post_job(client, job_form(frozen_clock(), salary="月額30万円"), "submit", posting.id)
    [posting] = await postings(database)
    assert posting.status == PostingStatus.PENDING


async def test_copy_clears_the_dates_and_stop_is_immediate(client, database, settings, frozen_clock):
    posting = await approved_posting(client, database, settings, frozen_clock)
    copied = await client.post(
        f"/postings/jobs/{posting.id}/copy", headers=csrf_headers(client), follow_redirects=False
    )
    new_id = int(re.search(r"/postings/jobs/(\d+)/edit", copied.headers["location"]).group(1))
    async with database.session(write=False) as db:
        copy = await db.get(Posting, new_id)
    values = json.loads(copy.draft)
    assert copy.status == PostingStatus.DRAFT and copy.copied_from_id == posting.id
    assert values["title"] == "カンボジア 教育プロジェクト 調整員"
    assert (values["opens_on"], values["closes_on"], values["publish_at"]) == ("", "", "")
    frozen_clock.advance(days=2)
    await relogin(client, database)
    assert "掲載中止" in (await client.get(f"/postings/jobs/{posting.id}/stop")).text
    await client.post(f"/postings/jobs/{posting.id}/stop", headers=csrf_headers(client))
    assert (await client.get(f"/jobs/{posting.id}")).status_code == 404
    assert "掲載を中止しました" in (await mails_to(database, "org@example.jp"))[-1].subject


async def test_views_are_counted_per_posting_per_day(client, database, settings, frozen_clock):
    posting = await approved_posting(client, database, settings, frozen_clock)
    frozen_clock.advance(days=1, minutes=1)
    for _ in range(3):
        await client.get(f"/jobs/{posting.id}")
    frozen_clock.advance(days=1)
    await client.get(f"/jobs/{posting.id}")
    await views.flush()  # views served from the page cache are written just after
    async with database.session(write=False) as db:
        counts = sorted((v.day, v.count) for v in (await db.execute(select(PostingView))).scalars())
    assert [c for _, c in counts] == [3, 1]


def test_review_target_skips_weekends_and_holidays():
    assert service.business_days_after(date(2026, 11, 20)) == date(2026, 11, 26)  # Fri; Mon 23rd is 勤労感謝の日
    assert service.business_days_after(date(2026, 12, 29)) == date(2027, 1, 4)  # over 元日 (a Friday)
    assert service.business_days_after(date(2026, 11, 24)) == date(2026, 11, 27)


@pytest.mark.parametrize("action", list(service.TRANSITIONS))
def test_transition_table_allows_only_its_moves(action):
    who, sources, _ = service.TRANSITIONS[action]
    other = "secretariat" if who == "organization" else "organization"
    for status in PostingStatus:
        posting = Posting(
            organization_id=1,
            status=status,
            created_at=clock.now(),
            updated_at=clock.now(),
            revision_state="pending" if action in ("approve_revision", "return_revision") else "",
        )
        with pytest.raises(service.TransitionError):
            service.check_transition(posting, action, other)  # never the wrong actor
        if status in sources:
            service.check_transition(posting, action, who)
        else:
            with pytest.raises(service.TransitionError):
                service.check_transition(posting, action, who)


async def test_an_organization_cannot_approve_its_own_posting(client, database, frozen_clock):
    await as_organization(client, database)
    await post_job(client, job_form(frozen_clock()), "submit")
    [posting] = await postings(database)
    assert (await client.post(f"/admin/postings/{posting.id}/approve", headers=csrf_headers(client))).status_code == 403
    assert (await postings(database))[0].status == PostingStatus.PENDING
