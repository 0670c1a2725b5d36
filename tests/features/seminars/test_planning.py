"""Planning by the secretariat: the form, the state machine with its guards (409 for a wrong move),
中止 with a mail to everyone registered, programme, speakers (依頼中 → 承諾 / 辞退), counselors,
and the PDFs (講師依頼状, チラシ) read back with pypdf."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from features.accounts.models import Role
from features.seminars import people, registration, seminar_report, service, states
from features.seminars.models import Seminar, SeminarSpeaker, SeminarStatus
from features.seminars.states import Actor, Move, TransitionRefused
from tests.features.accounts.helpers import make_user
from tests.features.seminars.helpers import all_mail, applicant, as_office, make_seminar, make_session, post

SEMINAR_FORM = {
    "kind": "talent",
    "title": "国際協力人材セミナー大阪",
    "theme": "はじめての国際協力",
    "starts_at_date": "2026-12-19",
    "starts_at_time": "13:00",
    "ends_at_date": "2026-12-19",
    "ends_at_time": "17:00",
    "venue_name": "JICA関西",
    "capacity": "120",
    "apply_from_date": "2026-11-21",
    "apply_from_time": "09:00",
    "apply_until_date": "2026-12-18",
    "apply_until_time": "17:00",
    "reminder_days": "７,1",
}


def _text(pdf: bytes) -> str:
    """The PDF's text without spaces (the CJK font comes back with NULs between characters)."""
    return re.sub(r"[\x00\s]", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


async def _stored(database, seminar_id) -> Seminar:
    async with database.session(write=False) as db:
        return await db.get(Seminar, seminar_id)


async def test_the_secretariat_plans_and_announces_a_seminar(client, database, frozen_clock):
    await as_office(client, database)
    await client.get("/admin/seminars/new")
    bad = await post(client, "/admin/seminars/new", {**SEMINAR_FORM, "title": "", "capacity": "多い"})
    assert bad.status_code == 422 and "セミナー名を入力してください" in bad.text and "定員は" in bad.text
    created = await post(client, "/admin/seminars/new", {"kind": "talent", "title": "国際協力人材セミナー大阪"})
    assert created.status_code == 303
    seminar_id = int(created.headers["location"].rsplit("/", 1)[1])
    # 企画中 without a date, place, capacity or period: 告知 is refused with the reasons.
    refused = await post(client, f"/admin/seminars/{seminar_id}/announce")
    assert refused.status_code == 409 and "開催日時を入力してください" in refused.text
    assert (await _stored(database, seminar_id)).status == SeminarStatus.PLANNING
    edited = await post(client, f"/admin/seminars/{seminar_id}/edit", SEMINAR_FORM)
    assert edited.status_code == 303
    stored = await _stored(database, seminar_id)
    assert stored.capacity == 120 and stored.reminder_days == "7,1" and stored.starts_at.hour == 4  # 13:00 JST
    assert (await post(client, f"/admin/seminars/{seminar_id}/announce")).status_code == 303
    assert (await _stored(database, seminar_id)).status == SeminarStatus.ANNOUNCED
    assert "国際協力人材セミナー大阪" in (await client.get("/seminars")).text
    # A public seminar keeps what 告知 needed.
    gutted = await post(client, f"/admin/seminars/{seminar_id}/edit", {**SEMINAR_FORM, "capacity": ""})
    assert gutted.status_code == 422 and "定員を入力してください" in gutted.text
    assert (await _stored(database, seminar_id)).capacity == 120
    for path, status in (("close", "closed"), ("hold", "held")):
        assert (await post(client, f"/admin/seminars/{seminar_id}/{path}")).status_code == 303
        assert (await _stored(database, seminar_id)).status == status
    # 後処理完了 needs the セミナーレポート published (features/seminars/seminar_report.py).
    refused = await post(client, f"/admin/seminars/{seminar_id}/finish")
    assert refused.status_code == 409 and "セミナーレポートを公開" in refused.text
    async with database.session() as db:
        held = await _stored(database, seminar_id)
        await seminar_report.save_draft(db, held, title="開催レポート", body="開催しました。", actor_user_id=None)
        for move in (seminar_report.ReportMove.SUBMIT, seminar_report.ReportMove.PUBLISH):
            await seminar_report.move(db, held, move, role="secretariat", actor_user_id=None)
    assert (await post(client, f"/admin/seminars/{seminar_id}/finish")).status_code == 303
    assert (await _stored(database, seminar_id)).status == "done"
    # After 開催済 no 中止, and no move back.
    assert (await post(client, f"/admin/seminars/{seminar_id}/cancel", {"reason": "台風"})).status_code == 409
    assert (await post(client, f"/admin/seminars/{seminar_id}/reopen")).status_code == 409


@pytest.mark.parametrize(
    ("status", "move", "ok"),
    [
        ("planning", Move.CLOSE, False),
        ("announced", Move.CLOSE, True),
        ("closed", Move.REOPEN, True),
        ("held", Move.CANCEL, False),
        ("done", Move.HOLD, False),
        ("cancelled", Move.ANNOUNCE, False),
        ("announced", Move.FINISH, False),
    ],
)
async def test_the_transition_table(status, move, ok):
    seminar = Seminar(
        status=status, title="t", capacity=10, venue_name="v", created_at=None, updated_at=None
    )  # guards only matter for 告知
    if ok:
        assert states.target(seminar, move, Actor.SECRETARIAT)
    else:
        with pytest.raises(TransitionRefused):
            states.target(seminar, move, Actor.SECRETARIAT)


def test_the_system_may_close_and_hold_but_not_announce_or_cancel():
    seminar = Seminar(status="announced", title="t", created_at=None, updated_at=None)
    assert states.target(seminar, Move.CLOSE, Actor.SYSTEM) == "closed"
    with pytest.raises(TransitionRefused, match="このアカウント"):
        states.target(seminar, Move.CANCEL, Actor.SYSTEM)


async def test_cancelling_mails_everyone_registered(client, database, settings, frozen_clock):
    seminar = await make_seminar(database, capacity=1)
    async with database.session() as db:
        await registration.register(db, settings, seminar.id, applicant(1), verified=True)
        await registration.register(db, settings, seminar.id, applicant(2), verified=True)  # waiting
        await registration.register(db, settings, seminar.id, applicant(3), verified=False)  # pending
    await as_office(client, database)
    form = await client.get(f"/admin/seminars/{seminar.id}/cancel")
    assert "参加確定 1名、キャンセル待ち 1名、メール確認待ち 1名" in form.text
    assert (await post(client, f"/admin/seminars/{seminar.id}/cancel", {"reason": ""})).status_code == 422
    before = len(await all_mail(database))
    done = await post(client, f"/admin/seminars/{seminar.id}/cancel", {"reason": "台風の接近のため"})
    assert done.status_code == 303
    mails = (await all_mail(database))[before:]
    assert sorted(m.to_address for m in mails) == [f"person{n}@example.jp" for n in (1, 2, 3)]
    assert all("中止" in m.subject and "台風の接近のため" in m.body for m in mails)
    stored = await _stored(database, seminar.id)
    assert stored.status == SeminarStatus.CANCELLED and stored.cancel_reason == "台風の接近のため"
    assert (await client.get(f"/seminars/{seminar.id}")).status_code == 404


async def test_transition_by_status_for_the_follow_up_part(database, settings, frozen_clock):
    seminar = await make_seminar(database)
    async with database.session() as db:
        row = await service.get_seminar(db, seminar.id)
        await service.transition(db, settings, row, "held")
        assert row.status == "held"
        with pytest.raises(TransitionRefused):
            await service.transition(db, settings, row, "announced")


async def test_programme_speakers_and_counselors(client, database, frozen_clock):
    seminar = await make_seminar(database)
    counselor = await make_user(database, "counselor@example.jp", Role.COUNSELOR)
    await as_office(client, database)
    await client.get(f"/admin/seminars/{seminar.id}")
    speaker = {"name": "田中 一郎", "affiliation": "JICA人事部", "kind": "jica", "topic": "基調講演"}
    assert (await post(client, f"/admin/seminars/{seminar.id}/speakers", speaker)).status_code == 303
    async with database.session(write=False) as db:
        (row,) = await people.speakers_of(db, seminar.id)
    assert row.request_status == "requested" and row.requested_at is not None
    session = {
        "title": "分科会A 保健医療の仕事",
        "track": "a",
        "starts_at_date": "2026-12-12",
        "starts_at_time": "13:00",
        "ends_at_date": "2026-12-12",
        "ends_at_time": "12:00",
        "speaker_id": str(row.id),
    }
    bad = await post(client, f"/admin/seminars/{seminar.id}/sessions", session)
    assert bad.status_code == 422 and "終了時刻は開始時刻より後" in bad.text
    ok = await post(
        client, f"/admin/seminars/{seminar.id}/sessions", {**session, "ends_at_time": "14:00", "capacity": "40"}
    )
    assert ok.status_code == 303
    async with database.session(write=False) as db:
        (stored,) = await service.sessions_of(db, seminar.id)
    assert (stored.track, stored.capacity, stored.speaker_id) == ("A", 40, row.id)
    accept = await post(client, f"/admin/seminars/{seminar.id}/speakers/{row.id}/accept")
    assert accept.status_code == 303
    assert (await post(client, f"/admin/seminars/{seminar.id}/speakers/{row.id}/accept")).status_code == 409
    assert (await post(client, f"/admin/seminars/{seminar.id}/speakers/{row.id}/request")).status_code == 409
    assert "田中 一郎" in (await client.get(f"/seminars/{seminar.id}")).text  # 承諾: shown publicly
    letter = await client.get(f"/admin/seminars/{seminar.id}/speakers/{row.id}/letter.pdf")
    assert letter.status_code == 200 and letter.headers["content-type"] == "application/pdf"
    assert "attachment" in letter.headers["content-disposition"]
    text = _text(letter.content)
    assert seminar.title in text and "田中一郎様" in text and "分科会A保健医療の仕事" in text
    assert "JICA市ヶ谷ビル" in text and "PARTNER事務局" in text
    slot = {
        "counselor_user_id": str(counselor.id),
        "booth": "キャリア相談ブース1",
        "booth_starts_at_date": "2026-12-12",
        "booth_starts_at_time": "13:00",
        "booth_ends_at_date": "2026-12-12",
        "booth_ends_at_time": "15:00",
    }
    assert (await post(client, f"/admin/seminars/{seminar.id}/counselors", slot)).status_code == 303
    clash = await post(client, f"/admin/seminars/{seminar.id}/counselors", {**slot, "booth": "ブース2"})
    assert clash.status_code == 422 and "同じ時間に別の相談枠" in clash.text
    stranger = await post(client, f"/admin/seminars/{seminar.id}/counselors", {**slot, "counselor_user_id": "999"})
    assert stranger.status_code == 422
    page = await client.get(f"/admin/seminars/{seminar.id}")
    assert "キャリア相談ブース1" in page.text and "counselor テスト" in page.text


async def test_the_flyer_is_built_from_the_seminars_data(client, database, frozen_clock):
    seminar = await make_seminar(database)
    async with database.session() as db:
        speaker = SeminarSpeaker(seminar_id=seminar.id, name="鈴木 花子", request_status="accepted")
        db.add(speaker)
        await db.flush()
    await make_session(database, seminar.id, title="分科会B 教育", track="B", speaker_id=speaker.id)
    await as_office(client, database)
    flyer = await client.get(f"/admin/seminars/{seminar.id}/flyer.pdf")
    assert flyer.status_code == 200
    text = _text(flyer.content)
    for expected in (seminar.title, seminar.theme, "2026年12月12日", "JICA市ヶ谷ビル", "分科会B教育", "鈴木花子"):
        assert expected in text
    assert f"/seminars/{seminar.id}" in text and "secret-room" not in text


async def test_the_hourly_job_closes_registration_then_marks_the_seminar_held(database, settings, frozen_clock):
    seminar = await make_seminar(database)
    planned = await make_seminar(database, status="planning")

    async def run():
        async with database.session() as db:
            return await service.close_due_seminars(db, settings)

    assert await run() == 0
    frozen_clock.current = seminar.apply_until + timedelta(minutes=1)
    assert await run() == 1 and (await _stored(database, seminar.id)).status == SeminarStatus.CLOSED
    assert await run() == 0
    frozen_clock.current = seminar.ends_at + timedelta(minutes=1)
    assert await run() == 1 and (await _stored(database, seminar.id)).status == SeminarStatus.HELD
    assert await run() == 0
    assert (await _stored(database, planned.id)).status == SeminarStatus.PLANNING
