from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import TooManyRequestsException
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.security import client_ip
from app.sessions import flash
from app.templating import render, see_other
from features.contact import service
from features.contact.forms import CATEGORIES, LABELS, parse_inquiry

FRAGMENTS = {"contact-form": "contact_form"}


def _form(request: Request, values: dict, errors: dict, status_code: int = 200) -> Template:
    context = {"values": values, "errors": errors, "labels": LABELS, "categories": CATEGORIES}
    return render(request, "contact/form.html.jinja", context, fragments=FRAGMENTS, status_code=status_code)


@get("/contact", name="contact:form")
async def show_contact_form(request: Request) -> Template:
    return _form(request, {}, {})


@post("/contact", name="contact:submit")
async def submit_contact_form(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    form = parse_inquiry((await request.form()).dict())
    if not form.ok:
        return _form(request, form.values, form.errors, status_code=422)
    decision = await service.may_submit(db, client_ip(request.scope, settings), form.values["email"])
    if not decision.allowed:
        raise TooManyRequestsException(
            "お問い合わせの送信回数が上限に達しました。時間をおいてもう一度お試しください。",
            headers={"Retry-After": str(decision.retry_after)},
        )
    await service.submit_inquiry(db, settings, form.values)
    flash(request, "お問い合わせを受け付けました。確認のメールをお送りしました。")
    return see_other(request, request.app.route_reverse("contact:done"))


@get("/contact/done", name="contact:done")
async def show_contact_done(request: Request) -> Template:
    return render(request, "contact/done.html.jinja")


router = Router(path="/", route_handlers=[show_contact_form, submit_contact_form, show_contact_done])
