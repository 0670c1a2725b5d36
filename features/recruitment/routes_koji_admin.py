"""公示案件, the secretariat: 公示の審査 and 公示代理登録 (/admin/koji). Thin handlers: parse → koji → render."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.forms import first
from app.pagination import page_number
from app.sessions import flash
from app.templating import render, see_other
from features.accounts import api as accounts
from features.recruitment import forms_koji as forms
from features.recruitment import koji as service
from features.recruitment.pages_koji import (
    OFFICE,
    UPLOAD_BODY_LIMIT,
    Editor,
    confirm_page,
    delete_file,
    download_file,
    form_page,
    incomplete_form,
    manage_page,
    office_koji,
    organization_by_id,
    parse_form,
    preview_page,
    proxy_draft,
    record_result,
    refused_form,
    save_draft,
)
from features.recruitment.states import Actor

# -- the secretariat: 公示の審査, 公示代理登録 ---------------------------------------------------


@get("/admin/koji", name="recruitment:koji_review_queue", guards=OFFICE)
async def review_queue(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    pending = await service.review_queue(db)
    drafts = await service.proxy_drafts(db)
    live = await service.published(db, page_number(page))
    ids = {k.organization_id for k in (*pending, *drafts, *live.items)}
    return render(
        request,
        "recruitment/koji/admin_queue.html.jinja",
        {
            "pending": pending,
            "drafts": drafts,
            "page": live,
            "organizations": await accounts.organizations_by_ids(db, ids),
        },
        fragments={"koji-published": "koji_published"},
    )


@get("/admin/koji/{koji_id:int}", name="recruitment:koji_review", guards=OFFICE)
async def review_koji(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    koji = await office_koji(db, koji_id)
    return await manage_page(request, db, await organization_by_id(db, koji.organization_id), koji, Actor.SECRETARIAT)


@post("/admin/koji/{koji_id:int}/approve", name="recruitment:koji_approve", guards=OFFICE)
async def approve_koji(request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int]) -> Response:
    koji = await office_koji(db, koji_id)
    try:
        await service.approve(db, settings, koji)
    except service.KojiError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_review", koji_id=koji.id))
    flash(request, f"「{koji.title}」を承認しました。公示情報に掲載されます。")
    return see_other(request, request.app.route_reverse("recruitment:koji_review_queue"))


@post("/admin/koji/{koji_id:int}/return", name="recruitment:koji_return", guards=OFFICE)
async def return_koji(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int]
) -> Response | Template:
    koji = await office_koji(db, koji_id)
    result = forms.reason((await request.form()).dict(), "差戻しの理由")
    organization = await organization_by_id(db, koji.organization_id)
    if not result.ok:
        return await manage_page(request, db, organization, koji, Actor.SECRETARIAT, result.errors, result.values, 422)
    try:
        await service.return_koji(db, settings, koji, result.values["reason"])
    except service.KojiError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_review", koji_id=koji.id))
    flash(request, "差戻しました。理由をメールで送信しました。")
    return see_other(request, request.app.route_reverse("recruitment:koji_review_queue"))


@post("/admin/koji/{koji_id:int}/stop", name="recruitment:koji_admin_stop", guards=OFFICE)
async def stop_koji(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int]
) -> Response | Template:
    koji = await office_koji(db, koji_id)
    result = forms.reason((await request.form()).dict(), "掲載中止の理由")
    organization = await organization_by_id(db, koji.organization_id)
    if not result.ok:
        errors = {"stop_reason": result.errors["reason"]}
        return await manage_page(request, db, organization, koji, Actor.SECRETARIAT, errors, {}, 422)
    try:
        await service.stop(db, settings, koji, result.values["reason"], Actor.SECRETARIAT)
    except service.KojiError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_review", koji_id=koji.id))
    flash(request, f"「{koji.title}」の掲載を中止しました。団体にメールでお知らせしました。")
    return see_other(request, request.app.route_reverse("recruitment:koji_review_queue"))


@post("/admin/koji/{koji_id:int}/result", name="recruitment:koji_admin_result", guards=OFFICE)
async def result_koji(request: Request, db: DbSession, koji_id: FromPath[int]) -> Response | Template:
    koji = await office_koji(db, koji_id)
    organization = await organization_by_id(db, koji.organization_id)
    return await record_result(request, db, organization, koji, Actor.SECRETARIAT, "recruitment:koji_review")


@get("/admin/koji/{koji_id:int}/files/{file_id:int}", name="recruitment:koji_admin_file", guards=OFFICE)
async def admin_file(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    return await download_file(db, settings, await office_koji(db, koji_id), file_id)


async def _proxy_editor(request: Request, db, koji_id: int | None) -> Editor:
    if koji_id is not None:
        organization, koji = await proxy_draft(db, koji_id)
        return Editor(Actor.SECRETARIAT, organization, koji)
    raw = first((await request.form()).dict(), "organization_id")
    chosen = next((o for o in await service.jica_organizations(db) if str(o.id) == str(raw).strip()), None)
    return Editor(Actor.SECRETARIAT, chosen, None)


async def _proxy_without_organization(request: Request, db, editor: Editor) -> Template | None:
    if editor.organization is not None:
        return None
    form, _ = await parse_form(request, complete=False)
    form.result.errors = {"organization_id": "代理登録する団体（JICA）を選択してください。", **form.errors}
    return await refused_form(request, db, editor, form)


@get("/admin/koji/new", name="recruitment:koji_proxy_new", guards=OFFICE)
async def proxy_new(request: Request, db: DbSession) -> Template:
    return form_page(
        request,
        Editor(Actor.SECRETARIAT, None, None),
        forms.blank_values(),
        {},
        [],
        jica_organizations=await service.jica_organizations(db),
    )


@get("/admin/koji/{koji_id:int}/edit", name="recruitment:koji_proxy_edit", guards=OFFICE)
async def proxy_edit(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    organization, koji = await proxy_draft(db, koji_id)
    values = forms.values_for_form(service.values_of(koji))
    return form_page(
        request,
        Editor(Actor.SECRETARIAT, organization, koji),
        values,
        {},
        await service.files_of(db, koji.id),
        jica_organizations=await service.jica_organizations(db),
    )


@post(
    ["/admin/koji/save", "/admin/koji/{koji_id:int}/save"],
    name="recruitment:koji_proxy_save",
    guards=OFFICE,
    **UPLOAD_BODY_LIMIT,
)
async def proxy_save(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int | None] = None
) -> Response | Template:
    editor = await _proxy_editor(request, db, koji_id)
    return await _proxy_without_organization(request, db, editor) or await save_draft(request, db, settings, editor)


@post(
    ["/admin/koji/preview", "/admin/koji/{koji_id:int}/preview"],
    name="recruitment:koji_proxy_preview",
    guards=OFFICE,
    **UPLOAD_BODY_LIMIT,
)
async def proxy_preview(request: Request, db: DbSession, koji_id: FromPath[int | None] = None) -> Template:
    editor = await _proxy_editor(request, db, koji_id)
    return await _proxy_without_organization(request, db, editor) or await preview_page(request, db, editor)


@post(
    ["/admin/koji/confirm", "/admin/koji/{koji_id:int}/confirm"],
    name="recruitment:koji_proxy_confirm",
    guards=OFFICE,
    **UPLOAD_BODY_LIMIT,
)
async def proxy_confirm(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int | None] = None
) -> Template:
    editor = await _proxy_editor(request, db, koji_id)
    return await _proxy_without_organization(request, db, editor) or await confirm_page(request, db, settings, editor)


@post("/admin/koji/{koji_id:int}/publish", name="recruitment:koji_proxy_publish", guards=OFFICE)
async def proxy_publish(request: Request, db: DbSession, koji_id: FromPath[int]) -> Response:
    """代理登録: the secretariat's confirmed draft is published at once."""
    _, koji = await proxy_draft(db, koji_id)
    if not incomplete_form(koji).ok:
        flash(request, "未入力の項目があります。入力内容を確認してください。", "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_proxy_edit", koji_id=koji.id))
    try:
        await service.proxy_publish(db, koji)
    except service.KojiError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, f"「{koji.title}」を代理登録し、公示情報に掲載しました。")
    return see_other(request, request.app.route_reverse("recruitment:koji_review", koji_id=koji.id))


@post("/admin/koji/{koji_id:int}/files/{file_id:int}/delete", name="recruitment:koji_proxy_delete_file", guards=OFFICE)
async def proxy_delete_file(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    _, koji = await proxy_draft(db, koji_id)
    return await delete_file(request, db, settings, koji, file_id, "recruitment:koji_proxy_edit")


koji_admin_router = Router(
    path="/",
    route_handlers=[
        review_queue,
        review_koji,
        approve_koji,
        return_koji,
        stop_koji,
        result_koji,
        admin_file,
        proxy_new,
        proxy_edit,
        proxy_save,
        proxy_preview,
        proxy_confirm,
        proxy_publish,
        proxy_delete_file,
    ],
)
