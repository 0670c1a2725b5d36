"""Answering a survey by the mailed link (public, no login): the answer page, sending once, the
messages outside the period or once answered; and the secretariat's preview of the same page."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from app.deps import DbSession
from app.sessions import flash
from app.templating import format_datetime_ja, render, see_other
from features.surveys import forms, layout, service
from features.surveys import invitations as engine_invitations
from features.surveys.models import SurveyStatus
from features.surveys.routes import OFFICE, survey_or_404

# -- answering (public, by token) -----------------------------------------------------

_NO_STORE = {"Cache-Control": "no-store"}


async def _invitation(db, token: str):
    found = await engine_invitations.invitation_by_token(db, token)
    if found is None:
        raise NotFoundException("このアンケートのリンクは無効です。メールのリンクをもう一度お確かめください。")
    return found


def _message_page(request, survey, title: str, text: str, status_code: int) -> Template:
    return render(
        request,
        "surveys/answer_message.html.jinja",
        {"survey": survey, "heading": title, "text": text},
        status_code=status_code,
        headers=_NO_STORE,
    )


def _outside(request, survey) -> Template:
    return _message_page(request, survey, "回答期間外です", _period_text(survey), 403)


def _period_text(survey) -> str:
    if survey.opens_at and service.effective_status(survey) == SurveyStatus.OPEN:
        return f"このアンケートは{format_datetime_ja(survey.opens_at)}から回答できます。"
    return "このアンケートの回答受付は終了しました。ご協力ありがとうございました。"


async def _answer_page(request, db, token, survey, values, errors, status_code=200, preview=False) -> Template:
    questions = await service.questions_of(db, survey.id)
    return render(
        request,
        "surveys/answer.html.jinja",
        {
            "survey": survey,
            "token": token,
            "groups": layout.grouped(questions),
            "values": values,
            "errors": errors,
            "scale_labels": service.SCALE_LABELS,
            "preview": preview,
        },
        status_code=status_code,
        headers=_NO_STORE,
    )


@get("/admin/surveys/{survey_id:int}/preview", name="surveys:admin_preview", guards=OFFICE)
async def preview_survey(request: Request, db: DbSession, survey_id: FromPath[int]) -> Template:
    """The answer page as the invited will see it; nothing can be sent from here."""
    return await _answer_page(request, db, "", await survey_or_404(db, survey_id), {}, {}, preview=True)


@get("/surveys/{token:str}", name="surveys:answer")
async def answer_survey(request: Request, db: DbSession, token: FromPath[str]) -> Template:
    invitation, survey = await _invitation(db, token)
    if invitation.answered:
        return _message_page(request, survey, "回答済みです", "ご協力ありがとうございました。回答は1回だけです。", 200)
    if not service.accepting_answers(survey):
        return _outside(request, survey)
    return await _answer_page(request, db, token, survey, {}, {})


@post("/surveys/{token:str}", name="surveys:submit")
async def submit_answers(request: Request, db: DbSession, token: FromPath[str]) -> Template | Response:
    invitation, survey = await _invitation(db, token)
    if invitation.answered:
        return _message_page(request, survey, "回答済みです", "このアンケートにはすでに回答いただいています。", 409)
    if not service.accepting_answers(survey):
        return _outside(request, survey)
    questions = await service.questions_of(db, survey.id)
    form, answers = forms.answer_form(questions, (await request.form()).dict())
    if not form.ok:
        return await _answer_page(request, db, token, survey, form.values, form.errors, 422)
    try:
        await engine_invitations.submit_answers(db, token, answers)
    except service.AlreadyAnswered:
        return _message_page(request, survey, "回答済みです", "このアンケートにはすでに回答いただいています。", 409)
    except service.OutsidePeriod:
        return _outside(request, survey)
    flash(request, "回答を送信しました。ご協力ありがとうございました。")
    return see_other(request, request.app.route_reverse("surveys:answer", token=token))


ROUTES = [preview_survey, answer_survey, submit_answers]
