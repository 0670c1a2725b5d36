"""事務局: アカウント管理 (search, suspend, restore), 事務局アカウント and キャリア相談員 permission,
JOCV帰国者の確認."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import clock
from app.deps import AppSettings, DbSession
from app.forms import FormResult, choice_field, email_field, first, text_field
from app.pagination import page_number
from app.reference import PREFECTURES
from app.security import client_ip, require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import deceased, export, service, staff
from features.accounts.glance import ROLE_LABELS
from features.accounts.models import AccountStatus, RegistrationKind, Role

STAFF = [require_role(Role.SECRETARIAT)]
STATUS_LABELS = {
    AccountStatus.ACTIVE: "利用中",
    AccountStatus.PENDING: "承認待ち",
    AccountStatus.SUSPENDED: "停止中",
    AccountStatus.WITHDRAWN: "退会",
    AccountStatus.DECEASED: "物故",
}


@get("/admin/accounts", name="accounts:admin_accounts", guards=STAFF)
async def list_accounts(
    request: Request,
    db: DbSession,
    q: FromQuery[str] = "",
    role: FromQuery[str] = "",
    status: FromQuery[str] = "",
    page: FromQuery[str | None] = None,
) -> Template:
    role = role if role in ROLE_LABELS else ""
    status = status if status in STATUS_LABELS else ""
    query = q.strip()[:100]
    result = await staff.search_accounts(db, query=query, role=role, status=status, page=page_number(page))
    params = {k: v for k, v in {"q": query, "role": role, "status": status}.items() if v}
    return render(
        request,
        "accounts/admin_accounts.html.jinja",
        {
            "page": result,
            "q": query,
            "role": role,
            "status": status,
            "params": params,
            "role_labels": ROLE_LABELS,
            "status_labels": STATUS_LABELS,
        },
        fragments={"account-results": "account_results"},
    )


async def account_page(
    request: Request, db, user_id: int, *, values=None, errors=None, status_code: int = 200
) -> Template:
    """The account's page; `values`/`errors` belong to its 物故の記録 form (routes_deceased)."""
    user = await service.user_by_id(db, user_id)
    if user is None:
        raise NotFoundException("アカウントが見つかりません。")
    return render(
        request,
        "accounts/admin_account.html.jinja",
        {
            "account": user,
            "individual": await service.individual_of(db, user.id),
            "organization": await service.organization_of(db, user.id),
            "role_labels": ROLE_LABELS,
            "status_labels": STATUS_LABELS,
            "is_staff": user.role in staff.STAFF_ROLES,
            "death": await deceased.record_of(db, user.id),
            "values": values or {"source": deceased.DEFAULT_SOURCE},
            "errors": errors or {},
        },
        status_code=status_code,
    )


@get("/admin/accounts/{user_id:int}", name="accounts:admin_account", guards=STAFF)
async def show_account(request: Request, db: DbSession, user_id: FromPath[int]) -> Template:
    return await account_page(request, db, user_id)


async def _staff_action(request: Request, user_id: int, action) -> Response:
    try:
        message = await action()
        flash(request, message)
    except staff.StaffError as error:
        flash(request, error.message, "error")
    return see_other(request, request.app.route_reverse("accounts:admin_account", user_id=user_id))


@post("/admin/accounts/{user_id:int}/suspend", name="accounts:suspend", guards=STAFF)
async def suspend_account(request: Request, db: DbSession, user_id: FromPath[int]) -> Response:
    async def act() -> str:
        user = await staff.set_suspended(db, user_id, True, acting_user_id=current_session(request)["uid"])
        return f"{user.display_name}の利用を停止しました。ログイン中のセッションもすべて終了しました。"

    return await _staff_action(request, user_id, act)


@post("/admin/accounts/{user_id:int}/restore", name="accounts:restore", guards=STAFF)
async def restore_account(request: Request, db: DbSession, user_id: FromPath[int]) -> Response:
    async def act() -> str:
        user = await staff.set_suspended(db, user_id, False, acting_user_id=current_session(request)["uid"])
        return f"{user.display_name}の利用を再開しました。"

    return await _staff_action(request, user_id, act)


@post("/admin/accounts/{user_id:int}/counselor", name="accounts:counselor", guards=STAFF)
async def change_counselor(request: Request, db: DbSession, user_id: FromPath[int]) -> Response:
    granted = first((await request.form()).dict(), "granted") == "1"

    async def act() -> str:
        user = await staff.set_counselor(db, user_id, granted)
        return f"{user.display_name}のキャリア相談員の権限を{'付与' if granted else '取り消'}しました。"

    return await _staff_action(request, user_id, act)


def _staff_page(request: Request, accounts, values=None, errors=None, status_code=200) -> Template:
    return render(
        request,
        "accounts/admin_staff.html.jinja",
        {
            "accounts": accounts,
            "values": values or {},
            "errors": errors or {},
            "role_labels": ROLE_LABELS,
            "staff_roles": [(Role.SECRETARIAT.value, "事務局"), (Role.COUNSELOR.value, "キャリア相談員")],
        },
        status_code=status_code,
    )


@get("/admin/staff", name="accounts:admin_staff", guards=STAFF)
async def list_staff(request: Request, db: DbSession) -> Template:
    return _staff_page(request, await staff.staff_accounts(db))


@post("/admin/staff", name="accounts:create_staff", guards=STAFF)
async def create_staff(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    data = (await request.form()).dict()
    form = FormResult()
    email_field(form, data, "email", "メールアドレス")
    text_field(form, data, "name", "氏名", required=True, max_length=100)
    choice_field(form, data, "role", "種類", [r.value for r in staff.STAFF_ROLES])
    if form.ok:
        try:
            await staff.create_staff(db, settings, form.values["email"], form.values["name"], form.values["role"])
        except staff.StaffError as error:
            form.error("email", error.message)
    if not form.ok:
        return _staff_page(request, await staff.staff_accounts(db), form.values, form.errors, status_code=422)
    flash(request, "事務局アカウントを作成しました。パスワード設定のメールを送信しました。")
    return see_other(request, request.app.route_reverse("accounts:admin_staff"))


@get("/admin/jocv", name="accounts:admin_jocv", guards=STAFF)
async def list_jocv(request: Request, db: DbSession) -> Template:
    return render(request, "accounts/admin_jocv.html.jinja", {"individuals": await staff.jocv_pending(db)})


@post("/admin/jocv/{individual_id:int}", name="accounts:decide_jocv", guards=STAFF)
async def decide_jocv(request: Request, db: DbSession, individual_id: FromPath[int]) -> Response:
    verified = first((await request.form()).dict(), "decision") == "verify"
    try:
        individual = await staff.decide_jocv(db, individual_id, verified)
        name = f"{individual.family_name} {individual.given_name}"
        flash(
            request,
            f"{name}さんを帰国隊員として確認しました。"
            if verified
            else f"{name}さんの帰国隊員の申告を取り消しました。",
        )
    except staff.StaffError as error:
        flash(request, error.message, "error")
    return see_other(request, request.app.route_reverse("accounts:admin_jocv"))


@get("/admin/export", name="accounts:export_form", guards=STAFF)
async def show_export(request: Request) -> Template:
    return render(
        request,
        "accounts/admin_export.html.jinja",
        {"kinds": [k.value for k in RegistrationKind], "prefectures": PREFECTURES},
    )


@post("/admin/export", name="accounts:export", guards=STAFF)
async def export_registrants(request: Request, db: DbSession, settings: AppSettings) -> Response:
    data = (await request.form()).dict()
    kind = first(data, "kind")
    prefecture = first(data, "prefecture")
    filters = export.ExportFilter(
        kind=kind if kind in {k.value for k in RegistrationKind} else "",
        prefecture=prefecture if prefecture in PREFECTURES else "",
        jocv_only=first(data, "jocv_only") == "1",
        include_expired=first(data, "include_expired") == "1",
    )
    body, _ = await export.registrants_csv(
        db, filters, actor_user_id=current_session(request)["uid"], client_ip=client_ip(request.scope, settings)
    )
    name = quote(f"登録者一覧_{clock.now().astimezone(clock.JST):%Y%m%d_%H%M}.csv")
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}", "Cache-Control": "no-store"},
    )


HANDLERS = [
    show_export,
    export_registrants,
    list_accounts,
    show_account,
    suspend_account,
    restore_account,
    change_counselor,
    list_staff,
    create_staff,
    list_jocv,
    decide_jocv,
]
