"""公募案件 management: JICA's own 公募 (公募一覧, 公募案件登録 with 一時保存 / プレビュー / 確認 →
掲載依頼, 掲載中止, 選考中 / 選考終了, コピー) and the secretariat's side (公募の審査, 公募案件一覧,
代理登録, 掲載中止, 非表示, 公募種別). Thin handlers: the rules are in koubo.py."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit
from app.deps import AppSettings, DbSession
from app.forms import FormResult, clean_text, first, text_field
from app.pagination import page_number
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import api as accounts
from features.accounts.api import OrganizationView, Role
from features.recruitment import forms_koubo
from features.recruitment import koubo as service
from features.recruitment.models import Koubo
from features.recruitment.states import EDITABLE_BY_JICA, Actor, Move, Phase, TransitionRefused, allowed

ORGANIZATION = [require_role(Role.ORGANIZATION)]
OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "公募が見つかりません。"


def _url(request: Request, name: str, **params) -> str:
    return request.app.route_reverse(name, **{k: v for k, v in params.items() if v is not None})


async def _own(request: Request, db, koubo_id: int) -> tuple[OrganizationView, Koubo]:
    """JICA's own 公募; anyone else's looks like a missing one (404, with an audit row)."""
    organization = await accounts.jica_organization(request, db)
    try:
        return organization, await service.own_koubo(db, organization.id, koubo_id)
    except LookupError:
        if await service.exists(db, koubo_id):
            await audit.record_refused_access(request, db, "koubo", koubo_id)
        raise NotFoundException(NOT_FOUND) from None


def _buttons(request: Request, koubo_id: int | None, *, proxy: bool) -> dict[str, str | None]:
    """One endpoint per button (formaction): 確認, 一時保存, プレビュー, 掲載依頼, 入力画面へ戻る."""
    if proxy:
        names = ("admin_proxy_confirm", None, "admin_proxy_preview", "admin_proxy_publish", "admin_proxy_back")
        return {
            key: (_url(request, f"recruitment:{name}") if name else None)
            for key, name in zip(("confirm", "save", "preview", "submit", "back"), names, strict=True)
        }
    return {
        key: _url(request, f"recruitment:manage_{key}", koubo_id=koubo_id)
        for key in ("confirm", "save", "preview", "submit", "back")
    }


async def _form_page(
    request: Request,
    db,
    *,
    koubo: Koubo | None,
    values: dict,
    errors: dict,
    proxy: bool = False,
    organization_id: int | None = None,
    status_code: int = 200,
) -> Template:
    current_type = values.get("koubo_type") or (koubo.koubo_type if koubo else "")
    repeat = await _repeat_choices(db, koubo, organization_id)
    return render(
        request,
        "recruitment/manage/form.html.jinja",
        {
            "koubo": koubo,
            "values": values,
            "errors": errors,
            "proxy": proxy,
            "types": await service.type_names(db, current_type),
            "repeat_choices": {str(k): v for k, v in repeat.items()},
            "organizations": {str(k): v for k, v in (await service.jica_organizations(db)).items()} if proxy else {},
            "choices": forms_koubo.CHOICES,
            "labels": forms_koubo.LABELS,
            "language_rows": range(forms_koubo.language_rows(values)),
            "resume": forms_koubo.RESUME,
            "buttons": _buttons(request, koubo.id if koubo else None, proxy=proxy),
        },
        fragments={"koubo-form": "koubo_form"},
        status_code=status_code,
    )


async def _repeat_choices(db, koubo: Koubo | None, organization_id: int | None) -> dict[int, str]:
    owner = koubo.organization_id if koubo else organization_id
    if owner is None:
        return {}
    return await service.repeat_choices(db, owner, koubo.id if koubo else None)


@dataclass(frozen=True)
class _Draft:
    organization: OrganizationView
    koubo: Koubo | None
    form: forms_koubo.KouboForm


async def _draft(request: Request, db, koubo_id: int | None, *, complete: bool) -> _Draft:
    if koubo_id is None:
        organization, koubo = await accounts.jica_organization(request, db), None
    else:
        organization, koubo = await _own(request, db, koubo_id)
    data = (await request.form()).dict()
    form = forms_koubo.parse(
        data,
        complete=complete,
        types=await service.type_names(db, koubo.koubo_type if koubo else ""),
        repeat_choices=await service.repeat_choices(db, organization.id, koubo_id),
    )
    return _Draft(organization, koubo, form)


def _number_taken(form: forms_koubo.KouboForm) -> None:
    form.result.error(
        "number", f"公募番号「{form.values.get('number')}」はすでに使われています。別の番号を入力してください。"
    )


def _refused(request: Request, db, draft: _Draft):
    return _form_page(
        request,
        db,
        koubo=draft.koubo,
        values=draft.form.values,
        errors=draft.form.errors,
        organization_id=draft.organization.id,
        status_code=422,
    )


def _not_editable(koubo: Koubo) -> None:
    if koubo.status not in EDITABLE_BY_JICA:
        raise PermissionDeniedException("下書きと差戻しの公募だけが編集できます。")


# -- JICA: 公募一覧 and the form ---------------------------------------------------------------


@get("/jica/koubo", name="recruitment:manage_list", guards=ORGANIZATION)
async def manage_list(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    organization = await accounts.jica_organization(request, db)
    result = await service.own_list(db, organization.id, page_number(page))
    return render(
        request,
        "recruitment/manage/list.html.jinja",
        {"page": result, "rows": [service.view(k) for k in result.items]},
        fragments={"koubo-list": "koubo_list"},
    )


@get("/jica/koubo/new", name="recruitment:manage_new", guards=ORGANIZATION)
async def manage_new(request: Request, db: DbSession) -> Template:
    organization = await accounts.jica_organization(request, db)
    return await _form_page(request, db, koubo=None, values={}, errors={}, organization_id=organization.id)


@get("/jica/koubo/{koubo_id:int}/edit", name="recruitment:manage_edit", guards=ORGANIZATION)
async def manage_edit(request: Request, db: DbSession, koubo_id: FromPath[int]) -> Template | Response:
    _, koubo = await _own(request, db, koubo_id)
    if koubo.status not in EDITABLE_BY_JICA:
        flash(request, "この公募は編集できません（下書きと差戻しの公募だけが編集できます）。", "error")
        return see_other(request, _url(request, "recruitment:manage_detail", koubo_id=koubo_id))
    values = forms_koubo.values_of(koubo, service.languages_of(koubo), service.text_lists_of(koubo))
    return await _form_page(request, db, koubo=koubo, values=values, errors={})


@post(["/jica/koubo/save", "/jica/koubo/{koubo_id:int}/save"], name="recruitment:manage_save", guards=ORGANIZATION)
async def manage_save(request: Request, db: DbSession, koubo_id: FromPath[int | None] = None) -> Template | Response:
    """一時保存: incomplete input is kept; only malformed values (and a taken 公募番号) are refused."""
    draft = await _draft(request, db, koubo_id, complete=False)
    if draft.koubo is not None:
        _not_editable(draft.koubo)
    if not draft.form.ok:
        return await _refused(request, db, draft)
    try:
        koubo = await service.save_draft(db, draft.organization.id, draft.koubo, draft.form)
    except service.NumberTaken:
        _number_taken(draft.form)
        return await _refused(request, db, draft)
    flash(request, "一時保存しました。")
    return see_other(request, _url(request, "recruitment:manage_edit", koubo_id=koubo.id))


def _preview(request: Request, koubo: Koubo) -> Template:
    return render(request, "recruitment/manage/preview.html.jinja", {"koubo": service.view(koubo)})


@post(
    ["/jica/koubo/preview", "/jica/koubo/{koubo_id:int}/preview"],
    name="recruitment:manage_preview",
    guards=ORGANIZATION,
)
async def manage_preview(request: Request, db: DbSession, koubo_id: FromPath[int | None] = None) -> Template:
    """プレビュー: the public detail of what was typed; nothing is stored."""
    draft = await _draft(request, db, koubo_id, complete=False)
    if not draft.form.ok:
        return await _refused(request, db, draft)
    return _preview(request, service.unsaved(draft.form.fields, draft.koubo, draft.organization.id))


@post(
    ["/jica/koubo/confirm", "/jica/koubo/{koubo_id:int}/confirm"],
    name="recruitment:manage_confirm",
    guards=ORGANIZATION,
)
async def manage_confirm(request: Request, db: DbSession, koubo_id: FromPath[int | None] = None) -> Template:
    """確認: every 必須 field and the date rules; the 公募 as it will be published, with 掲載依頼."""
    draft = await _draft(request, db, koubo_id, complete=True)
    if draft.koubo is not None:
        _not_editable(draft.koubo)
    if draft.form.ok and await service.number_taken(db, draft.form.fields.get("number"), koubo_id):
        _number_taken(draft.form)
    if not draft.form.ok:
        return await _refused(request, db, draft)
    return _confirm_page(request, service.unsaved(draft.form.fields, draft.koubo, draft.organization.id), draft.form)


def _confirm_page(request: Request, koubo: Koubo, form: forms_koubo.KouboForm, *, proxy: bool = False, **extra):
    return render(
        request,
        "recruitment/manage/confirm.html.jinja",
        {
            "koubo": service.view(koubo),
            "form_values": form.values,
            "proxy": proxy,
            "buttons": _buttons(request, None if proxy else koubo_id_of(request), proxy=proxy),
            **extra,
        },
    )


def koubo_id_of(request: Request) -> int | None:
    return request.path_params.get("koubo_id")


@post(
    ["/jica/koubo/submit", "/jica/koubo/{koubo_id:int}/submit"], name="recruitment:manage_submit", guards=ORGANIZATION
)
async def manage_submit(
    request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int | None] = None
) -> Template | Response:
    """掲載依頼: to the secretariat's review (承認待ち)."""
    draft = await _draft(request, db, koubo_id, complete=True)
    if not draft.form.ok:
        return await _refused(request, db, draft)
    try:
        koubo = await service.submit(db, settings, draft.organization, draft.koubo, draft.form)
    except service.NumberTaken:
        _number_taken(draft.form)
        return await _refused(request, db, draft)
    except TransitionRefused as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, "掲載依頼しました。PARTNER事務局の承認後に掲載されます。")
    return see_other(request, _url(request, "recruitment:manage_detail", koubo_id=koubo.id))


@post(["/jica/koubo/back", "/jica/koubo/{koubo_id:int}/back"], name="recruitment:manage_back", guards=ORGANIZATION)
async def manage_back(request: Request, db: DbSession, koubo_id: FromPath[int | None] = None) -> Template:
    """入力画面へ戻る: the form with the confirmed values, nothing stored."""
    draft = await _draft(request, db, koubo_id, complete=False)
    return await _form_page(
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
    _, koubo = await _own(request, db, koubo_id)
    shown = await service.view_of(db, koubo)
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
    _, koubo = await _own(request, db, koubo_id)
    return render(request, "recruitment/manage/stop.html.jinja", {"koubo": service.view(koubo), "errors": {}})


def _reason(data: dict, label: str, name: str = "reason") -> FormResult:
    form = FormResult()
    text_field(form, data, name, label, required=True, max_length=2000, multiline=True)
    return form


@post("/jica/koubo/{koubo_id:int}/stop", name="recruitment:manage_stop", guards=ORGANIZATION)
async def manage_stop(
    request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int]
) -> Template | Response:
    """掲載中止: with a reason, from any state that is not over yet."""
    _, koubo = await _own(request, db, koubo_id)
    form = _reason((await request.form()).dict(), "掲載中止の理由")
    if not form.ok:
        return render(
            request,
            "recruitment/manage/stop.html.jinja",
            {"koubo": service.view(koubo), "errors": form.errors, "values": form.values},
            status_code=422,
        )
    try:
        await service.stop(db, settings, koubo, Actor.JICA, form.values["reason"])
    except TransitionRefused as error:
        flash(request, error.message, "error")
        return see_other(request, _url(request, "recruitment:manage_detail", koubo_id=koubo_id))
    flash(request, f"「{koubo.title}」の掲載を中止しました。")
    return see_other(request, _url(request, "recruitment:manage_detail", koubo_id=koubo_id))


async def _jica_move(request: Request, db, koubo_id: int, action, done: str) -> Response:
    _, koubo = await _own(request, db, koubo_id)
    try:
        await action(db, koubo, Actor.JICA)
    except TransitionRefused as error:
        flash(request, error.message, "error")
    else:
        flash(request, done)
    return see_other(request, _url(request, "recruitment:manage_detail", koubo_id=koubo_id))


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
    organization, koubo = await _own(request, db, koubo_id)
    copied = await service.copy(db, organization.id, koubo)
    flash(request, "公募をコピーしました。公募番号、派遣期間、選考日程、応募締切を入力してください。")
    return see_other(request, _url(request, "recruitment:manage_edit", koubo_id=copied.id))


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
        {"rows": [(service.view(k), organizations[k.organization_id]) for k in rows]},
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
            "rows": [(service.view(k), organizations[k.organization_id]) for k in result.items],
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
            "koubo": await service.view_of(db, koubo),
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
        return see_other(request, _url(request, "recruitment:admin_koubo", koubo_id=koubo_id))
    flash(request, f"「{koubo.title}」を承認しました。承認のメールを送信しました。")
    return see_other(request, _url(request, "recruitment:admin_review_queue"))


@post("/admin/koubo/{koubo_id:int}/return", name="recruitment:admin_return", guards=OFFICE)
async def admin_return(
    request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int]
) -> Template | Response:
    koubo = await _any(db, koubo_id)
    form = _reason((await request.form()).dict(), "差戻しの理由")
    if not form.ok:
        return await _admin_page(request, db, koubo, form.errors, form.values, 422)
    try:
        await service.return_koubo(db, settings, koubo, form.values["reason"])
    except TransitionRefused as error:
        flash(request, error.message, "error")
        return see_other(request, _url(request, "recruitment:admin_koubo", koubo_id=koubo_id))
    flash(request, "差戻しました。理由をメールで送信しました。")
    return see_other(request, _url(request, "recruitment:admin_review_queue"))


@post("/admin/koubo/{koubo_id:int}/stop", name="recruitment:admin_stop", guards=OFFICE)
async def admin_stop(
    request: Request, db: DbSession, settings: AppSettings, koubo_id: FromPath[int]
) -> Template | Response:
    koubo = await _any(db, koubo_id)
    form = _reason((await request.form()).dict(), "掲載中止の理由", "stop_reason")
    if not form.ok:
        return await _admin_page(request, db, koubo, form.errors, form.values, 422)
    try:
        await service.stop(db, settings, koubo, Actor.SECRETARIAT, form.values["stop_reason"])
    except TransitionRefused as error:
        flash(request, error.message, "error")
    else:
        flash(request, f"「{koubo.title}」の掲載を中止しました。団体にメールで知らせました。")
    return see_other(request, _url(request, "recruitment:admin_koubo", koubo_id=koubo_id))


async def _hide(request: Request, db, koubo_id: int, hidden: bool) -> Response:
    koubo = await _any(db, koubo_id)
    try:
        await service.set_hidden(db, koubo, hidden)
    except TransitionRefused as error:
        flash(request, error.message, "error")
    else:
        flash(request, "過去の公募案件から非表示にしました。" if hidden else "過去の公募案件に再表示しました。")
    return see_other(request, _url(request, "recruitment:admin_koubo", koubo_id=koubo_id))


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
    return await _form_page(
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
    return await _form_page(request, db, koubo=None, values={}, errors={}, proxy=True)


@post("/admin/koubo/proxy/preview", name="recruitment:admin_proxy_preview", guards=OFFICE)
async def admin_proxy_preview(request: Request, db: DbSession) -> Template:
    form = await _proxy_form(request, db, complete=False)
    if not form.ok:
        return await _proxy_refused(request, db, form)
    return _preview(request, service.unsaved(form.fields, None, form.fields.get("organization_id") or 0))


@post("/admin/koubo/proxy/confirm", name="recruitment:admin_proxy_confirm", guards=OFFICE)
async def admin_proxy_confirm(request: Request, db: DbSession) -> Template:
    form = await _proxy_form(request, db, complete=True)
    if form.ok and await service.number_taken(db, form.fields.get("number")):
        _number_taken(form)
    if not form.ok:
        return await _proxy_refused(request, db, form)
    organizations = await service.jica_organizations(db)
    return _confirm_page(
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
        _number_taken(form)
        return await _proxy_refused(request, db, form)
    except TransitionRefused as error:
        form.result.error("deadline_date", error.message)
        return await _proxy_refused(request, db, form)
    flash(request, f"「{koubo.title}」を代理登録し、掲載しました。")
    return see_other(request, _url(request, "recruitment:admin_koubo", koubo_id=koubo.id))


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
    return _url(request, "recruitment:admin_types")


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
manage_router = Router(path="/", route_handlers=HANDLERS)
