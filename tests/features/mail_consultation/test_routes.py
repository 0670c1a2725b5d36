"""メール相談 over HTTP: the person's form (422 with Japanese messages, an attachment checked by
content), the queue with 期限超過 in text, a wrong move as 409, the counselor's object check, the
JICA contact's link, and notes that never reach the person's pages or mailbox."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfWriter
from sqlalchemy import func, select

from app import uploads
from app.audit import AuditEvent
from features.mail_consultation import service
from features.mail_consultation.models import CaseStatus, MailConsultation
from features.messages.models import Message
from tests.features.accounts.helpers import log_in, mails_to
from tests.features.mail_consultation.helpers import (
    COMMENT,
    COUNSELOR,
    COUNSELOR_2,
    NOTE,
    OFFICE,
    PERSON,
    assigned_case,
    new_case,
    people,
    post,
    reload,
    reviewed_case,
    switch_to,
)


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()


async def _count(database) -> int:
    async with database.session(write=False) as db:
        return await db.scalar(select(func.count()).select_from(MailConsultation))


async def test_submit_without_subject_and_body_rerenders_422_and_saves_nothing(client, database):
    await people(database)
    await log_in(client, database, PERSON)
    response = await post(client, "/mypage/mail-consultations", {"category": "進路", "subject": "", "body": ""})
    assert response.status_code == 422
    assert "件名を入力してください。" in response.text and "相談内容を入力してください。" in response.text
    assert 'aria-invalid="true"' in response.text
    response = await post(
        client, "/mypage/mail-consultations", {"category": "占い", "subject": "件名", "body": "x" * 4001}
    )
    assert response.status_code == 422
    assert "相談区分は一覧から選択してください。" in response.text and "4000文字以内" in response.text
    assert await _count(database) == 0


async def test_a_fake_attachment_is_refused_and_a_real_one_round_trips(client, database):
    await people(database)
    await log_in(client, database, PERSON)
    data = {"category": "応募書類", "subject": "履歴書を見てください", "body": "添削をお願いします。"}
    response = await post(
        client,
        "/mypage/mail-consultations",
        data,
        files={"attachment": ("履歴書.pdf", b"MZ not a pdf", "application/pdf")},
    )
    assert response.status_code == 422 and "PDF・Word・Excel・JPEG・PNG" in response.text
    assert await _count(database) == 0
    response = await post(
        client, "/mypage/mail-consultations", data, files={"attachment": ("履歴書.pdf", PDF, "application/pdf")}
    )
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "履歴書.pdf" in page.text and "受付済み" in page.text
    download = await client.get(response.headers["location"] + "/attachment")
    assert download.status_code == 200 and download.content == PDF
    assert "attachment" in download.headers["content-disposition"]


async def test_queue_marks_overdue_cases_in_text_oldest_first(client, database, settings, frozen_clock):
    ids = await people(database)
    frozen_clock.current = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    await new_case(database, settings, ids[PERSON], subject="古い相談")
    frozen_clock.current = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    await new_case(database, settings, ids[PERSON], subject="新しい相談")
    await log_in(client, database, OFFICE)
    page = await client.get("/admin/mail-consultations")
    assert page.status_code == 200
    assert page.text.index("古い相談") < page.text.index("新しい相談")
    assert page.text.count("期限超過") == 1 and "6営業日" in page.text and "0営業日" in page.text
    fragment = await client.get(
        "/admin/mail-consultations?status=received", headers={"HX-Request": "true", "HX-Target": "queue-rows"}
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text and "古い相談" in fragment.text


async def test_office_reads_are_audited_and_wrong_moves_are_409(client, database, settings):
    ids = await people(database)
    case = await new_case(database, settings, ids[PERSON])
    await log_in(client, database, OFFICE)
    page = await client.get(f"/admin/mail-consultations/{case.id}")
    assert page.status_code == 200 and "帰国後にNGOで働くには？" in page.text
    async with database.session(write=False) as db:
        audited = await db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "mail_consultation_read", AuditEvent.target_id == str(case.id))
        )
    assert audited == 1
    response = await post(client, f"/admin/mail-consultations/{case.id}/approve", {"answer": "回答"})
    assert response.status_code == 409 and "できません" in response.text
    response = await post(client, f"/admin/mail-consultations/{case.id}/assign-counselor", {"counselor_id": ""})
    assert response.status_code == 422
    response = await post(
        client, f"/admin/mail-consultations/{case.id}/assign-counselor", {"counselor_id": ids[COUNSELOR]}
    )
    assert response.status_code == 303
    assert (await reload(database, case.id)).status == CaseStatus.ASSIGNED


async def test_only_the_assigned_counselor_opens_the_case(client, database, settings):
    ids = await people(database)
    case = await assigned_case(database, settings, ids)
    await log_in(client, database, COUNSELOR_2)
    assert (await client.get(f"/counselor/mail-consultations/{case.id}")).status_code == 404
    assert (await post(client, f"/counselor/mail-consultations/{case.id}/draft", {"draft": "案"})).status_code == 404
    await switch_to(client, database, COUNSELOR)
    listing = await client.get("/counselor/mail-consultations")
    assert "協力隊後の進路" in listing.text
    response = await post(client, f"/counselor/mail-consultations/{case.id}/submit", {"draft": ""})
    assert response.status_code == 422 and "回答案を入力してください。" in response.text
    response = await post(
        client, f"/counselor/mail-consultations/{case.id}/submit", {"draft": "NGOの求人を探しましょう。"}
    )
    assert response.status_code == 303
    assert (await reload(database, case.id)).status == CaseStatus.REVIEW
    # Under review the counselor can no longer change it.
    response = await post(client, f"/counselor/mail-consultations/{case.id}/draft", {"draft": "書き換え"})
    assert response.status_code == 409


async def test_reply_template_fills_the_draft(client, database, settings):
    ids = await people(database)
    case = await assigned_case(database, settings, ids)
    async with database.session() as db:
        template = await service.save_reply_template(db, None, "進路（一般）", "テンプレートの本文です。")
    await log_in(client, database, COUNSELOR)
    page = await client.get(f"/counselor/mail-consultations/{case.id}?template={template.id}")
    assert "テンプレートの本文です。</textarea>" in page.text


async def test_jica_contact_drafts_through_the_mailed_link(client, database, settings):
    ids = await people(database)
    case = await new_case(database, settings, ids[PERSON])
    await log_in(client, database, OFFICE)
    response = await post(
        client,
        f"/admin/mail-consultations/{case.id}/assign-jica",
        {"jica_name": "JICA 田村", "jica_email": "Tamura@JICA.example.jp"},
    )
    assert response.status_code == 303
    mail = (await mails_to(database, "tamura@jica.example.jp"))[-1]
    path = "/mail-consultation/jica/" + mail.body.split("/mail-consultation/jica/")[1].split()[0]
    await post(client, "/logout")
    page = await client.get(path)
    assert page.status_code == 200 and "帰国後にNGOで働くには？" in page.text
    assert (await client.get(path + "x")).status_code == 404
    response = await post(client, path, {"draft": "JICAとしての回答案です。"})
    assert response.status_code == 303 and response.headers["location"] == "/mail-consultation/jica-done"
    case = await reload(database, case.id)
    assert case.status == CaseStatus.REVIEW and case.draft == "JICAとしての回答案です。"
    assert (await client.get(path)).status_code == 404  # closed once sent for review


async def test_notes_and_send_back_comments_never_reach_the_person(client, database, settings):
    ids = await people(database)
    case = await reviewed_case(database, settings, ids)
    await log_in(client, database, OFFICE)
    office_page = await client.get(f"/admin/mail-consultations/{case.id}")
    assert NOTE in office_page.text and COMMENT in office_page.text
    response = await post(
        client, f"/admin/mail-consultations/{case.id}/approve", {"answer": "NGOの求人を探しましょう。"}
    )
    assert response.status_code == 303
    await switch_to(client, database, PERSON)
    pages = [await client.get("/mypage/mail-consultations"), await client.get(f"/mypage/mail-consultations/{case.id}")]
    box = await client.get("/mailbox")
    pages.append(box)
    async with database.session(write=False) as db:
        message = (await db.execute(select(Message).where(Message.user_id == ids[PERSON]))).scalar_one()
    thread = await client.get(f"/mailbox/{message.thread_id}")
    pages.append(thread)
    assert "NGOの求人を探しましょう。" in pages[1].text and "NGOの求人を探しましょう。" in thread.text
    assert "PARTNER事務局" in thread.text and "返信する" not in thread.text
    for page in pages:
        assert page.status_code == 200
        assert NOTE not in page.text and COMMENT not in page.text and "最初の案" not in page.text
    for mail in await mails_to(database, PERSON):
        assert NOTE not in mail.body and COMMENT not in mail.body
    # The secretariat's message takes no reply.
    assert (await post(client, f"/mailbox/{message.thread_id}/reply", {"body": "ありがとう"})).status_code == 403
    response = await post(client, f"/mypage/mail-consultations/{case.id}/complete")
    assert response.status_code == 303
    assert (await reload(database, case.id)).status == CaseStatus.CLOSED


async def test_another_person_cannot_see_the_case(client, database, settings):
    ids = await people(database)
    case = await new_case(database, settings, ids[PERSON])
    await log_in(client, database, "other@example.jp")
    assert (await client.get(f"/mypage/mail-consultations/{case.id}")).status_code == 404
    assert (await client.get(f"/admin/mail-consultations/{case.id}")).status_code == 403


async def test_templates_are_managed_by_the_secretariat(client, database):
    await people(database)
    await log_in(client, database, OFFICE)
    assert (await post(client, "/admin/mail-consultation-templates", {"name": "", "body": ""})).status_code == 422
    response = await post(client, "/admin/mail-consultation-templates", {"name": "語学", "body": "語学の回答例"})
    assert response.status_code == 303
    duplicate = await post(client, "/admin/mail-consultation-templates", {"name": "語学", "body": "別"})
    assert duplicate.status_code == 422 and "同じ名前" in duplicate.text
    page = await client.get("/admin/mail-consultation-templates")
    assert "語学" in page.text


async def test_the_persons_text_is_inert_on_staff_pages(client, database, settings):
    ids = await people(database)
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(2)>{{7*7}}'
    case = await new_case(database, settings, ids[PERSON], subject=payload[:100], body=payload)
    await log_in(client, database, OFFICE)
    for path in ("/admin/mail-consultations", f"/admin/mail-consultations/{case.id}"):
        page = await client.get(path)
        assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_the_assigned_counselor_downloads_the_attachment_and_the_read_is_audited(client, database, settings):
    ids = await people(database)
    stored = uploads.store(settings, PDF, "職務経歴書.pdf", area=service.UPLOAD_AREA)
    case = await new_case(database, settings, ids[PERSON], attachment=stored)
    async with database.session() as db:
        await service.assign_counselor(db, settings, await service.case_by_id(db, case.id), ids[COUNSELOR], "事務局")
    await log_in(client, database, COUNSELOR)
    response = await client.get(f"/counselor/mail-consultations/{case.id}/attachment")
    assert response.status_code == 200 and response.content == PDF
    async with database.session(write=False) as db:
        actions = list(
            (await db.execute(select(AuditEvent.action).where(AuditEvent.target_id == str(case.id)))).scalars()
        )
    assert "mail_consultation_attachment_read" in actions


async def test_mypage_entries_per_role(client, database):
    await people(database)
    for email, href, label in (
        (PERSON, "/mypage/mail-consultations", "メール相談"),
        (OFFICE, "/admin/mail-consultations", "メール相談"),
        (OFFICE, "/admin/mail-consultation-templates", "回答テンプレート"),
        (COUNSELOR, "/counselor/mail-consultations", "担当メール相談"),
    ):
        await switch_to(client, database, email)
        page = await client.get("/mypage")
        assert f'href="{href}"' in page.text and label in page.text, (email, href)
    page = await client.get("/mypage")
    assert 'href="/admin/mail-consultations"' not in page.text  # the counselor has no queue
