"""The secretariat's side of 公募案件: 代理登録 (published at once, recorded), 公募案件一覧, 掲載中止,
非表示 / 再表示, 公募種別, JICA指定; the hourly move to 過去の公募案件 and the retirement of an
organization's 公募."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app import clock
from features.accounts.models import Organization, OrganizationType, Role
from features.recruitment import koubo as service
from features.recruitment import koubo_views
from features.recruitment.models import Koji, Koubo, KouboType, NoticeStatus, PreKoubo
from tests.features.accounts.helpers import log_in, mails_to, make_user
from tests.features.recruitment.helpers import JICA_EMAIL, PUBLIC_BODY_EMAIL, make_jica, make_koubo, make_organization
from tests.features.recruitment.test_manage import OFFICE_EMAIL, all_koubo, koubo_form, post

S = NoticeStatus


async def as_office(client, database):
    user = await make_user(database, OFFICE_EMAIL, Role.SECRETARIAT)
    await log_in(client, database, OFFICE_EMAIL)
    return user


async def test_proxy_entry_is_published_at_once_and_recorded(client, database, frozen_clock):
    _, jica = await make_jica(database)
    _, city = await make_organization(database, PUBLIC_BODY_EMAIL)  # not flagged: not offered
    staff = await as_office(client, database)
    form = await client.get("/admin/koubo/proxy")
    assert form.status_code == 200 and jica.name in form.text and city.name not in form.text
    assert "一時保存" not in form.text  # 代理登録 publishes at once
    refused = await post(client, "/admin/koubo/proxy/publish", koubo_form(organization_id=str(city.id)))
    assert refused.status_code == 422 and "JICAの団体を一覧から選択してください。" in refused.text
    assert await all_koubo(database) == []
    confirm = await post(client, "/admin/koubo/proxy/confirm", koubo_form(organization_id=str(jica.id)))
    assert confirm.status_code == 200 and "代理登録して掲載する" in confirm.text and jica.name in confirm.text
    done = await post(client, "/admin/koubo/proxy/publish", koubo_form(organization_id=str(jica.id)))
    assert done.status_code == 303
    [koubo] = await all_koubo(database)
    assert koubo.status == S.APPROVED and koubo.organization_id == jica.id and koubo.proxy_user_id == staff.id
    assert koubo.approved_at is not None and koubo.publish_at is not None and koubo.submitted_at is not None
    assert koubo_views.phase_of(koubo).value == "公募中"
    page = await client.get(f"/admin/koubo/{koubo.id}")
    assert "事務局による代理登録" in page.text
    # the JICA account sees it among its own
    await post(client, "/logout")
    await log_in(client, database, JICA_EMAIL)
    assert "事務局による代理登録" in (await client.get(f"/jica/koubo/{koubo.id}")).text


async def test_office_list_filters_by_state_and_stops_with_a_reason(client, database, frozen_clock):
    _, jica = await make_jica(database)
    live = await make_koubo(database, jica.id, serial=1, title="掲載中の公募")
    await make_koubo(database, jica.id, serial=2, title="下書きの公募", status=S.DRAFT)
    await as_office(client, database)
    everything = await client.get("/admin/koubo")
    assert "掲載中の公募" in everything.text and "下書きの公募" in everything.text
    drafts = await client.get("/admin/koubo?status=draft", headers={"HX-Request": "true", "HX-Target": "koubo-list"})
    assert "下書きの公募" in drafts.text and "掲載中の公募" not in drafts.text and "<html" not in drafts.text
    refused = await post(client, f"/admin/koubo/{live.id}/stop", {"stop_reason": ""})
    assert refused.status_code == 422 and "掲載中止の理由を入力してください。" in refused.text
    assert (await post(client, f"/admin/koubo/{live.id}/stop", {"stop_reason": "内容に誤り"})).status_code == 303
    stopped = next(k for k in await all_koubo(database) if k.id == live.id)
    assert stopped.status == S.STOPPED and stopped.stop_reason == "内容に誤り"
    mail = (await mails_to(database, JICA_EMAIL))[-1]
    assert "PARTNER事務局が次の公募の掲載を中止しました" in mail.body and "内容に誤り" in mail.body


async def test_hide_and_show_only_an_archived_entry(client, database, frozen_clock):
    _, jica = await make_jica(database)
    archived = await make_koubo(database, jica.id, serial=1, status=S.ARCHIVED)
    live = await make_koubo(database, jica.id, serial=2)
    await as_office(client, database)
    assert "非表示" in (await client.get(f"/admin/koubo/{archived.id}")).text
    await post(client, f"/admin/koubo/{archived.id}/hide")
    await post(client, f"/admin/koubo/{live.id}/hide")
    rows = {k.id: k for k in await all_koubo(database)}
    assert rows[archived.id].hidden and not rows[live.id].hidden
    await post(client, f"/admin/koubo/{archived.id}/unhide")
    assert not {k.id: k for k in await all_koubo(database)}[archived.id].hidden


async def test_archive_job_moves_exactly_the_right_ones(database, settings, frozen_clock):
    _, jica = await make_jica(database)
    now = clock.now()
    days = settings.recruitment.archive_after_days

    def ago(n: float):
        return now - timedelta(days=n)

    cases = {
        "closed": (S.CLOSED, ago(1), True),
        "approved_long_ago": (S.APPROVED, ago(days + 0.01), True),
        "screening_long_ago": (S.SCREENING, ago(days + 1), True),
        "approved_recent": (S.APPROVED, ago(days - 0.01), False),
        "screening_recent": (S.SCREENING, ago(2), False),
        "open": (S.APPROVED, now + timedelta(days=3), False),
        "draft_old": (S.DRAFT, ago(days + 10), False),
        "pending_old": (S.PENDING, ago(days + 10), False),
        "stopped_old": (S.STOPPED, ago(days + 10), False),
        "archived": (S.ARCHIVED, ago(days + 10), False),
    }
    ids = {}
    for serial, (name, (status, deadline, _)) in enumerate(cases.items(), start=1):
        ids[name] = (await make_koubo(database, jica.id, serial=serial, status=status, deadline_at=deadline)).id
    async with database.session() as db:
        assert await service.archive_koubo(db, settings) == 3
    async with database.session() as db:
        assert await service.archive_koubo(db, settings) == 0  # idempotent
    rows = {k.id: k for k in await all_koubo(database)}
    for name, (status, _, moves) in cases.items():
        row = rows[ids[name]]
        if moves:
            assert row.status == S.ARCHIVED and row.archived_at is not None, name
        else:
            assert row.status == status, name
    assert rows[ids["archived"]].archived_at is None  # untouched


async def test_retired_organization_has_its_live_koubo_stopped(database, settings, frozen_clock):
    user, jica = await make_jica(database)
    live = await make_koubo(database, jica.id, serial=1)
    pending = await make_koubo(database, jica.id, serial=2, status=S.PENDING)
    draft = await make_koubo(database, jica.id, serial=3, status=S.DRAFT)
    archived = await make_koubo(database, jica.id, serial=4, status=S.ARCHIVED)
    now = frozen_clock()
    async with database.session() as db:
        pre = PreKoubo(organization_id=jica.id, title="予定", status=S.APPROVED, created_at=now, updated_at=now)
        koji = Koji(organization_id=jica.id, title="公示", status=S.PENDING, created_at=now, updated_at=now)
        koji_draft = Koji(organization_id=jica.id, title="下書き", status=S.DRAFT, created_at=now, updated_at=now)
        db.add_all([pre, koji, koji_draft])
    async with database.session() as db:
        await service.stop_organization_koubo(db, settings, user.id)
    rows = {k.id: k for k in await all_koubo(database)}
    for koubo in (live, pending):
        assert rows[koubo.id].status == S.STOPPED and rows[koubo.id].stop_reason == "団体の登録終了"
    assert rows[draft.id].status == S.DRAFT and rows[archived.id].status == S.ARCHIVED
    async with database.session(write=False) as db:  # プレ公募 and 公示 stop with it, drafts stay
        assert (await db.get(PreKoubo, pre.id)).status == S.STOPPED
        assert (await db.get(Koji, koji.id)).status == S.STOPPED
        assert (await db.get(Koji, koji_draft.id)).status == S.DRAFT


async def _types(database) -> dict[str, KouboType]:
    async with database.session(write=False) as db:
        return {t.name: t for t in (await db.execute(select(KouboType))).scalars()}


async def test_koubo_types_add_rename_reorder_deactivate_and_delete(client, database, frozen_clock):
    _, jica = await make_jica(database)
    await make_koubo(database, jica.id, koubo_type="企画調査員")
    await as_office(client, database)
    page = await client.get("/admin/koubo-types")
    assert page.status_code == 200 and "長期専門家" in page.text
    assert (await post(client, "/admin/koubo-types", {"name": "長期専門家"})).status_code == 422  # already there
    assert (await post(client, "/admin/koubo-types", {"name": "ボランティア調整員"})).status_code == 303
    types = await _types(database)
    added = types["ボランティア調整員"]
    assert added.active and added.position > types["その他"].position
    await post(client, f"/admin/koubo-types/{added.id}/up")
    types = await _types(database)
    assert types["ボランティア調整員"].position < types["その他"].position
    # rename: the 公募 that have it follow
    used = types["企画調査員"]
    assert (
        await post(client, f"/admin/koubo-types/{used.id}/rename", {"name": "企画調査員（個人）"})
    ).status_code == 303
    [koubo] = await all_koubo(database)
    assert koubo.koubo_type == "企画調査員（個人）" and "企画調査員（個人）" in koubo.search_text
    # a type in use cannot be deleted, only deactivated
    refused = await post(client, f"/admin/koubo-types/{used.id}/delete", {"name": "企画調査員（個人）"})
    assert refused.status_code == 303 and "企画調査員（個人）" in await _names(database)
    assert "使用停止にしてください" in (await client.get("/admin/koubo-types")).text
    await post(client, f"/admin/koubo-types/{used.id}/deactivate")
    assert not (await _types(database))["企画調査員（個人）"].active
    # an unused one is deleted (the posted name must be the type's)
    await post(client, f"/admin/koubo-types/{added.id}/delete", {"name": "別の名前"})
    assert "ボランティア調整員" in await _names(database)
    await post(client, f"/admin/koubo-types/{added.id}/delete", {"name": "ボランティア調整員"})
    assert "ボランティア調整員" not in await _names(database)
    # the deactivated type is not offered on a new 公募, but stays on the 公募 that has it
    await post(client, "/logout")
    await log_in(client, database, JICA_EMAIL)
    assert "企画調査員（個人）" not in (await client.get("/jica/koubo/new")).text
    refused = await post(client, "/jica/koubo/confirm", koubo_form(koubo_type="企画調査員（個人）"))
    assert refused.status_code == 422 and "公募種別は一覧から選択してください。" in refused.text


async def _names(database) -> set[str]:
    return set(await _types(database))


async def test_jica_flag_on_the_organization_page(client, database, frozen_clock):
    _, city = await make_organization(database, PUBLIC_BODY_EMAIL)
    _, corp = await make_organization(database, "corp@example.jp", org_type=OrganizationType.CORPORATE)
    await as_office(client, database)
    page = await client.get(f"/admin/organizations/{city.id}")
    assert "JICA指定" in page.text and "JICAに指定する" in page.text
    assert (await post(client, f"/admin/organizations/{city.id}/jica", {"jica": "1"})).status_code == 303
    refused = await post(client, f"/admin/organizations/{corp.id}/jica", {"jica": "1"})
    assert refused.status_code == 303
    shown = await client.get(refused.headers["location"])
    assert "JICAの指定は団体種別「JICA・政府機関・学校法人・地方自治体」の団体にだけできます。" in shown.text
    async with database.session(write=False) as db:
        flags = dict((await db.execute(select(Organization.id, Organization.is_jica))).all())
    assert flags[city.id] is True and flags[corp.id] is False
    # now flagged, the city may enter 公募
    await post(client, "/logout")
    await log_in(client, database, PUBLIC_BODY_EMAIL)
    assert (await client.get("/jica/koubo/new")).status_code == 200


async def test_approve_refuses_a_past_deadline(client, database, frozen_clock):
    _, jica = await make_jica(database)
    koubo = await make_koubo(database, jica.id, status=S.PENDING, deadline_at=clock.now() - timedelta(minutes=1))
    await as_office(client, database)
    await post(client, f"/admin/koubo/{koubo.id}/approve")
    async with database.session(write=False) as db:
        assert (await db.get(Koubo, koubo.id)).status == S.PENDING
