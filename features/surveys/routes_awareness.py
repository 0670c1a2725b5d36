"""認知度アンケート for everyone at /survey/awareness: no login, one answer per browser, a honeypot,
a signed form timestamp and a per-address rate limit (see awareness.py). Thin: parse → service →
render / redirect."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Response, Template

from app import ratelimit
from app.browser_voter import new_token
from app.deps import AppSettings, DbSession
from app.forms import first
from app.security import client_ip
from app.sessions import flash
from app.templating import render, see_other
from features.surveys import awareness, forms, layout, service

_NO_STORE = {"Cache-Control": "no-store"}
THANKS = "ご回答ありがとうございました。"
ALREADY = "このブラウザからはすでにご回答いただいています。ご協力ありがとうございました。"
CLOSED = "現在、認知度アンケートは実施していません。"
TOO_MANY = "短時間に多くの回答が送信されました。しばらく待ってからもう一度お試しください。"


def _message(request: Request, survey, heading: str, text: str, status_code: int) -> Template:
    return render(
        request,
        "surveys/awareness_message.html.jinja",
        {"survey": survey, "heading": heading, "text": text},
        status_code=status_code,
        headers=_NO_STORE,
    )


async def _form(
    request, db, settings, survey, values, errors, status_code=200, refused: str = "", stamp: str = ""
) -> Template:
    return render(
        request,
        "surveys/awareness.html.jinja",
        {
            "survey": survey,
            "groups": layout.grouped(await service.questions_of(db, survey.id)),
            "values": values,
            "errors": errors,
            "refused": refused,
            "scale_labels": service.SCALE_LABELS,
            "stamp": awareness.kept_stamp(settings, stamp) if stamp else awareness.form_stamp(settings),
            "honeypot": awareness.HONEYPOT,
        },
        status_code=status_code,
        headers=_NO_STORE,
    )


@get("/survey/awareness", name="surveys:awareness")
async def show_awareness(request: Request, db: DbSession, settings: AppSettings) -> Template:
    survey = await awareness.current(db)
    if survey is None or not service.accepting_answers(survey):
        return _message(request, survey, "認知度アンケート", CLOSED, 404)
    if await awareness.has_answered(db, survey.id, awareness.VOTER.voter(request, settings)):
        return _message(request, survey, "回答済みです", ALREADY, 200)
    return await _form(request, db, settings, survey, {}, {})


@post("/survey/awareness", name="surveys:awareness_submit")
async def submit_awareness(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    # Counted in its own transaction before this request's begins (SQLite has one writer at a time).
    ip = client_ip(request.scope, settings)
    await ratelimit.enforce(
        request.app.state.database,
        [(f"survey-awareness-ip:{ip}", settings.surveys.awareness_per_ip_per_hour, 3600)],
        TOO_MANY,
    )
    survey = await awareness.current(db)
    if survey is None or not service.accepting_answers(survey):
        return _message(request, survey, "認知度アンケート", CLOSED, 404)
    data = (await request.form()).dict()
    questions = await service.questions_of(db, survey.id)
    form, answers = forms.answer_form(questions, data)
    stamp = str(first(data, "stamp"))
    try:
        awareness.check_form(settings, stamp, str(first(data, awareness.HONEYPOT)))
    except awareness.FormRefused as refused:
        return await _form(request, db, settings, survey, form.values, form.errors, 400, refused=str(refused))
    if not form.ok:
        return await _form(request, db, settings, survey, form.values, form.errors, 422, stamp=stamp)
    try:
        awareness.check_pace(settings, stamp)
    except awareness.FormRefused as refused:
        return await _form(request, db, settings, survey, form.values, {}, 400, refused=str(refused), stamp=stamp)
    token = awareness.VOTER.token(request, settings)
    fresh = token is None
    token = token or new_token()
    try:
        await awareness.submit(db, survey, awareness.VOTER.voter_of(settings, token), answers)
    except service.AlreadyAnswered:
        return _message(request, survey, "回答済みです", ALREADY, 409)
    except service.OutsidePeriod:
        return _message(request, survey, "認知度アンケート", CLOSED, 404)
    flash(request, THANKS)
    response = see_other(request, request.app.route_reverse("surveys:awareness"))
    if fresh:
        awareness.VOTER.remember(response, settings, token)
    return response


ROUTES = [show_awareness, submit_awareness]
