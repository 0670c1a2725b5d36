"""The secretariat's review of プレスリリース: the list by state (承認待ち first), one release as it
will appear, 承認 and 差戻し (a reason is required); both are mailed to the organization."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.richtext import render_markdown
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import api as accounts
from features.accounts.api import Role
from features.press import forms, service
from features.press.models import STATUS_LABELS, PressRelease, ReleaseStatus

OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "プレスリリースが見つかりません。"
# The tabs of the list, in this order (下書き stays the organization's own business).
TABS = (ReleaseStatus.PENDING, ReleaseStatus.PUBLISHED, ReleaseStatus.RETURNED, ReleaseStatus.WITHDRAWN)


async def _release(db, release_id: int) -> PressRelease:
    release = await db.get(PressRelease, release_id)
    if release is None or release.status == ReleaseStatus.DRAFT:
        raise NotFoundException(NOT_FOUND)
    return release


@get("/admin/press", name="press:admin_list", guards=OFFICE)
async def list_for_review(
    request: Request, db: DbSession, status: FromQuery[str | None] = None, page: FromQuery[str | None] = None
) -> Template:
    chosen = status if status in {tab.value for tab in TABS} else ReleaseStatus.PENDING.value
    result = await service.review_list(db, chosen, page_number(page))
    return render(
        request,
        "press/admin_list.html.jinja",
        {
            "page": result,
            "status": chosen,
            "tabs": TABS,
            "labels": STATUS_LABELS,
            "counts": await service.count_by_status(db),
        },
        fragments={"review-list": "review_list"},
    )


async def _review_page(
    request: Request, db, release: PressRelease, errors: dict | None = None, values: dict | None = None, status_code=200
) -> Template:
    organization = (await accounts.organizations_by_ids(db, {release.organization_id}))[release.organization_id]
    return render(
        request,
        "press/review.html.jinja",
        {
            "release": release,
            "organization": organization,
            "body": render_markdown(release.body),
            "images": await service.images_of(db, release.id),
            "labels": STATUS_LABELS,
            "pending": release.status == ReleaseStatus.PENDING,
            "errors": errors or {},
            "values": values or {},
        },
        status_code=status_code,
    )


@get("/admin/press/{release_id:int}", name="press:review", guards=OFFICE)
async def review_release(request: Request, db: DbSession, release_id: FromPath[int]) -> Template:
    return await _review_page(request, db, await _release(db, release_id))


@post("/admin/press/{release_id:int}/approve", name="press:approve", guards=OFFICE)
async def approve_release(
    request: Request, db: DbSession, settings: AppSettings, release_id: FromPath[int]
) -> Response:
    release = await _release(db, release_id)
    try:
        await service.approve(db, settings, release, current_session(request)["uid"])
    except service.TransitionError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("press:review", release_id=release_id))
    flash(request, f"「{release.title}」を承認しました。プレスルームに掲載され、団体にメールで知らせました。")
    return see_other(request, request.app.route_reverse("press:admin_list"))


@post("/admin/press/{release_id:int}/return", name="press:return", guards=OFFICE)
async def return_release(
    request: Request, db: DbSession, settings: AppSettings, release_id: FromPath[int]
) -> Template | Response:
    release = await _release(db, release_id)
    form = forms.parse_reason((await request.form()).dict())
    if not form.ok:
        return await _review_page(request, db, release, form.errors, form.values, status_code=422)
    try:
        await service.return_release(db, settings, release, current_session(request)["uid"], form.values["reason"])
    except service.TransitionError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("press:review", release_id=release_id))
    flash(request, f"「{release.title}」を差戻しました。理由を団体にメールで送信しました。")
    return see_other(request, request.app.route_reverse("press:admin_list"))


ROUTES = [list_for_review, review_release, approve_release, return_release]
