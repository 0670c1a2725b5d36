"""The public pages and the form: what is shown, prefill from the account, validation (422, nothing
saved), the same answer for every address without an account, mypage セミナー申込."""

from __future__ import annotations

import re

from features.accounts.models import Role
from features.seminars.models import RegistrationStatus as R
from features.seminars.models import SeminarSpeaker
from tests.features.accounts.helpers import log_in, make_user
from tests.features.seminars.helpers import all_mail, make_seminar, make_session, post, registrations

FORM = {
    "name": "佐藤 花子",
    "email": "Hanako@Example.jp",
    "age_band": "20代",
    "occupation": "大学院生",
    "interests": ["教育", "ジェンダーと開発"],
    "experience": "なし",
    "source": "友人・知人の紹介",
}


async def test_the_public_page_hides_the_online_url_and_shows_accepted_speakers(client, database, frozen_clock):
    seminar = await make_seminar(database)
    async with database.session() as db:
        accepted = SeminarSpeaker(
            seminar_id=seminar.id, name="田中 一郎", affiliation="JICA", request_status="accepted"
        )
        asked = SeminarSpeaker(seminar_id=seminar.id, name="未定 講師", request_status="requested")
        db.add_all([accepted, asked])
        await db.flush()
    await make_session(database, seminar.id, speaker_id=accepted.id, title="分科会A 保健")
    listing = await client.get("/seminars")
    assert seminar.title in listing.text
    page = await client.get(f"/seminars/{seminar.id}")
    assert page.status_code == 200
    assert "secret-room" not in page.text and "オンライン参加あり" in page.text
    assert "田中 一郎" in page.text and "未定 講師" not in page.text
    assert "https://maps.example.jp/ichigaya" in page.text and "分科会A 保健" in page.text


async def test_a_planned_seminar_is_not_public(client, database, frozen_clock):
    seminar = await make_seminar(database, status="planning")
    assert (await client.get(f"/seminars/{seminar.id}")).status_code == 404
    assert seminar.title not in (await client.get("/seminars")).text


async def test_an_incomplete_form_rerenders_422_and_saves_nothing(client, database, frozen_clock):
    seminar = await make_seminar(database)
    await client.get(f"/seminars/{seminar.id}/apply")
    response = await post(client, f"/seminars/{seminar.id}/apply", {**FORM, "email": "not-an-address", "interests": []})
    assert response.status_code == 422
    assert (
        "メールアドレスの形式が正しくありません" in response.text
        and "関心分野を1つ以上選択してください" in response.text
    )
    assert 'value="佐藤 花子"' in response.text
    assert await registrations(database, seminar.id) == []


async def test_without_an_account_every_address_gets_the_same_answer(client, database, frozen_clock):
    seminar = await make_seminar(database)
    await client.get(f"/seminars/{seminar.id}/apply")
    first = await post(client, f"/seminars/{seminar.id}/apply", FORM)
    assert first.status_code == 303 and first.headers["location"] == f"/seminars/{seminar.id}/applied"
    (reg,) = await registrations(database, seminar.id)
    assert reg.status == R.PENDING and reg.email == "hanako@example.jp"
    assert reg.interests == "教育,ジェンダーと開発" and reg.age_band == "20代"
    # Confirm by the mailed link, then apply again with the same address: the page answers the
    # same, the mail tells the owner of the address.
    verify_path = re.search(r"/seminars/verify/\S+", (await all_mail(database))[0].body).group(0)
    assert (await post(client, verify_path)).status_code == 303
    again = await post(client, f"/seminars/{seminar.id}/apply", FORM)
    assert again.status_code == 303 and again.headers["location"] == first.headers["location"]
    assert len(await registrations(database, seminar.id)) == 1
    assert "すでにお申し込み済み" in (await all_mail(database))[-1].subject


async def test_a_logged_in_individual_is_prefilled_and_confirmed_at_once(client, database, frozen_clock):
    seminar = await make_seminar(database)
    await make_user(database, "member@example.jp", Role.INDIVIDUAL)
    await log_in(client, database, "member@example.jp")
    form = await client.get(f"/seminars/{seminar.id}/apply")
    assert 'value="山田 太郎"' in form.text and "member@example.jp" in form.text
    assert '<option value="30代" selected>' in form.text  # from the birth date (1990-04-01)
    data = {k: v for k, v in FORM.items() if k not in ("name", "email")}
    done = await post(
        client, f"/seminars/{seminar.id}/apply", {**data, "name": "山田 太郎", "email": "evil@example.jp"}
    )
    assert done.status_code == 303 and done.headers["location"] == "/mypage/seminars"
    (reg,) = await registrations(database, seminar.id)
    assert reg.status == R.CONFIRMED and reg.email == "member@example.jp" and reg.user_id is not None
    mine = await client.get("/mypage/seminars")
    assert reg.receipt_no in mine.text and "https://meet.example.jp/secret-room" in mine.text
    cancel = await post(client, f"/mypage/seminars/{reg.id}/cancel")
    assert cancel.status_code == 303
    assert (await registrations(database, seminar.id))[0].status == R.CANCELLED
    assert "secret-room" not in (await client.get("/mypage/seminars")).text


async def test_someone_elses_registration_cannot_be_cancelled_from_the_mypage(client, database, settings, frozen_clock):
    from features.seminars import registration
    from tests.features.seminars.helpers import applicant

    seminar = await make_seminar(database)
    async with database.session() as db:
        other = (await registration.register(db, settings, seminar.id, applicant(9), verified=True)).registration
    await make_user(database, "member@example.jp", Role.INDIVIDUAL)
    await log_in(client, database, "member@example.jp")
    await client.get("/mypage/seminars")
    assert (await post(client, f"/mypage/seminars/{other.id}/cancel")).status_code == 404
    assert (await registrations(database, seminar.id))[0].status == R.CONFIRMED


async def test_an_organization_seminar_is_for_organization_accounts(client, database, frozen_clock):
    seminar = await make_seminar(database, kind="organization", title="国際協力団体セミナー")
    assert (await client.get(f"/seminars/{seminar.id}/apply")).status_code == 403
    await make_user(database, "ngo@example.jp", Role.ORGANIZATION)
    await log_in(client, database, "ngo@example.jp")
    form = await client.get(f"/seminars/{seminar.id}/apply")
    assert form.status_code == 200 and 'value="担当 一郎"' in form.text and "ngo@example.jp の団体" in form.text
    data = {**FORM, "name": "担当 一郎", "occupation": "ngo@example.jp の団体"}
    done = await post(client, f"/seminars/{seminar.id}/apply", data)
    assert done.status_code == 303
    (reg,) = await registrations(database, seminar.id)
    assert reg.organization_id is not None and reg.status == R.CONFIRMED


async def test_a_huge_address_is_a_422_not_a_500(client, database, frozen_clock):
    seminar = await make_seminar(database)
    await client.get(f"/seminars/{seminar.id}/apply")
    response = await post(client, f"/seminars/{seminar.id}/apply", {**FORM, "email": "x" * 5000 + "@example.jp"})
    assert response.status_code == 422 and await registrations(database, seminar.id) == []


async def test_too_many_applications_from_one_address_are_refused(client, database, frozen_clock):
    seminar = await make_seminar(database)
    await client.get(f"/seminars/{seminar.id}/apply")
    statuses = [(await post(client, f"/seminars/{seminar.id}/apply", FORM)).status_code for _ in range(6)]
    assert statuses[:5] == [303] * 5 and statuses[5] == 429
