from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import TooManyRequestsException
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.forms import clean_text
from app.security import client_ip
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.contact import service
from features.contact.forms import BODY_MAX, CATEGORIES, LABELS, parse_inquiry

FRAGMENTS = {"contact-form": "contact_form", "faq-suggestions": "faq_suggestions"}


def _form(
    request: Request, values: dict, errors: dict, status_code: int = 200, suggestions: list | None = None
) -> Template:
    context = {
        "values": values,
        "errors": errors,
        "labels": LABELS,
        "categories": CATEGORIES,
        "suggestions": suggestions or [],
    }
    return render(request, "contact/form.html.jinja", context, fragments=FRAGMENTS, status_code=status_code)


@get("/contact", name="contact:form")
async def show_contact_form(request: Request, db: DbSession) -> Template:
    _uid, prefilled = await service.sender_of(db, current_session(request))
    return _form(request, prefilled, {})


@get("/contact/suggestions", name="contact:suggestions")
async def suggest_faq(request: Request, db: DbSession) -> Template:
    """While the person types (htmx, after a pause): FAQ entries that may already answer them."""
    raw = request.query_params.get("body") or ""
    text = clean_text(raw[: BODY_MAX * 2], multiline=True)
    suggestions = await service.faq_suggestions(db, text)
    return _form(request, {"body": text}, {}, suggestions=suggestions)


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
    user_id, _prefilled = await service.sender_of(db, current_session(request))
    await service.submit_inquiry(db, settings, form.values, user_id=user_id)
    flash(request, "お問い合わせを受け付けました。確認のメールをお送りしました。")
    return see_other(request, request.app.route_reverse("contact:done"))


@get("/contact/done", name="contact:done")
async def show_contact_done(request: Request) -> Template:
    return render(request, "contact/done.html.jinja")


router = Router(path="/", route_handlers=[show_contact_form, suggest_faq, submit_contact_form, show_contact_done])
