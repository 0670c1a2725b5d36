"""公示案件 by role: 公示登録 (一時保存, プレビュー, 確認 → 掲載依頼), 公示の審査 (承認 / 差戻し), 代理登録,
掲載中止, 結果; who may do what (another organization, a public body without the JICA flag)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.audit import AuditEvent
from features.accounts.models import OrganizationType
from features.recruitment.models import NoticeStatus
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, mails_to
from tests.features.recruitment.helpers import JICA_EMAIL, PUBLIC_BODY_EMAIL, make_organization
from tests.features.recruitment.koji_helpers import (
    OFFICE_EMAIL,
    PDF,
    as_jica,
    jst,
    koji_files,
    koji_form,
    kojis,
    make_koji,
    post_koji,
    switch_to,
)


async def test_save_accepts_incomplete_input_confirm_refuses_it(client, database, frozen_clock):
    await as_jica(client, database)
    saved = await post_koji(client, {"title": "書きかけの公示"}, "save")
    assert saved.status_code == 303 and re.fullmatch(r"/mypage/koji/\d+/edit", saved.headers["location"])
    [draft] = await kojis(database)
    assert draft.status == NoticeStatus.DRAFT and draft.title == "書きかけの公示" and draft.procurement_number is None
    refused = await post_koji(client, {"title": "書きかけの公示"}, "confirm", draft.id)
    assert refused.status_code == 422
    for message in (
        "調達管理番号を入力してください。",
        "国名を選択してください。",
        "担当業務と格付を1行以上入力してください",
        "提出期限（日付）を入力してください。",
        "業務量（現地）を入力してください（なければ 0）。",
    ):
        assert message in refused.text
    bad = await post_koji(client, {"mm_field": "-1", "grade-0": "2号", "notice_on": "2026-13-40"}, "save", draft.id)
    assert bad.status_code == 422
    assert "業務量（現地）は0以上999.99以下の数" in bad.text
    assert "担当業務（1行目）を入力してください" in bad.text and "日付が正しくありません" in bad.text
    assert (await kojis(database))[0].title == "書きかけの公示"  # nothing of the refused save is kept


async def test_preview_stores_nothing(client, database, frozen_clock):
    await as_jica(client, database)
    preview = await post_koji(client, koji_form(), "preview")
    assert preview.status_code == 200 and "プレビュー" in preview.text
    assert "ケニア国保健医療体制強化プロジェクト" in preview.text and "業務主任者／保健医療" in preview.text
    assert await kojis(database) == []


async def test_jica_submits_and_the_secretariat_approves(client, database, settings, frozen_clock):
    await as_jica(client, database)
    confirm = await post_koji(client, koji_form(), "confirm", files={"file-0": ("説明書.pdf", PDF, "application/pdf")})
    assert confirm.status_code == 200 and "掲載依頼" in confirm.text and "入力画面へ戻る" in confirm.text
    [koji] = await kojis(database)
    assert koji.status == NoticeStatus.DRAFT  # 確認 keeps the draft, it does not send it
    assert koji.submission_deadline_at == jst("2026-12-15", "12:00") and koji.mm_field == 24.5
    assert (await client.get(f"/koji/{koji.id}")).status_code == 404  # a draft is never public
    sent = await client.post(f"/mypage/koji/{koji.id}/submit", headers=csrf_headers(client), follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == "/mypage/koji"
    assert (await kojis(database))[0].status == NoticeStatus.PENDING
    listing = await client.get("/mypage/koji")
    assert "承認待ち" in listing.text and "2026-00123" in listing.text
    office_mail = (await mails_to(database, settings.mail.secretariat_address))[-1]
    assert "公示の掲載依頼" in office_mail.subject and f"/admin/koji/{koji.id}\n" in office_mail.body
    assert (await client.get(f"/mypage/koji/{koji.id}/edit")).status_code == 403  # 承認待ち: no editing

    await switch_to(client, database, OFFICE_EMAIL)
    queue = await client.get("/admin/koji")
    assert "ケニア国保健医療体制強化プロジェクト" in queue.text
    approved = await client.post(f"/admin/koji/{koji.id}/approve", headers=csrf_headers(client), follow_redirects=False)
    assert approved.status_code == 303
    [koji] = await kojis(database)
    assert koji.status == NoticeStatus.APPROVED and koji.approved_at is not None
    mail = (await mails_to(database, JICA_EMAIL))[-1]
    assert "公示を承認しました" in mail.subject and f"http://testserver.local/koji/{koji.id}\n" in mail.body
    page = await client.get(f"/koji/{koji.id}")
    assert page.status_code == 200
    for text in (
        "2026-00123",
        "ケニア",
        "業務実施契約",
        "企画競争",
        "2号",
        "2026年12月15日 12:00",
        "24.5 M/M",
        "説明書",
    ):
        assert text in page.text
    assert 'href="https://www.jica.go.jp/announce/2026-00123.html"' in page.text


async def test_return_needs_a_reason_and_mails_the_jica_account(client, database, frozen_clock):
    _, jica = await make_organization(database, JICA_EMAIL, jica=True)
    koji = await make_koji(database, jica.id, status=NoticeStatus.PENDING)
    await switch_to(client, database, OFFICE_EMAIL)
    empty = await client.post(f"/admin/koji/{koji.id}/return", data={"reason": " "}, headers=csrf_headers(client))
    assert empty.status_code == 422 and "差戻しの理由を入力してください。" in empty.text
    assert (await kojis(database))[0].status == NoticeStatus.PENDING
    returned = await client.post(
        f"/admin/koji/{koji.id}/return",
        data={"reason": "格付を確認してください。"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert returned.status_code == 303
    [koji] = await kojis(database)
    assert koji.status == NoticeStatus.RETURNED and koji.return_reason == "格付を確認してください。"
    mail = (await mails_to(database, JICA_EMAIL))[-1]
    assert "差戻しました" in mail.subject and "格付を確認してください。" in mail.body
    await switch_to(client, database, JICA_EMAIL, make=False)
    edit = await client.get(f"/mypage/koji/{koji.id}/edit")
    assert edit.status_code == 200 and "格付を確認してください。" in edit.text


async def test_stop_by_the_secretariat_needs_a_reason_and_takes_it_off_the_public_pages(client, database):
    _, jica = await make_organization(database, JICA_EMAIL, jica=True)
    koji = await make_koji(database, jica.id)
    assert (await client.get(f"/koji/{koji.id}")).status_code == 200
    await switch_to(client, database, OFFICE_EMAIL)
    refused = await client.post(f"/admin/koji/{koji.id}/stop", data={}, headers=csrf_headers(client))
    assert refused.status_code == 422 and "掲載中止の理由を入力してください。" in refused.text
    stopped = await client.post(
        f"/admin/koji/{koji.id}/stop", data={"reason": "JICAの依頼により"}, headers=csrf_headers(client)
    )
    assert stopped.status_code in (200, 303)
    [koji] = await kojis(database)
    assert koji.status == NoticeStatus.STOPPED and koji.stop_reason == "JICAの依頼により"
    assert "JICAの依頼により" in (await mails_to(database, JICA_EMAIL))[-1].body
    assert (await client.get(f"/koji/{koji.id}")).status_code == 404


async def test_jica_stops_its_own_with_a_reason(client, database):
    _, jica = await as_jica(client, database)
    koji = await make_koji(database, jica.id)
    page = await client.get(f"/mypage/koji/{koji.id}/stop")
    assert page.status_code == 200 and "掲載中止の理由" in page.text
    assert (await client.post(f"/mypage/koji/{koji.id}/stop", headers=csrf_headers(client))).status_code == 422
    done = await client.post(
        f"/mypage/koji/{koji.id}/stop", data={"reason": "中止"}, headers=csrf_headers(client), follow_redirects=False
    )
    assert done.status_code == 303 and (await kojis(database))[0].status == NoticeStatus.STOPPED


async def test_results_are_entered_on_a_published_notice_and_shown(client, database):
    _, jica = await as_jica(client, database)
    draft = await make_koji(database, jica.id, status=NoticeStatus.DRAFT, serial=2)
    koji = await make_koji(database, jica.id)
    data = {"contractor": "株式会社国際開発コンサルタンツ", "contracted_on": "2027-02-01"}
    refused = await client.post(f"/mypage/koji/{draft.id}/result", data=data, headers=csrf_headers(client))
    assert refused.status_code == 403 and "結果は掲載中の公示にだけ登録できます。" in refused.text
    missing = await client.post(f"/mypage/koji/{koji.id}/result", data={}, headers=csrf_headers(client))
    assert missing.status_code == 422 and "契約相手先を入力してください。" in missing.text
    saved = await client.post(
        f"/mypage/koji/{koji.id}/result", data=data, headers=csrf_headers(client), follow_redirects=False
    )
    assert saved.status_code == 303
    page = await client.get(f"/koji/{koji.id}")
    assert "結果" in page.text and "株式会社国際開発コンサルタンツ" in page.text and "2027年2月1日" in page.text
    assert "結果あり" in (await client.get("/koji")).text
    await switch_to(client, database, OFFICE_EMAIL)
    again = await client.post(
        f"/admin/koji/{koji.id}/result",
        data={"contractor": "別の会社", "contracted_on": "2027-02-02"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert again.status_code == 303 and (await kojis(database))[1].contractor == "別の会社"


async def test_unique_procurement_number_has_a_clear_error(client, database):
    _, jica = await as_jica(client, database)
    await make_koji(database, jica.id, procurement_number="2026-00123")
    refused = await post_koji(client, koji_form(), "save", files={"file-0": ("説明書.pdf", PDF, "application/pdf")})
    assert refused.status_code == 422
    assert "この調達管理番号はすでに登録されています。" in refused.text
    assert len(await kojis(database)) == 1 and await koji_files(database) == []
    # the same number typed in full-width is the same number
    again = await post_koji(client, koji_form(procurement_number="２０２６－００１２３"), "save")
    assert again.status_code == 422 and "すでに登録されています" in again.text


async def test_proxy_entry_by_the_secretariat_is_published_at_once_and_recorded(client, database):
    _, jica = await make_organization(database, JICA_EMAIL, jica=True)
    await make_organization(database, PUBLIC_BODY_EMAIL)  # not JICA: not offered
    await switch_to(client, database, OFFICE_EMAIL)
    form = await client.get("/admin/koji/new")
    assert form.status_code == 200 and "公示代理登録" in form.text
    assert f'value="{jica.id}"' in form.text and "city@example.jp" not in form.text
    nobody = await post_koji(client, koji_form(), "confirm", proxy=True)
    assert nobody.status_code == 422 and "代理登録する団体（JICA）を選択してください。" in nobody.text
    confirm = await post_koji(client, koji_form(organization_id=str(jica.id)), "confirm", proxy=True)
    assert confirm.status_code == 200 and "代理登録" in confirm.text
    [koji] = await kojis(database)
    assert koji.status == NoticeStatus.DRAFT and koji.proxy_user_id is not None and koji.organization_id == jica.id
    published = await client.post(
        f"/admin/koji/{koji.id}/publish", headers=csrf_headers(client), follow_redirects=False
    )
    assert published.status_code == 303
    [koji] = await kojis(database)
    assert koji.status == NoticeStatus.APPROVED and koji.proxy_user_id is not None
    assert (await client.get(f"/koji/{koji.id}")).status_code == 200
    await switch_to(client, database, JICA_EMAIL, make=False)
    assert "代理登録" in (await client.get(f"/mypage/koji/{koji.id}")).text


async def test_jica_does_not_see_a_proxy_draft_before_it_is_published(client, database):
    _, jica = await as_jica(client, database)
    draft = await make_koji(database, jica.id, status=NoticeStatus.DRAFT, proxy_user_id=None)
    async with database.session() as db:
        from features.accounts.models import UserAccount

        staff = (await db.execute(select(UserAccount).where(UserAccount.email == JICA_EMAIL))).scalar_one()
    proxy = await make_koji(database, jica.id, status=NoticeStatus.DRAFT, proxy_user_id=staff.id, serial=3)
    listing = await client.get("/mypage/koji")
    assert draft.title in listing.text and proxy.title not in listing.text
    assert (await client.get(f"/mypage/koji/{proxy.id}/edit")).status_code == 404


@pytest.mark.parametrize(
    ("email", "org_type"),
    [(PUBLIC_BODY_EMAIL, OrganizationType.PUBLIC), ("ngo@example.jp", OrganizationType.CORPORATE)],
)
async def test_organizations_without_the_jica_flag_get_403(client, database, email, org_type):
    await make_organization(database, email, org_type=org_type)
    await log_in(client, database, email)
    for path in ("/mypage/koji", "/mypage/koji/new"):
        response = await client.get(path)
        assert response.status_code == 403 and "JICAの団体アカウントだけが利用できます。" in response.text
    assert (await post_koji(client, koji_form(), "save")).status_code == 403
    assert await kojis(database) == []


ATTEMPTS = [
    ("GET", "/mypage/koji/{id}"),
    ("GET", "/mypage/koji/{id}/edit"),
    ("GET", "/mypage/koji/{id}/stop"),
    ("GET", "/mypage/koji/{id}/files/{file}"),
    ("POST", "/mypage/koji/{id}/save"),
    ("POST", "/mypage/koji/{id}/preview"),
    ("POST", "/mypage/koji/{id}/confirm"),
    ("POST", "/mypage/koji/{id}/submit"),
    ("POST", "/mypage/koji/{id}/stop"),
    ("POST", "/mypage/koji/{id}/files/{file}/delete"),
]


@pytest.mark.parametrize(("method", "path"), ATTEMPTS)
async def test_another_jica_organizations_draft_is_a_404_with_an_audit_row(client, database, method, path):
    await as_jica(client, database)
    saved = await post_koji(client, koji_form(), "save", files={"file-0": ("説明書.pdf", PDF, "application/pdf")})
    assert saved.status_code == 303
    [koji], [file] = await kojis(database), await koji_files(database)
    await client.post("/logout", headers=csrf_headers(client))
    other, _ = await make_organization(database, "jica-other@example.jp", jica=True)
    await log_in(client, database, "jica-other@example.jp")
    url = path.format(id=koji.id, file=file.id)
    response = await client.request(
        method, url, data=koji_form(title="乗っ取り") if method == "POST" else None, headers=csrf_headers(client)
    )
    assert response.status_code == 404 and "ケニア国保健医療" not in response.text
    [unchanged] = await kojis(database)
    assert unchanged.title == koji.title and unchanged.status == NoticeStatus.DRAFT
    assert len(await koji_files(database)) == 1
    async with database.session(write=False) as db:
        [event] = (await db.execute(select(AuditEvent))).scalars().all()
    assert (event.actor_user_id, event.target_id) == (other.id, str(koji.id))
    # and on the public side the draft and its file do not exist
    await client.post("/logout", headers=csrf_headers(client))
    assert (await client.get(f"/koji/{koji.id}")).status_code == 404
    assert (await client.get(f"/koji/{koji.id}/files/{file.id}")).status_code == 404
