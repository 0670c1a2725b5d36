"""公募案件登録 by JICA: 一時保存 (lenient), プレビュー, 確認 → 掲載依頼 (strict), the secretariat's
承認 / 差戻し with mails, who may do it (JICA only; another JICA gets 404), 公募番号 uniqueness,
the date rules, 掲載中止 with a reason, 選考中 / 選考終了 and コピー."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from app import clock
from features.accounts.models import OrganizationType, Role
from features.recruitment.models import Koubo, NoticeStatus
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, mails_to, make_user
from tests.features.recruitment.helpers import JICA_EMAIL, PUBLIC_BODY_EMAIL, make_jica, make_koubo, make_organization

OFFICE_EMAIL = "office@example.jp"


def koubo_form(**changes) -> dict:
    """A complete 公募: deadline 2026-12-15 12:00 JST (the frozen clock is 2026-11-21 12:00 JST)."""
    data = {
        "number": "2026-JE-0123",
        "koubo_type": "長期専門家",
        "title": "保健医療政策アドバイザー",
        "location_kind": "overseas",
        "country": "KE",
        "assignment": "ケニア保健省（ナイロビ）",
        "sector": "health",
        "duties": "保健医療政策の策定を支援します。",
        "period_start": "2027-04-01",
        "period_end": "2028-03-31",
        "language_0": "en",
        "level_0": "A",
        "need_0": "必須",
        "language_1": "sw",
        "level_1": "C",
        "need_1": "望ましい",
        "required_qualifications": "保健医療分野の修士号\n実務経験5年以上",
        "preferred_qualifications": "開発途上国での勤務経験",
        "selection_method": "書類選考の後、オンライン面接",
        "screening_on": "2026-12-20",
        "interview_on": "2027-01-10",
        "result_on": "2027-01-20",
        "required_documents": "業務企画書\n語学証明書",
        "optional_documents": "顔写真",
        "deadline_date": "2026-12-15",
        "deadline_time": "12:00",
        "publish_date": "",
        "publish_time": "",
        "contact": "JICA 人事部 公募担当",
    }
    data.update(changes)
    return data


async def post(client, path: str, data: dict | None = None):
    return await client.post(path, data=data or {}, headers=csrf_headers(client), follow_redirects=False)


async def all_koubo(database) -> list[Koubo]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(Koubo).order_by(Koubo.id))).scalars())


async def as_jica(client, database):
    user, organization = await make_jica(database)
    await log_in(client, database, JICA_EMAIL)
    return organization


async def switch_to(client, database, email: str, role=Role.SECRETARIAT) -> None:
    await post(client, "/logout")
    if role is not None:
        await make_user(database, email, role)
    await log_in(client, database, email)


async def test_temp_save_is_lenient_and_confirm_is_strict(client, database, frozen_clock):
    await as_jica(client, database)
    saved = await post(client, "/jica/koubo/save", {"title": "書きかけの公募"})
    assert saved.status_code == 303 and re.fullmatch(r"/jica/koubo/\d+/edit", saved.headers["location"])
    [draft] = await all_koubo(database)
    assert draft.status == NoticeStatus.DRAFT and draft.title == "書きかけの公募" and draft.number is None
    assert "書きかけの公募" in draft.search_text
    refused = await post(client, f"/jica/koubo/{draft.id}/confirm", {"title": "書きかけの公募"})
    assert refused.status_code == 422
    for message in (
        "公募番号を入力してください。",
        "公募種別を選択してください。",
        "応募締切（日付）を入力してください。",
    ):
        assert message in refused.text
    assert 'aria-invalid="true"' in refused.text and 'id="error-summary"' in refused.text
    bad = await post(client, f"/jica/koubo/{draft.id}/save", {"period_start": "2027-13-40"})
    assert bad.status_code == 422 and "日付が正しくありません" in bad.text
    assert (await all_koubo(database))[0].title == "書きかけの公募"  # nothing half-saved


async def test_preview_shows_the_public_body_and_stores_nothing(client, database, frozen_clock):
    await as_jica(client, database)
    preview = await post(client, "/jica/koubo/preview", koubo_form())
    assert preview.status_code == 200 and "プレビュー" in preview.text
    body = preview.text
    assert "2026年12月15日（火）12:00" in body and "保健医療政策アドバイザー" in body and "ケニア" in body
    assert body.index("専門家履歴書") < body.index("業務企画書") < body.index("語学証明書") < body.index("顔写真")
    assert "英語" in body and "スワヒリ語" in body and "望ましい" in body and "長期" in body
    assert await all_koubo(database) == []


async def test_entry_submit_then_approve_with_mails(client, database, settings, frozen_clock):
    await as_jica(client, database)
    confirm = await post(client, "/jica/koubo/confirm", koubo_form())
    assert confirm.status_code == 200 and "掲載依頼" in confirm.text and "入力画面へ戻る" in confirm.text
    assert await all_koubo(database) == []
    back = await post(client, "/jica/koubo/back", koubo_form())
    assert back.status_code == 200 and 'value="2026-JE-0123"' in back.text
    done = await post(client, "/jica/koubo/submit", koubo_form())
    assert done.status_code == 303
    [koubo] = await all_koubo(database)
    assert koubo.status == NoticeStatus.PENDING and koubo.long_term and koubo.language_codes == " en sw "
    assert koubo.submitted_at is not None and koubo.proxy_user_id is None
    assert clock.to_jst(koubo.deadline_at).strftime("%Y-%m-%d %H:%M") == "2026-12-15 12:00"
    assert "ケニア" in koubo.search_text and "2026-je-0123" in koubo.search_text
    assert (await mails_to(database, JICA_EMAIL))[-1].subject.startswith("【PARTNER】公募の掲載依頼を受け付けました")
    office = (await mails_to(database, settings.mail.secretariat_address))[-1]
    assert f"http://testserver.local/admin/koubo/{koubo.id}\n" in office.body
    listing = await client.get("/jica/koubo")
    assert "承認待ち" in listing.text and "2026-JE-0123" in listing.text
    assert (await client.get(f"/jica/koubo/{koubo.id}/edit", follow_redirects=False)).status_code == 303

    await switch_to(client, database, OFFICE_EMAIL)
    queue = await client.get("/admin/koubo/review")
    assert queue.status_code == 200 and "保健医療政策アドバイザー" in queue.text
    approved = await post(client, f"/admin/koubo/{koubo.id}/approve")
    assert approved.status_code == 303
    [koubo] = await all_koubo(database)
    assert koubo.status == NoticeStatus.APPROVED and koubo.approved_at is not None
    assert koubo.publish_at is not None  # 掲載開始日時 defaults to the approval
    mail = (await mails_to(database, JICA_EMAIL))[-1]
    assert mail.subject == "【PARTNER】公募を承認しました：2026-JE-0123 保健医療政策アドバイザー"
    assert f"http://testserver.local/jica/koubo/{koubo.id}\n" in mail.body
    assert "承認待ちの公募はありません" in (await client.get("/admin/koubo/review")).text


async def test_return_needs_a_reason_is_mailed_and_shown_on_edit(client, database, frozen_clock):
    organization = await as_jica(client, database)
    koubo = await make_koubo(database, organization.id, status=NoticeStatus.PENDING)
    await switch_to(client, database, OFFICE_EMAIL)
    empty = await post(client, f"/admin/koubo/{koubo.id}/return", {"reason": " "})
    assert empty.status_code == 422 and "差戻しの理由を入力してください。" in empty.text
    assert (await all_koubo(database))[0].status == NoticeStatus.PENDING
    returned = await post(client, f"/admin/koubo/{koubo.id}/return", {"reason": "派遣期間を確認してください。"})
    assert returned.status_code == 303
    assert (await all_koubo(database))[0].status == NoticeStatus.RETURNED
    assert "派遣期間を確認してください。" in (await mails_to(database, JICA_EMAIL))[-1].body
    await switch_to(client, database, JICA_EMAIL, role=None)
    edit = await client.get(f"/jica/koubo/{koubo.id}/edit")
    assert edit.status_code == 200 and "差戻しの理由" in edit.text and "派遣期間を確認してください。" in edit.text
    again = await post(client, f"/jica/koubo/{koubo.id}/submit", koubo_form(number=koubo.number))
    assert again.status_code == 303
    [koubo] = await all_koubo(database)
    assert koubo.status == NoticeStatus.PENDING and koubo.return_reason == ""


async def test_only_jica_may_enter_and_another_jica_sees_404(client, database, frozen_clock):
    _, jica = await make_jica(database)
    draft = await make_koubo(database, jica.id, status=NoticeStatus.DRAFT)
    await make_organization(database, "corp@example.jp", org_type=OrganizationType.CORPORATE, jica=True)
    await make_organization(database, PUBLIC_BODY_EMAIL)  # a public body without the flag
    await make_organization(database, "other-jica@example.jp", jica=True)
    for email in ("corp@example.jp", PUBLIC_BODY_EMAIL):
        await log_in(client, database, email)
        assert (await client.get("/jica/koubo")).status_code == 403
        assert (await client.get("/jica/koubo/new")).status_code == 403
        assert (await post(client, "/jica/koubo/save", {"title": "x"})).status_code == 403
        assert (await client.get(f"/jica/koubo/{draft.id}")).status_code == 403
        await post(client, "/logout")
    await log_in(client, database, "other-jica@example.jp")
    assert (await client.get("/jica/koubo")).status_code == 200
    assert draft.title not in (await client.get("/jica/koubo")).text
    for path in (f"/jica/koubo/{draft.id}", f"/jica/koubo/{draft.id}/edit", f"/jica/koubo/{draft.id}/stop"):
        assert (await client.get(path)).status_code == 404
    for action in ("save", "submit", "copy", "stop", "preview"):
        assert (await post(client, f"/jica/koubo/{draft.id}/{action}", koubo_form(reason="x"))).status_code == 404
    [unchanged] = await all_koubo(database)
    assert unchanged.status == NoticeStatus.DRAFT and unchanged.title == draft.title
    assert len(await all_koubo(database)) == 1  # no copy made


async def test_koubo_number_is_unique_with_a_clear_error(client, database, frozen_clock):
    organization = await as_jica(client, database)
    await make_koubo(database, organization.id, serial=123)  # 2026-JE-0123
    for action in ("save", "confirm", "submit"):
        refused = await post(client, f"/jica/koubo/{action}", koubo_form())
        assert refused.status_code == 422, action
        assert "公募番号「2026-JE-0123」はすでに使われています。" in refused.text
    assert len(await all_koubo(database)) == 1
    # full-width input is the same number
    assert (await post(client, "/jica/koubo/save", koubo_form(number="２０２６－ＪＥ－０１２３"))).status_code == 422


async def test_the_date_rules(client, database, frozen_clock):
    await as_jica(client, database)
    cases = [
        ({"deadline_date": "2026-11-20"}, "応募締切が過ぎています。"),
        ({"deadline_time": ""}, "応募締切の時刻を入力してください"),
        ({"publish_date": "2026-12-16", "publish_time": "09:00"}, "応募締切は掲載開始日時より後にしてください。"),
        ({"period_end": "2027-03-01"}, "派遣期間（終了）は開始日より後の日付にしてください。"),
        ({"screening_on": "2026-12-01"}, "書類選考の日付は応募締切より後にしてください。"),
        ({"location_kind": "domestic"}, "国内の場合は都道府県を選択してください。"),
        ({"language_2": "fr", "level_2": ""}, "語学要件3のレベル（S/A/B/C）を選択してください。"),
        ({"koubo_type": "存在しない種別"}, "公募種別は一覧から選択してください。"),
    ]
    for changes, message in cases:
        refused = await post(client, "/jica/koubo/confirm", koubo_form(**changes))
        assert refused.status_code == 422 and message in refused.text, changes
    # the minute after now is fine; a short period is 短期; domestic keeps the prefecture
    short = koubo_form(period_end="2027-09-30", location_kind="domestic", prefecture="沖縄県", number="2026-JE-0200")
    assert (await post(client, "/jica/koubo/submit", short)).status_code == 303
    [koubo] = await all_koubo(database)
    assert not koubo.long_term and koubo.domestic and koubo.prefecture == "沖縄県" and koubo.country == "JP"


async def test_stop_requires_a_reason(client, database, settings, frozen_clock):
    organization = await as_jica(client, database)
    koubo = await make_koubo(database, organization.id)
    assert "掲載中止の理由" in (await client.get(f"/jica/koubo/{koubo.id}/stop")).text
    refused = await post(client, f"/jica/koubo/{koubo.id}/stop", {"reason": ""})
    assert refused.status_code == 422 and "掲載中止の理由を入力してください。" in refused.text
    assert (await all_koubo(database))[0].status == NoticeStatus.APPROVED
    stopped = await post(client, f"/jica/koubo/{koubo.id}/stop", {"reason": "予算の都合"})
    assert stopped.status_code == 303
    [koubo] = await all_koubo(database)
    assert koubo.status == NoticeStatus.STOPPED and koubo.stop_reason == "予算の都合" and koubo.stopped_at
    assert "予算の都合" in (await mails_to(database, JICA_EMAIL))[-1].body
    # a stopped one cannot be stopped again: a message, nothing changes
    again = await post(client, f"/jica/koubo/{koubo.id}/stop", {"reason": "もう一度"})
    assert again.status_code == 303 and (await all_koubo(database))[0].stop_reason == "予算の都合"


async def test_screening_only_after_the_deadline_then_finish(client, database, frozen_clock):
    organization = await as_jica(client, database)
    koubo = await make_koubo(database, organization.id)
    page = await client.get(f"/jica/koubo/{koubo.id}")
    assert "選考中にする" not in page.text and "公募中" in page.text
    await post(client, f"/jica/koubo/{koubo.id}/screening")
    assert (await all_koubo(database))[0].status == NoticeStatus.APPROVED  # still open: refused
    frozen_clock.advance(days=15)
    await log_in(client, database, JICA_EMAIL)
    assert "選考中にする" in (await client.get(f"/jica/koubo/{koubo.id}")).text
    assert (await post(client, f"/jica/koubo/{koubo.id}/screening")).status_code == 303
    assert (await all_koubo(database))[0].status == NoticeStatus.SCREENING
    assert (await post(client, f"/jica/koubo/{koubo.id}/finish")).status_code == 303
    [koubo] = await all_koubo(database)
    assert koubo.status == NoticeStatus.CLOSED and koubo.closed_at is not None


async def test_copy_clears_the_number_and_the_dates(client, database, frozen_clock):
    organization = await as_jica(client, database)
    source = await make_koubo(
        database,
        organization.id,
        status=NoticeStatus.ARCHIVED,
        languages='[{"language": "en", "level": "A", "need": "必須"}]',
        required_documents='["業務企画書"]',
        screening_on=date(2026, 12, 20),
    )
    copied = await post(client, f"/jica/koubo/{source.id}/copy")
    assert copied.status_code == 303
    [_, copy] = await all_koubo(database)
    assert copied.headers["location"] == f"/jica/koubo/{copy.id}/edit"
    assert copy.status == NoticeStatus.DRAFT and copy.copied_from_id == source.id
    assert copy.number is None and copy.deadline_at is None and copy.publish_at is None
    assert copy.period_start is None and copy.period_end is None and copy.screening_on is None
    assert copy.title == source.title and copy.duties == source.duties and copy.required_documents == '["業務企画書"]'
    assert copy.languages == source.languages and copy.submitted_at is None and copy.approved_at is None
    edit = await client.get(f"/jica/koubo/{copy.id}/edit")
    assert edit.status_code == 200 and 'value="保健医療政策アドバイザー"' in edit.text
    # the copy can repeat the original (再公募): it is offered by its 公募番号
    assert source.number in edit.text
    submitted = await post(
        client, f"/jica/koubo/{copy.id}/submit", koubo_form(number="2027-JE-0001", repeat_of=str(source.id))
    )
    assert submitted.status_code == 303 and (await all_koubo(database))[1].repeat_of_id == source.id


async def test_the_list_is_newest_first_and_paged(client, database, frozen_clock):
    organization = await as_jica(client, database)
    for serial in range(1, 23):
        frozen_clock.advance(minutes=1)
        await make_koubo(database, organization.id, serial=serial, title=f"案件{serial:02d}")
    first = await client.get("/jica/koubo")
    assert first.text.index("案件22") < first.text.index("案件03") and "案件02" not in first.text
    second = await client.get("/jica/koubo?page=2", headers={"HX-Request": "true", "HX-Target": "koubo-list"})
    assert "案件01" in second.text and "<html" not in second.text
