"""アンケート: the secretariat's builder, target list, results and CSV under /admin/surveys, and
the public answer page /surveys/{token} (no login: the personal token is the proof)."""

from __future__ import annotations

import json
from urllib.parse import quote

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, slices
from app.deps import AppSettings, DbSession
from app.forms import clean_text, first
from app.pagination import Page, page_number
from app.security import client_ip, require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts.api import Role
from features.surveys import forms, layout, results, service
from features.surveys import invitations as engine_invitations
from features.surveys.models import QuestionKind, Survey, SurveyStatus

OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "アンケートが見つかりません。"
PER_PAGE = 20
KIND_CHOICES = [(str(k), label) for k, label in service.KIND_LABELS.items()]


async def survey_or_404(db, survey_id: int) -> Survey:
    survey = await service.get_survey(db, survey_id)
    if survey is None:
        raise NotFoundException(NOT_FOUND)
    return survey


# -- list and new ---------------------------------------------------------------------


@get("/admin/surveys", name="surveys:admin_list", guards=OFFICE)
async def list_surveys(request: Request, db: DbSession, page: FromQuery[str] = "1") -> Template:
    number = page_number(page)
    rows, total = await service.list_surveys(db, number, PER_PAGE)
    counts = await service.counts_for(db, [s.id for s in rows])
    items = [(s, str(service.effective_status(s)), *counts.get(s.id, (0, 0))) for s in rows]
    return render(
        request,
        "surveys/admin/list.html.jinja",
        {"page": Page(items=items, page=number, per_page=PER_PAGE, total=total)},
        fragments={"survey-rows": "survey_rows"},
    )


@get("/admin/surveys/new", name="surveys:admin_new", guards=OFFICE)
async def new_survey(request: Request) -> Template:
    return render(
        request,
        "surveys/admin/new.html.jinja",
        {"values": {"max_reminders": "2", "reminder_gap_days": "3"}, "errors": {}},
    )


@post("/admin/surveys", name="surveys:admin_create", guards=OFFICE)
async def create_survey(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    form = forms.settings_form((await request.form()).dict())
    if form.ok:
        v = form.values
        try:
            survey_id = await service.create_survey(
                db,
                settings,
                title=v["title"],
                description=v["description"],
                questions=[],
                owner="secretariat",
                anonymous=v["anonymous"],
                opens_at=v["opens_at"],
                closes_at=v["closes_at"],
                max_reminders=v["max_reminders"],
                reminder_gap_days=v["reminder_gap_days"],
                created_by=current_session(request).get("uid"),
            )
        except service.SurveyError as error:
            form.error("title", str(error))
        else:
            flash(request, "アンケートを作成しました。質問を追加してください。")
            return see_other(request, request.app.route_reverse("surveys:admin_detail", survey_id=survey_id))
    return render(
        request, "surveys/admin/new.html.jinja", {"values": form.values, "errors": form.errors}, status_code=422
    )


# -- the builder ----------------------------------------------------------------------


async def _detail(
    request: Request,
    db,
    survey: Survey,
    *,
    settings_values: dict | None = None,
    settings_errors: dict | None = None,
    question_values: dict | None = None,
    question_errors: dict | None = None,
    message: str = "",
    status_code: int = 200,
) -> Template:
    questions = await service.questions_of(db, survey.id)
    invited, answered = (await service.counts_for(db, [survey.id])).get(survey.id, (0, 0))
    status = service.effective_status(survey)
    return render(
        request,
        "surveys/admin/detail.html.jinja",
        {
            "survey": survey,
            "status": str(status),
            "editable": status == SurveyStatus.DRAFT,
            "frozen": status == SurveyStatus.OPEN,
            "groups": layout.grouped(questions),
            "question_count": len(questions),
            "invited": invited,
            "answered": answered,
            "reminded": await service.reminder_counts(db, survey.id),
            "values": settings_values or forms.settings_values(survey),
            "errors": settings_errors or {},
            "q_values": question_values or {"kind": "single", "required": True},
            "q_errors": question_errors or {},
            "kinds": KIND_CHOICES,
            "kind_labels": service.KIND_LABELS,
            "scale_labels": service.SCALE_LABELS,
            "message": message,
        },
        status_code=status_code,
    )


@get("/admin/surveys/{survey_id:int}", name="surveys:admin_detail", guards=OFFICE)
async def show_survey(request: Request, db: DbSession, survey_id: FromPath[int]) -> Template:
    return await _detail(request, db, await survey_or_404(db, survey_id))


@post("/admin/surveys/{survey_id:int}/settings", name="surveys:admin_save_settings", guards=OFFICE)
async def save_settings(request: Request, db: DbSession, survey_id: FromPath[int]) -> Template | Response:
    survey = await survey_or_404(db, survey_id)
    frozen = service.effective_status(survey) != SurveyStatus.DRAFT
    form = forms.settings_form((await request.form()).dict(), frozen=frozen)
    if form.ok:
        v = form.values
        try:
            await service.update_settings(
                db,
                survey_id,
                title=v.get("title", survey.title),
                description=v.get("description", survey.description),
                anonymous=v.get("anonymous", survey.anonymous),
                opens_at=v.get("opens_at", survey.opens_at),
                closes_at=v["closes_at"],
                max_reminders=v["max_reminders"],
                reminder_gap_days=v["reminder_gap_days"],
            )
        except service.SurveyError as error:
            form.error("closes_at_date" if frozen else "title", str(error))
        else:
            flash(request, "設定を保存しました。")
            return see_other(request, request.app.route_reverse("surveys:admin_detail", survey_id=survey_id))
    values = {**forms.settings_values(survey), **form.values}
    status = 409 if service.effective_status(survey) == SurveyStatus.CLOSED else 422
    return await _detail(request, db, survey, settings_values=values, settings_errors=form.errors, status_code=status)


@post("/admin/surveys/{survey_id:int}/questions", name="surveys:admin_add_question", guards=OFFICE)
async def add_question(request: Request, db: DbSession, survey_id: FromPath[int]) -> Template | Response:
    survey = await survey_or_404(db, survey_id)
    form, spec = forms.question_form((await request.form()).dict())
    if spec is not None:
        try:
            await service.add_question(db, survey_id, spec)
        except service.SurveyError as error:
            return await _detail(request, db, survey, question_values=form.values, message=str(error), status_code=409)
        flash(request, "質問を追加しました。")
        return see_other(request, request.app.route_reverse("surveys:admin_detail", survey_id=survey_id) + "#questions")
    return await _detail(request, db, survey, question_values=form.values, question_errors=form.errors, status_code=422)


async def _question_page(request, db, survey, question, values, errors, status_code=200) -> Template:
    return render(
        request,
        "surveys/admin/question.html.jinja",
        {"survey": survey, "question": question, "values": values, "errors": errors, "kinds": KIND_CHOICES},
        status_code=status_code,
    )


@get("/admin/surveys/{survey_id:int}/questions/{question_id:int}", name="surveys:admin_edit_question", guards=OFFICE)
async def edit_question(
    request: Request, db: DbSession, survey_id: FromPath[int], question_id: FromPath[int]
) -> Template:
    survey = await survey_or_404(db, survey_id)
    question = next((q for q in await service.questions_of(db, survey_id) if q.id == question_id), None)
    if question is None:
        raise NotFoundException("質問が見つかりません。")
    return await _question_page(request, db, survey, question, forms.question_values(question), {})


@post("/admin/surveys/{survey_id:int}/questions/{question_id:int}", name="surveys:admin_save_question", guards=OFFICE)
async def save_question(
    request: Request, db: DbSession, survey_id: FromPath[int], question_id: FromPath[int]
) -> Template | Response:
    survey = await survey_or_404(db, survey_id)
    question = next((q for q in await service.questions_of(db, survey_id) if q.id == question_id), None)
    if question is None:
        raise NotFoundException("質問が見つかりません。")
    form, spec = forms.question_form((await request.form()).dict())
    if spec is None:
        return await _question_page(request, db, survey, question, form.values, form.errors, 422)
    try:
        await service.update_question(db, survey_id, question_id, spec)
    except service.SurveyError as error:
        return await _question_page(request, db, survey, question, form.values, {"text": str(error)}, 409)
    flash(request, "質問を保存しました。")
    return see_other(request, request.app.route_reverse("surveys:admin_detail", survey_id=survey_id) + "#questions")


async def _change(request: Request, db, survey_id: int, change, done: str) -> Template | Response:
    survey = await survey_or_404(db, survey_id)
    try:
        await change()
    except LookupError:
        raise NotFoundException("質問が見つかりません。") from None
    except service.SurveyError as error:
        return await _detail(request, db, survey, message=str(error), status_code=409)
    flash(request, done)
    return see_other(request, request.app.route_reverse("surveys:admin_detail", survey_id=survey_id) + "#questions")


@post("/admin/surveys/{survey_id:int}/questions/{question_id:int}/up", name="surveys:admin_question_up", guards=OFFICE)
async def move_question_up(
    request: Request, db: DbSession, survey_id: FromPath[int], question_id: FromPath[int]
) -> Template | Response:
    return await _change(
        request,
        db,
        survey_id,
        lambda: service.move_question(db, survey_id, question_id, -1),
        "質問を上へ移動しました。",
    )


@post(
    "/admin/surveys/{survey_id:int}/questions/{question_id:int}/down", name="surveys:admin_question_down", guards=OFFICE
)
async def move_question_down(
    request: Request, db: DbSession, survey_id: FromPath[int], question_id: FromPath[int]
) -> Template | Response:
    return await _change(
        request, db, survey_id, lambda: service.move_question(db, survey_id, question_id, 1), "質問を下へ移動しました。"
    )


@post(
    "/admin/surveys/{survey_id:int}/questions/{question_id:int}/delete",
    name="surveys:admin_question_delete",
    guards=OFFICE,
)
async def delete_question(
    request: Request, db: DbSession, survey_id: FromPath[int], question_id: FromPath[int]
) -> Template | Response:
    return await _change(
        request, db, survey_id, lambda: service.remove_question(db, survey_id, question_id), "質問を削除しました。"
    )


@post("/admin/surveys/{survey_id:int}/copy", name="surveys:admin_copy", guards=OFFICE)
async def copy_survey(request: Request, db: DbSession, settings: AppSettings, survey_id: FromPath[int]) -> Response:
    survey = await survey_or_404(db, survey_id)
    new_id = await service.copy_survey(db, settings, survey_id, owner=survey.owner or "secretariat")
    flash(request, "アンケートを複製しました（下書き）。")
    return see_other(request, request.app.route_reverse("surveys:admin_detail", survey_id=new_id))


@post("/admin/surveys/{survey_id:int}/close", name="surveys:admin_close", guards=OFFICE)
async def close_survey(request: Request, db: DbSession, survey_id: FromPath[int]) -> Template | Response:
    survey = await survey_or_404(db, survey_id)
    try:
        await service.close_survey(db, survey_id)
    except service.SurveyError as error:
        return await _detail(request, db, survey, message=str(error), status_code=409)
    flash(request, "アンケートを終了しました。")
    return see_other(request, request.app.route_reverse("surveys:admin_detail", survey_id=survey_id))


@post("/admin/surveys/{survey_id:int}/delete", name="surveys:admin_delete", guards=OFFICE)
async def delete_survey(request: Request, db: DbSession, survey_id: FromPath[int]) -> Template | Response:
    survey = await survey_or_404(db, survey_id)
    try:
        await service.delete_draft(db, survey_id)
    except service.SurveyError as error:
        return await _detail(request, db, survey, message=str(error), status_code=409)
    flash(request, "下書きのアンケートを削除しました。")
    return see_other(request, request.app.route_reverse("surveys:admin_list"))


# -- target list and 実施 ---------------------------------------------------------------


async def audiences(db, settings) -> list:
    """Every target list the higher slices offer (provides["survey_audiences"])."""
    return [audience for answer in await slices.ask_all("survey_audiences", db, settings) for audience in answer or ()]


async def recipients_for(db, settings, key: str) -> list | None:
    for answer in await slices.ask_all("survey_recipients", db, settings, key):
        if answer is not None:
            return list(answer)
    return None


async def _audience_page(request, db, settings, survey, key: str, error: str = "", status_code: int = 200) -> Template:
    offered = await audiences(db, settings)
    chosen = next((a for a in offered if a.key == key), None)
    people = await recipients_for(db, settings, key) if chosen else None
    return render(
        request,
        "surveys/admin/audience.html.jinja",
        {
            "survey": survey,
            "status": str(service.effective_status(survey)),
            "audiences": offered,
            "chosen": chosen,
            "count": None if people is None else len(people),
            "question_count": len(await service.questions_of(db, survey.id)),
            "error": error,
        },
        status_code=status_code,
        fragments={"audience-count": "audience_count"},
    )


@get("/admin/surveys/{survey_id:int}/audience", name="surveys:admin_audience", guards=OFFICE)
async def choose_audience(
    request: Request, db: DbSession, settings: AppSettings, survey_id: FromPath[int], key: FromQuery[str] = ""
) -> Template:
    return await _audience_page(request, db, settings, await survey_or_404(db, survey_id), clean_text(key))


@post("/admin/surveys/{survey_id:int}/start", name="surveys:admin_start", guards=OFFICE)
async def start_survey(
    request: Request, db: DbSession, settings: AppSettings, survey_id: FromPath[int]
) -> Template | Response:
    survey = await survey_or_404(db, survey_id)
    key = clean_text(first((await request.form()).dict(), "key"))
    people = await recipients_for(db, settings, key) if key else None
    if people is None:
        return await _audience_page(request, db, settings, survey, key, "対象者リストを選択してください。", 422)
    if not people:
        return await _audience_page(request, db, settings, survey, key, "この対象者リストには対象者がいません。", 422)
    try:
        invited = await engine_invitations.start_survey(db, settings, survey_id, people, audience_key=key)
    except service.SurveyError as error:
        return await _audience_page(request, db, settings, survey, key, str(error), 409)
    flash(request, f"アンケートを実施しました。{invited}人に案内メールを送ります。")
    return see_other(request, request.app.route_reverse("surveys:admin_detail", survey_id=survey_id))


# -- results --------------------------------------------------------------------------


@get("/admin/surveys/{survey_id:int}/results", name="surveys:admin_results", guards=OFFICE)
async def show_results(request: Request, db: DbSession, survey_id: FromPath[int], by: FromQuery[str] = "") -> Template:
    survey = await survey_or_404(db, survey_id)
    outcome = await results.survey_results(db, survey_id)
    by = clean_text(by)
    tables = await results.crosstab(db, survey_id, by) if by in outcome.attribute_keys else []
    charts = {q.id: results.results_chart_svg(q) for q in outcome.questions if q.kind != QuestionKind.TEXT}
    return render(
        request,
        "surveys/admin/results.html.jinja",
        {
            "survey": survey,
            "status": str(service.effective_status(survey)),
            "results": outcome,
            "charts": charts,
            "by": by if tables else "",
            "tables": tables,
        },
        fragments={"crosstab": "crosstab"},
    )


@get(
    "/admin/surveys/{survey_id:int}/results.csv", name="surveys:admin_results_csv", guards=OFFICE, opt={"writes": True}
)
async def export_results(request: Request, db: DbSession, settings: AppSettings, survey_id: FromPath[int]) -> Response:
    survey = await survey_or_404(db, survey_id)
    data, count = await results.results_csv(db, survey_id)
    await audit.record(
        db,
        "survey_export",
        actor_user_id=current_session(request).get("uid"),
        target_type="survey",
        target_id=survey_id,
        detail=json.dumps({"rows": count}),
        client_ip=client_ip(request.scope, settings),
    )
    filename = f"アンケート結果_{survey.id}.csv"
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}", "Cache-Control": "no-store"},
    )


router = Router(
    path="/",
    route_handlers=[
        list_surveys,
        new_survey,
        create_survey,
        show_survey,
        save_settings,
        add_question,
        edit_question,
        save_question,
        move_question_up,
        move_question_down,
        delete_question,
        copy_survey,
        close_survey,
        delete_survey,
        choose_audience,
        start_survey,
        show_results,
        export_results,
    ],
)
