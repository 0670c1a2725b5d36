"""後処理: the survey goes to those marked 出席 only (an absentee, a waiting and a cancelled person
get no invitation), once — on 開催済, by the job the day after, or by hand after a late check-in —
and its results show on the after page and in the 報告書 PDF."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.mail import OutboxMail
from features.accounts.models import Role
from features.seminars import checkin, followup, service
from features.seminars.models_after import SeminarSurveyDispatch
from features.surveys import invitations as survey_invitations
from features.surveys import service as survey_engine
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user
from tests.features.seminars.after_helpers import make_seminar, register

INVITE = "アンケートご協力のお願い"


async def seed(database, settings, status="closed", **values):
    seminar = await make_seminar(database, status=status, **values)
    came = await register(database, seminar.id, 1, email="came@example.jp", attended=True, age_band="20代")
    also = await register(database, seminar.id, 2, email="also@example.jp", attended=True)
    absent = await register(database, seminar.id, 3, email="absent@example.jp")
    await register(database, seminar.id, 4, email="waiting@example.jp", status="waiting")
    await register(database, seminar.id, 5, email="gone@example.jp", status="cancelled")
    async with database.session() as db:
        fresh = await service.get_seminar(db, seminar.id)
        await followup.attach_standard_survey(db, settings, fresh, actor_user_id=None)
    return seminar, came, also, absent


async def invitations(database) -> list[str]:
    async with database.session(write=False) as db:
        rows = await db.scalars(select(OutboxMail).where(OutboxMail.subject.contains(INVITE)))
        return sorted(mail.to_address for mail in rows)


async def test_held_sends_to_attendees_only_and_once(database, settings, frozen_clock):
    seminar, _came, _also, absent = await seed(database, settings)
    async with database.session() as db:
        fresh = await service.get_seminar(db, seminar.id)
        assert fresh.survey_id is not None
        with pytest.raises(followup.FollowupError, match="設定済み"):
            await followup.attach_standard_survey(db, settings, fresh, actor_user_id=None)
        await service.transition(db, settings, fresh, "held")
    assert await invitations(database) == ["also@example.jp", "came@example.jp"]  # never the absentee
    frozen_clock.advance(days=1)
    async with database.session() as db:
        assert await followup.send_due_surveys(db, settings) == 0  # already sent: nothing twice
    assert len(await invitations(database)) == 2
    async with database.session() as db:  # a late check-in, then 「未送信の出席者に送信する」
        fresh = await service.get_seminar(db, seminar.id)
        await checkin.mark_attended(db, fresh, absent.id, actor_user_id=None)
        assert await followup.send_to_attendees(db, settings, fresh) == 1
        assert await followup.send_to_attendees(db, settings, fresh) == 0
        dispatch = await db.get(SeminarSurveyDispatch, seminar.id)
        assert dispatch.invited == 3
    assert await invitations(database) == ["absent@example.jp", "also@example.jp", "came@example.jp"]


async def test_the_job_sends_the_day_after_even_without_held_and_only_once(database, settings, frozen_clock):
    seminar, *_ = await seed(database, settings)
    async with database.session() as db:
        assert await followup.send_due_surveys(db, settings) == 0  # the seminar's day is not over yet
    frozen_clock.advance(days=1)
    async with database.session() as db:
        assert await followup.send_due_surveys(db, settings) == 2
    async with database.session() as db:
        assert await followup.send_due_surveys(db, settings) == 0
    assert await invitations(database) == ["also@example.jp", "came@example.jp"]


async def test_nobody_checked_in_or_no_survey_sends_nothing(database, settings, frozen_clock):
    seminar = await make_seminar(database, status="closed")
    await register(database, seminar.id, 1)
    async with database.session() as db:
        fresh = await service.get_seminar(db, seminar.id)
        with pytest.raises(followup.FollowupError, match="アンケートが設定されていません"):
            await followup.send_to_attendees(db, settings, fresh)
        await followup.attach_standard_survey(db, settings, fresh, actor_user_id=None)
        with pytest.raises(followup.FollowupError, match="出席者がいません"):
            await followup.send_to_attendees(db, settings, fresh)
        await service.transition(db, settings, fresh, "held")  # 開催済 still works, sends nothing
    assert await invitations(database) == []


async def test_the_audience_is_offered_to_the_survey_builder(database, settings, frozen_clock):
    seminar, *_ = await seed(database, settings, status="held")
    async with database.session(write=False) as db:
        (audience,) = await followup.survey_audiences(db, settings)
        assert audience.key == f"seminar:{seminar.id}:attended" and "セミナー出席者" in audience.label
        people = await followup.survey_recipients(db, settings, audience.key)
        assert sorted(p.email for p in people) == ["also@example.jp", "came@example.jp"]
        assert people[0].attributes["年齢帯"] in ("20代", "30代")
        assert await followup.survey_recipients(db, settings, "consultation:2026") is None


async def test_results_on_the_after_page_and_in_the_report_pdf(client, database, settings, frozen_clock):
    seminar, *_ = await seed(database, settings)
    async with database.session() as db:
        await service.transition(db, settings, await service.get_seminar(db, seminar.id), "held")
    async with database.session(write=False) as db:
        mail = await db.scalar(select(OutboxMail).where(OutboxMail.to_address == "came@example.jp"))
        token = re.search(r"/surveys/([\w-]+)", mail.body).group(1)
        questions = await survey_engine.questions_of(db, (await service.get_seminar(db, seminar.id)).survey_id)
    answers = {}
    for q in questions:
        if q.kind == "scale5":
            answers[q.id] = "5"
        elif q.kind == "text":
            answers[q.id] = "とても参考になりました"
        elif q.kind == "single":
            answers[q.id] = "ちょうどよい" if "長さ" in q.text else "いずれ応募したい"
    async with database.session() as db:
        await survey_invitations.submit_answers(db, token, answers)
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    page = await client.get(f"/admin/seminars/{seminar.id}/after")
    assert page.status_code == 200
    assert "本日のセミナー全体の満足度を教えてください。" in page.text and "とても参考になりました" in page.text
    assert "出席 2名 ／ 参加確定 3名" in page.text and 'role="img"' in page.text
    pdf = await client.get(f"/admin/seminars/{seminar.id}/report.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = re.sub(r"[\s\x00]", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    for expected in (
        "報告書",
        "開催概要",
        "申込・出席状況",
        "出席：2名（欠席1名）",
        "出席率（出席／参加確定）：66.7%",
        "申込者の属性",
        "年齢帯",
        "アンケート結果",
        "本日のセミナー全体の満足度",
        "とても参考になりました",
    ):
        assert expected in text, expected


async def test_the_office_attaches_copies_and_sends_from_the_page(client, database, settings, frozen_clock):
    earlier, *_ = await seed(database, settings, status="held", title="前回のセミナー")
    seminar = await make_seminar(database, status="held", title="今回のセミナー")
    await register(database, seminar.id, 1, email="here@example.jp", attended=True)
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    page = await client.get(f"/admin/seminars/{seminar.id}/after")
    assert "標準のセミナー参加者アンケートを作成する" in page.text and "前回のセミナー 参加者アンケート" in page.text
    refused = await client.post(f"/admin/seminars/{seminar.id}/survey/copy", data={}, headers=csrf_headers(client))
    assert refused.status_code == 422
    async with database.session(write=False) as db:
        source_id = (await service.get_seminar(db, earlier.id)).survey_id
    copied = await client.post(
        f"/admin/seminars/{seminar.id}/survey/copy",
        data={"source_survey_id": str(source_id)},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert copied.status_code == 303
    sent = await client.post(f"/admin/seminars/{seminar.id}/survey/send", data={}, headers=csrf_headers(client))
    assert sent.status_code == 200 and "出席者1名にアンケートを送信しました。" in sent.text
    assert "here@example.jp" in await invitations(database)
    again = await client.post(f"/admin/seminars/{seminar.id}/survey/send", data={}, headers=csrf_headers(client))
    assert "新たに送信する出席者はいません" in again.text
