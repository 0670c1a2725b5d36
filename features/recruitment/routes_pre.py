"""プレ公募情報: JICA's プレ公募登録 / プレ公募一覧 (一時保存, 確認 → 掲載依頼, 掲載中止, 公募にする), the
secretariat's プレ公募の審査 and プレ公募代理登録, and the public list with お知らせを受け取る."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit
from app.deps import AppSettings, DbSession
from app.forms import FormResult, first, text_field
from app.pagination import page_number
from app.reference import COUNTRIES, PREFECTURES, SECTORS
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import render, safe_next, see_other
from features.accounts import api as accounts
from features.accounts.api import Role
from features.recruitment import forms_pre, prekoubo, states
from features.recruitment.models import PreKoubo
from features.recruitment.states import Actor, TransitionRefused

ORGANIZATION = [require_role(Role.ORGANIZATION)]
OFFICE = [require_role(Role.SECRETARIAT)]
INDIVIDUAL = [require_role(Role.INDIVIDUAL)]
NOT_FOUND = "プレ公募が見つかりません。"


def _choices(koubo_types: list[str]) -> dict:
    return {
        "koubo_types": koubo_types,
        "location_kinds": forms_pre.LOCATION_KINDS,
        "countries": COUNTRIES,
        "prefectures": PREFECTURES,
        "sectors": SECTORS,
        "months": forms_pre.MONTHS,
        "quarters": forms_pre.QUARTER_CHOICES,
    }


def _shown(pre: PreKoubo) -> dict:
    """What a プレ公募 shows: labels instead of codes."""
    return {
        "title": pre.title,
        "koubo_type": pre.koubo_type,
        "place": pre.prefecture if pre.domestic else dict(COUNTRIES).get(pre.country, ""),
        "domestic": pre.domestic,
        "sector": dict(SECTORS).get(pre.sector, ""),
        "planned": prekoubo.planned_label(pre),
        "expected_duration": pre.expected_duration,
        "summary": pre.summary,
    }


def _phase(pre: PreKoubo) -> str:
    return states.phase_label(pre.status)


# -- JICA ------------------------------------------------------------------------------------


async def _own(request: Request, db, pre_koubo_id: int):
    organization = await accounts.jica_organization(request, db)
    pre = await prekoubo.own(db, organization.id, pre_koubo_id)
    if pre is None:  # another organization's looks like a missing one
        if await prekoubo.exists(db, pre_koubo_id):
            await audit.record_refused_access(request, db, "pre_koubo", pre_koubo_id)
        raise NotFoundException(NOT_FOUND)
    return organization, pre


def _form_params(pre: PreKoubo | None) -> dict:
    return {} if pre is None else {"pre_koubo_id": pre.id}


async def _form(request: Request, db, pre: PreKoubo | None, values: dict, errors: dict, status_code: int = 200):
    return render(
        request,
        "recruitment/pre/form.html.jinja",
        {
            "pre": pre,
            "values": values,
            "errors": errors,
            "labels": forms_pre.LABELS,
            "choices": _choices(await prekoubo.koubo_types(db)),
            "form_params": _form_params(pre),
        },
        fragments={"pre-form": "pre_form"},
        status_code=status_code,
    )


async def _parsed(request: Request, db, pre_koubo_id: int | None, *, complete: bool):
    if pre_koubo_id is None:
        organization, pre = await accounts.jica_organization(request, db), None
    else:
        organization, pre = await _own(request, db, pre_koubo_id)
    form, columns = forms_pre.parse((await request.form()).dict(), await prekoubo.koubo_types(db), complete=complete)
    return organization, pre, form, columns


@get("/recruitment/pre/new", name="recruitment:pre_new", guards=ORGANIZATION)
async def new_pre(request: Request, db: DbSession) -> Template:
    await accounts.jica_organization(request, db)
    return await _form(request, db, None, {"location_kind": "overseas"}, {})


@get("/recruitment/pre/{pre_koubo_id:int}/edit", name="recruitment:pre_edit", guards=ORGANIZATION)
async def edit_pre(request: Request, db: DbSession, pre_koubo_id: FromPath[int]) -> Template:
    _, pre = await _own(request, db, pre_koubo_id)
    return await _form(request, db, pre, forms_pre.form_values(pre), {})


@post(
    ["/recruitment/pre/save", "/recruitment/pre/{pre_koubo_id:int}/save"],
    name="recruitment:pre_save",
    guards=ORGANIZATION,
)
async def save_pre(request: Request, db: DbSession, pre_koubo_id: FromPath[int | None] = None) -> Template | Response:
    """一時保存: incomplete input is kept; only malformed values are refused."""
    organization, pre, form, columns = await _parsed(request, db, pre_koubo_id, complete=False)
    if not form.ok:
        return await _form(request, db, pre, form.values, form.errors, status_code=422)
    try:
        pre = await prekoubo.save_draft(db, organization, pre, columns)
    except TransitionRefused as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, "一時保存しました。")
    return see_other(request, request.app.route_reverse("recruitment:pre_edit", pre_koubo_id=pre.id))


@post(
    ["/recruitment/pre/confirm", "/recruitment/pre/{pre_koubo_id:int}/confirm"],
    name="recruitment:pre_confirm",
    guards=ORGANIZATION,
)
async def confirm_pre(request: Request, db: DbSession, pre_koubo_id: FromPath[int | None] = None) -> Template:
    """確認: the complete form as it will be shown, with 掲載依頼 and 入力画面へ戻る; nothing is stored."""
    _, pre, form, columns = await _parsed(request, db, pre_koubo_id, complete=True)
    if not form.ok:
        return await _form(request, db, pre, form.values, form.errors, status_code=422)
    shown = _shown(PreKoubo(**columns, organization_id=0, created_at=None, updated_at=None))
    return render(
        request,
        "recruitment/pre/confirm.html.jinja",
        {"shown": shown, "form_values": form.values, "form_params": _form_params(pre)},
    )


@post(
    ["/recruitment/pre/back", "/recruitment/pre/{pre_koubo_id:int}/back"],
    name="recruitment:pre_back",
    guards=ORGANIZATION,
)
async def back_pre(request: Request, db: DbSession, pre_koubo_id: FromPath[int | None] = None) -> Template:
    """入力画面へ戻る: the form with the confirmed values, nothing stored."""
    _, pre, form, _columns = await _parsed(request, db, pre_koubo_id, complete=False)
    return await _form(request, db, pre, form.values, form.errors, status_code=422 if form.errors else 200)


@post(
    ["/recruitment/pre/submit", "/recruitment/pre/{pre_koubo_id:int}/submit"],
    name="recruitment:pre_submit",
    guards=ORGANIZATION,
)
async def submit_pre(
    request: Request, db: DbSession, settings: AppSettings, pre_koubo_id: FromPath[int | None] = None
) -> Template | Response:
    """掲載依頼: to the secretariat's review."""
    organization, pre, form, columns = await _parsed(request, db, pre_koubo_id, complete=True)
    if not form.ok:
        return await _form(request, db, pre, form.values, form.errors, status_code=422)
    try:
        await prekoubo.submit(db, settings, organization, pre, columns)
    except TransitionRefused as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, "掲載依頼しました。事務局の承認後に掲載されます。")
    return see_other(request, request.app.route_reverse("recruitment:pre_own_list"))


@get("/recruitment/pre", name="recruitment:pre_own_list", guards=ORGANIZATION)
async def own_list(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    """プレ公募一覧."""
    organization = await accounts.jica_organization(request, db)
    result = await prekoubo.own_list(db, organization.id, page_number(page))
    return render(
        request,
        "recruitment/pre/own_list.html.jinja",
        {
            "page": result,
            "rows": [(p, _shown(p), _phase(p)) for p in result.items],
            "editable": states.EDITABLE_BY_JICA,
        },
        fragments={"pre-list": "pre_list"},
    )


@get("/recruitment/pre/{pre_koubo_id:int}/stop", name="recruitment:pre_stop_confirm", guards=ORGANIZATION)
async def confirm_stop(request: Request, db: DbSession, pre_koubo_id: FromPath[int]) -> Template:
    _, pre = await _own(request, db, pre_koubo_id)
    return render(request, "recruitment/pre/stop.html.jinja", {"pre": pre, "errors": {}, "by_office": False})


def _reason(data: dict, label: str) -> tuple[FormResult, str]:
    form = FormResult()
    reason = text_field(form, data, "reason", label, required=True, max_length=2000, multiline=True)
    return form, reason


@post("/recruitment/pre/{pre_koubo_id:int}/stop", name="recruitment:pre_stop", guards=ORGANIZATION)
async def stop_pre(
    request: Request, db: DbSession, settings: AppSettings, pre_koubo_id: FromPath[int]
) -> Template | Response:
    """掲載中止 with a reason."""
    _, pre = await _own(request, db, pre_koubo_id)
    form, reason = _reason((await request.form()).dict(), "掲載中止の理由")
    if not form.ok:
        context = {"pre": pre, "errors": form.errors, "by_office": False}
        return render(request, "recruitment/pre/stop.html.jinja", context, status_code=422)
    try:
        await prekoubo.stop(db, settings, pre, Actor.JICA, reason)
    except TransitionRefused as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:pre_own_list"))
    flash(request, f"「{pre.title}」の掲載を中止しました。")
    return see_other(request, request.app.route_reverse("recruitment:pre_own_list"))


@post("/recruitment/pre/{pre_koubo_id:int}/koubo", name="recruitment:pre_convert", guards=ORGANIZATION)
async def convert_pre(request: Request, db: DbSession, pre_koubo_id: FromPath[int]) -> Response:
    """公募にする: a new 公募 draft from what the プレ公募 has."""
    organization, pre = await _own(request, db, pre_koubo_id)
    try:
        koubo = await prekoubo.convert(db, organization, pre)
    except TransitionRefused as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:pre_own_list"))
    flash(
        request,
        f"「{pre.title}」から公募の下書き（No.{koubo.id}）を作成しました。残りの項目を入力してください。",
    )
    return see_other(request, request.app.route_reverse("recruitment:manage_edit", koubo_id=koubo.id))


# -- the secretariat ------------------------------------------------------------------------


async def _any(db, pre_koubo_id: int) -> PreKoubo:
    pre = await db.get(PreKoubo, pre_koubo_id)
    if pre is None:
        raise NotFoundException(NOT_FOUND)
    return pre


@get("/admin/recruitment/pre", name="recruitment:pre_review_queue", guards=OFFICE)
async def review_queue(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    """プレ公募の審査: 承認待ち, and what is on show (for 掲載中止)."""
    pending = await prekoubo.review_queue(db)
    shown = await prekoubo.on_show(db, page_number(page))
    organizations = await accounts.organizations_by_ids(db, {p.organization_id for p in [*pending, *shown.items]})
    return render(
        request,
        "recruitment/pre/review_queue.html.jinja",
        {"pending": pending, "page": shown, "organizations": organizations},
        fragments={"pre-shown": "pre_shown"},
    )


async def _review_page(request: Request, db, pre: PreKoubo, errors=None, status_code: int = 200) -> Template:
    organization = (await accounts.organizations_by_ids(db, {pre.organization_id}))[pre.organization_id]
    return render(
        request,
        "recruitment/pre/review.html.jinja",
        {
            "pre": pre,
            "shown": _shown(pre),
            "phase": _phase(pre),
            "organization": organization,
            "moves": [m.value for m in states.allowed(pre, Actor.SECRETARIAT, prekoubo.MOVES)],
            "errors": errors or {},
        },
        status_code=status_code,
    )


@get("/admin/recruitment/pre/{pre_koubo_id:int}", name="recruitment:pre_review", guards=OFFICE)
async def review_pre(request: Request, db: DbSession, pre_koubo_id: FromPath[int]) -> Template:
    return await _review_page(request, db, await _any(db, pre_koubo_id))


@post("/admin/recruitment/pre/{pre_koubo_id:int}/approve", name="recruitment:pre_approve", guards=OFFICE)
async def approve_pre(request: Request, db: DbSession, settings: AppSettings, pre_koubo_id: FromPath[int]) -> Response:
    pre = await _any(db, pre_koubo_id)
    try:
        await prekoubo.approve(db, settings, pre)
    except TransitionRefused as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:pre_review", pre_koubo_id=pre.id))
    flash(request, f"「{pre.title}」を承認しました。プレ公募情報に掲載されます。")
    return see_other(request, request.app.route_reverse("recruitment:pre_review_queue"))


@post("/admin/recruitment/pre/{pre_koubo_id:int}/return", name="recruitment:pre_return", guards=OFFICE)
async def return_pre(
    request: Request, db: DbSession, settings: AppSettings, pre_koubo_id: FromPath[int]
) -> Template | Response:
    pre = await _any(db, pre_koubo_id)
    form, reason = _reason((await request.form()).dict(), "差戻しの理由")
    if not form.ok:
        return await _review_page(request, db, pre, form.errors, status_code=422)
    try:
        await prekoubo.return_pre(db, settings, pre, reason)
    except TransitionRefused as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:pre_review", pre_koubo_id=pre.id))
    flash(request, "差戻しました。理由をメールで送信しました。")
    return see_other(request, request.app.route_reverse("recruitment:pre_review_queue"))


@post("/admin/recruitment/pre/{pre_koubo_id:int}/stop", name="recruitment:pre_office_stop", guards=OFFICE)
async def office_stop_pre(
    request: Request, db: DbSession, settings: AppSettings, pre_koubo_id: FromPath[int]
) -> Template | Response:
    pre = await _any(db, pre_koubo_id)
    form, reason = _reason((await request.form()).dict(), "掲載中止の理由")
    if not form.ok:
        return await _review_page(request, db, pre, {"stop_reason": form.errors["reason"]}, status_code=422)
    try:
        await prekoubo.stop(db, settings, pre, Actor.SECRETARIAT, reason)
    except TransitionRefused as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:pre_review", pre_koubo_id=pre.id))
    flash(request, f"「{pre.title}」の掲載を中止しました。団体にメールで知らせました。")
    return see_other(request, request.app.route_reverse("recruitment:pre_review_queue"))


async def _proxy_form(request: Request, db, values: dict, errors: dict, status_code: int = 200) -> Template:
    return render(
        request,
        "recruitment/pre/proxy.html.jinja",
        {
            "values": values,
            "errors": errors,
            "labels": forms_pre.LABELS,
            "choices": _choices(await prekoubo.koubo_types(db)),
            "organizations": [(str(o.id), o.name) for o in await prekoubo.jica_organizations(db)],
        },
        status_code=status_code,
    )


@get("/admin/recruitment/pre/new", name="recruitment:pre_proxy_new", guards=OFFICE)
async def proxy_new(request: Request, db: DbSession) -> Template:
    """プレ公募代理登録."""
    return await _proxy_form(request, db, {"location_kind": "overseas"}, {})


@post("/admin/recruitment/pre/new", name="recruitment:pre_proxy_create", guards=OFFICE)
async def proxy_create(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    """代理登録: published at once, for the chosen JICA organization."""
    data = (await request.form()).dict()
    form, columns = forms_pre.parse(data, await prekoubo.koubo_types(db), complete=True)
    choices = [o.id for o in await prekoubo.jica_organizations(db)]
    organization_id = forms_pre.organization_field(form, data, choices)
    if not form.ok or organization_id is None:
        return await _proxy_form(request, db, form.values, form.errors, status_code=422)
    try:
        pre = await prekoubo.proxy_register(db, settings, current_session(request)["uid"], organization_id, columns)
    except TransitionRefused as error:
        return await _proxy_form(request, db, form.values, {"organization_id": error.message}, status_code=422)
    flash(request, f"「{pre.title}」を代理登録しました。プレ公募情報に掲載しています。")
    return see_other(request, request.app.route_reverse("recruitment:pre_review", pre_koubo_id=pre.id))


# -- the public -----------------------------------------------------------------------------


@get("/koubo/pre", name="recruitment:pre_list")
async def public_list(
    request: Request,
    db: DbSession,
    koubo_type: FromQuery[str] = "",
    country: FromQuery[str] = "",
    sector: FromQuery[str] = "",
    page: FromQuery[str | None] = None,
) -> Template:
    """プレ公募情報: no application; individuals may ask to be told when it becomes a 公募."""
    koubo_types = await prekoubo.koubo_types(db)
    countries = dict(COUNTRIES)
    filters = prekoubo.Filters(
        koubo_type=koubo_type if koubo_type in koubo_types else "",
        country=country if country in countries or country == prekoubo.DOMESTIC else "",
        sector=sector if sector in dict(SECTORS) else "",
        page=page_number(page),
    )
    result = await prekoubo.public_list(db, filters)
    session = current_session(request)
    individual = session.get("role") == Role.INDIVIDUAL
    followed = await prekoubo.followed(db, session["uid"], [p.id for p in result.items]) if individual else set()
    params = {"koubo_type": filters.koubo_type, "country": filters.country, "sector": filters.sector}
    here = request.app.route_reverse("recruitment:pre_list") + (f"?{request.url.query}" if request.url.query else "")
    return render(
        request,
        "recruitment/pre/public_list.html.jinja",
        {
            "page": result,
            "rows": [(p, _shown(p)) for p in result.items],
            "filters": filters,
            "params": params,
            "here": here,
            "login_url": request.app.route_reverse("accounts:login") + "?" + urlencode({"next": here}),
            "koubo_types": koubo_types,
            "places": [(prekoubo.DOMESTIC, "国内"), *COUNTRIES],
            "sectors": SECTORS,
            "individual": individual,
            "logged_in": bool(session.get("uid")),
            "followed": followed,
        },
        fragments={"pre-results": "pre_results"},
    )


async def _back_to_list(request: Request) -> Response:
    target = safe_next(first((await request.form()).dict(), "next"), request.app.route_reverse("recruitment:pre_list"))
    return see_other(request, target)


@post("/koubo/pre/{pre_koubo_id:int}/follow", name="recruitment:pre_follow", guards=INDIVIDUAL)
async def follow_pre(request: Request, db: DbSession, pre_koubo_id: FromPath[int]) -> Response:
    """お知らせを受け取る (asking twice is one request)."""
    pre = await prekoubo.public_one(db, pre_koubo_id)
    if pre is None:
        raise NotFoundException("このプレ公募は掲載されていません。")
    await prekoubo.follow(db, pre.id, current_session(request)["uid"])
    flash(request, f"「{pre.title}」が公募になったらメールでお知らせします。")
    return await _back_to_list(request)


@post("/koubo/pre/{pre_koubo_id:int}/unfollow", name="recruitment:pre_unfollow", guards=INDIVIDUAL)
async def unfollow_pre(request: Request, db: DbSession, pre_koubo_id: FromPath[int]) -> Response:
    """お知らせを解除."""
    if not await prekoubo.exists(db, pre_koubo_id):
        raise NotFoundException(NOT_FOUND)
    await prekoubo.unfollow(db, pre_koubo_id, current_session(request)["uid"])
    flash(request, "お知らせを解除しました。")
    return await _back_to_list(request)


router = Router(
    path="/",
    route_handlers=[
        new_pre,
        edit_pre,
        save_pre,
        confirm_pre,
        back_pre,
        submit_pre,
        own_list,
        confirm_stop,
        stop_pre,
        convert_pre,
        review_queue,
        review_pre,
        approve_pre,
        return_pre,
        office_stop_pre,
        proxy_new,
        proxy_create,
        public_list,
        follow_pre,
        unfollow_pre,
    ],
)
