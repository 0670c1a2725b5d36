"""団体の延長登録: the organization confirms its 登録内容 (the four categories) and extends; the
secretariat sees organizations whose registration is ending or has ended and extends on request."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.forms import first
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import format_date_ja, render, see_other
from features.accounts import org_registration, profile, service
from features.accounts.models import Organization, Role

ORGANIZATION = [require_role(Role.ORGANIZATION)]
STAFF = [require_role(Role.SECRETARIAT)]


async def _own_organization(request: Request, db) -> Organization:
    organization = await service.organization_of(db, current_session(request)["uid"])
    if organization is None:
        raise NotFoundException("団体が見つかりません。")
    return organization


async def _extension_page(request: Request, db, settings, *, error: str = "", status_code: int = 200) -> Template:
    user_id = current_session(request)["uid"]
    organization = await _own_organization(request, db)
    values = await profile.current_values(db, Role.ORGANIZATION, user_id)
    categories = [
        (section, [(spec, profile.display(spec, values.get(spec.name))) for spec in section.fields])
        for section in profile.sections_for(Role.ORGANIZATION)
    ]
    return render(
        request,
        "accounts/org_extend.html.jinja",
        {
            "organization": organization,
            "user": await service.user_by_id(db, user_id),
            "categories": categories,
            "current": org_registration.registration_current(organization),
            "may_extend": org_registration.may_extend(settings, organization),
            "window_days": org_registration.extension_window_days(settings),
            "error": error,
        },
        status_code=status_code,
    )


@get("/mypage/organization/extend", name="accounts:org_extend", guards=ORGANIZATION)
async def show_org_extension(request: Request, db: DbSession, settings: AppSettings) -> Template:
    return await _extension_page(request, db, settings)


@post("/mypage/organization/extend", name="accounts:submit_org_extend", guards=ORGANIZATION)
async def submit_org_extension(request: Request, db: DbSession, settings: AppSettings) -> Response | Template:
    confirmed = first((await request.form()).dict(), "confirmed") == "1"
    if not confirmed:
        error = "登録内容を確認し、「登録内容を確認しました」にチェックを入れてください。"
        return await _extension_page(request, db, settings, error=error, status_code=422)
    organization = await _own_organization(request, db)
    try:
        await org_registration.extend(db, settings, organization, actor_id=current_session(request)["uid"])
    except org_registration.ExtensionError as refused:
        return await _extension_page(request, db, settings, error=refused.message, status_code=409)
    flash(request, f"登録を延長しました。新しい有効期限は{format_date_ja(organization.registration_expires_at)}です。")
    return see_other(request, request.app.route_reverse("accounts:mypage"))


@get("/admin/organizations/expiring", name="accounts:admin_org_expiring", guards=STAFF)
async def list_expiring_organizations(request: Request, db: DbSession, settings: AppSettings) -> Template:
    return render(
        request,
        "accounts/admin_org_expiring.html.jinja",
        {
            "rows": await org_registration.expiring(db, settings),
            "window_days": org_registration.extension_window_days(settings),
            "valid_years": settings.registration.organization_valid_years,
        },
    )


@post("/admin/organizations/{organization_id:int}/extend", name="accounts:admin_extend_org", guards=STAFF)
async def extend_organization_on_request(
    request: Request, db: DbSession, settings: AppSettings, organization_id: FromPath[int]
) -> Response:
    organization = await db.get(Organization, organization_id)
    if organization is None:
        raise NotFoundException("団体が見つかりません。")
    try:
        await org_registration.extend(
            db, settings, organization, actor_id=current_session(request)["uid"], by_staff=True
        )
    except org_registration.ExtensionError as refused:
        flash(request, refused.message, "error")
        return see_other(request, request.app.route_reverse("accounts:admin_org_expiring"))
    until = format_date_ja(organization.registration_expires_at)
    flash(request, f"{organization.name}の登録を{until}まで延長しました。")
    return see_other(request, request.app.route_reverse("accounts:admin_org_expiring"))


HANDLERS = [show_org_extension, submit_org_extension, list_expiring_organizations, extend_organization_on_request]
