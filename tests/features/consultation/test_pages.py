"""The pages over HTTP: booking with its 422 re-render, the fragment, and who may read a 相談記録
(every read audited) or the résumé the person agreed to show."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.audit import AuditEvent
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import log_in, make_user
from tests.features.consultation.helpers import book, jst, make_counselor, make_person, make_slot


async def _audit(database, action: str) -> list[AuditEvent]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(AuditEvent).where(AuditEvent.action == action))).scalars())


async def test_a_registrant_books_from_the_week_list(client, database, frozen_clock):
    counselor = await make_counselor(database)
    slot = await make_slot(database, counselor.id, jst(2, 14))
    await make_person(database)
    await log_in(client, database, "person@example.jp")
    week = (await client.get("/consultation")).text
    assert "予約する" in week and f"/consultation/slots/{slot.id}" in week
    fragment = await client.get("/consultation", headers={"HX-Request": "true", "HX-Target": "week-slots"})
    assert fragment.status_code == 200 and "<html" not in fragment.text and 'id="week-slots"' in fragment.text
    await client.get(f"/consultation/slots/{slot.id}")
    empty = await client.post(f"/consultation/slots/{slot.id}", data={"category": "宇宙"}, headers=csrf_headers(client))
    assert empty.status_code == 422
    assert "相談したいことを入力してください" in empty.text and "相談区分は一覧から選択してください" in empty.text
    too_long = await client.post(
        f"/consultation/slots/{slot.id}",
        data={"category": "語学", "sheet": "あ" * 2001},
        headers=csrf_headers(client),
    )
    assert too_long.status_code == 422 and "2000文字以内" in too_long.text
    done = await client.post(
        f"/consultation/slots/{slot.id}",
        data={"category": "語学", "sheet": "TOEFLの勉強法", "share_resume": "1"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert done.status_code == 303
    mine = (await client.get("/mypage/consultations")).text
    assert "語学" in mine and "予約済" in mine
    again = await client.post(
        f"/consultation/slots/{slot.id}",
        data={"category": "語学", "sheet": "もう一度"},
        headers=csrf_headers(client),
    )
    assert again.status_code == 409 and "既に予約済み" in again.text  # the slot is taken (by this person)


async def test_people_without_full_registration_get_a_clear_message(client, database, frozen_clock):
    counselor = await make_counselor(database)
    slot = await make_slot(database, counselor.id, jst(2, 14))
    await make_person(database, "simple@example.jp", kind="簡易登録")
    await log_in(client, database, "simple@example.jp")
    page = await client.get("/consultation")
    assert "国際協力人材登録" in page.text and "予約する</a>" not in page.text
    refused = await client.get(f"/consultation/slots/{slot.id}")
    assert refused.status_code == 403 and "<strong>国際協力人材登録</strong>が必要です" in refused.text
    posted = await client.post(
        f"/consultation/slots/{slot.id}", data={"category": "語学", "sheet": "…"}, headers=csrf_headers(client)
    )
    assert posted.status_code == 403


async def test_only_counselors_and_the_secretariat_read_the_record_and_each_read_is_audited(
    client, database, settings, frozen_clock
):
    counselor = await make_counselor(database)
    other = await make_counselor(database, "other-counselor@example.jp")
    await make_user(database, "office@example.jp", "secretariat")
    await make_user(database, "org@example.jp", "organization")
    person = await make_person(database)
    slot = await make_slot(database, counselor.id, frozen_clock.current + timedelta(hours=1))
    booking = await book(database, settings, person.id, slot.id)
    frozen_clock.advance(hours=2)
    await log_in(client, database, "counselor@example.jp")
    page = await client.get(f"/counselor/bookings/{booking.id}")
    assert page.status_code == 200 and "相談記録を保存する" in page.text
    bad = await client.post(
        f"/counselor/bookings/{booking.id}/record", data={"category": "進路"}, headers=csrf_headers(client)
    )
    assert bad.status_code == 422 and "相談内容を入力してください" in bad.text
    saved = await client.post(
        f"/counselor/bookings/{booking.id}/record",
        data={"category": "進路", "content": "開発コンサルタントの働き方を説明した。", "next_steps": "公募を確認"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert "開発コンサルタントの働き方" in (await client.get(f"/counselor/bookings/{booking.id}")).text
    assert len(await _audit(database, "consultation_record_read")) == 1

    for email, expected in (
        ("person@example.jp", 403),
        ("org@example.jp", 403),
        ("other-counselor@example.jp", 404),
        ("office@example.jp", 200),
    ):
        use_session_cookie(client, None)
        await log_in(client, database, email)
        response = await client.get(f"/counselor/bookings/{booking.id}")
        assert response.status_code == expected, email
        assert ("開発コンサルタントの働き方" in response.text) == (expected == 200)
    # The person's own pages never show it either.
    use_session_cookie(client, None)
    await log_in(client, database, "person@example.jp")
    assert "開発コンサルタントの働き方" not in (await client.get(f"/mypage/consultations/{booking.id}")).text
    reads = await _audit(database, "consultation_record_read")
    assert len(reads) == 2 and {r.actor_user_id for r in reads} == {counselor.id, reads[1].actor_user_id}
    assert [e.actor_user_id for e in await _audit(database, "foreign_consultation_booking_access")] == [other.id]


async def test_the_resume_only_with_consent_and_every_download_audited(client, database, settings, frozen_clock):
    counselor = await make_counselor(database)
    person = await make_person(database)
    other = await make_person(database, "other@example.jp")
    agreed = await book(
        database, settings, person.id, (await make_slot(database, counselor.id, jst(2, 10))).id, share_resume=True
    )
    declined = await book(database, settings, other.id, (await make_slot(database, counselor.id, jst(2, 14))).id)
    await log_in(client, database, "counselor@example.jp")
    assert "履歴書PDFをダウンロード" in (await client.get(f"/counselor/bookings/{agreed.id}")).text
    refused = await client.get(f"/counselor/bookings/{declined.id}/resume")
    assert refused.status_code == 403 and "同意していません" in refused.text
    pdf = await client.get(f"/counselor/bookings/{agreed.id}/resume")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    (event,) = await _audit(database, "consultation_resume_view")
    assert (event.actor_user_id, event.target_id) == (counselor.id, str(person.id))


async def test_the_counselor_adds_slots_and_a_bad_form_rerenders_422(client, database, frozen_clock):
    await make_counselor(database)
    await log_in(client, database, "counselor@example.jp")
    page = await client.get("/counselor/slots")
    assert page.status_code == 200
    bad = await client.post(
        "/counselor/slots", data={"day": "2026-13-40", "start": "25:00", "minutes": "7"}, headers=csrf_headers(client)
    )
    assert (
        bad.status_code == 422
        and "日付の日付が正しくありません" in bad.text
        and "開始時刻が正しくありません" in bad.text
    )
    day = (frozen_clock.current + timedelta(days=3)).date().isoformat()
    ok = await client.post(
        "/counselor/slots",
        data={"day": day, "start": "14:00", "minutes": "60", "place": "オンライン"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert ok.status_code == 303
    listed = await client.get(ok.headers["location"])
    assert "オンライン" in listed.text and "空き" in listed.text
    twice = await client.post(
        "/counselor/slots",
        data={"day": day, "start": "14:30", "minutes": "60", "place": "本部"},
        headers=csrf_headers(client),
    )
    assert twice.status_code == 422 and "既に相談枠があります" in twice.text


async def test_the_person_reschedules_and_cancels_from_the_mypage(client, database, settings, frozen_clock):
    counselor = await make_counselor(database)
    person = await make_person(database)
    booking = await book(database, settings, person.id, (await make_slot(database, counselor.id, jst(3, 14))).id)
    target = await make_slot(database, counselor.id, jst(4, 10))
    soon = await book(
        database,
        settings,
        person.id,
        (await make_slot(database, counselor.id, frozen_clock.current + timedelta(hours=5))).id,
    )
    await log_in(client, database, "person@example.jp")
    page = await client.get(f"/mypage/consultations/{booking.id}")
    assert "日時を変更する" in page.text and "予約をキャンセルする" in page.text
    form = await client.get(f"/mypage/consultations/{booking.id}/reschedule")
    assert form.status_code == 200 and f'value="{target.id}"' in form.text
    bad = await client.post(
        f"/mypage/consultations/{booking.id}/reschedule", data={"slot_id": "abc"}, headers=csrf_headers(client)
    )
    assert bad.status_code == 422 and "変更先の相談枠を選んでください" in bad.text
    moved = await client.post(
        f"/mypage/consultations/{booking.id}/reschedule",
        data={"slot_id": str(target.id)},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert moved.status_code == 303
    cancelled = await client.post(
        f"/mypage/consultations/{booking.id}/cancel", headers=csrf_headers(client), follow_redirects=False
    )
    assert cancelled.status_code == 303
    assert "キャンセル" in (await client.get("/mypage/consultations")).text
    late = await client.post(f"/mypage/consultations/{soon.id}/cancel", headers=csrf_headers(client))
    assert late.status_code == 409 and "24時間前まで" in late.text
    assert (await client.get(f"/mypage/consultations/{soon.id}/reschedule")).status_code == 409
    # Someone else's booking is a 404, and the attempt is audited.
    await make_person(database, "other@example.jp")
    use_session_cookie(client, None)
    await log_in(client, database, "other@example.jp")
    assert (await client.get(f"/mypage/consultations/{soon.id}")).status_code == 404
    assert len(await _audit(database, "foreign_consultation_booking_access")) == 1


async def test_the_counselor_cancels_with_a_reason(client, database, settings, frozen_clock):
    counselor = await make_counselor(database)
    person = await make_person(database)
    booking = await book(database, settings, person.id, (await make_slot(database, counselor.id, jst(1, 14))).id)
    await log_in(client, database, "counselor@example.jp")
    await client.get(f"/counselor/bookings/{booking.id}")
    empty = await client.post(f"/counselor/bookings/{booking.id}/cancel", headers=csrf_headers(client))
    assert empty.status_code == 422 and "キャンセルの理由を入力してください" in empty.text
    done = await client.post(
        f"/counselor/bookings/{booking.id}/cancel",
        data={"reason": "研修の日程と重なったため"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert done.status_code == 303
    again = await client.post(
        f"/counselor/bookings/{booking.id}/cancel", data={"reason": "二度目"}, headers=csrf_headers(client)
    )
    assert again.status_code == 409


async def test_the_secretariat_sees_every_counselors_week_as_a_page_and_as_a_fragment(
    client, database, settings, frozen_clock
):
    first = await make_counselor(database)
    second = await make_counselor(database, "second@example.jp")
    await make_user(database, "office@example.jp", "secretariat")
    person = await make_person(database)
    await make_slot(database, first.id, jst(1, 10))
    await book(database, settings, person.id, (await make_slot(database, second.id, jst(2, 15))).id)
    await log_in(client, database, "office@example.jp")
    page = await client.get("/admin/consultation")
    assert page.status_code == 200 and page.text.count("<tr>") >= 3
    assert "空き" in page.text and "山田 太郎" in page.text  # the free slot and the booked one with its person
    later = (frozen_clock.current + timedelta(days=7)).astimezone(clock.JST).date().isoformat()
    fragment = await client.get(
        f"/admin/consultation?week={later}", headers={"HX-Request": "true", "HX-Target": "week-slots"}
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "この7日間の相談枠はありません" in fragment.text
    listing = await client.get("/counselor/bookings")
    assert "山田 太郎" in listing.text and "second テスト" in listing.text  # every counselor's, with names
