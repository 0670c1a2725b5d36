"""公示案件: thin handlers. 公示登録 / 公示一覧 (the JICA account) here; 公示の審査 / 公示代理登録 (the
secretariat) in routes_koji_admin.py, the public 公示情報 in routes_koji_public.py; the shared pages in
pages_koji.py. `koji_router` joins the three."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.sessions import flash
from app.templating import render, see_other
from features.recruitment import forms_koji as forms
from features.recruitment import koji as service
from features.recruitment.pages_koji import (
    ORGANIZATION,
    UPLOAD_BODY_LIMIT,
    Editor,
    confirm_page,
    delete_file,
    download_file,
    form_page,
    incomplete_form,
    jica_organization,
    manage_page,
    own_koji,
    preview_page,
    record_result,
    save_draft,
)
from features.recruitment.routes_koji_admin import koji_admin_router
from features.recruitment.routes_koji_public import koji_public_router
from features.recruitment.states import Actor

# -- the JICA account: 公示登録, 公示一覧 -------------------------------------------------------


@get("/mypage/koji", name="recruitment:koji_list", guards=ORGANIZATION)
async def list_own(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    organization = await jica_organization(request, db)
    result = await service.own_list(db, organization.id, page_number(page))
    return render(
        request,
        "recruitment/koji/list.html.jinja",
        {"page": result, "phase": service.phase, "editable": service.editable_by_jica},
        fragments={"koji-list": "koji_list"},
    )


@get("/mypage/koji/new", name="recruitment:koji_new", guards=ORGANIZATION)
async def new_koji(request: Request, db: DbSession) -> Template:
    organization = await jica_organization(request, db)
    return form_page(request, Editor(Actor.JICA, organization, None), forms.blank_values(), {}, [])


@get("/mypage/koji/{koji_id:int}/edit", name="recruitment:koji_edit", guards=ORGANIZATION)
async def edit_koji(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    organization, koji = await own_koji(request, db, koji_id)
    if not service.editable_by_jica(koji):
        raise PermissionDeniedException(f"{service.phase(koji)}の公示は編集できません。")
    values = forms.values_for_form(service.values_of(koji))
    return form_page(request, Editor(Actor.JICA, organization, koji), values, {}, await service.files_of(db, koji.id))


async def _jica_editor(request: Request, db, koji_id: int | None) -> Editor:
    if koji_id is None:
        return Editor(Actor.JICA, await jica_organization(request, db), None)
    organization, koji = await own_koji(request, db, koji_id)
    return Editor(Actor.JICA, organization, koji)


@post(
    ["/mypage/koji/save", "/mypage/koji/{koji_id:int}/save"],
    name="recruitment:koji_save",
    guards=ORGANIZATION,
    **UPLOAD_BODY_LIMIT,
)
async def save_koji(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int | None] = None
) -> Response | Template:
    """一時保存: incomplete input is kept; only malformed values (and refused files) are refused."""
    return await save_draft(request, db, settings, await _jica_editor(request, db, koji_id))


@post(
    ["/mypage/koji/preview", "/mypage/koji/{koji_id:int}/preview"],
    name="recruitment:koji_preview_draft",
    guards=ORGANIZATION,
    **UPLOAD_BODY_LIMIT,
)
async def preview_koji(request: Request, db: DbSession, koji_id: FromPath[int | None] = None) -> Template:
    return await preview_page(request, db, await _jica_editor(request, db, koji_id))


@post(
    ["/mypage/koji/confirm", "/mypage/koji/{koji_id:int}/confirm"],
    name="recruitment:koji_confirm",
    guards=ORGANIZATION,
    **UPLOAD_BODY_LIMIT,
)
async def confirm_koji(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int | None] = None
) -> Template:
    return await confirm_page(request, db, settings, await _jica_editor(request, db, koji_id))


@post("/mypage/koji/{koji_id:int}/submit", name="recruitment:koji_submit", guards=ORGANIZATION)
async def submit_koji(request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int]) -> Response:
    """掲載依頼: the confirmed draft goes to the secretariat's 公示の審査."""
    organization, koji = await own_koji(request, db, koji_id)
    if not incomplete_form(koji).ok:
        flash(request, "未入力の項目があります。入力内容を確認してください。", "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_edit", koji_id=koji.id))
    try:
        await service.submit(db, settings, organization, koji)
    except service.KojiError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, "掲載依頼を送りました。事務局の審査のあと掲載されます。")
    return see_other(request, request.app.route_reverse("recruitment:koji_list"))


@get("/mypage/koji/{koji_id:int}", name="recruitment:koji_show", guards=ORGANIZATION)
async def show_own(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    """The JICA account's view of its notice: as published, with its state, 結果 and 掲載中止."""
    organization, koji = await own_koji(request, db, koji_id)
    return await manage_page(request, db, organization, koji, Actor.JICA)


@get("/mypage/koji/{koji_id:int}/files/{file_id:int}", name="recruitment:koji_own_file", guards=ORGANIZATION)
async def own_file(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    _, koji = await own_koji(request, db, koji_id)
    return await download_file(db, settings, koji, file_id)


@post("/mypage/koji/{koji_id:int}/files/{file_id:int}/delete", name="recruitment:koji_delete_file", guards=ORGANIZATION)
async def delete_own_file(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    _, koji = await own_koji(request, db, koji_id)
    return await delete_file(request, db, settings, koji, file_id, "recruitment:koji_edit")


@get("/mypage/koji/{koji_id:int}/stop", name="recruitment:koji_stop_confirm", guards=ORGANIZATION)
async def confirm_stop(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    _, koji = await own_koji(request, db, koji_id)
    return render(request, "recruitment/koji/stop.html.jinja", {"koji": koji, "errors": {}, "values": {}})


@post("/mypage/koji/{koji_id:int}/stop", name="recruitment:koji_stop", guards=ORGANIZATION)
async def stop_own(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int]
) -> Response | Template:
    _, koji = await own_koji(request, db, koji_id)
    result = forms.reason((await request.form()).dict(), "掲載中止の理由")
    if not result.ok:
        return render(
            request,
            "recruitment/koji/stop.html.jinja",
            {"koji": koji, "errors": result.errors, "values": result.values},
            status_code=422,
        )
    try:
        await service.stop(db, settings, koji, result.values["reason"], Actor.JICA)
    except service.KojiError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_show", koji_id=koji.id))
    flash(request, f"「{koji.title}」の掲載を中止しました。")
    return see_other(request, request.app.route_reverse("recruitment:koji_list"))


@post("/mypage/koji/{koji_id:int}/result", name="recruitment:koji_result", guards=ORGANIZATION)
async def result_own(request: Request, db: DbSession, koji_id: FromPath[int]) -> Response | Template:
    organization, koji = await own_koji(request, db, koji_id)
    return await record_result(request, db, organization, koji, Actor.JICA, "recruitment:koji_show")


koji_jica_router = Router(
    path="/",
    route_handlers=[
        list_own,
        new_koji,
        edit_koji,
        save_koji,
        preview_koji,
        confirm_koji,
        submit_koji,
        show_own,
        own_file,
        delete_own_file,
        confirm_stop,
        stop_own,
        result_own,
    ],
)

koji_router = Router(path="/", route_handlers=[koji_jica_router, koji_admin_router, koji_public_router])
