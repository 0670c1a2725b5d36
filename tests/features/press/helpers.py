"""Helpers for the press tests: organizations that write releases, the form, files, the office."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from app.mail import OutboxMail, deliver
from features.accounts.models import Role, UserAccount
from features.press.models import PressImage, PressRelease
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import log_in, make_user
from tests.features.postings.helpers import organization_for

ORG_A = "org-a@example.jp"
ORG_B = "org-b@example.jp"
OFFICE = "office@example.jp"


def release_form(**changes) -> dict:
    data = {
        "title": "カンボジアで算数教材の共同開発を開始",
        "announced_on": "2026-11-20",
        "body": "## 概要\n\n小学校20校で**算数の副教材**を共同開発します。",
        "contact_department": "広報室",
        "contact_name": "山田　花子",
        "contact_phone": "０３－１２３４－５６７８",  # full-width: normalized
        "contact_email": "Press@Example.JP",
    }
    data.update(changes)
    return data


def pdf_bytes(text: str = "press release") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def jpeg_bytes(width: int = 2400, height: int = 1600, *, exif: bool = True) -> bytes:
    image = Image.new("RGB", (width, height), (200, 120, 40))
    buffer = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCameraMaker"  # Make
        data[0x0131] = "SecretSoftware"  # Software
        image.save(buffer, format="JPEG", exif=data.tobytes())
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


async def _ensure_user(database, email: str, role: str) -> None:
    async with database.session(write=False) as db:
        found = await db.scalar(select(UserAccount.id).where(UserAccount.email == email))
    if found is None:
        await make_user(database, email, role)


async def as_organization(client, database, email: str = ORG_A):
    use_session_cookie(client, None)
    await _ensure_user(database, email, Role.ORGANIZATION)
    await log_in(client, database, email)
    return await organization_for(database, email)


async def log_in_again(client, database, email: str) -> None:
    use_session_cookie(client, None)
    await log_in(client, database, email)


async def as_office(client, database, email: str = OFFICE) -> None:
    use_session_cookie(client, None)
    await _ensure_user(database, email, Role.SECRETARIAT)
    await log_in(client, database, email)


async def post(client, url: str, data: dict | None = None, files: dict | None = None, **kwargs):
    await client.get("/healthz")  # a CSRF cookie
    kwargs.setdefault("follow_redirects", False)
    return await client.post(
        url, data=data or {}, files=files, headers={**csrf_headers(client), **kwargs.pop("headers", {})}, **kwargs
    )


async def save_new(client, data: dict | None = None, files: dict | None = None, button: str = "save", **kwargs):
    return await post(client, f"/mypage/press/{button}", data or release_form(), files, **kwargs)


async def releases(database) -> list[PressRelease]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(PressRelease).order_by(PressRelease.id))).scalars())


async def release(database, release_id: int) -> PressRelease:
    async with database.session(write=False) as db:
        return await db.get(PressRelease, release_id)


async def images(database, release_id: int) -> list[PressImage]:
    async with database.session(write=False) as db:
        rows = await db.execute(select(PressImage).where(PressImage.release_id == release_id))
        return list(rows.scalars())


async def outbox_to(database, email: str) -> list[OutboxMail]:
    async with database.session(write=False) as db:
        rows = await db.execute(select(OutboxMail).where(OutboxMail.to_address == email).order_by(OutboxMail.id))
        return list(rows.scalars())


async def deliver_through(database, settings, smtp, mails: list[OutboxMail]):
    """The real delivery into the suite's SMTP server."""
    settings.mail.transport = "smtp"
    settings.mail.smtp_host = "127.0.0.1"
    settings.mail.smtp_port = smtp.port
    await deliver(database, settings, [m.id for m in mails])
    return smtp.wait_for(len(mails))


async def submitted_release(client, database, email: str = ORG_A, **changes) -> int:
    """A release of `email`'s organization, saved and 申請 (承認待ち); leaves that organization logged in."""
    await as_organization(client, database, email)
    saved = await save_new(client, release_form(**changes))
    assert saved.status_code == 303, saved.text
    release_id = int(saved.headers["location"].split("/")[-2])
    submitted = await post(client, f"/mypage/press/{release_id}/submit")
    assert submitted.status_code == 303, submitted.text
    return release_id


async def published_release(client, database, email: str = ORG_A, **changes) -> int:
    release_id = await submitted_release(client, database, email, **changes)
    await as_office(client, database)
    approved = await post(client, f"/admin/press/{release_id}/approve")
    assert approved.status_code == 303, approved.text
    return release_id
