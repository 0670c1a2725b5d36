"""The public プレスルーム: the list (by organization and month, htmx or plain), one release with its
PDF and images, and the Atom feed. A release's files are public once it is; before that only its
organization and the secretariat get them (the preview and the review show them too)."""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from app import atom, uploads
from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.richtext import render_markdown
from app.sessions import current_session
from app.templating import render
from features.accounts import api as accounts
from features.accounts.api import Role
from features.press import public, service
from features.press.models import PressRelease

NOT_FOUND = "プレスリリースが見つかりません。"


@get("/press", name="press:list")
async def list_releases(
    request: Request,
    db: DbSession,
    organization: FromQuery[str | None] = None,
    month: FromQuery[str | None] = None,
    page: FromQuery[str | None] = None,
) -> Template:
    filters = public.parse_filters(organization, month, page_number(page))
    result = await public.releases_page(db, filters)
    names = await accounts.organizations_by_ids(db, {r.organization_id for r in result.items})
    organizations = await public.organization_choices(db)
    chosen = dict(organizations).get(str(filters.organization), "") if filters.organization else ""
    return render(
        request,
        "press/list.html.jinja",
        {
            "page": result,
            "filters": filters,
            "params": filters.query(),
            "names": {i: o.name for i, o in names.items()},
            "organizations": organizations,
            "months": await public.month_choices(db),
            "chosen_organization": chosen,
        },
        fragments={"press-results": "press_results"},
    )


@get("/press/feed.atom", name="press:feed")
async def press_feed(db: DbSession, settings: AppSettings) -> Response:
    return atom.feed_response(await public.feed(db, settings))


@get("/press/{release_id:int}", name="press:release")
async def show_release(request: Request, db: DbSession, release_id: FromPath[int]) -> Template:
    release = await public.public_release(db, release_id)
    if release is None:
        raise NotFoundException(NOT_FOUND)
    organization = (await accounts.organizations_by_ids(db, {release.organization_id}))[release.organization_id]
    return render(
        request,
        "press/release.html.jinja",
        {
            "release": release,
            "organization": organization,
            "body": render_markdown(release.body),
            "images": await service.images_of(db, release.id),
        },
    )


async def _viewable(request: Request, db, release_id: int) -> PressRelease:
    """Published: anyone. Otherwise its own organization and the secretariat; 404 for the rest."""
    release = await public.public_release(db, release_id)
    if release is not None:
        return release
    session = current_session(request)
    role = session.get("role")
    if role == Role.SECRETARIAT:
        release = await db.get(PressRelease, release_id)
    elif role == Role.ORGANIZATION:
        organization = await accounts.organization_of(db, session["uid"])
        release = await service.own_release(db, organization.id, release_id) if organization else None
    if release is None:
        raise NotFoundException(NOT_FOUND)
    return release


@get("/press/{release_id:int}/pdf", name="press:pdf")
async def download_pdf(request: Request, db: DbSession, settings: AppSettings, release_id: FromPath[int]) -> Response:
    release = await _viewable(request, db, release_id)
    if not release.pdf_stored_name:
        raise NotFoundException("PDFはありません。")
    try:
        data = service.read_file(settings, release.pdf_stored_name)
    except FileNotFoundError:
        raise NotFoundException("PDFが見つかりません。") from None
    return Response(data, media_type="application/pdf", headers=uploads.attachment_headers(release.pdf_original_name))


@get("/press/{release_id:int}/images/{image_id:int}", name="press:image")
async def show_image(
    request: Request, db: DbSession, settings: AppSettings, release_id: FromPath[int], image_id: FromPath[int]
) -> Response:
    release = await _viewable(request, db, release_id)
    image = await service.image_row(db, release.id, image_id)
    if image is None:
        raise NotFoundException("画像が見つかりません。")
    try:
        data = service.read_file(settings, image.stored_name)
    except FileNotFoundError:
        raise NotFoundException("画像が見つかりません。") from None
    # Not cached: a release withdrawn (or an organization retired) takes its images along at once.
    return Response(
        data,
        media_type=image.content_type,
        headers={"X-Content-Type-Options": "nosniff", "Content-Disposition": "inline", "Cache-Control": "no-store"},
    )


ROUTES = [list_releases, press_feed, show_release, download_pdf, show_image]
