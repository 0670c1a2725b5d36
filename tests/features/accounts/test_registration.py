"""新規個人登録・新規団体登録 and the secretariat's 承認 / 差戻し."""

from __future__ import annotations

from sqlalchemy import select

from app.reference import corporate_number_check_digit
from features.accounts.models import Individual, Organization, OrganizationStatus, Role, UserAccount
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import PASSWORD, link_in, log_in, mails_to, make_user, submit_password

NEW = "sakura@example.jp"
INDIVIDUAL_FORM = {
    "kind": "国際協力人材登録",
    "family_name": "山田",
    "given_name": "さくら",
    "family_name_kana": "やまだ",
    "given_name_kana": "サクラ",
    "family_name_roman": "Yamada",
    "given_name_roman": "sakura",
    "birth_date": "１９９２/４/１",
    "gender": "女性",
    "nationality": "JP",
    "postal_code": "1028012",
    "prefecture": "東京都",
    "address": "千代田区二番町5-25",
    "phone": "０９０-１２３４-５６７８",
    "jocv_declared": "1",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
}
VALID_NUMBER = f"{corporate_number_check_digit('000012050002')}000012050002"
ORGANIZATION_FORM = {
    "org_type": "国際協力団体（法人格あり）",
    "name": "特定非営利活動法人 テスト国際協力会",
    "name_kana": "テストコクサイキョウリョクカイ",
    "corporate_number": VALID_NUMBER,
    "postal_code": "102-8012",
    "prefecture": "東京都",
    "address": "千代田区二番町5-25",
    "url": "https://www.example.org/",
    "representative": "代表 太郎",
    "contact_name": "担当 花子",
    "contact_department": "事業部",
    "contact_phone": "03-1234-5678",
    "activity_fields": ["education", "health"],
    "activity_countries": ["KH", "VN"],
    "achievements": "カンボジアで学校建設",
    "list_publicly": "1",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
}


async def request_link(client, kind: str, email: str):
    await client.get(f"/register/{kind}")
    return await client.post(
        f"/register/{kind}", data={"email": email}, headers=csrf_headers(client), follow_redirects=False
    )


async def form_path(database, email: str) -> str:
    return link_in((await mails_to(database, email))[-1]).split("testserver.local", 1)[1]


async def submit_form(client, path: str, data: dict):
    token = path.split("token=", 1)[1]
    return await client.post(
        path.split("?")[0], data={**data, "token": token}, headers=csrf_headers(client), follow_redirects=False
    )


async def test_signup_answers_the_same_for_new_and_registered_addresses(client, database):
    await make_user(database, "taken@example.jp")
    new = await request_link(client, "individual", NEW)
    taken = await request_link(client, "individual", "taken@example.jp")
    assert new.status_code == taken.status_code == 303
    assert new.headers["location"] == taken.headers["location"] == "/register/individual/sent"
    [link_mail] = await mails_to(database, NEW)
    assert "/register/individual/form?token=" in link_mail.body and "24時間" in link_mail.body
    [notice] = await mails_to(database, "taken@example.jp")
    assert notice.subject == "【PARTNER】このメールアドレスは登録済みです" and "token=" not in notice.body


async def test_individual_registration_from_link_to_login(client, database):
    await request_link(client, "individual", NEW)
    path = await form_path(database, NEW)
    page = await client.get(path)
    assert page.status_code == 200 and NEW in page.text
    invalid = await submit_form(
        client, path, {**INDIVIDUAL_FORM, "family_name_kana": "Yamada", "password_confirm": "x"}
    )
    assert invalid.status_code == 422
    assert "フリガナ（セイ）はカタカナで入力してください。" in invalid.text
    assert "確認用のパスワードが一致しません。" in invalid.text
    done = await submit_form(client, path, {**INDIVIDUAL_FORM, "role": Role.SECRETARIAT, "status": "active"})
    assert done.status_code == 303 and done.headers["location"] == "/register/individual/done"
    async with database.session(write=False) as db:
        user = (await db.execute(select(UserAccount).where(UserAccount.email == NEW))).scalar_one()
        individual = (await db.execute(select(Individual).where(Individual.user_id == user.id))).scalar_one()
    assert user.role == Role.INDIVIDUAL  # extra fields never reach the table
    assert individual.registration_code.startswith("P") and len(individual.registration_code) == 8
    assert (individual.family_name_kana, individual.family_name_roman, individual.given_name_roman) == (
        "ヤマダ",
        "YAMADA",
        "Sakura",
    )
    assert individual.birth_date.isoformat() == "1992-04-01" and individual.phone == "090-1234-5678"
    assert individual.postal_code == "102-8012" and individual.jocv_declared and individual.jocv_verified_at is None
    assert (individual.expires_at - individual.registered_at).days == 730
    completion = (await mails_to(database, NEW))[-1]
    assert individual.registration_code in completion.body
    # The link is single use.
    assert (await client.get(path)).status_code == 400
    await log_in(client, database, NEW)
    assert individual.registration_code in (await client.get("/mypage")).text


async def test_mixed_case_signup_is_stored_canonical_and_logs_in_with_any_casing(client, database):
    await request_link(client, "individual", "NewCase@Example.org")
    path = await form_path(database, "newcase@example.org")
    done = await submit_form(client, path, INDIVIDUAL_FORM)
    assert done.status_code == 303
    async with database.session(write=False) as db:
        assert list((await db.execute(select(UserAccount.email))).scalars()) == ["newcase@example.org"]
    await log_in(client, database, "NewCase@Example.org")
    await client.post("/logout", headers=csrf_headers(client))
    await log_in(client, database, "newcase@example.org")


async def test_a_second_signup_with_other_casing_is_refused(client, database):
    await request_link(client, "individual", "NewCase@example.org")
    first_link = await form_path(database, "newcase@example.org")
    await request_link(client, "individual", "newcase@EXAMPLE.org")  # another link before the first is used
    second_link = await form_path(database, "newcase@example.org")
    assert (await submit_form(client, second_link, INDIVIDUAL_FORM)).status_code == 303
    assert (await client.get(first_link)).status_code == 400  # the newer link killed it
    again = await request_link(client, "individual", "NEWCASE@example.org")
    assert again.status_code == 303
    assert (await mails_to(database, "newcase@example.org"))[
        -1
    ].subject == "【PARTNER】このメールアドレスは登録済みです"
    async with database.session(write=False) as db:
        assert list((await db.execute(select(UserAccount.email))).scalars()) == ["newcase@example.org"]


async def test_signup_link_expires_after_24_hours(client, database, frozen_clock):
    await request_link(client, "individual", NEW)
    path = await form_path(database, NEW)
    frozen_clock.advance(hours=24, seconds=1)
    expired = await client.get(path)
    assert expired.status_code == 400 and "有効期限が切れています" in expired.text


async def test_a_newer_link_kills_the_older_one(client, database):
    await request_link(client, "individual", NEW)
    old = await form_path(database, NEW)
    await request_link(client, "individual", NEW)
    assert (await client.get(old)).status_code == 400
    assert (await client.get(await form_path(database, NEW))).status_code == 200


async def register_organization(client, database, email: str, **changes) -> None:
    await request_link(client, "organization", email)
    path = await form_path(database, email)
    response = await submit_form(client, path, {**ORGANIZATION_FORM, **changes})
    assert response.status_code == 303, response.text


async def test_corporate_number_check_digit_is_validated(client, database):
    await request_link(client, "organization", NEW)
    path = await form_path(database, NEW)
    wrong_digit = str((int(VALID_NUMBER[0]) % 9) + 1) + VALID_NUMBER[1:]
    response = await submit_form(client, path, {**ORGANIZATION_FORM, "corporate_number": wrong_digit})
    assert response.status_code == 422 and "チェックデジットが一致しません" in response.text
    missing = await submit_form(client, path, {**ORGANIZATION_FORM, "corporate_number": ""})
    assert "法人番号を入力してください。" in missing.text
    no_corp = await submit_form(
        client, path, {**ORGANIZATION_FORM, "org_type": "国際協力実施団体（法人格なし）", "corporate_number": ""}
    )
    assert no_corp.status_code == 303


async def test_organization_waits_for_approval_then_logs_in_with_its_code(client, database, settings):
    await register_organization(client, database, NEW)
    assert [m.subject for m in await mails_to(database, NEW)][-1] == "【PARTNER】団体登録の申請を受け付けました"
    assert any(
        NEW not in m.body and "新規団体登録の申請" in m.subject
        for m in await mails_to(database, settings.mail.secretariat_address)
    )
    pending = await submit_password(client, NEW)
    assert pending.status_code == 422 and "承認待ち" in pending.text

    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    queue = await client.get("/admin/organizations")
    assert "特定非営利活動法人 テスト国際協力会" in queue.text
    async with database.session(write=False) as db:
        organization = (await db.execute(select(Organization))).scalars().all()[-1]
    detail = await client.get(f"/admin/organizations/{organization.id}")
    assert "カンボジア" in detail.text and "教育" in detail.text
    approved = await client.post(
        f"/admin/organizations/{organization.id}/approve", headers=csrf_headers(client), follow_redirects=False
    )
    assert approved.status_code == 303
    again = await client.post(
        f"/admin/organizations/{organization.id}/approve", headers=csrf_headers(client), follow_redirects=True
    )
    assert "承認待ちではありません" in again.text
    async with database.session(write=False) as db:
        organization = await db.get(Organization, organization.id)
    assert organization.status == OrganizationStatus.APPROVED and organization.org_code.startswith("D")
    assert organization.org_code in (await mails_to(database, NEW))[-1].body
    await client.post("/logout", headers=csrf_headers(client))
    await log_in(client, database, NEW)
    assert organization.org_code in (await client.get("/mypage")).text


async def test_returned_organization_corrects_and_applies_again(client, database):
    await register_organization(client, database, NEW)
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    async with database.session(write=False) as db:
        organization = (await db.execute(select(Organization))).scalars().all()[-1]
    empty_reason = await client.post(
        f"/admin/organizations/{organization.id}/return", data={"reason": " "}, headers=csrf_headers(client)
    )
    assert empty_reason.status_code == 422 and "差戻しの理由を入力してください。" in empty_reason.text
    await client.post(
        f"/admin/organizations/{organization.id}/return",
        data={"reason": "活動実績を具体的に記入してください。"},
        headers=csrf_headers(client),
    )
    returned = (await mails_to(database, NEW))[-1]
    assert "差戻し" in returned.subject and "活動実績を具体的に記入してください。" in returned.body
    await client.post("/logout", headers=csrf_headers(client))
    path = link_in(returned).split("testserver.local", 1)[1]
    form = await client.get(path)
    assert "活動実績を具体的に記入してください。" in form.text and 'value="テストコクサイキョウリョクカイ"' in form.text
    fixed = await submit_form(
        client, path, {**ORGANIZATION_FORM, "achievements": "2010年からカンボジアで学校を12校建設"}
    )
    assert fixed.status_code == 303
    async with database.session(write=False) as db:
        organization = await db.get(Organization, organization.id)
    assert organization.status == OrganizationStatus.PENDING and organization.achievements.startswith("2010年")


async def test_only_the_secretariat_reviews(client, database):
    org = await make_user(database, "org@example.jp", Role.ORGANIZATION)
    anonymous = await client.get("/admin/organizations", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    await log_in(client, database, "org@example.jp")
    assert (await client.get("/admin/organizations")).status_code == 403
    async with database.session(write=False) as db:
        own = (await db.execute(select(Organization).where(Organization.user_id == org.id))).scalar_one()
    forbidden = await client.post(f"/admin/organizations/{own.id}/approve", headers=csrf_headers(client))
    assert forbidden.status_code == 403


async def test_public_list_shows_approved_organizations_that_opted_in(client, database):
    await register_organization(client, database, "listed@example.jp", name="掲載希望の会")
    await register_organization(client, database, "hidden@example.jp", name="非掲載の会", list_publicly="")
    assert "掲載希望の会" not in (await client.get("/organizations")).text  # still pending
    async with database.session() as db:
        for organization in (await db.execute(select(Organization))).scalars():
            organization.status = OrganizationStatus.APPROVED
    html = (await client.get("/organizations")).text
    assert "掲載希望の会" in html and "非掲載の会" not in html
