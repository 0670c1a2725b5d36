"""定期アンケート and the 認知度アンケート for the secretariat (/admin/surveys/programs…): the five
programs with their schedule and question set, each quarter's rounds (targets, invited, answered,
response rate), and creating and publishing the public 認知度アンケート. Thin: parse → service →
render / redirect; the questions and results are the engine's own pages."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import clock
from app.deps import AppSettings, DbSession
from app.forms import clean_text
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.surveys import awareness, forms, programs, service
from features.surveys.routes import OFFICE


async def _page(
    request: Request,
    db,
    settings,
    *,
    show: str = "",
    values: dict | None = None,
    errors: dict | None = None,
    message: str = "",
    status_code: int = 200,
) -> Template:
    configured = await programs.programs(db)
    chosen = [configured[show].id] if show in configured else None
    rounds = await programs.rounds(db, chosen)
    today = clock.today_jst()
    asked = programs.previous_quarter(programs.quarter_start(today))
    rows = []
    for spec in programs.PROGRAMS:
        program = configured.get(spec.key)
        template = await service.get_survey(db, program.template_survey_id) if program else None
        window = programs.round_window(program, asked) if program else None
        upcoming = programs.next_quarter(asked) if window and window[1] <= clock.now() else asked
        rows.append(
            {
                "spec": spec,
                "program": program,
                "template": template,
                "next_quarter": programs.quarter_label(upcoming),
                "next_opens": programs.round_window(program, upcoming)[0] if program else None,
                "values": values if values and values.get("key") == spec.key else {},
                "errors": errors if values and values.get("key") == spec.key else {},
            }
        )
    current = await awareness.current(db)
    return render(
        request,
        "surveys/admin/programs.html.jinja",
        {
            "rows": rows,
            "configured": bool(configured),
            "rounds": rounds,
            "labels": {spec.key: spec.title for spec in programs.PROGRAMS},
            "show": show if chosen else "",
            "awareness": current,
            "awareness_status": str(service.effective_status(current)) if current else "",
            "awareness_answers": await awareness.answer_count(db, current.id) if current else 0,
            "message": message,
        },
        status_code=status_code,
        fragments={"round-rows": "round_rows"},
    )


@get("/admin/surveys/programs", name="surveys:admin_programs", guards=OFFICE)
async def list_programs(
    request: Request, db: DbSession, settings: AppSettings, program: FromQuery[str] = ""
) -> Template:
    return await _page(request, db, settings, show=clean_text(program))


@post("/admin/surveys/programs/setup", name="surveys:admin_programs_setup", guards=OFFICE)
async def set_up_programs(request: Request, db: DbSession, settings: AppSettings) -> Response:
    created = await programs.ensure_programs(db, settings)
    flash(request, f"定期アンケートを{created}件準備しました。" if created else "定期アンケートは準備済みです。")
    return see_other(request, request.app.route_reverse("surveys:admin_programs"))


@post("/admin/surveys/programs/{program_id:int}/schedule", name="surveys:admin_program_schedule", guards=OFFICE)
async def save_schedule(
    request: Request, db: DbSession, settings: AppSettings, program_id: FromPath[int]
) -> Template | Response:
    program = await programs.program_by_id(db, program_id)
    if program is None:
        raise NotFoundException("定期アンケートが見つかりません。")
    form = forms.schedule_form((await request.form()).dict(), program)
    if form.ok:
        try:
            await programs.save_schedule(db, program_id, **form.values)
        except service.SurveyError as error:
            form.error("open_day", str(error))
        else:
            flash(request, "実施日程を保存しました。")
            return see_other(request, request.app.route_reverse("surveys:admin_programs") + f"#program-{program.key}")
    return await _page(
        request, db, settings, values={**form.values, "key": program.key}, errors=form.errors, status_code=422
    )


@post("/admin/surveys/awareness", name="surveys:admin_awareness_create", guards=OFFICE)
async def create_awareness(request: Request, db: DbSession, settings: AppSettings) -> Response:
    survey_id = await awareness.create_draft(db, settings, current_session(request).get("uid"))
    flash(request, "認知度アンケートの下書きを作成しました。質問を確認してから公開してください。")
    return see_other(request, request.app.route_reverse("surveys:admin_detail", survey_id=survey_id))


@post("/admin/surveys/awareness/{survey_id:int}/publish", name="surveys:admin_awareness_publish", guards=OFFICE)
async def publish_awareness(
    request: Request, db: DbSession, settings: AppSettings, survey_id: FromPath[int]
) -> Template | Response:
    try:
        await awareness.publish(db, settings, survey_id)
    except LookupError:
        raise NotFoundException("認知度アンケートが見つかりません。") from None
    except service.SurveyError as error:
        return await _page(request, db, settings, message=str(error), status_code=409)
    flash(request, "認知度アンケートを公開しました。")
    return see_other(request, request.app.route_reverse("surveys:admin_programs") + "#awareness")


ROUTES = [list_programs, set_up_programs, save_schedule, create_awareness, publish_awareness]
