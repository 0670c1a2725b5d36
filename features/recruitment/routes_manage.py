"""公募案件 management: thin handlers. JICA's own 公募 here (公募一覧, 公募案件登録 with 一時保存 /
プレビュー / 確認 → 掲載依頼, 掲載中止, 選考中 / 選考終了, コピー); the secretariat's side (公募の審査,
公募案件一覧, 代理登録, 掲載中止, 非表示, 公募種別) in routes_manage_admin.py; the shared pages in
pages_manage.py. `manage_router` joins the two. The rules are in koubo.py."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.sessions import flash
from app.templating import render, see_other
from features.accounts import api as accounts
from features.recruitment import forms_koubo, koubo_views
from features.recruitment import koubo as service
from features.recruitment.pages_manage import (
    ORGANIZATION,
    confirm_page,
    ensure_editable,
    form_page,
    mark_number_taken,
    own_koubo,
    preview_page,
    read_draft,
    reason_form,
    refused_form,
    route_url,
)
from features.recruitment.routes_manage_admin import manage_admin_router
from features.recruitment.states import EDITABLE_BY_JICA, Actor, Move, Phase, TransitionRefused, allowed

# -- JICA: 公募一覧 and the form ---------------------------------------------------------------


@get("/jica/koubo", name="recruitment:manage_list", guards=ORGANIZATION)
async def manage_list(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    organization = await accounts.jica_organization(request, db)
    result = await service.own_list(db, organization.id, page_number(page))
    return render(
        request,
        "recruitment/manage/list.html.jinja",
        {"page": result, "rows": [koubo_views.view(k) for k in result.items]},
        fragments={"koubo-list": "koubo_list"},
    )


@get("/jica/koubo/new", name="recruitment:manage_new", guards=ORGANIZATION)
async def manage_new(request: Request, db: DbSession) -> Template:
    organization = await accounts.jica_organization(request, db)
    return await form_page(request, db, koubo=None, values={}, errors={}, organization_id=organization.id)


@get("/jica/koubo/{koubo_id:int}/edit", name="recruitment:manage_edit", guards=ORGANIZATION)
async def manage_edit(request: Request, db: DbSession, koubo_id: FromPath[int]) -> Template | Response:
    _, koubo = await own_koubo(request, db, koubo_id)
    if koubo.status not in EDITABLE_BY_JICA:
        flash(request, "この公募は編集できません（下書きと差戻しの公募だけが編集できます）。", "error")
        return see_other(request, route_url(request, "recruitment:manage_detail", koubo_id=koubo_id))
    values = forms_koubo.values_of(koubo, koubo_views.languages_of(koubo), koubo_views.text_lists_of(koubo))
    return await form_page(request, db, koubo=koubo, values=values, errors={})


@post(["/jica/koubo/save", "/jica/koubo/{koubo_id:int}/save"], name="recruitment:manage_save", guards=ORGANIZATION)
async def manage_save(request: Request, db: DbSession, koubo_id: FromPath[int | None] = None) -> Template | Response:
    """一時保存: incomplete input is kept; only malformed values (and a taken 公募番号) are refused."""
    draft = await read_draft(request, db, koubo_id, complete=False)
    if draft.koubo is not None:
        ensure_editable(draft.koubo)
    if not draft.form.ok:
        return await refused_form(request, db, draft)
    try:
        koubo = await service.save_draft(db, draft.organization.id, draft.koubo, draft.form)
    except service.NumberTaken:
        mark_number_taken(draft.form)
        return await refused_form(request, db, draft)
    flash(request, "一時保存しました。")
    return see_other(request, route_url(request, "recruitment:manage_edit", koubo_id=koubo.id))


@post(
    ["/jica/koubo/preview", "/jica/koubo/{koubo_id:int}/preview"],
    name="recruitment:manage_preview",
    guards=ORGANIZATION,
)
async def manage_preview(request: Request, db: DbSession, koubo_id: FromPath[int | None] = None) -> Template:
    """プレビュー: the public detail of what was typed; nothing is stored."""
    draft = await read_draft(request, db, koubo_id, complete=False)
    if not draft.form.ok:
        return await refused_form(request, db, draft)
    return preview_page(request, service.unsaved(draft.form.fields, draft.koubo, draft.organization.id))


@post(
    ["/jica/koubo/confirm", "/jica/koubo/{koubo_id:int}/confirm"],
    name="recruitment:manage_confirm",
    guards=ORGANIZATION,
)
async def manage_confirm(request: Request, db: DbSession, koubo_id: FromPath[int | None] = None) -> Template:
    """確認: every 必須 field and the date rules; the 公募 as it will be published, with 掲載依頼."""
    draft = await read_draft(request, db, koubo_id, complete=True)
    if draft.koubo is not None:
        ensure_editable(draft.koubo)
    if draft.form.ok and await service.number_taken(db, draft.form.fields.get("number"), koubo_id):
        mark_number_taken(draft.form)
    if not draft.form.ok:
        return await refused_form(request, db, draft)
    return confirm_page(request, service.unsaved(draft.form.fields, draft.koubo, draft.organization.id), draft.form)


@post(
    ["/jica/koubo/submit", "/jica/koubo/{koubo_id:int}/submit"], name="recruitment:manage_submit", guards=ORGANIZATION
)
async def manage_submit(
    request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int | None] = None
) -> Template | Response:
    """掲載依頼: to the secretariat's review (承認待ち)."""
    draft = await read_draft(request, db, koubo_id, complete=True)
    if not draft.form.ok:
        return await refused_form(request, db, draft)
    try:
        koubo = await service.submit(db, settings, draft.organization, draft.koubo, draft.form)
    except service.NumberTaken:
        mark_number_taken(draft.form)
        return await refused_form(request, db, draft)
    except TransitionRefused as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, "掲載依頼しました。PARTNER事務局の承認後に掲載されます。")
    return see_other(request, route_url(request, "recruitment:manage_detail", koubo_id=koubo.id))


@post(["/jica/koubo/back", "/jica/koubo/{koubo_id:int}/back"], name="recruitment:manage_back", guards=ORGANIZATION)
async def manage_back(request: Request, db: DbSession, koubo_id: FromPath[int | None] = None) -> Template:
    """入力画面へ戻る: the form with the confirmed values, nothing stored."""
    draft = await read_draft(request, db, koubo_id, complete=False)
    return await form_page(
        request,
        db,
        koubo=draft.koubo,
        values=draft.form.values,
        errors=draft.form.errors,
        organization_id=draft.organization.id,
        status_code=200 if draft.form.ok else 422,
    )


# -- JICA: one 公募 and its moves -------------------------------------------------------------


@get("/jica/koubo/{koubo_id:int}", name="recruitment:manage_detail", guards=ORGANIZATION)
async def manage_detail(request: Request, db: DbSession, koubo_id: FromPath[int]) -> Template:
    _, koubo = await own_koubo(request, db, koubo_id)
    shown = await koubo_views.view_of(db, koubo)
    moves = set(allowed(koubo, Actor.JICA))
    return render(
        request,
        "recruitment/manage/detail.html.jinja",
        {
            "koubo": shown,
            "editable": koubo.status in EDITABLE_BY_JICA,
            "may_stop": Move.STOP in moves,
            "may_screen": Move.START_SCREENING in moves and shown.phase == Phase.CLOSED,
            "may_finish": Move.FINISH in moves,
        },
    )


@get("/jica/koubo/{koubo_id:int}/stop", name="recruitment:manage_stop_form", guards=ORGANIZATION)
async def manage_stop_form(request: Request, db: DbSession, koubo_id: FromPath[int]) -> Template:
    _, koubo = await own_koubo(request, db, koubo_id)
    return render(request, "recruitment/manage/stop.html.jinja", {"koubo": koubo_views.view(koubo), "errors": {}})


@post("/jica/koubo/{koubo_id:int}/stop", name="recruitment:manage_stop", guards=ORGANIZATION)
async def manage_stop(
    request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int]
) -> Template | Response:
    """掲載中止: with a reason, from any state that is not over yet."""
    _, koubo = await own_koubo(request, db, koubo_id)
    form = reason_form((await request.form()).dict(), "掲載中止の理由")
    if not form.ok:
        return render(
            request,
            "recruitment/manage/stop.html.jinja",
            {"koubo": koubo_views.view(koubo), "errors": form.errors, "values": form.values},
            status_code=422,
        )
    try:
        await service.stop(db, settings, koubo, Actor.JICA, form.values["reason"])
    except TransitionRefused as error:
        flash(request, error.message, "error")
        return see_other(request, route_url(request, "recruitment:manage_detail", koubo_id=koubo_id))
    flash(request, f"「{koubo.title}」の掲載を中止しました。")
    return see_other(request, route_url(request, "recruitment:manage_detail", koubo_id=koubo_id))


async def _jica_move(request: Request, db, koubo_id: int, action, done: str) -> Response:
    _, koubo = await own_koubo(request, db, koubo_id)
    try:
        await action(db, koubo, Actor.JICA)
    except TransitionRefused as error:
        flash(request, error.message, "error")
    else:
        flash(request, done)
    return see_other(request, route_url(request, "recruitment:manage_detail", koubo_id=koubo_id))


@post("/jica/koubo/{koubo_id:int}/screening", name="recruitment:manage_start_screening", guards=ORGANIZATION)
async def manage_start_screening(request: Request, db: DbSession, koubo_id: FromPath[int]) -> Response:
    return await _jica_move(request, db, koubo_id, service.start_screening, "選考中にしました。")


@post("/jica/koubo/{koubo_id:int}/finish", name="recruitment:manage_finish", guards=ORGANIZATION)
async def manage_finish(request: Request, db: DbSession, koubo_id: FromPath[int]) -> Response:
    return await _jica_move(
        request, db, koubo_id, service.finish, "選考終了にしました。まもなく過去の公募案件に移ります。"
    )


@post("/jica/koubo/{koubo_id:int}/copy", name="recruitment:manage_copy", guards=ORGANIZATION)
async def manage_copy(request: Request, db: DbSession, koubo_id: FromPath[int]) -> Response:
    organization, koubo = await own_koubo(request, db, koubo_id)
    copied = await service.copy(db, organization.id, koubo)
    flash(request, "公募をコピーしました。公募番号、派遣期間、選考日程、応募締切を入力してください。")
    return see_other(request, route_url(request, "recruitment:manage_edit", koubo_id=copied.id))


HANDLERS = [
    manage_list,
    manage_new,
    manage_edit,
    manage_save,
    manage_preview,
    manage_confirm,
    manage_submit,
    manage_back,
    manage_detail,
    manage_stop_form,
    manage_stop,
    manage_start_screening,
    manage_finish,
    manage_copy,
]

manage_router = Router(path="/", route_handlers=[*HANDLERS, manage_admin_router])
