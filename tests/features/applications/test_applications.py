"""Web応募: documents checked by content, 応募件数, 応募編集 with downloads and status, 取り下げ,
isolation between organizations, no second application."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import quote

import pytest
from PIL import Image
from sqlalchemy import select

from app.uploads import UploadRejected, display_name, sniff
from features.applications.models import Application, ApplicationStatus
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, mails_to, make_user
from tests.features.applications.helpers import PDF, applied_posting, apply, published_job


async def test_a_talent_applies_and_the_organization_handles_it(client, database, frozen_clock):
    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    assert "この案件に応募する" in (await client.get(f"/jobs/{posting.id}")).text
    form = await client.get(f"/apply/{posting.id}")
    assert "志望動機書" in form.text and "語学証明書" in form.text and 'enctype="multipart/form-data"' in form.text
    missing = await apply(client, posting.id, **{"file-required-0": None})
    assert missing.status_code == 422 and "「志望動機書」のファイルを選択してください。" in missing.text
    confirm = await apply(client, posting.id)
    assert confirm.status_code == 200 and "履歴書_山田.pdf" in confirm.text and "応募する" in confirm.text
    done = await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client), follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/mypage/applications"
    assert "Web応募がありました" in (await mails_to(database, "org@example.jp"))[-1].subject
    assert "応募しました" in (await mails_to(database, "talent@example.jp"))[-1].subject
    again = await client.get(f"/apply/{posting.id}")
    assert again.status_code == 403 and "すでに応募しています" in again.text

    await client.post("/logout", headers=csrf_headers(client))
    await log_in(client, database, "org@example.jp")
    overview = await client.get("/applications")  # 気になる/応募一覧 → 応募一覧 (A)
    assert "人材お気に入り一覧" in overview.text and f'/postings/jobs/{posting.id}/applications">1件' in overview.text
    listing = await client.get("/postings/jobs")
    assert f'/postings/jobs/{posting.id}/applications">1件' in listing.text
    applicants = await client.get(f"/postings/jobs/{posting.id}/applications")
    assert "求人応募一覧" in applicants.text and "応募受付" in applicants.text
    application_id = int(re.search(r'href="/applications/(\d+)"', applicants.text).group(1))
    edit = await client.get(f"/applications/{application_id}")
    assert "応募編集" in edit.text and "よろしくお願いします。" in edit.text
    file_id = re.search(rf'/applications/{application_id}/files/(\d+)">履歴書_山田.pdf', edit.text).group(1)
    download = await client.get(f"/applications/{application_id}/files/{file_id}")
    assert download.content == PDF and download.headers["content-type"] == "application/pdf"
    assert f"filename*=UTF-8''{quote('履歴書_山田.pdf')}" in download.headers["content-disposition"]
    assert download.headers["x-content-type-options"] == "nosniff"
    await client.post(
        f"/applications/{application_id}/status", data={"status": "書類選考"}, headers=csrf_headers(client)
    )
    skip = await client.post(
        f"/applications/{application_id}/status",
        data={"status": "採用"},
        headers=csrf_headers(client),
        follow_redirects=True,
    )
    assert "「書類選考」から「採用」には変更できません" in skip.text
    page = (await client.get(f"/applications/{application_id}")).text
    history = page.split('<ol class="history">', 1)[1].split("</ol>", 1)[0]
    assert history.index("応募受付") < history.index("書類選考")


async def test_type_is_checked_by_content_not_by_name(client, database, frozen_clock):
    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    fake = await apply(
        client, posting.id, **{"file-resume": ("履歴書.pdf", b"<html><script>x</script>", "application/pdf")}
    )
    assert fake.status_code == 422 and "内容を確認できませんでした" in fake.text
    big = await apply(
        client, posting.id, **{"file-resume": ("大きい.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")}
    )
    assert big.status_code == 422 and "10MBまで" in big.text
    async with database.session(write=False) as db:
        assert (await db.execute(select(Application))).scalars().all() == []


async def test_a_body_over_the_limit_is_refused_before_it_is_read(client, database, frozen_clock):
    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    huge = await apply(
        client, posting.id, **{"file-resume": ("huge.pdf", PDF + b"0" * (61 * 1024 * 1024), "application/pdf")}
    )
    assert huge.status_code == 413


async def test_other_organizations_and_other_people_see_nothing(client, database, frozen_clock):
    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    await apply(client, posting.id)
    await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client))
    async with database.session(write=False) as db:
        [application] = (await db.execute(select(Application))).scalars().all()
    await client.post("/logout", headers=csrf_headers(client))
    await make_user(database, "org-b@example.jp", "organization")
    await log_in(client, database, "org-b@example.jp")
    assert (await client.get(f"/applications/{application.id}")).status_code == 404
    assert (await client.get(f"/applications/{application.id}/files/1")).status_code == 404
    assert (await client.get(f"/postings/jobs/{posting.id}/applications")).status_code == 404
    await client.post("/logout", headers=csrf_headers(client))
    await make_user(database, "other@example.jp")
    await log_in(client, database, "other@example.jp")
    assert (
        await client.post(f"/mypage/applications/{application.id}/withdraw", headers=csrf_headers(client))
    ).status_code == 404
    assert "応募受付" not in (await client.get("/mypage/applications")).text


async def test_withdrawal_and_the_deadline(client, database, frozen_clock):
    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    await apply(client, posting.id)
    await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client))
    async with database.session(write=False) as db:
        [application] = (await db.execute(select(Application))).scalars().all()
    await client.post(f"/mypage/applications/{application.id}/withdraw", headers=csrf_headers(client))
    history = await client.get("/mypage/applications")
    assert "取り下げ" in history.text
    async with database.session(write=False) as db:
        assert (await db.get(Application, application.id)).status == ApplicationStatus.WITHDRAWN
    late = await published_job(database, frozen_clock(), email="org2@example.jp")
    frozen_clock.advance(days=31)
    await log_in(client, database, "talent@example.jp")
    assert (await client.get(f"/apply/{late.id}")).status_code == 404


def office_file(kind: str, *, main_part: bool = True, declared: bool = True, extra: dict | None = None) -> bytes:
    """A minimal Word (word) or Excel (xl) file: [Content_Types].xml, _rels/.rels and the main part."""
    main, content_type = {
        "word": (
            "word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
        "xl": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    }[kind]
    override = f'<Override PartName="/{main}" ContentType="{content_type}"/>' if declared else ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/content-types">{override}</Types>',
        )
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        if main_part:
            archive.writestr(main, "<x/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def image_file(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(buffer, image_format)
    return buffer.getvalue()


POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF"


def test_sniffing_recognises_real_files_and_refuses_the_rest():
    assert sniff(office_file("word"), "a.docx") == "docx"
    assert sniff(office_file("xl"), "a.xlsx") == "xlsx"
    assert sniff(image_file("PNG"), "x") == "png"
    assert sniff(image_file("JPEG"), "x") == "jpeg"
    assert sniff(PDF, "x") == "pdf"
    for bad in (b"MZ\x90\x00", b"PK\x03\x04not a zip", b"GIF89a", b"", b"<html><script>x</script>"):
        with pytest.raises(UploadRejected):
            sniff(bad, "bad.pdf")


BROKEN_FILES = [
    ("polyglot", POLYGLOT, "PDFファイルとして内容を確認できませんでした"),
    ("truncated PDF", PDF[: len(PDF) // 2], "PDFファイルとして内容を確認できませんでした"),
    (
        "garbage after the PDF header",
        b"%PDF-1.7\n" + bytes(range(256)) * 8,
        "PDFファイルとして内容を確認できませんでした",
    ),
    (
        "text behind a PNG signature",
        b"\x89PNG\r\n\x1a\nthis is a text file",
        "PNG画像ファイルとして内容を確認できませんでした",
    ),
    (
        "HTML behind a JPEG signature",
        b"\xff\xd8\xff\xe0<html><script>x</script>",
        "JPEG画像ファイルとして内容を確認できませんでした",
    ),
    ("plain text", "ただのテキストです。\n".encode(), "内容を確認できませんでした"),
    (
        "zip without the Word parts",
        office_file("word", main_part=False, extra={"word/evil.html": "<script>x</script>"}),
        "内容を確認できませんでした",
    ),
    ("zip whose main part is not declared", office_file("word", declared=False), "内容を確認できませんでした"),
    (
        "zip without [Content_Types].xml",
        b"PK" + office_file("word")[2:].replace(b"[Content_Types].xml", b"[Content_Types].xmk"),
        "内容を確認できませんでした",
    ),
]


@pytest.mark.parametrize("data, message", [case[1:] for case in BROKEN_FILES], ids=[case[0] for case in BROKEN_FILES])
def test_files_that_only_start_like_an_allowed_type_are_refused(data, message):
    with pytest.raises(UploadRejected) as refused:
        sniff(data, "x")
    assert message in refused.value.message


def test_the_display_name_ends_with_the_detected_type():
    assert display_name("履歴書.html", "pdf") == "履歴書.pdf"
    assert display_name("履歴書", "pdf") == "履歴書.pdf"
    assert display_name("職務経歴書.PDF", "pdf") == "職務経歴書.PDF"
    assert display_name("写真.jpeg", "jpeg") == "写真.jpeg"
    assert display_name("写真.png", "jpeg") == "写真.jpg"
    assert display_name("山田.太郎", "docx") == "山田.太郎.docx"
    assert display_name("..\\..\\証明書.exe", "xlsx") == "証明書.xlsx"
    assert display_name(".html", "pdf") == "file.pdf"
    assert display_name("志" * 200 + ".html", "pdf") == "志" * 140 + ".pdf"


async def test_a_polyglot_and_broken_files_are_refused_with_a_message(client, database, frozen_clock):
    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    for filename, data, message in [
        (
            "履歴書.html",
            POLYGLOT,
            "「履歴書」：PDFファイルとして内容を確認できませんでした。ファイルが壊れていないか確認してください。",
        ),
        ("履歴書.pdf", PDF[:200], "「履歴書」：PDFファイルとして内容を確認できませんでした。"),
        (
            "履歴書.docx",
            office_file("word", main_part=False),
            "「履歴書」：PDF・Word・Excel・JPEG・PNGのファイルを選択してください",
        ),
        (
            "履歴書.png",
            "テキストファイルです".encode(),
            "「履歴書」：PDF・Word・Excel・JPEG・PNGのファイルを選択してください",
        ),
    ]:
        refused = await apply(client, posting.id, **{"file-resume": (filename, data, "application/pdf")})
        assert refused.status_code == 422 and message in refused.text, filename
    async with database.session(write=False) as db:
        assert (await db.execute(select(Application))).scalars().all() == []


async def test_a_real_pdf_named_html_is_stored_and_served_as_pdf(client, database, frozen_clock):
    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    confirm = await apply(client, posting.id, **{"file-resume": ("山田の履歴書.html", PDF, "text/html")})
    assert confirm.status_code == 200 and "山田の履歴書.pdf" in confirm.text and "山田の履歴書.html" not in confirm.text
    await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client))
    await client.post("/logout", headers=csrf_headers(client))
    await log_in(client, database, "org@example.jp")
    async with database.session(write=False) as db:
        [application] = (await db.execute(select(Application))).scalars().all()
    edit = (await client.get(f"/applications/{application.id}")).text
    file_id = re.search(rf'/applications/{application.id}/files/(\d+)">山田の履歴書.pdf', edit).group(1)
    download = await client.get(f"/applications/{application.id}/files/{file_id}")
    assert download.content == PDF and download.headers["content-type"] == "application/pdf"
    assert f"filename*=UTF-8''{quote('山田の履歴書.pdf')}" in download.headers["content-disposition"]
    assert ".html" not in download.headers["content-disposition"]


async def test_leaving_partner_removes_the_documents(client, database, settings, frozen_clock):
    from app.uploads import upload_dir
    from features.applications.models import ApplicationFile

    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    await apply(client, posting.id)
    await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client))
    stored = list(upload_dir(settings).iterdir())
    assert len(stored) == 2
    await client.post(
        "/mypage/withdraw", data={"password": "correct horse battery staple"}, headers=csrf_headers(client)
    )
    assert list(upload_dir(settings).iterdir()) == []  # the files on disk, not only their rows
    async with database.session(write=False) as db:
        assert (await db.execute(select(ApplicationFile))).scalars().all() == []
        [application] = (await db.execute(select(Application))).scalars().all()
    assert application.status == ApplicationStatus.WITHDRAWN and application.message == ""


async def test_mailer_link_and_resume_pdf_for_applicants(client, database, frozen_clock):
    from urllib.parse import unquote

    from pypdf import PdfReader

    from app.audit import AuditEvent

    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    await apply(client, posting.id)
    await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client))
    await client.post("/logout", headers=csrf_headers(client))
    await log_in(client, database, "org@example.jp")
    listing = await client.get(f"/postings/jobs/{posting.id}/applications")
    application_id = re.search(r'name="to" value="(\d+)"', listing.text).group(1)
    none = await client.post(
        f"/postings/jobs/{posting.id}/applications/mailto", data={}, headers=csrf_headers(client), follow_redirects=True
    )
    assert "メールを送る応募者を選択してください" in none.text
    mailer = await client.post(
        f"/postings/jobs/{posting.id}/applications/mailto",
        data={"to": application_id},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    location = mailer.headers["location"]
    assert location.startswith("mailto:?bcc=talent@example.jp&subject=")
    assert unquote(location.split("subject=")[1]) == "【カンボジア 教育プロジェクト 調整員】ご応募について"
    pdf = await client.get(f"/applications/{application_id}/resume.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = re.sub(r"[\x00\s]", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    assert "山田太郎" in text and "talent@example.jp" in text
    async with database.session(write=False) as db:
        actions = [e.action for e in (await db.execute(select(AuditEvent))).scalars()]
    assert "resume_pdf" in actions


async def test_the_edit_page_shows_the_application_mail_block_once(client, database, frozen_clock):
    application_id, _ = await applied_posting(client, database, "org@example.jp", "talent@example.jp")
    await log_in(client, database, "org@example.jp")
    page = (await client.get(f"/applications/{application_id}")).text
    assert page.count("<h2>応募に係るメール</h2>") == 1 and page.count('value="contact">連絡メール</button>') == 1


async def _files_on_disk_and_in_rows(database, settings) -> tuple[set[str], set[str]]:
    from app.uploads import upload_dir
    from features.applications.models import ApplicationFile

    async with database.session(write=False) as db:
        rows = set((await db.execute(select(ApplicationFile.stored_name))).scalars())
    return {path.name for path in upload_dir(settings).iterdir()}, rows


async def test_refused_attempts_leave_no_files(client, database, settings, frozen_clock):
    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    optional = {"file-optional-0": ("語学証明書.pdf", PDF, "application/pdf")}
    missing = await apply(client, posting.id, **{"file-required-0": None}, **optional)
    assert missing.status_code == 422
    wrong_type = await apply(
        client, posting.id, **{"file-optional-0": ("語学証明書.pdf", b"MZ\x90\x00", "application/pdf")}
    )
    assert wrong_type.status_code == 422
    assert await _files_on_disk_and_in_rows(database, settings) == (set(), set())
    assert (await apply(client, posting.id)).status_code == 200
    await client.post(f"/apply/{posting.id}/submit", headers=csrf_headers(client))
    again = await client.post(
        f"/apply/{posting.id}",
        files={
            "file-resume": ("履歴書.pdf", PDF, "application/pdf"),
            "file-required-0": ("志望動機書.pdf", PDF, "application/pdf"),
        },
        headers=csrf_headers(client),
    )
    assert again.status_code == 403  # already applied: refused before anything is written
    on_disk, in_rows = await _files_on_disk_and_in_rows(database, settings)
    assert on_disk == in_rows and len(in_rows) == 2


async def test_replacing_the_documents_of_a_draft_deletes_the_old_files(client, database, settings, frozen_clock):
    posting = await published_job(database, frozen_clock())
    await make_user(database, "talent@example.jp")
    await log_in(client, database, "talent@example.jp")
    assert (await apply(client, posting.id)).status_code == 200
    first, _ = await _files_on_disk_and_in_rows(database, settings)
    assert (await apply(client, posting.id)).status_code == 200  # 入力画面へ戻る, then 確認 again
    on_disk, in_rows = await _files_on_disk_and_in_rows(database, settings)
    assert on_disk == in_rows and len(in_rows) == 2 and not on_disk & first


async def _withdraw(client, database, email: str, application_id: int) -> None:
    await log_in(client, database, email)
    await client.post(f"/mypage/applications/{application_id}/withdraw", headers=csrf_headers(client))
    await client.post("/logout", headers=csrf_headers(client))


async def test_after_withdrawal_the_organization_sees_only_that_it_was_withdrawn(client, database, frozen_clock):
    from features.accounts.models import Individual

    application_id, _ = await applied_posting(client, database, "org@example.jp", "talent@example.jp")
    async with database.session(write=False) as db:
        code = (await db.execute(select(Individual.registration_code))).scalar_one()
    await log_in(client, database, "org@example.jp")
    edit = (await client.get(f"/applications/{application_id}")).text
    file_id = re.search(rf'/applications/{application_id}/files/(\d+)"', edit).group(1)
    assert (await client.get(f"/applications/{application_id}/files/{file_id}")).status_code == 200
    assert (await client.get(f"/applications/{application_id}/resume.pdf")).status_code == 200
    await client.post("/logout", headers=csrf_headers(client))
    await _withdraw(client, database, "talent@example.jp", application_id)

    await log_in(client, database, "org@example.jp")
    assert (await client.get(f"/applications/{application_id}/files/{file_id}")).status_code == 404
    assert (await client.get(f"/applications/{application_id}/resume.pdf")).status_code == 404
    edit = await client.get(f"/applications/{application_id}")
    assert edit.status_code == 200
    assert "カンボジア 教育プロジェクト 調整員" in edit.text and "応募者により取り下げられました" in edit.text
    for gone in (code, "よろしくお願いします。", "履歴書_山田.pdf", "resume.pdf", "/files/", 'name="mode"', "東京都"):
        assert gone not in edit.text
    posting_id = re.search(r'href="/postings/jobs/(\d+)/applications"', edit.text).group(1)
    applicants = (await client.get(f"/postings/jobs/{posting_id}/applications")).text
    assert (
        "取り下げ" in applicants and code not in applicants and f'name="to" value="{application_id}"' not in applicants
    )
    mailer = await client.post(
        f"/postings/jobs/{posting_id}/applications/mailto",
        data={"to": str(application_id)},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert mailer.status_code == 303 and not mailer.headers["location"].startswith("mailto:")


def _pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    return re.sub(r"[\x00\s]", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages))


async def test_contact_data_is_in_the_application_pdf_only(client, database, frozen_clock):
    from sqlalchemy import update

    from features.accounts.models import Individual
    from features.talent import service as talent

    application_id, _ = await applied_posting(client, database, "org@example.jp", "talent@example.jp")
    async with database.session() as db:
        await db.execute(update(Individual).values(postal_code="100-0001", address="千代田区千代田1-1"))
        individual = (await db.execute(select(Individual))).scalar_one()
    contact = ("山田太郎", "talent@example.jp", "090-1234-5678", "千代田区千代田1-1")
    await log_in(client, database, "org@example.jp")
    applied = _pdf_text((await client.get(f"/applications/{application_id}/resume.pdf")).content)
    assert all(item in applied for item in contact), applied
    async with database.session(write=False) as db:  # what 人材閲覧 and offers may carry
        browsing, _ = await talent.resume_pdf_for_organization(db, individual.user_id, expert=False, contact=False)
    browsing = _pdf_text(browsing)
    assert individual.registration_code in browsing and "東京都" in browsing
    assert not [item for item in (*contact, "ヤマダ") if item in browsing]
    await client.post("/logout", headers=csrf_headers(client))
    await _withdraw(client, database, "talent@example.jp", application_id)
    await log_in(client, database, "org@example.jp")
    assert (await client.get(f"/applications/{application_id}/resume.pdf")).status_code == 404
