"""ライブラリ管理 for the secretariat: the list (種類・公開範囲・要確認 filters), a new item with its
first file, an item's page (edit, 新しい版を登録, 確認済みにする, every version). Thin handlers:
parse → service → render / redirect; the rules are in service.py."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, clock, uploads
from app.config import load_settings
from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.security import client_ip, require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts.api import Role
from features.library import forms, service
from features.library.models import AUDIENCE_LABELS, CATEGORY_LABELS, LibraryItem
from features.library.views import item_view, kind_label, size_text

OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "ライブラリの資料が見つかりません。"
# One file and its form fields; a larger body is refused (413) before it is read.
UPLOAD_LIMIT = service.max_bytes(load_settings()) + 1024 * 1024
NO_FILE = "ファイルを選択してください。"


def _uid(request: Request) -> int | None:
    return current_session(request).get("uid")


async def _item(db, item_id: int) -> LibraryItem:
    item = await service.item_by_id(db, item_id)
    if item is None:
        raise NotFoundException(NOT_FOUND)
    return item


async def _audit(request: Request, db, action: str, item: LibraryItem, detail: str = "") -> None:
    await audit.record(
        db,
        action,
        actor_user_id=_uid(request),
        target_type="library_item",
        target_id=item.id,
        detail=detail,
        client_ip=client_ip(request.scope, request.app.state.settings),
    )


def _choices() -> dict:
    return {"categories": list(CATEGORY_LABELS.items()), "audiences": list(AUDIENCE_LABELS.items())}


async def _read_upload(form, settings) -> tuple[bytes, str, str | None]:
    """(data, file name, error) of the form's file; the size is checked before anything is stored."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return b"", "", NO_FILE
    data = await upload.read(service.max_bytes(settings) + 1)
    try:
        uploads.check(
            data, upload.filename, kinds=service.KINDS, refused=service.REFUSED, max_bytes=service.max_bytes(settings)
        )
    except uploads.UploadRejected as rejected:
        return data, upload.filename, service.refusal(rejected).message
    return data, upload.filename, None


# -- the list ---------------------------------------------------------------------------------


@get("/admin/library", name="library:admin_list", guards=OFFICE)
async def list_items(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    category: FromQuery[str | None] = None,
    audience: FromQuery[str | None] = None,
    due: FromQuery[str | None] = None,
    page: FromQuery[str | None] = None,
) -> Template:
    filters = service.Filters(*forms.parse_filters(category, audience, due))
    result = await service.items_page(db, settings, filters, page_number(page))
    versions = await service.current_versions(db, result.items)
    today, months = clock.today_jst(), settings.library.review_months
    views = [item_view(i, versions.get(i.id), due=service.is_due(i, today, months)) for i in result.items]
    return render(
        request,
        "library/admin_list.html.jinja",
        {
            "page": result,
            "items": views,
            "filters": filters,
            "query": filters.as_query(),
            "months": months,
            "due_total": len(views) if filters.due and result.pages == 1 else None,
            **_choices(),
        },
        fragments={"library-rows": "library_rows"},
    )


# -- a new item -------------------------------------------------------------------------------


def _new_page(request: Request, *, values=None, errors=None, status_code: int = 200) -> Template:
    settings = request.app.state.settings
    return render(
        request,
        "library/new.html.jinja",
        {
            "values": values or {"audience": "staff"},
            "errors": errors or {},
            "max_mb": service.max_bytes(settings) // (1024 * 1024),
            **_choices(),
        },
        status_code=status_code,
    )


@get("/admin/library/new", name="library:new", guards=OFFICE)
async def new_item(request: Request) -> Template:
    return _new_page(request)


@post("/admin/library", name="library:create", guards=OFFICE, request_max_body_size=UPLOAD_LIMIT)
async def create_item(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    form = await request.form()
    result = forms.parse_note(form, forms.parse_item(form))
    data, filename, file_error = await _read_upload(form, settings)
    if file_error:
        result.error("file", file_error)
    if not result.ok:
        return _new_page(request, values=result.values, errors=result.errors, status_code=422)
    try:
        item = await service.create_item(db, settings, result.values, data=data, filename=filename, actor=_uid(request))
    except service.LibraryError as error:
        return _new_page(request, values=result.values, errors={error.field: error.message}, status_code=422)
    await _audit(request, db, "library_item_created", item, f"{item.title}（{AUDIENCE_LABELS[item.audience]}）")
    flash(request, f"「{item.title}」をライブラリに登録しました。")
    return see_other(request, request.app.route_reverse("library:admin_item", item_id=item.id))


# -- one item ---------------------------------------------------------------------------------


async def _item_page(
    request: Request, db, settings, item: LibraryItem, *, values=None, errors=None, status_code: int = 200
) -> Template:
    versions = await service.versions_of(db, item.id)
    current = next((v for v in versions if v.number == item.current_version), None)
    today, months = clock.today_jst(), settings.library.review_months
    return render(
        request,
        "library/admin_item.html.jinja",
        {
            "item": item_view(item, current, due=service.is_due(item, today, months)),
            "versions": versions,
            "values": values or _item_values(item),
            "errors": errors or {},
            "months": months,
            "kind_label": kind_label,
            "size_text": size_text,
            **_choices(),
        },
        status_code=status_code,
    )


@get("/admin/library/{item_id:int}", name="library:admin_item", guards=OFFICE)
async def show_item(request: Request, db: DbSession, settings: AppSettings, item_id: FromPath[int]) -> Template:
    return await _item_page(request, db, settings, await _item(db, item_id))


@post("/admin/library/{item_id:int}", name="library:update", guards=OFFICE)
async def update_item(
    request: Request, db: DbSession, settings: AppSettings, item_id: FromPath[int]
) -> Template | Response:
    item = await _item(db, item_id)
    result = forms.parse_item(await request.form())
    if not result.ok:
        return await _item_page(
            request, db, settings, item, values=result.values, errors=result.errors, status_code=422
        )
    before = AUDIENCE_LABELS.get(item.audience, item.audience)
    changed = await service.update_item(db, item, result.values)
    if changed:
        detail = ",".join(changed)
        if "audience" in changed:
            detail += f" 公開範囲:{before}→{AUDIENCE_LABELS[item.audience]}"
        await _audit(request, db, "library_item_updated", item, detail)
    flash(request, f"「{item.title}」を保存しました。" if changed else "変更はありませんでした。")
    return see_other(request, request.app.route_reverse("library:admin_item", item_id=item.id))


@post(
    "/admin/library/{item_id:int}/versions",
    name="library:add_version",
    guards=OFFICE,
    request_max_body_size=UPLOAD_LIMIT,
)
async def add_version(
    request: Request, db: DbSession, settings: AppSettings, item_id: FromPath[int]
) -> Template | Response:
    item = await _item(db, item_id)
    form = await request.form()
    result = forms.parse_note(form)
    data, filename, file_error = await _read_upload(form, settings)
    if file_error:
        result.error("file", file_error)
    errors = {f"version_{k}": v for k, v in result.errors.items()}
    values = {**_item_values(item), "version_note": result.values.get("note", "")}
    if errors:
        return await _item_page(request, db, settings, item, values=values, errors=errors, status_code=422)
    try:
        version = await service.add_version(
            db, settings, item, data=data, filename=filename, note=result.values["note"], actor=_uid(request)
        )
    except service.LibraryError as error:
        errors = {"version_file": error.message}
        return await _item_page(request, db, settings, item, values=values, errors=errors, status_code=422)
    await _audit(request, db, "library_version_added", item, f"第{version.number}版 {version.original_name}")
    flash(request, f"「{item.title}」の第{version.number}版を登録しました。これが現在の版です。")
    return see_other(request, request.app.route_reverse("library:admin_item", item_id=item.id))


def _item_values(item: LibraryItem) -> dict:
    return {"title": item.title, "category": item.category, "audience": item.audience, "description": item.description}


@post("/admin/library/{item_id:int}/confirm", name="library:confirm", guards=OFFICE)
async def confirm_item(request: Request, db: DbSession, item_id: FromPath[int]) -> Response:
    item = await _item(db, item_id)
    day = await service.confirm(db, item, _uid(request))
    await _audit(request, db, "library_item_confirmed", item, f"最終確認日:{day.isoformat()}")
    flash(request, f"「{item.title}」を確認済みにしました（最終確認日：{day.year}年{day.month}月{day.day}日）。")
    return see_other(request, request.app.route_reverse("library:admin_item", item_id=item.id))


ROUTES = [list_items, new_item, create_item, show_item, update_item, add_version, confirm_item]
