"""公募案件 management, the secretariat: 公募の審査, 公募案件一覧, 掲載中止, 非表示, 代理登録 and
公募種別. Thin handlers: the rules are in koubo.py."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.forms import FormResult, clean_text, first, text_field
from app.pagination import page_number
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import api as accounts
from features.recruitment import forms_koubo, koubo_views
from features.recruitment import koubo as service
from features.recruitment.models import Koubo
from features.recruitment.pages_manage import (
    NOT_FOUND,
    OFFICE,
    confirm_page,
    form_page,
    mark_number_taken,
    preview_page,
    reason_form,
    route_url,
)
from features.recruitment.states import Actor, Move, TransitionRefused, allowed

# -- the secretariat: review, list, stop, hide -------------------------------------------------


async def _any(db, koubo_id: int) -> Koubo:
    koubo = await db.get(Koubo, koubo_id)
    if koubo is None:
        raise NotFoundException(NOT_FOUND)
    return koubo


@get("/admin/koubo/review", name="recruitment:admin_review_queue", guards=OFFICE)
async def admin_review_queue(request: Request, db: DbSession) -> Template:
    rows = await service.review_queue(db)
    organizations = await accounts.organizations_by_ids(db, {k.organization_id for k in rows})
    return render(
        request,
        "recruitment/manage/admin_queue.html.jinja",
        {"rows": [(koubo_views.view(k), organizations[k.organization_id]) for k in rows]},
    )


@get("/admin/koubo", name="recruitment:admin_koubo_list", guards=OFFICE)
async def admin_koubo_list(
    request: Request, db: DbSession, status: FromQuery[str] = "", page: FromQuery[str | None] = None
) -> Template:
    statuses = {s for s, _ in service.STATUS_FILTERS}
    status = status if status in statuses else ""
    result = await service.all_koubo(db, status, page_number(page))
    organizations = await accounts.organizations_by_ids(db, {k.organization_id for k in result.items})
    return render(
        request,
        "recruitment/manage/admin_list.html.jinja",
        {
            "page": result,
            "rows": [(koubo_views.view(k), organizations[k.organization_id]) for k in result.items],
            "status": status,
            "statuses": service.STATUS_FILTERS,
        },
        fragments={"koubo-list": "koubo_list"},
    )


async def _admin_page(request: Request, db, koubo: Koubo, errors=None, values=None, status_code=200) -> Template:
    organization = (await accounts.organizations_by_ids(db, {koubo.organization_id}))[koubo.organization_id]
    proxy_user = await accounts.user_by_id(db, koubo.proxy_user_id) if koubo.proxy_user_id else None
    moves = set(allowed(koubo, Actor.SECRETARIAT))
    return render(
        request,
        "recruitment/manage/admin_koubo.html.jinja",
        {
            "koubo": await koubo_views.view_of(db, koubo),
            "organization": organization,
            "proxy_user": proxy_user,
            "pending": Move.APPROVE in moves,
            "may_stop": Move.STOP in moves,
            "errors": errors or {},
            "values": values or {},
        },
        status_code=status_code,
    )


@get("/admin/koubo/{koubo_id:int}", name="recruitment:admin_koubo", guards=OFFICE)
async def admin_koubo(request: Request, db: DbSession, koubo_id: FromPath[int]) -> Template:
    return await _admin_page(request, db, await _any(db, koubo_id))


@post("/admin/koubo/{koubo_id:int}/approve", name="recruitment:admin_approve", guards=OFFICE)
async def admin_approve(request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int]) -> Response:
    koubo = await _any(db, koubo_id)
    try:
        await service.approve(db, settings, koubo)
    except TransitionRefused as error:
        flash(request, error.message, "error")
        return see_other(request, route_url(request, "recruitment:admin_koubo", koubo_id=koubo_id))
    flash(request, f"「{koubo.title}」を承認しました。承認のメールを送信しました。")
    return see_other(request, route_url(request, "recruitment:admin_review_queue"))


@post("/admin/koubo/{koubo_id:int}/return", name="recruitment:admin_return", guards=OFFICE)
async def admin_return(
    request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int]
) -> Template | Response:
    koubo = await _any(db, koubo_id)
    form = reason_form((await request.form()).dict(), "差戻しの理由")
    if not form.ok:
        return await _admin_page(request, db, koubo, form.errors, form.values, 422)
    try:
        await service.return_koubo(db, settings, koubo, form.values["reason"])
    except TransitionRefused as error:
        flash(request, error.message, "error")
        return see_other(request, route_url(request, "recruitment:admin_koubo", koubo_id=koubo_id))
    flash(request, "差戻しました。理由をメールで送信しました。")
    return see_other(request, route_url(request, "recruitment:admin_review_queue"))


@post("/admin/koubo/{koubo_id:int}/stop", name="recruitment:admin_stop", guards=OFFICE)
async def admin_stop(
    request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int]
) -> Template | Response:
    koubo = await _any(db, koubo_id)
    form = reason_form((await request.form()).dict(), "掲載中止の理由", "stop_reason")
    if not form.ok:
        return await _admin_page(request, db, koubo, form.errors, form.values, 422)
    try:
        await service.stop(db, settings, koubo, Actor.SECRETARIAT, form.values["stop_reason"])
    except TransitionRefused as error:
        flash(request, error.message, "error")
    else:
        flash(request, f"「{koubo.title}」の掲載を中止しました。団体にメールで知らせました。")
    return see_other(request, route_url(request, "recruitment:admin_koubo", koubo_id=koubo_id))


async def _hide(request: Request, db, koubo_id: int, hidden: bool) -> Response:
    koubo = await _any(db, koubo_id)
    try:
        await service.set_hidden(db, koubo, hidden)
    except TransitionRefused as error:
        flash(request, error.message, "error")
    else:
        flash(request, "過去の公募案件から非表示にしました。" if hidden else "過去の公募案件に再表示しました。")
    return see_other(request, route_url(request, "recruitment:admin_koubo", koubo_id=koubo_id))


@post("/admin/koubo/{koubo_id:int}/hide", name="recruitment:admin_hide", guards=OFFICE)
async def admin_hide(request: Request, db: DbSession, koubo_id: FromPath[int]) -> Response:
    return await _hide(request, db, koubo_id, True)


@post("/admin/koubo/{koubo_id:int}/unhide", name="recruitment:admin_unhide", guards=OFFICE)
async def admin_unhide(request: Request, db: DbSession, koubo_id: FromPath[int]) -> Response:
    return await _hide(request, db, koubo_id, False)


# -- the secretariat: 代理登録 ------------------------------------------------------------------


async def _proxy_form(request: Request, db, *, complete: bool) -> forms_koubo.KouboForm:
    data = (await request.form()).dict()
    organizations = await service.jica_organizations(db)
    chosen = clean_text(first(data, "organization_id"))
    repeat = await service.repeat_choices(db, int(chosen)) if chosen.isdigit() and int(chosen) in organizations else {}
    return forms_koubo.parse(
        data,
        complete=complete,
        types=await service.type_names(db),
        repeat_choices=repeat,
        organizations=organizations,
    )


async def _proxy_refused(request: Request, db, form: forms_koubo.KouboForm, status_code: int = 422) -> Template:
    return await form_page(
        request,
        db,
        koubo=None,
        values=form.values,
        errors=form.errors,
        proxy=True,
        organization_id=form.fields.get("organization_id"),
        status_code=status_code,
    )


@get("/admin/koubo/proxy", name="recruitment:admin_proxy_new", guards=OFFICE)
async def admin_proxy_new(request: Request, db: DbSession) -> Template:
    return await form_page(request, db, koubo=None, values={}, errors={}, proxy=True)


@post("/admin/koubo/proxy/preview", name="recruitment:admin_proxy_preview", guards=OFFICE)
async def admin_proxy_preview(request: Request, db: DbSession) -> Template:
    form = await _proxy_form(request, db, complete=False)
    if not form.ok:
        return await _proxy_refused(request, db, form)
    return preview_page(request, service.unsaved(form.fields, None, form.fields.get("organization_id") or 0))


@post("/admin/koubo/proxy/confirm", name="recruitment:admin_proxy_confirm", guards=OFFICE)
async def admin_proxy_confirm(request: Request, db: DbSession) -> Template:
    form = await _proxy_form(request, db, complete=True)
    if form.ok and await service.number_taken(db, form.fields.get("number")):
        mark_number_taken(form)
    if not form.ok:
        return await _proxy_refused(request, db, form)
    organizations = await service.jica_organizations(db)
    return confirm_page(
        request,
        service.unsaved(form.fields),
        form,
        proxy=True,
        organization_name=organizations[form.fields["organization_id"]],
    )


@post("/admin/koubo/proxy/back", name="recruitment:admin_proxy_back", guards=OFFICE)
async def admin_proxy_back(request: Request, db: DbSession) -> Template:
    form = await _proxy_form(request, db, complete=False)
    return await _proxy_refused(request, db, form, status_code=200 if form.ok else 422)


@post("/admin/koubo/proxy/publish", name="recruitment:admin_proxy_publish", guards=OFFICE)
async def admin_proxy_publish(request: Request, db: DbSession) -> Template | Response:
    """代理登録: stored and published at once, recorded as entered by this staff member."""
    form = await _proxy_form(request, db, complete=True)
    if not form.ok:
        return await _proxy_refused(request, db, form)
    try:
        koubo = await service.proxy_publish(db, current_session(request)["uid"], form)
    except service.NumberTaken:
        mark_number_taken(form)
        return await _proxy_refused(request, db, form)
    except TransitionRefused as error:
        form.result.error("deadline_date", error.message)
        return await _proxy_refused(request, db, form)
    flash(request, f"「{koubo.title}」を代理登録し、掲載しました。")
    return see_other(request, route_url(request, "recruitment:admin_koubo", koubo_id=koubo.id))


# -- the secretariat: 公募種別 ------------------------------------------------------------------


async def _types_page(request: Request, db, errors=None, values=None, status_code=200) -> Template:
    return render(
        request,
        "recruitment/manage/admin_types.html.jinja",
        {"types": await service.all_types(db), "errors": errors or {}, "values": values or {}},
        status_code=status_code,
    )


def _type_name(data: dict, field: str = "name") -> FormResult:
    form = FormResult()
    text_field(form, data, field, "公募種別の名前", required=True, max_length=40)
    return form


def _types_url(request: Request) -> str:
    return route_url(request, "recruitment:admin_types")


@get("/admin/koubo-types", name="recruitment:admin_types", guards=OFFICE)
async def admin_types(request: Request, db: DbSession) -> Template:
    return await _types_page(request, db)


@post("/admin/koubo-types", name="recruitment:admin_type_add", guards=OFFICE)
async def admin_type_add(request: Request, db: DbSession) -> Template | Response:
    form = _type_name((await request.form()).dict())
    if form.ok:
        try:
            await service.add_type(db, form.values["name"])
        except ValueError as error:
            form.error("name", str(error))
    if not form.ok:
        return await _types_page(request, db, form.errors, form.values, 422)
    flash(request, f"公募種別「{form.values['name']}」を追加しました。")
    return see_other(request, _types_url(request))


@post("/admin/koubo-types/{type_id:int}/rename", name="recruitment:admin_type_rename", guards=OFFICE)
async def admin_type_rename(request: Request, db: DbSession, type_id: FromPath[int]) -> Template | Response:
    form = _type_name((await request.form()).dict())
    field = f"name_{type_id}"
    if form.ok:
        try:
            await service.rename_type(db, type_id, form.values["name"])
        except LookupError:
            raise NotFoundException("公募種別が見つかりません。") from None
        except ValueError as error:
            form.error("name", str(error))
    if not form.ok:
        return await _types_page(request, db, {field: form.errors["name"]}, {field: form.values["name"]}, 422)
    flash(request, f"公募種別の名前を「{form.values['name']}」に変えました。")
    return see_other(request, _types_url(request))


async def _type_action(request: Request, action, success: str) -> Response:
    try:
        await action
    except LookupError:
        raise NotFoundException("公募種別が見つかりません。") from None
    except ValueError as error:
        flash(request, str(error), "error")
    else:
        flash(request, success)
    return see_other(request, _types_url(request))


@post("/admin/koubo-types/{type_id:int}/up", name="recruitment:admin_type_up", guards=OFFICE)
async def admin_type_up(request: Request, db: DbSession, type_id: FromPath[int]) -> Response:
    return await _type_action(request, service.move_type(db, type_id, -1), "並び順を変えました。")


@post("/admin/koubo-types/{type_id:int}/down", name="recruitment:admin_type_down", guards=OFFICE)
async def admin_type_down(request: Request, db: DbSession, type_id: FromPath[int]) -> Response:
    return await _type_action(request, service.move_type(db, type_id, 1), "並び順を変えました。")


@post("/admin/koubo-types/{type_id:int}/deactivate", name="recruitment:admin_type_deactivate", guards=OFFICE)
async def admin_type_deactivate(request: Request, db: DbSession, type_id: FromPath[int]) -> Response:
    return await _type_action(
        request,
        service.set_type_active(db, type_id, False),
        "使用停止にしました。新しい公募では選べなくなります（登録済みの公募はそのままです）。",
    )


@post("/admin/koubo-types/{type_id:int}/activate", name="recruitment:admin_type_activate", guards=OFFICE)
async def admin_type_activate(request: Request, db: DbSession, type_id: FromPath[int]) -> Response:
    return await _type_action(request, service.set_type_active(db, type_id, True), "使用を再開しました。")


@post("/admin/koubo-types/{type_id:int}/delete", name="recruitment:admin_type_delete", guards=OFFICE)
async def admin_type_delete(request: Request, db: DbSession, type_id: FromPath[int]) -> Response:
    """Only a type nobody uses; the posted name must be the type's (a stale page deletes nothing)."""
    confirmed = clean_text(first((await request.form()).dict(), "name"))
    return await _type_action(request, service.delete_type(db, type_id, confirmed), "公募種別を削除しました。")


HANDLERS = [
    admin_review_queue,
    admin_koubo_list,
    admin_koubo,
    admin_approve,
    admin_return,
    admin_stop,
    admin_hide,
    admin_unhide,
    admin_proxy_new,
    admin_proxy_preview,
    admin_proxy_confirm,
    admin_proxy_back,
    admin_proxy_publish,
    admin_types,
    admin_type_add,
    admin_type_rename,
    admin_type_up,
    admin_type_down,
    admin_type_deactivate,
    admin_type_activate,
    admin_type_delete,
]

manage_admin_router = Router(path="/", route_handlers=HANDLERS)
