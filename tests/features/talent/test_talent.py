"""履歴書 and 人材閲覧: sections, PDF, visibility rules, audit, favorites, search."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from app.audit import AuditEvent
from features.accounts.models import (
    AccountStatus,
    Individual,
    OrganizationType,
    Role,
    UserAccount,
)
from features.talent.models import Resume
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user
from tests.features.applications.helpers import apply, published_job
from tests.features.talent.helpers import TALENT, as_org, build_resume, post, titles


async def test_sections_save_with_messages_and_rows_come_and_go(client, database):
    await make_user(database, TALENT)
    await log_in(client, database, TALENT)
    page = await client.get("/mypage/resume/career")
    assert "所属" in page.text and "行を追加" in page.text
    added = await post(
        client, "/mypage/resume/career", {"organization": ["NGO A"], "start": ["2015-04"], "action": "add"}
    )
    assert added.text.count("<legend>職歴") == 2 and 'value="NGO A"' in added.text
    bad = await post(client, "/mypage/resume/career", {"organization": ["NGO A", ""], "start": ["2015/13", "2018-04"]})
    assert bad.status_code == 422
    assert "開始（年月）は年月で入力してください" in bad.text and "所属を入力してください。" in bad.text
    removed = await post(
        client,
        "/mypage/resume/career",
        {"organization": ["NGO A", "NGO B"], "start": ["2015-04", "2018-04"], "action": "remove-0"},
    )
    assert 'value="NGO A"' not in removed.text and 'value="NGO B"' in removed.text
    saved = await post(client, "/mypage/resume/career", {"organization": ["NGO B"], "start": ["２０１８年４月"]})
    assert saved.status_code == 303
    overview = await client.get("/mypage/resume")
    assert "NGO B" in overview.text and "2018-04" in overview.text


async def test_pdf_has_the_japanese_name_and_a_project_row(client, database):
    await build_resume(client, database)
    await log_in(client, database, TALENT)
    response = await client.get("/mypage/resume/pdf?type=expert")
    assert response.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"[\x00\s]", "", text)
    assert "山田太郎" in text and "セネガル母子保健改善プロジェクト" in text and "専門家履歴書" in text


async def test_an_allowed_organization_finds_sees_and_favorites_a_public_person(client, database):
    code = await build_resume(client, database)
    await as_org(client, database)
    assert code in titles((await client.get("/talent", params={"keyword": "保健"})).text)  # two characters
    assert code in titles((await client.get("/talent", params={"sector": "health", "min_years": "5"})).text)
    assert code not in titles((await client.get("/talent", params={"sector": "health", "min_years": "9"})).text)
    assert code in titles((await client.get("/talent", params={"language": "fr", "min_level": "B"})).text)
    assert code not in titles((await client.get("/talent", params={"language": "fr", "min_level": "S"})).text)
    assert code in titles((await client.get("/talent", params={"country": "SN"})).text)
    fragment = await client.get(
        "/talent", params={"keyword": "母子"}, headers={"HX-Request": "true", "HX-Target": "talent-results"}
    )
    assert "<html" not in fragment.text and code in fragment.text
    detail = await client.get(f"/talent/{code}")
    assert detail.status_code == 200 and "セネガル" in detail.text
    for secret in ("talent@example.jp", "090-1234-5678", "1990-04-01", "山田"):
        assert secret not in detail.text  # never contact data, birth date or name
    assert "30代" in detail.text or "20代" in detail.text
    favorite = await post(client, f"/talent/{code}/favorite", {})
    assert favorite.status_code == 303
    favorites = await client.get("/talent/favorites")
    assert (
        code in favorites.text and f'value="{code}" form="offer-form"' in favorites.text
    )  # 3.2 ④: choose, then メール送信
    htmx = await client.post(f"/talent/{code}/favorite", headers={**csrf_headers(client), "HX-Request": "true"})
    assert 'aria-pressed="false"' in htmx.text and "<html" not in htmx.text
    assert code not in (await client.get("/talent/favorites")).text


async def test_views_are_audited_and_shown_to_the_person(client, database):
    code = await build_resume(client, database)
    await as_org(client, database)
    await client.get(f"/talent/{code}")
    async with database.session(write=False) as db:
        [event] = (await db.execute(select(AuditEvent).where(AuditEvent.action == "profile_view"))).scalars().all()
    assert event.target_type == "individual" and event.detail.startswith("organization:")
    await client.post("/logout", headers=csrf_headers(client))
    await log_in(client, database, TALENT)
    viewers = await client.get("/mypage/viewers")
    assert "org@example.jp の団体" in viewers.text and "人材情報の閲覧" in viewers.text


async def test_private_expired_and_suspended_people_are_never_found(client, database, frozen_clock):
    private = await build_resume(client, database, "private@example.jp", public=False)
    expired = await build_resume(client, database, "expired@example.jp")
    suspended = await build_resume(client, database, "suspended@example.jp")
    shown = await build_resume(client, database, "shown@example.jp")
    async with database.session() as db:
        for individual in (await db.execute(select(Individual))).scalars():
            if individual.registration_code == expired:
                individual.expires_at = frozen_clock() - timedelta(days=1)
        user = (await db.execute(select(UserAccount).where(UserAccount.email == "suspended@example.jp"))).scalar_one()
        user.status = AccountStatus.SUSPENDED
    await as_org(client, database)
    found = titles((await client.get("/talent")).text)
    assert found == [shown]
    for hidden in (private, expired, suspended):
        assert (await client.get(f"/talent/{hidden}")).status_code == 404


async def _hide(client, database, frozen_clock, how: str) -> None:
    if how == "private":  # プロフィール公開 unticked by the person, through the real form
        await log_in(client, database, TALENT)
        await post(client, "/mypage/resume/profile", {"visibility": "", "specialty_main": "health"})
        await client.post("/logout", headers=csrf_headers(client))
        return
    async with database.session() as db:
        user_id = (await db.execute(select(UserAccount.id).where(UserAccount.email == TALENT))).scalar_one()
        if how == "expired":
            await db.execute(
                update(Individual)
                .where(Individual.user_id == user_id)
                .values(expires_at=frozen_clock() - timedelta(days=1))
            )
        else:
            await db.execute(update(UserAccount).where(UserAccount.id == user_id).values(status=how))


@pytest.mark.parametrize("how", ["private", "expired", AccountStatus.DECEASED, AccountStatus.SUSPENDED])
async def test_one_visibility_rule_for_every_place_an_organization_sees_a_person(client, database, frozen_clock, how):
    code = await build_resume(client, database)
    posting = await published_job(database, frozen_clock())  # org@example.jp's
    await log_in(client, database, TALENT)
    await apply(client, posting.id)
    await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client))
    await client.post("/logout", headers=csrf_headers(client))

    async def places() -> dict:
        await log_in(client, database, "org@example.jp")
        applicants = (await client.get(f"/postings/jobs/{posting.id}/applications")).text
        seen = {
            "search": code in titles((await client.get("/talent")).text),
            "detail": (await client.get(f"/talent/{code}")).status_code,
            "favorites": code in (await client.get("/talent/favorites")).text,
            "人材詳細を見る": f'href="/talent/{code}">人材詳細を見る' in applicants,
            "offer": code in (await post(client, "/mail/compose", {"mode": "offer", "to": [code]})).text,
        }
        await client.post("/logout", headers=csrf_headers(client))
        return seen

    await log_in(client, database, "org@example.jp")
    assert (await post(client, f"/talent/{code}/favorite", {})).status_code == 303
    await client.post("/logout", headers=csrf_headers(client))
    assert await places() == {"search": True, "detail": 200, "favorites": True, "人材詳細を見る": True, "offer": True}
    await _hide(client, database, frozen_clock, how)
    assert await places() == {
        "search": False,
        "detail": 404,
        "favorites": False,
        "人材詳細を見る": False,
        "offer": False,
    }


async def test_organizations_that_may_not_browse_get_a_clear_explanation(client, database):
    await make_user(database, "nocorp@example.jp", Role.ORGANIZATION)
    async with database.session() as db:
        from features.accounts.models import Organization

        org = (await db.execute(select(Organization))).scalars().all()[-1]
        org.org_type = OrganizationType.NON_CORPORATE
    await log_in(client, database, "nocorp@example.jp")
    refused = await client.get("/talent")
    assert refused.status_code == 403 and "国際協力実施団体（法人格無）" in refused.text


async def test_favorites_belong_to_each_organization(client, database):
    code = await build_resume(client, database)
    await as_org(client, database, "org-a@example.jp")
    await post(client, f"/talent/{code}/favorite", {})
    await client.post("/logout", headers=csrf_headers(client))
    await as_org(client, database, "org-b@example.jp")
    assert code not in (await client.get("/talent/favorites")).text


async def test_withdrawal_erases_the_resume(client, database):
    await build_resume(client, database)
    await log_in(client, database, TALENT)
    await post(client, "/mypage/withdraw", {"password": "correct horse battery staple"})
    async with database.session(write=False) as db:
        assert (await db.execute(select(Resume))).scalars().all() == []


async def count_statements(client, path: str) -> int:
    from sqlalchemy import event

    statements: list[str] = []
    engine = client.app.state.database.engine.sync_engine

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = await client.get(path)
        assert response.status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


async def test_search_and_favorites_make_no_query_per_result_row(client, database):
    codes = [await build_resume(client, database, f"person{i}@example.jp") for i in range(2)]
    await as_org(client, database)
    for code in codes:
        await post(client, f"/talent/{code}/favorite", {})
    with_two = (await count_statements(client, "/talent"), await count_statements(client, "/talent/favorites"))
    await client.post("/logout", headers=csrf_headers(client))
    codes += [await build_resume(client, database, f"person{i}@example.jp") for i in range(2, 8)]
    await log_in(client, database, "org@example.jp")
    for code in codes[2:]:
        await post(client, f"/talent/{code}/favorite", {})
    with_eight = (await count_statements(client, "/talent"), await count_statements(client, "/talent/favorites"))
    assert with_two == with_eight
