"""当日受付: search by name (spaces and kana forms ignored) or 受付番号 (whole or digits), mark 出席
and undo, the running count, a second tap changing nothing (also when two tablets tap at once),
the htmx fragment and the no-JS redirect, and the 受付名簿 PDF."""

from __future__ import annotations

import asyncio
import io
import re

from pypdf import PdfReader

from features.accounts.models import Role
from features.seminars import checkin
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user
from tests.features.seminars.after_helpers import make_seminar, make_session, register


async def seed(database, status="closed"):
    seminar = await make_seminar(database, status=status)
    a = await make_session(database, seminar.id, track="A", title="基調講演")
    yamada = await register(database, seminar.id, 42, name="山田 太郎", occupation="青年海外協力隊OB", sessions=(a.id,))
    sato = await register(database, seminar.id, 7, name="さとう 花子")
    await register(database, seminar.id, 8, name="山田 次郎", status="waiting")
    await register(database, seminar.id, 9, name="山田 三郎", status="cancelled")
    return seminar, yamada, sato


async def test_search_by_name_or_receipt_number_finds_confirmed_people_only(database):
    seminar, yamada, sato = await seed(database)
    async with database.session(write=False) as db:
        assert [p.name for p in await checkin.search(db, seminar.id, "山田")] == ["山田 太郎"]
        assert [p.name for p in await checkin.search(db, seminar.id, "山田太郎")] == ["山田 太郎"]  # no space typed
        assert [p.name for p in await checkin.search(db, seminar.id, "42")] == ["山田 太郎"]
        assert [p.name for p in await checkin.search(db, seminar.id, "０４２")] == ["山田 太郎"]  # full-width digits
        assert [p.name for p in await checkin.search(db, seminar.id, f"s{seminar.id}-0007")] == ["さとう 花子"]
        assert [p.name for p in await checkin.search(db, seminar.id, "サトウ")] == ["さとう 花子"]  # katakana typed
        assert [p.receipt_no for p in await checkin.search(db, seminar.id, "")] == [yamada.receipt_no, sato.receipt_no][
            ::-1
        ]
        assert await checkin.search(db, seminar.id, "%") == []


async def test_mark_undo_and_count(database, frozen_clock):
    seminar, yamada, _sato = await seed(database)
    async with database.session() as db:
        assert await checkin.mark_attended(db, seminar, yamada.id, actor_user_id=None) is True
        assert await checkin.mark_attended(db, seminar, yamada.id, actor_user_id=None) is False  # second tap
        assert await checkin.count(db, seminar.id) == checkin.Count(attended=1, registered=2)
    async with database.session() as db:
        assert await checkin.undo_attended(db, seminar, yamada.id, actor_user_id=None) is True
        assert await checkin.count(db, seminar.id) == checkin.Count(attended=0, registered=2)
        person = await checkin.person(db, seminar.id, yamada.id)
        assert not person.attended and person.checked_in_at is None


async def test_two_tablets_tapping_at_once_mark_once(database, frozen_clock):
    seminar, yamada, _sato = await seed(database)

    async def tap():
        async with database.session() as db:
            return await checkin.mark_attended(db, seminar, yamada.id, actor_user_id=None)

    results = await asyncio.gather(tap(), tap(), tap())
    assert sorted(results) == [False, False, True]
    async with database.session(write=False) as db:
        assert (await checkin.count(db, seminar.id)).attended == 1


async def test_waiting_cancelled_and_other_seminars_cannot_be_marked(database):
    seminar, _yamada, _sato = await seed(database)
    other = await make_seminar(database, status="closed", title="別のセミナー")
    stranger = await register(database, other.id, 1)
    async with database.session() as db:
        waiting = await checkin.search(db, seminar.id, "次郎")
        assert waiting == []
        try:
            await checkin.mark_attended(db, seminar, stranger.id, actor_user_id=None)
        except LookupError:
            pass
        else:
            raise AssertionError("another seminar's registration was marked")


async def test_a_planned_or_cancelled_seminar_refuses_check_in(database):
    seminar, yamada, _sato = await seed(database, status="planning")
    async with database.session() as db:
        try:
            await checkin.mark_attended(db, seminar, yamada.id, actor_user_id=None)
        except checkin.CheckinRefused as refused:
            assert "企画中" in refused.message
        else:
            raise AssertionError("marked in 企画中")


async def as_secretariat(client, database):
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")


async def test_the_page_the_live_fragment_and_marking_without_and_with_htmx(client, database, frozen_clock):
    seminar, yamada, sato = await seed(database)
    await as_secretariat(client, database)
    page = await client.get(f"/admin/seminars/{seminar.id}/checkin")
    assert page.status_code == 200 and "出席 <strong>0</strong>名 ／ 申込 <strong>2</strong>名" in page.text
    assert 'hx-get="/admin/seminars/' in page.text and "<html" in page.text
    fragment = await client.get(
        f"/admin/seminars/{seminar.id}/checkin?q=さとう", headers={"HX-Request": "true", "HX-Target": "checkin-panel"}
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "さとう 花子さんを出席にする" in fragment.text and "山田" not in fragment.text
    plain = await client.post(
        f"/admin/seminars/{seminar.id}/checkin/{yamada.id}",
        data={"q": "山田"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert plain.status_code == 303 and plain.headers["location"].endswith("/checkin?q=%E5%B1%B1%E7%94%B0")
    swapped = await client.post(
        f"/admin/seminars/{seminar.id}/checkin/{sato.id}",
        data={"q": ""},
        headers={**csrf_headers(client), "HX-Request": "true", "HX-Target": "checkin-panel"},
    )
    assert swapped.status_code == 200 and "<html" not in swapped.text
    assert "出席 <strong>2</strong>名 ／ 申込 <strong>2</strong>名" in swapped.text
    assert 'data-announce="さとう 花子さん' in swapped.text
    undo = await client.post(
        f"/admin/seminars/{seminar.id}/checkin/{sato.id}/undo",
        data={},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert undo.status_code == 303
    assert "出席 <strong>1</strong>名" in (await client.get(f"/admin/seminars/{seminar.id}/checkin")).text


async def test_the_roster_pdf_lists_confirmed_people_in_the_chosen_order(client, database, frozen_clock):
    seminar, yamada, sato = await seed(database)
    await as_secretariat(client, database)
    response = await client.get(f"/admin/seminars/{seminar.id}/roster.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = re.sub(r"[\s\x00]", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages))
    assert "受付名簿" in text and "参加確定2名（受付番号順）" in text
    assert text.index(sato.receipt_no) < text.index(yamada.receipt_no)
    assert "青年海外協力隊OB" in text and "A基調講演" in text
    assert "次郎" not in text and "三郎" not in text
    by_name = await client.get(f"/admin/seminars/{seminar.id}/roster.pdf?order=name")
    text = re.sub(r"[\s\x00]", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(by_name.content)).pages))
    assert "氏名順" in text and text.index("さとう") < text.index("山田")
