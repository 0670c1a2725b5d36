"""物故者管理: recording a death stops login and every mail at once and hides the person from
organizations; a list is matched and shown before anything changes; a record can be revoked until
the retention period erases the data."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from app import clock
from app.audit import AuditEvent
from app.mail import MailStatus, queue_mail
from features.accounts import api as accounts_api
from features.accounts import deceased
from features.accounts.models import AccountStatus, DeathRecord, Individual, Role, UserAccount
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import PASSWORD, log_in, make_user, submit_password

STAFF = "deceased-staff@example.jp"


async def _staff(client, database) -> int:
    user = await make_user(database, STAFF, Role.SECRETARIAT)
    await log_in(client, database, STAFF)
    return user.id


async def _post(client, path, data=None, files=None):
    return await client.post(path, data=data or {}, files=files, headers=csrf_headers(client), follow_redirects=False)


async def _person(database, email, *, family="山田", given="太郎", kana=("ヤマダ", "タロウ"), born=date(1950, 4, 1)):
    user = await make_user(database, email, Role.INDIVIDUAL)
    async with database.session() as db:
        await db.execute(
            update(Individual)
            .where(Individual.user_id == user.id)
            .values(
                family_name=family,
                given_name=given,
                family_name_kana=kana[0],
                given_name_kana=kana[1],
                birth_date=born,
            )
        )
    return user


async def _status(database, user_id) -> str:
    async with database.session(write=False) as db:
        return (await db.get(UserAccount, user_id)).status


async def test_recording_a_death_stops_login_mail_and_visibility_at_once(client, database, settings, smtp):
    person = await _person(database, "late@example.jp")
    await _staff(client, database)
    async with database.session(write=False) as db:
        before = await accounts_api.count_individuals(db, accounts_api.PersonCriteria())
    page = await client.get(f"/admin/accounts/{person.id}")
    assert "物故として記録する" in page.text
    response = await _post(
        client, f"/admin/accounts/{person.id}/deceased", {"source": "JICAイントラネット訃報", "died_on": "2026-11-30"}
    )
    assert response.status_code == 303
    assert await _status(database, person.id) == AccountStatus.DECEASED
    async with database.session(write=False) as db:
        assert await accounts_api.count_individuals(db, accounts_api.PersonCriteria()) == before - 1
        record = await deceased.record_of(db, person.id)
        assert record.died_on == date(2026, 11, 30) and record.previous_status == AccountStatus.ACTIVE
        actions = list(await db.scalars(select(AuditEvent.action).where(AuditEvent.target_id == str(person.id))))
    assert "deceased_record" in actions
    # No mail of any kind: even a transactional one is kept, never delivered.
    async with database.session() as db:
        held = await queue_mail(db, settings, to="LATE@example.jp", subject="応募の受付", body="本文")
    assert held.status == MailStatus.BLOCKED
    # No login.
    client.cookies.clear()
    refused = await submit_password(client, "late@example.jp", PASSWORD)
    assert refused.status_code != 303 or refused.headers.get("location") != "/login/code"


async def test_the_form_needs_a_source_and_only_fits_an_individual(client, database):
    person = await _person(database, "someone@example.jp")
    organization = await make_user(database, "org-deceased@example.jp", Role.ORGANIZATION)
    await _staff(client, database)
    missing = await _post(client, f"/admin/accounts/{person.id}/deceased", {"source": ""})
    assert missing.status_code == 422 and "情報源を入力してください。" in missing.text
    assert 'aria-invalid="true"' in missing.text
    wrong = await _post(client, f"/admin/accounts/{organization.id}/deceased", {"source": "訃報"})
    assert wrong.status_code == 409 and "個人のアカウントにだけ" in wrong.text
    assert await _status(database, person.id) == AccountStatus.ACTIVE
    twice = await _post(client, f"/admin/accounts/{person.id}/deceased", {"source": "訃報"})
    assert twice.status_code == 303
    again = await _post(client, f"/admin/accounts/{person.id}/deceased", {"source": "訃報"})
    assert again.status_code == 409 and "すでに物故として記録" in again.text


async def test_revoking_a_mistaken_record_restores_the_account_and_its_mail(client, database, settings):
    person = await _person(database, "alive@example.jp")
    await _staff(client, database)
    await _post(client, f"/admin/accounts/{person.id}/deceased", {"source": "訃報"})
    async with database.session(write=False) as db:
        record = await deceased.record_of(db, person.id)
    no_reason = await _post(client, f"/admin/deceased/{record.id}/revoke", {"reason": ""})
    assert no_reason.status_code == 422 and "取消の理由を入力してください。" in no_reason.text
    done = await _post(client, f"/admin/deceased/{record.id}/revoke", {"reason": "同姓同名の別人でした"})
    assert done.status_code == 303
    assert await _status(database, person.id) == AccountStatus.ACTIVE
    async with database.session() as db:
        mail = await queue_mail(db, settings, to="alive@example.jp", subject="件名", body="本文")
    assert mail.status == MailStatus.PENDING
    twice = await _post(client, f"/admin/deceased/{record.id}/revoke", {"reason": "再度"})
    assert twice.status_code == 409 and "すでに取り消されています" in twice.text
    assert (await _post(client, "/admin/deceased/999999/revoke", {"reason": "x"})).status_code == 404


async def test_a_list_is_matched_and_shown_before_anything_changes(client, database):
    exact = await _person(database, "exact@example.jp", family="佐藤", given="花子", kana=("サトウ", "ハナコ"))
    possible = await _person(database, "possible@example.jp", family="鈴木", given="一郎", born=date(1948, 2, 3))
    await _person(database, "other@example.jp", family="高橋", given="次郎", born=date(1970, 1, 1))
    await _staff(client, database)
    csv_text = "氏名,生年月日\n佐藤　花子,1950/4/1\n鈴木 二郎,1948-02-03\n田中 三郎,1960-05-05\n"
    files = {"list": ("fuho.csv", csv_text.encode("cp932"), "text/csv")}
    shown = await _post(client, "/admin/deceased/match", {"source": "JICAイントラネット訃報"}, files=files)
    assert shown.status_code == 200, shown.text
    assert "一致 1人・一致の可能性 1人・該当なし 1人" in shown.text
    assert f'name="user_id" value="{exact.id}"' in shown.text and f'value="{possible.id}"' in shown.text
    assert "田中 三郎" in shown.text
    assert await _status(database, exact.id) == AccountStatus.ACTIVE  # nothing changed yet
    confirmed = await _post(
        client, "/admin/deceased/confirm", {"source": "JICAイントラネット訃報", "user_id": [str(exact.id)]}
    )
    assert confirmed.status_code == 303
    assert await _status(database, exact.id) == AccountStatus.DECEASED
    assert await _status(database, possible.id) == AccountStatus.ACTIVE


async def test_an_unreadable_list_is_refused_with_its_line(client, database):
    await _staff(client, database)
    files = {"list": ("bad.csv", "氏名,生年月日\n山田 太郎,そのうち\n".encode(), "text/csv")}
    bad = await _post(client, "/admin/deceased/match", {"source": "訃報"}, files=files)
    assert bad.status_code == 422 and "2行目：生年月日「そのうち」を読み取れません" in bad.text
    none = await _post(client, "/admin/deceased/match", {"source": "訃報"})
    assert none.status_code == 422 and "照合するCSVファイルを選択してください。" in none.text
    nobody = await _post(client, "/admin/deceased/confirm", {"source": "訃報"})
    assert nobody.status_code == 422 and "選択されていません" in nobody.text


async def test_after_the_retention_period_the_data_is_erased_and_cannot_be_restored(
    client, database, settings, frozen_clock
):
    person = await _person(database, "erase@example.jp")
    staff_id = await _staff(client, database)
    async with database.session() as db:
        record = await deceased.record_death(db, person.id, died_on=None, source="訃報", actor_id=staff_id)
    frozen_clock.advance(days=settings.registration.deceased_retention_days - 1)
    async with database.session() as db:
        assert await deceased.erase_after_retention(db, settings) == 0
    frozen_clock.advance(days=2)
    async with database.session() as db:
        assert await deceased.erase_after_retention(db, settings) == 1
        assert await deceased.erase_after_retention(db, settings) == 0  # once
    async with database.session(write=False) as db:
        user = await db.get(UserAccount, person.id)
        individual = await db.scalar(select(Individual).where(Individual.user_id == person.id))
        stored = await db.get(DeathRecord, record.id)
    assert user.status == AccountStatus.DECEASED and "erase@" not in user.email
    assert individual.family_name != "山田" and stored.erased_at is not None
    async with database.session() as db:
        try:
            await deceased.revoke_record(db, record.id, reason="誤り", actor_id=staff_id)
            raise AssertionError("an erased record was revoked")
        except deceased.DeceasedError as error:
            assert "消去したため" in error.message
    async with database.session(write=False) as db:
        assert await deceased.count_recorded(db, clock.now().replace(year=2000), clock.now()) == 1
