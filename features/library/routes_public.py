"""The library's files for everyone who may have them: downloads and thumbnails checked against
the item's audience at every request (anyone who may not gets 404, as for a missing item), the
public 広報ツール page and the organizations' 団体向け資料."""

from __future__ import annotations

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from app import uploads
from app.deps import AppSettings, DbSession
from app.security import require_role
from app.sessions import current_session
from app.templating import render
from features.accounts import api as accounts
from features.accounts.api import Role
from features.library import service
from features.library.models import CATEGORY_LABELS, PR_TOOLS, Audience, LibraryItem, LibraryVersion
from features.library.views import item_view

NOT_FOUND = "ファイルが見つかりません。"
ORGANIZATION = [require_role(Role.ORGANIZATION)]


async def viewer_of(request: Request, db) -> service.Viewer:
    session = current_session(request)
    role, uid = session.get("role") or "", session.get("uid")
    approved = False
    if uid and role == Role.ORGANIZATION:
        organization = await accounts.organization_of(db, uid)
        approved = organization is not None and organization.status == accounts.OrganizationStatus.APPROVED
    return service.Viewer(role=role if uid else "", approved_organization=approved)


async def _visible(request: Request, db, item_id: int) -> tuple[LibraryItem, service.Viewer]:
    viewer = await viewer_of(request, db)
    item = await service.visible_item(db, item_id, viewer)
    if item is None:
        raise NotFoundException(NOT_FOUND)
    return item, viewer


def _file_response(settings, version: LibraryVersion) -> Response:
    body = service.read_file(settings, version.stored_name)
    if body is None:
        raise NotFoundException(NOT_FOUND)
    return Response(body, media_type=version.content_type, headers=uploads.attachment_headers(version.original_name))


@get("/library/files/{item_id:int}", name="library:download")
async def download_file(request: Request, db: DbSession, settings: AppSettings, item_id: FromPath[int]) -> Response:
    """The current version of an item's file, for whoever its audience allows."""
    item, _ = await _visible(request, db, item_id)
    version = await service.version_of(db, item.id, item.current_version)
    if version is None:
        raise NotFoundException(NOT_FOUND)
    return _file_response(settings, version)


@get("/library/files/{item_id:int}/versions/{version:int}", name="library:version_download")
async def download_version(
    request: Request, db: DbSession, settings: AppSettings, item_id: FromPath[int], version: FromPath[int]
) -> Response:
    """Any version, older ones included: the staff only (everyone else: 404)."""
    item, viewer = await _visible(request, db, item_id)
    row = await service.version_of(db, item.id, version) if viewer.is_staff else None
    if row is None:
        raise NotFoundException(NOT_FOUND)
    return _file_response(settings, row)


@get("/library/files/{item_id:int}/thumbnail", name="library:thumbnail")
async def show_thumbnail(request: Request, db: DbSession, settings: AppSettings, item_id: FromPath[int]) -> Response:
    item, _ = await _visible(request, db, item_id)
    version = await service.version_of(db, item.id, item.current_version)
    body = service.read_file(settings, version.thumbnail_name) if version and version.thumbnail_name else None
    if body is None:
        raise NotFoundException(NOT_FOUND)
    # Never cached: an item moved from 公開 to 事務局内 must stop showing at once.
    return Response(
        body, media_type="image/png", headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    )


def _grouped(items, versions) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.category, []).append(item_view(item, versions.get(item.id)))
    return [(CATEGORY_LABELS[c], groups[c]) for c in CATEGORY_LABELS if c in groups]


@get("/pr-tools", name="library:pr_tools")
async def list_pr_tools(request: Request, db: DbSession) -> Template:
    """広報ツール: the public パンフレット・リーフレット・ポスター・バナー・ノベルティ, to download."""
    items = await service.public_pr_tools(db)
    versions = await service.current_versions(db, items)
    return render(request, "library/pr_tools.html.jinja", {"groups": _grouped(items, versions)})


@get("/mypage/library", name="library:org_materials", guards=ORGANIZATION)
async def list_org_materials(request: Request, db: DbSession) -> Template:
    """団体向け資料: the items for organizations and the public ones, for an approved organization."""
    await accounts.approved_organization(request, db)
    items = await service.listed_items(db, (Audience.ORGANIZATIONS, Audience.PUBLIC))
    versions = await service.current_versions(db, items)
    return render(request, "library/org_materials.html.jinja", {"groups": _grouped(items, versions)})


ROUTES = [download_file, download_version, show_thumbnail, list_pr_tools, list_org_materials]
__all__ = ["ROUTES", "PR_TOOLS"]
