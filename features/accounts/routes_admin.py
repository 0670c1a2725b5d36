"""The secretariat's review of new organizations (承認 / 差戻し) and the public 登録団体一覧."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template
from sqlalchemy import func, select

from app import slices
from app.deps import AppSettings, DbSession
from app.forms import FormResult, text_field
from app.pagination import Page, page_number
from app.reference import COUNTRIES, SECTORS
from app.security import require_role
from app.sessions import flash
from app.templating import render, see_other
from features.accounts import registration, service
from features.accounts.models import Organization, OrganizationStatus, Role, UserAccount

STAFF = [require_role(Role.SECRETARIAT)]
SECTOR_LABELS = dict(SECTORS)
COUNTRY_LABELS = dict(COUNTRIES)


def _labels(codes: str, labels: dict) -> list[str]:
    return [labels.get(code, code) for code in codes.split(",") if code]


@get("/admin/organizations", name="accounts:admin_organizations", guards=STAFF)
async def list_organizations_for_review(
    request: Request, db: DbSession, status: FromQuery[str] = "承認待ち"
) -> Template:
    statuses = [s.value for s in OrganizationStatus]
    status = status if status in statuses else OrganizationStatus.PENDING.value
    organizations = await registration.organizations_by_status(db, status)
    return render(
        request,
        "accounts/admin_organizations.html.jinja",
        {"organizations": organizations, "status": status, "statuses": statuses},
    )


async def _review_page(
    request: Request, db, organization_id: int, errors=None, values=None, status_code=200
) -> Template:
    organization = await db.get(Organization, organization_id)
    if organization is None:
        raise NotFoundException("団体が見つかりません。")
    user = await db.get(UserAccount, organization.user_id)
    return render(
        request,
        "accounts/admin_organization.html.jinja",
        {
            "organization": organization,
            "email": user.email,
            "sectors": _labels(organization.activity_fields, SECTOR_LABELS),
            "countries": _labels(organization.activity_countries, COUNTRY_LABELS),
            "errors": errors or {},
            "values": values or {},
        },
        status_code=status_code,
    )


@get("/admin/organizations/{organization_id:int}", name="accounts:admin_organization", guards=STAFF)
async def show_organization_for_review(request: Request, db: DbSession, organization_id: FromPath[int]) -> Template:
    return await _review_page(request, db, organization_id)


@post("/admin/organizations/{organization_id:int}/approve", name="accounts:approve_organization", guards=STAFF)
async def approve_organization(
    request: Request, db: DbSession, settings: AppSettings, organization_id: FromPath[int]
) -> Response:
    try:
        organization = await registration.approve_organization(db, settings, organization_id)
    except registration.ReviewError:
        flash(request, "この団体は承認待ちではありません。", "error")
        return see_other(
            request, request.app.route_reverse("accounts:admin_organization", organization_id=organization_id)
        )
    flash(
        request,
        f"{organization.name}を承認しました（団体コード {organization.org_code}）。承認のメールを送信しました。",
    )
    return see_other(request, request.app.route_reverse("accounts:admin_organizations"))


@post("/admin/organizations/{organization_id:int}/return", name="accounts:return_organization", guards=STAFF)
async def return_organization(
    request: Request, db: DbSession, settings: AppSettings, organization_id: FromPath[int]
) -> Template | Response:
    form = FormResult()
    reason = text_field(
        form, (await request.form()).dict(), "reason", "差戻しの理由", required=True, max_length=2000, multiline=True
    )
    if not form.ok:
        return await _review_page(request, db, organization_id, form.errors, form.values, status_code=422)
    try:
        organization = await registration.return_organization(db, settings, organization_id, reason)
    except registration.ReviewError:
        flash(request, "この団体は承認待ちではありません。", "error")
        return see_other(
            request, request.app.route_reverse("accounts:admin_organization", organization_id=organization_id)
        )
    flash(request, f"{organization.name}を差戻しました。理由をメールで送信しました。")
    return see_other(request, request.app.route_reverse("accounts:admin_organizations"))


@post("/admin/organizations/{organization_id:int}/jica", name="accounts:set_jica", guards=STAFF)
async def set_jica_flag(request: Request, db: DbSession, organization_id: FromPath[int]) -> Response:
    """JICA指定: the 公募・公示 entry rights (only for JICA・政府機関・学校法人・地方自治体)."""
    flag = (await request.form()).get("jica") == "1"
    try:
        organization = await service.set_jica(db, organization_id, flag)
    except LookupError:
        raise NotFoundException("団体が見つかりません。") from None
    except ValueError as error:
        flash(request, str(error), "error")
    else:
        flash(request, f"{organization.name}を{'JICAに指定しました' if flag else 'JICAの指定から外しました'}。")
    return see_other(request, request.app.route_reverse("accounts:admin_organization", organization_id=organization_id))


@get("/organizations", name="accounts:public_organizations")
async def list_public_organizations(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    visible = (Organization.status == OrganizationStatus.APPROVED) & Organization.list_publicly.is_(True)
    number = page_number(page)
    total = (await db.execute(select(func.count()).select_from(Organization).where(visible))).scalar_one()
    rows = await db.execute(
        select(Organization).where(visible).order_by(Organization.name_kana).offset((number - 1) * 30).limit(30)
    )
    organizations = list(rows.scalars())
    result = Page(
        items=[(o, _labels(o.activity_fields, SECTOR_LABELS)) for o in organizations],
        page=number,
        per_page=30,
        total=total,
    )
    # Each organization's プレスリリース come from the press slice, above this one: asked, not imported.
    press = await slices.ask("organization_press_releases", db, [o.id for o in organizations], default={})
    return render(
        request,
        "accounts/public_organizations.html.jinja",
        {"page": result, "press": press},
        fragments={"organization-list": "organization_list"},
    )


HANDLERS = [
    list_organizations_for_review,
    show_organization_for_review,
    approve_organization,
    return_organization,
    set_jica_flag,
    list_public_organizations,
]
