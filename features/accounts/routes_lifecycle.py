"""Mypage actions over a registration's life: 延長登録, 退会, 無効登録 (and its confirmation)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.security import require_role
from app.sessions import current_session, end_session, flash
from app.templating import format_date_ja, render, see_other
from features.accounts import lifecycle, passwords, service
from features.accounts.forms import raw_password
from features.accounts.models import Role

INDIVIDUAL = [require_role(Role.INDIVIDUAL)]
ORGANIZATION = [require_role(Role.ORGANIZATION)]
OFFICE = [require_role(Role.SECRETARIAT)]


@get("/mypage/extend", name="accounts:extend", guards=INDIVIDUAL)
async def show_extension(request: Request, db: DbSession, settings: AppSettings) -> Template:
    individual = await service.individual_of(db, current_session(request)["uid"])
    new_expiry = format_date_ja(lifecycle.clock.now() + lifecycle.registration_period(settings))
    return render(request, "accounts/extend.html.jinja", {"individual": individual, "new_expiry": new_expiry})


@post("/mypage/extend", name="accounts:submit_extension", guards=INDIVIDUAL)
async def submit_extension(request: Request, db: DbSession, settings: AppSettings) -> Response:
    individual = await lifecycle.extend_registration(db, settings, current_session(request)["uid"])
    flash(request, f"延長登録が完了しました。登録有効期限は{format_date_ja(individual.expires_at)}です。")
    return see_other(request, request.app.route_reverse("accounts:mypage"))


@get("/mypage/withdraw", name="accounts:withdraw", guards=INDIVIDUAL)
async def show_withdrawal(request: Request) -> Template:
    return render(request, "accounts/withdraw.html.jinja", {"errors": {}})


@post("/mypage/withdraw", name="accounts:submit_withdrawal", guards=INDIVIDUAL)
async def submit_withdrawal(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    user = await service.user_by_id(db, current_session(request)["uid"])
    password = raw_password((await request.form()).dict(), "password")
    if not await passwords.verify_password(user.password_hash, password):
        return render(
            request,
            "accounts/withdraw.html.jinja",
            {"errors": {"password": "パスワードが正しくありません。"}},
            status_code=422,
        )
    await lifecycle.withdraw_individual(db, settings, user)
    end_session(request)
    flash(request, "退会手続きが完了しました。ご利用ありがとうございました。")
    return see_other(request, request.app.route_reverse("home:index"))


@get("/mypage/deactivate", name="accounts:deactivate", guards=ORGANIZATION)
async def show_deactivation(request: Request, db: DbSession) -> Template:
    organization = await service.organization_of(db, current_session(request)["uid"])
    return render(request, "accounts/deactivate.html.jinja", {"organization": organization})


@post("/mypage/deactivate", name="accounts:request_deactivation", guards=ORGANIZATION)
async def request_deactivation(request: Request, db: DbSession, settings: AppSettings) -> Response:
    await lifecycle.request_deactivation(db, settings, current_session(request)["uid"])
    flash(request, "無効登録（削除）の依頼を受け付けました。事務局の確認後に手続きが完了します。")
    return see_other(request, request.app.route_reverse("accounts:mypage"))


@get("/admin/deactivations", name="accounts:admin_deactivations", guards=OFFICE)
async def list_deactivations(request: Request, db: DbSession) -> Template:
    return render(
        request, "accounts/admin_deactivations.html.jinja", {"organizations": await lifecycle.deactivation_requests(db)}
    )


@post("/admin/deactivations/{organization_id:int}", name="accounts:confirm_deactivation", guards=OFFICE)
async def confirm_deactivation(
    request: Request, db: DbSession, settings: AppSettings, organization_id: FromPath[int]
) -> Response:
    organization = await lifecycle.confirm_deactivation(db, settings, organization_id)
    if organization is None:
        raise NotFoundException("無効登録の依頼が見つかりません。")
    flash(request, f"{organization.name}の無効登録を完了しました。")
    return see_other(request, request.app.route_reverse("accounts:admin_deactivations"))


HANDLERS = [
    show_extension,
    submit_extension,
    show_withdrawal,
    submit_withdrawal,
    show_deactivation,
    request_deactivation,
    list_deactivations,
    confirm_deactivation,
]
