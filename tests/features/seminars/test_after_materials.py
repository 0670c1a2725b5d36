"""当日配布資料: the secretariat uploads PDF or PowerPoint (checked by content); confirmed
participants download on their mypage or through the signed link in their mail; waiting,
cancelled, other people and wrong signatures get nothing."""

from __future__ import annotations

import io
import zipfile

from features.accounts.models import Role
from features.seminars import materials
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import log_in, make_user
from tests.features.seminars.after_helpers import make_seminar, register


def pdf_bytes() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "handout")
    return bytes(pdf.output())


def pptx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'presentationml.presentation.main+xml"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


async def setup(client, database):
    seminar = await make_seminar(database, status="closed")
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    return seminar


async def upload(client, seminar_id, name, data, title=""):
    return await client.post(
        f"/admin/seminars/{seminar_id}/materials",
        data={"title": title},
        files={"file": (name, data, "application/octet-stream")},
        headers=csrf_headers(client),
        follow_redirects=False,
    )


async def test_staff_upload_pdf_and_pptx_and_bad_files_are_refused(client, database, frozen_clock):
    seminar = await setup(client, database)
    assert (await upload(client, seminar.id, "講演資料.pdf", pdf_bytes(), "第1部 基調講演")).status_code == 303
    assert (await upload(client, seminar.id, "分科会.pptx", pptx_bytes())).status_code == 303
    fake = await upload(client, seminar.id, "偽物.pdf", b"%PDF-1.4 <html>not a pdf</html>")
    assert fake.status_code == 422 and "PDFファイルとして内容を確認できませんでした" in fake.text
    image = await upload(client, seminar.id, "photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    assert image.status_code == 422 and 'aria-invalid="true"' in image.text
    missing = await client.post(
        f"/admin/seminars/{seminar.id}/materials", data={"title": "x"}, headers=csrf_headers(client)
    )
    assert missing.status_code == 422 and "資料のファイル" in missing.text
    page = (await client.get(f"/admin/seminars/{seminar.id}/materials")).text
    assert "第1部 基調講演" in page and "分科会.pptx" in page and "PowerPoint" in page
    async with database.session(write=False) as db:
        items = await materials.list_materials(db, seminar.id)
    assert [m.original_name for m in items] == ["講演資料.pdf", "分科会.pptx"]
    download = await client.get(f"/admin/seminars/{seminar.id}/materials/{items[0].id}")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert "filename*=UTF-8''%E8%AC%9B" in download.headers["content-disposition"]
    assert download.headers["x-content-type-options"] == "nosniff"


async def test_only_confirmed_participants_download(client, database, frozen_clock):
    seminar = await setup(client, database)
    await upload(client, seminar.id, "資料.pdf", pdf_bytes())
    async with database.session(write=False) as db:
        (material,) = await materials.list_materials(db, seminar.id)
    people = {}
    for email, status in (
        ("ok@example.jp", "confirmed"),
        ("wait@example.jp", "waiting"),
        ("gone@example.jp", "cancelled"),
    ):
        user = await make_user(database, email, Role.INDIVIDUAL)
        await register(database, seminar.id, len(people) + 1, user_id=user.id, status=status, email=email)
        people[status] = email
    await make_user(database, "other@example.jp", Role.INDIVIDUAL)
    for email, expected in (
        ("ok@example.jp", 200),
        ("wait@example.jp", 404),
        ("gone@example.jp", 404),
        ("other@example.jp", 404),
    ):
        use_session_cookie(client, None)
        await log_in(client, database, email)
        listing = await client.get(f"/seminars/{seminar.id}/materials")
        file = await client.get(f"/seminars/{seminar.id}/materials/{material.id}")
        assert (email, listing.status_code, file.status_code) == (email, expected, expected)
        if expected == 200:
            assert "資料" in listing.text and file.content.startswith(b"%PDF")


async def test_a_guest_downloads_through_the_signed_link_while_confirmed(client, database, settings, frozen_clock):
    seminar = await setup(client, database)
    await upload(client, seminar.id, "資料.pdf", pdf_bytes())
    async with database.session(write=False) as db:
        (material,) = await materials.list_materials(db, seminar.id)
    guest = await register(database, seminar.id, 1)
    waiting = await register(database, seminar.id, 2, status="waiting")
    use_session_cookie(client, None)
    link = materials.guest_url(settings, seminar.id, guest.id).removeprefix(settings.app.base_url.rstrip("/"))
    page = await client.get(link)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert (await client.get(f"{link}/{material.id}")).content.startswith(b"%PDF")
    assert (await client.get(link[:-1] + ("0" if link[-1] != "0" else "1"))).status_code == 404  # tampered
    other = materials.guest_url(settings, seminar.id, waiting.id).removeprefix(settings.app.base_url.rstrip("/"))
    assert (await client.get(other)).status_code == 404  # signed, but only on the waiting list
    async with database.session() as db:
        row = await db.get(type(guest), guest.id)
        row.status, row.active_email = "cancelled", None
    assert (await client.get(f"{link}/{material.id}")).status_code == 404  # cancelled since


async def test_the_reminder_mail_carries_the_materials_link(database, settings):
    from app.mail import render_mail
    from features.seminars import service
    from features.seminars.messaging import send_reminders  # noqa: F401  (the mail template has the link)

    seminar = await make_seminar(database, status="closed")
    guest = await register(database, seminar.id, 1)
    rendered = render_mail(
        "seminars/reminder.txt.jinja",
        registration=guest,
        days_before=1,
        online_url=None,
        sessions=[],
        materials_url=materials.guest_url(settings, seminar.id, guest.id),
        **service.seminar_mail_context(settings, seminar),
    )
    assert "当日配布資料" in rendered.body and f"/seminars/{seminar.id}/materials/r/{guest.id}/" in rendered.body
