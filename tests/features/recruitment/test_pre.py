"""プレ公募情報: JICA's entry → the secretariat's review, 代理登録, 掲載中止, the public list with
お知らせを受け取る (individuals only, once), 公募にする, and the eraser."""

from __future__ import annotations

from sqlalchemy import func, select

from app import clock
from app.erasure import erase_person
from features.accounts.models import OrganizationType, Role
from features.recruitment.models import Koubo, NoticeStatus, PreKoubo, PreKouboFollower
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, mails_to, make_user
from tests.features.recruitment.helpers import JICA_EMAIL, PUBLIC_BODY_EMAIL, make_jica, make_organization

OFFICE = "office@example.jp"
PERSON = "person@example.jp"


def pre_form(**changes) -> dict:
    data = {
        "title": "ケニア 保健政策アドバイザー（予定）",
        "koubo_type": "長期専門家",
        "planned_year": "2027",
        "planned_month": "",
        "planned_quarter": "1",
        "location_kind": "overseas",
        "country": "KE",
        "prefecture": "",
        "sector": "health",
        "expected_duration": "2年",
        "summary": "保健省で政策立案を支援する専門家を募集する予定です。",
    }
    data.update(changes)
    return data


async def post(client, path: str, data: dict | None = None):
    await client.get("/healthz")
    return await client.post(path, data=data or {}, headers=csrf_headers(client), follow_redirects=False)


async def switch_to(client, database, email: str, role: str | None = None) -> None:
    await post(client, "/logout")
    if role is not None:
        await make_user(database, email, role)
    await log_in(client, database, email)


async def pre_rows(database) -> list[PreKoubo]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(PreKoubo).order_by(PreKoubo.id))).scalars())


async def approved_pre(database, organization_id: int, **values) -> PreKoubo:
    now = clock.now()
    fields = dict(
        organization_id=organization_id,
        title="モンゴル 教育アドバイザー（予定）",
        koubo_type="短期専門家",
        country="MN",
        sector="education",
        planned_year=2027,
        planned_month=6,
        expected_duration="6か月",
        summary="教員研修の支援",
        status=NoticeStatus.APPROVED,
        created_at=now,
        updated_at=now,
        submitted_at=now,
        approved_at=now,
    )
    fields.update(values)
    async with database.session() as db:
        pre = PreKoubo(**fields)
        db.add(pre)
        await db.flush()
        await db.refresh(pre)
    return pre


async def test_jica_enters_the_secretariat_returns_then_approves(client, database, settings):
    _, jica = await make_jica(database)
    await log_in(client, database, JICA_EMAIL)
    assert (await client.get("/recruitment/pre/new")).status_code == 200
    saved = await post(client, "/recruitment/pre/save", {"title": "書きかけ"})
    assert saved.status_code == 303
    [draft] = await pre_rows(database)
    assert draft.status == NoticeStatus.DRAFT and draft.title == "書きかけ"
    refused = await post(client, f"/recruitment/pre/{draft.id}/confirm", {"title": "書きかけ"})
    assert refused.status_code == 422
    assert "予定時期の年を入力してください。" in refused.text and "概要を入力してください。" in refused.text
    both = await post(client, f"/recruitment/pre/{draft.id}/confirm", pre_form(planned_month="5"))
    assert both.status_code == 422 and "月か四半期のどちらか一方だけ" in both.text
    neither = await post(client, f"/recruitment/pre/{draft.id}/confirm", pre_form(planned_quarter=""))
    assert neither.status_code == 422 and "月か四半期のどちらかを選択" in neither.text
    domestic = await post(client, f"/recruitment/pre/{draft.id}/confirm", pre_form(location_kind="domestic"))
    assert domestic.status_code == 422 and "都道府県を選択してください" in domestic.text
    unknown_type = await post(client, f"/recruitment/pre/{draft.id}/confirm", pre_form(koubo_type="社長"))
    assert unknown_type.status_code == 422
    confirm = await post(client, f"/recruitment/pre/{draft.id}/confirm", pre_form())
    assert confirm.status_code == 200 and "2027年度 第1四半期（4〜6月）" in confirm.text and "掲載依頼" in confirm.text
    assert (await pre_rows(database))[0].status == NoticeStatus.DRAFT  # 確認 stores nothing
    submitted = await post(client, f"/recruitment/pre/{draft.id}/submit", pre_form())
    assert submitted.status_code == 303
    [pending] = await pre_rows(database)
    assert pending.status == NoticeStatus.PENDING and pending.planned_quarter == 1 and pending.planned_month is None
    office_mail = (await mails_to(database, settings.mail.secretariat_address))[-1]
    assert "プレ公募の掲載依頼" in office_mail.subject
    assert f"http://testserver.local/admin/recruitment/pre/{pending.id}\n" in office_mail.body
    assert (
        "審査中" not in (await client.get("/koubo/pre")).text
        and pending.title not in (await client.get("/koubo/pre")).text
    )  # not public before approval
    again = await post(client, f"/recruitment/pre/{pending.id}/save", pre_form())
    assert again.status_code == 403  # 承認待ち cannot be edited

    await switch_to(client, database, OFFICE, Role.SECRETARIAT)
    queue = await client.get("/admin/recruitment/pre")
    assert queue.status_code == 200 and pending.title in queue.text
    empty = await post(client, f"/admin/recruitment/pre/{pending.id}/return", {"reason": ""})
    assert empty.status_code == 422 and "差戻しの理由を入力してください。" in empty.text
    returned = await post(client, f"/admin/recruitment/pre/{pending.id}/return", {"reason": "概要を詳しく"})
    assert returned.status_code == 303
    assert (await pre_rows(database))[0].status == NoticeStatus.RETURNED
    decided = (await mails_to(database, JICA_EMAIL))[-1]
    assert "差戻しました" in decided.subject and "概要を詳しく" in decided.body

    await switch_to(client, database, JICA_EMAIL)
    edit = await client.get(f"/recruitment/pre/{pending.id}/edit")
    assert "概要を詳しく" in edit.text
    assert (
        await post(client, f"/recruitment/pre/{pending.id}/submit", pre_form(summary="詳しい概要"))
    ).status_code == 303
    await switch_to(client, database, OFFICE)
    assert (await post(client, f"/admin/recruitment/pre/{pending.id}/approve")).status_code == 303
    [approved] = await pre_rows(database)
    assert approved.status == NoticeStatus.APPROVED and approved.summary == "詳しい概要"
    assert "承認しました" in (await mails_to(database, JICA_EMAIL))[-1].subject
    public = await client.get("/koubo/pre")
    assert approved.title in public.text and "2027年度 第1四半期（4〜6月）" in public.text
    assert "この案件に応募する" not in public.text
    twice = await post(client, f"/admin/recruitment/pre/{pending.id}/approve")
    assert twice.status_code == 303 and (await pre_rows(database))[0].status == NoticeStatus.APPROVED


async def test_only_jica_enters_and_only_its_own(client, database):
    _, jica = await make_jica(database)
    pre = await approved_pre(database, jica.id)
    await make_organization(database, PUBLIC_BODY_EMAIL)  # a public body without the JICA flag
    await log_in(client, database, PUBLIC_BODY_EMAIL)
    for path in ("/recruitment/pre", "/recruitment/pre/new", f"/recruitment/pre/{pre.id}/edit"):
        assert (await client.get(path)).status_code == 403, path
    assert (await post(client, "/recruitment/pre/submit", pre_form())).status_code == 403
    assert (await post(client, f"/recruitment/pre/{pre.id}/koubo")).status_code == 403
    await make_organization(database, "jica2@example.jp", jica=True)  # another JICA-flagged account
    await switch_to(client, database, "jica2@example.jp")
    assert (await client.get(f"/recruitment/pre/{pre.id}/edit")).status_code == 404
    assert (await post(client, f"/recruitment/pre/{pre.id}/stop", {"reason": "x"})).status_code == 404
    assert (await post(client, f"/recruitment/pre/{pre.id}/koubo")).status_code == 404
    assert pre.title not in (await client.get("/recruitment/pre")).text
    assert (await pre_rows(database))[0].status == NoticeStatus.APPROVED
    corporate_jica_flag = await make_organization(
        database, "corp@example.jp", org_type=OrganizationType.CORPORATE, jica=True
    )  # the flag counts only on the public-body type
    assert corporate_jica_flag
    await switch_to(client, database, "corp@example.jp")
    assert (await client.get("/recruitment/pre")).status_code == 403


async def test_jica_stops_with_a_reason(client, database):
    _, jica = await make_jica(database)
    pre = await approved_pre(database, jica.id)
    await log_in(client, database, JICA_EMAIL)
    listed = await client.get("/recruitment/pre")
    assert "公募にする" in listed.text and "掲載中止" in listed.text
    assert (await client.get(f"/recruitment/pre/{pre.id}/stop")).status_code == 200
    refused = await post(client, f"/recruitment/pre/{pre.id}/stop", {"reason": ""})
    assert refused.status_code == 422 and "掲載中止の理由を入力してください。" in refused.text
    assert (await post(client, f"/recruitment/pre/{pre.id}/stop", {"reason": "計画の見直し"})).status_code == 303
    [stopped] = await pre_rows(database)
    assert stopped.status == NoticeStatus.STOPPED and stopped.stop_reason == "計画の見直し"
    assert "<strong>0</strong>件のプレ公募情報" in (await client.get("/koubo/pre")).text


async def test_proxy_registration_is_published_at_once_for_a_jica_organization(client, database):
    _, jica = await make_jica(database)
    _, city = await make_organization(database, PUBLIC_BODY_EMAIL)
    await make_user(database, OFFICE, Role.SECRETARIAT)
    await log_in(client, database, OFFICE)
    form = await client.get("/admin/recruitment/pre/new")
    assert form.status_code == 200 and jica.name in form.text and city.name not in form.text
    refused = await post(client, "/admin/recruitment/pre/new", {**pre_form(), "organization_id": str(city.id)})
    assert refused.status_code == 422 and "団体は一覧から選択してください。" in refused.text
    assert await pre_rows(database) == []
    done = await post(client, "/admin/recruitment/pre/new", {**pre_form(), "organization_id": str(jica.id)})
    assert done.status_code == 303
    [pre] = await pre_rows(database)
    assert pre.status == NoticeStatus.APPROVED and pre.organization_id == jica.id and pre.proxy_user_id
    assert "代理登録" in (await mails_to(database, JICA_EMAIL))[-1].subject
    assert pre.title in (await client.get("/koubo/pre")).text
    review = await client.get(f"/admin/recruitment/pre/{pre.id}")
    assert "代理登録" in review.text and "掲載中止" in review.text
    assert (await post(client, f"/admin/recruitment/pre/{pre.id}/stop", {"reason": "重複"})).status_code == 303
    assert (await pre_rows(database))[0].status == NoticeStatus.STOPPED
    assert "掲載を中止しました" in (await mails_to(database, JICA_EMAIL))[-1].subject


async def followers(database) -> list[PreKouboFollower]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(PreKouboFollower))).scalars())


async def test_an_individual_follows_once_and_unfollows_others_may_not(client, database):
    _, jica = await make_jica(database)
    pre = await approved_pre(database, jica.id)
    anonymous = await client.get("/koubo/pre")
    assert "ログイン" in anonymous.text and "お知らせを受け取る</button>" not in anonymous.text
    assert (await post(client, f"/koubo/pre/{pre.id}/follow")).status_code == 401
    person = await make_user(database, PERSON, Role.INDIVIDUAL)
    await log_in(client, database, PERSON)
    page = await client.get("/koubo/pre?sector=education&page=1")
    assert "お知らせを受け取る</button>" in page.text
    here = "/koubo/pre?sector=education&page=1"
    for _ in range(2):
        followed = await post(client, f"/koubo/pre/{pre.id}/follow", {"next": here})
        assert followed.status_code == 303 and followed.headers["location"] == here
    [row] = await followers(database)
    assert row.user_id == person.id and row.notified_at is None
    shown = await client.get("/koubo/pre")
    assert "お知らせを解除</button>" in shown.text
    off_site = await post(client, f"/koubo/pre/{pre.id}/unfollow", {"next": "//evil.example/"})
    assert off_site.status_code == 303 and off_site.headers["location"] == "/koubo/pre"
    assert await followers(database) == []
    assert "お知らせを受け取る</button>" in (await client.get("/koubo/pre")).text
    assert (await post(client, "/koubo/pre/99999/follow")).status_code == 404
    stopped = await approved_pre(database, jica.id, status=NoticeStatus.STOPPED, title="中止")
    assert (await post(client, f"/koubo/pre/{stopped.id}/follow")).status_code == 404

    await switch_to(client, database, JICA_EMAIL)
    assert (await post(client, f"/koubo/pre/{pre.id}/follow")).status_code == 403
    assert "お知らせを受け取る</button>" not in (await client.get("/koubo/pre")).text
    await switch_to(client, database, OFFICE, Role.SECRETARIAT)
    assert (await post(client, f"/koubo/pre/{pre.id}/follow")).status_code == 403
    assert await followers(database) == []


async def test_the_public_list_filters_pages_and_swaps_in_place(client, database):
    _, jica = await make_jica(database)
    for i in range(22):
        await approved_pre(database, jica.id, title=f"教育案件{i:02d}", sector="education")
    await approved_pre(
        database, jica.id, title="国内の案件", domestic=True, country="", prefecture="沖縄県", sector="water"
    )
    await approved_pre(database, jica.id, title="下書きの案件", status=NoticeStatus.DRAFT)
    everything = await client.get("/koubo/pre")
    assert "23</strong>件" in everything.text and "下書きの案件" not in everything.text
    assert "国内の案件" in everything.text  # newest first
    domestic = await client.get("/koubo/pre?country=domestic")
    assert "1</strong>件" in domestic.text and "沖縄県" in domestic.text
    second = await client.get("/koubo/pre?sector=education&page=2")
    assert "22</strong>件" in second.text and "教育案件00" in second.text and "教育案件21" not in second.text
    assert "sector=education&amp;page=1" in second.text  # the pager keeps the filter
    fragment = await client.get(
        "/koubo/pre?koubo_type=短期専門家", headers={"HX-Request": "true", "HX-Target": "pre-results"}
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text and "件のプレ公募情報" in fragment.text
    assert 'hx-push-url="true"' in everything.text
    nonsense = await client.get("/koubo/pre?country=ZZ&sector=%00&koubo_type=x&page=abc")
    assert nonsense.status_code == 200 and "23</strong>件" in nonsense.text


async def test_turning_it_into_a_koubo_copies_the_fields_once(client, database):
    _, jica = await make_jica(database)
    pre = await approved_pre(database, jica.id)
    await log_in(client, database, JICA_EMAIL)
    converted = await post(client, f"/recruitment/pre/{pre.id}/koubo")
    async with database.session(write=False) as db:
        [koubo] = list((await db.execute(select(Koubo))).scalars())
    # Straight on to the new draft's edit page, to enter what a プレ公募 does not have.
    assert converted.status_code == 303 and converted.headers["location"] == f"/jica/koubo/{koubo.id}/edit"
    edit = await client.get(converted.headers["location"])
    assert edit.status_code == 200 and "公募の下書き" in edit.text and pre.title in edit.text
    async with database.session(write=False) as db:
        stored = await db.get(PreKoubo, pre.id)
    assert koubo.status == NoticeStatus.DRAFT and koubo.organization_id == jica.id
    assert (koubo.title, koubo.koubo_type, koubo.country, koubo.sector, koubo.duties) == (
        pre.title,
        pre.koubo_type,
        "MN",
        "education",
        "教員研修の支援",
    )
    assert koubo.domestic is False and koubo.pre_koubo_id == pre.id and stored.koubo_id == koubo.id
    again = await post(client, f"/recruitment/pre/{pre.id}/koubo")
    assert again.status_code == 303
    async with database.session(write=False) as db:
        assert (await db.execute(select(func.count()).select_from(Koubo))).scalar_one() == 1
    assert pre.title in (await client.get("/koubo/pre")).text  # still on show while the 公募 is a draft
    draft = await approved_pre(database, jica.id, status=NoticeStatus.DRAFT, title="下書き")
    assert (await post(client, f"/recruitment/pre/{draft.id}/koubo")).status_code == 303
    async with database.session(write=False) as db:
        assert (await db.execute(select(func.count()).select_from(Koubo))).scalar_one() == 1


async def test_erasing_a_person_removes_their_follows(client, database, settings):
    _, jica = await make_jica(database)
    pre = await approved_pre(database, jica.id)
    person = await make_user(database, PERSON, Role.INDIVIDUAL)
    other = await make_user(database, "other@example.jp", Role.INDIVIDUAL)
    now = clock.now()
    async with database.session() as db:
        db.add(PreKouboFollower(pre_koubo_id=pre.id, user_id=person.id, created_at=now))
        db.add(PreKouboFollower(pre_koubo_id=pre.id, user_id=other.id, created_at=now))
    async with database.session() as db:
        await erase_person(db, settings, person.id)
    assert [f.user_id for f in await followers(database)] == [other.id]
