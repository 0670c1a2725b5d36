"""The one place that names the slices. Each slice's package declares its contribution as one
`SLICE` (app/slices.py); every process calls `install_slices()` before it does anything."""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.response import Template
from litestar.static_files import create_static_files_router
from sqlalchemy import text

import features.accounts
import features.applications
import features.bounces
import features.consultation
import features.contact
import features.content
import features.faq
import features.home
import features.inquiries
import features.library
import features.mail_consultation
import features.mail_preferences
import features.mailings
import features.messages
import features.operations
import features.partner_news
import features.postings
import features.press
import features.recruitment
import features.reports
import features.saved_searches
import features.seminars
import features.surveys
import features.talent
from app import slices
from app.config import ROOT, Settings
from app.db import Database
from app.mail import recent_mail
from app.queue import queue_health
from app.templating import render

SLICES: tuple[slices.Slice, ...] = (
    features.home.SLICE,
    features.accounts.SLICE,
    features.postings.SLICE,
    features.talent.SLICE,
    features.applications.SLICE,
    features.messages.SLICE,
    features.recruitment.SLICE,
    features.seminars.SLICE,
    features.surveys.SLICE,
    features.consultation.SLICE,
    features.mail_consultation.SLICE,
    features.bounces.SLICE,
    features.mail_preferences.SLICE,
    features.mailings.SLICE,  # its demo adds admin2@, the second staff member the content demo needs
    features.content.SLICE,
    features.faq.SLICE,
    features.press.SLICE,
    features.library.SLICE,
    features.inquiries.SLICE,
    features.partner_news.SLICE,
    features.saved_searches.SLICE,
    features.operations.SLICE,
    features.reports.SLICE,
    features.contact.SLICE,
)


def slice_cli_groups() -> list:
    """Subcommand groups slices add to `litestar` (`litestar bounces read-maildir PATH`)."""
    return [features.bounces.CLI]


def install_slices() -> None:
    """Navigation, erasure and retirement hooks, scheduled jobs and demo loaders of every slice."""
    slices.install(SLICES)


@get("/healthz", name="frame:health", cache_control=None)
async def show_health(request: Request) -> Response:
    database: Database = request.app.state.database
    try:
        async with database.session(write=False) as db:
            await db.execute(text("SELECT 1"))
        db_status = "ok"
    except Exception:
        db_status = "error"
    queue_status = await queue_health()
    healthy = db_status == "ok" and queue_status == "ok"
    return Response(
        {"status": "ok" if healthy else "error", "database": db_status, "queue": queue_status},
        status_code=200 if healthy else 503,
        headers={"Cache-Control": "no-store"},
    )


@get("/dev/mail", name="frame:dev_mail")
async def list_dev_mail(request: Request) -> Template:
    """Development only: delivered mail, newest first (read the login code here)."""
    from app.security import is_local_request

    settings: Settings = request.app.state.settings
    # Not even registered with debug off; belt and braces. Even in debug the page holds login codes
    # and reset links, so only the developer's own browser on this machine may read it.
    if not settings.app.debug or not is_local_request(request.scope):
        raise NotFoundException()
    mails = await recent_mail(request.app.state.database)
    return render(request, "dev/mail.html.jinja", {"mails": mails})


def route_handlers(settings: Settings) -> list:
    handlers: list = [show_health, *(s.router for s in SLICES)]
    handlers.append(
        create_static_files_router(path="/static", directories=[ROOT / "static"], name="static", cache_control=None)
    )
    if settings.app.debug:
        handlers.append(list_dev_mail)
    return handlers


async def create_staff_account(db, settings: Settings, email: str, name: str, counselor: bool, password: str) -> str:
    """For `litestar user create-staff`: the accounts slice does the work."""
    from features.accounts import passwords, service, staff
    from features.accounts.models import Role

    email = service.normalize_email(email)
    if problem := passwords.password_problem(password, email=email):
        raise staff.StaffError(problem)
    role = Role.COUNSELOR if counselor else Role.SECRETARIAT
    user = await staff.create_staff(db, settings, email, name, role, password=password)
    return f"{'キャリア相談員' if counselor else '事務局'}のアカウントを作成しました: {user.email}"
