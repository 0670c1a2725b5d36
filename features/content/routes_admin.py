"""The secretariat's content pages (/admin/content): the list, the editing form (every save a
version), 確認依頼, the reviewer's page with the diff, 承認 / 差戻し, 公開停止 / 再公開.
One handler per button; each works without JavaScript (flash + 303)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import uploads
from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.richtext import render_markdown
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import api as accounts
from features.content import diff, forms, images, service, states
from features.content.models import (
    AUDIENCES,
    KINDS,
    REVISION_LABELS,
    STATUS_LABELS,
    STATUS_TONES,
    ContentItem,
    ContentStatus,
)
from features.content.routes_public import image_helpers

OFFICE = [require_role(accounts.Role.SECRETARIAT)]
UPLOAD_LIMIT = uploads.MAX_FILE_BYTES + 1024 * 1024
NOT_FOUND = "記事が見つかりません。"
STATUS_FILTERS = [("pending", "確認待ち（修正を含む）"), *((s.value, label) for s, label in STATUS_LABELS.items())]


def _staff(request: Request) -> int:
    return current_session(request)["uid"]


def _url(request: Request, name: str, **params) -> str:
    return request.app.route_reverse(name, **params)


async def _item(db, content_id: int) -> ContentItem:
    item = await service.item_by_id(db, content_id)
    if item is None:
        raise NotFoundException(NOT_FOUND)
    return item


def _labels() -> dict:
    return {
        "status_labels": STATUS_LABELS,
        "status_tones": STATUS_TONES,
        "revision_labels": REVISION_LABELS,
        "kinds": KINDS,
        "audiences": AUDIENCES,
    }


@get("/admin/content", name="content:admin_list", guards=OFFICE)
async def list_content(
    request: Request, db: DbSession, status: FromQuery[str | None] = None, page: FromQuery[str | None] = None
) -> Template:
    chosen = status if status in dict(STATUS_FILTERS) else ""
    result = await service.staff_page(db, chosen, page_number(page))
    return render(
        request,
        "content/admin/list.html.jinja",
        {"page": result, "status": chosen, "status_filters": STATUS_FILTERS, "params": {"status": chosen}, **_labels()},
        fragments={"content-rows": "content_rows"},
    )


async def _form_page(
    request: Request, db, item: ContentItem | None, *, values=None, errors=None, status_code: int = 200
) -> Template:
    data = await service.latest_data(db, item) if item is not None else {}
    if values is None:
        values = forms.form_values(data) if item is not None else {"kind": "column", "audience": "common"}
    versions = await service.versions_of(db, item.id) if item is not None else []
    names = await accounts.display_names(db, {v.saved_by for v in versions if v.saved_by})
    return render(
        request,
        "content/admin/form.html.jinja",
        {
            "item": item,
            "values": values,
            "errors": errors or {},
            "image": await service.image_by_id(db, data.get("image_id")),
            "versions": versions,
            "names": names,
            "may": (lambda action: item is not None and states.allowed(item, action)),
            "pending": item is not None and states.has_pending(item),
            **_labels(),
            **image_helpers(request),
        },
        status_code=status_code,
    )


@get("/admin/content/new", name="content:new", guards=OFFICE)
async def new_content(request: Request, db: DbSession) -> Template:
    return await _form_page(request, db, None)


async def _save(request: Request, db, settings, item: ContentItem | None) -> Template | Response:
    form = await request.form()
    data = form.dict()
    upload = form.get("image")
    file: tuple[bytes, str] | None = None
    errors: dict[str, str] = {}
    if isinstance(upload, UploadFile) and upload.filename:
        file = (await upload.read(uploads.MAX_FILE_BYTES + 1), upload.filename)
        try:
            images.check(*file)
        except images.ImageRejected as error:
            errors["image"] = error.message
    kept = (await service.latest_data(db, item)).get("image_id") if item is not None else None
    result = forms.parse_article(data, has_image=bool(file) or bool(kept))
    errors = {**errors, **result.errors}
    if not errors:
        try:
            item = await service.save(db, settings, item, result.values, _staff(request), upload=file)
        except service.ContentError as error:
            if not error.field:
                raise HTTPException(status_code=409, detail=error.message) from None
            errors[error.field] = error.message
    if errors:
        values = forms.shown_values(result.values)
        return await _form_page(request, db, item, values=values, errors=errors, status_code=422)
    flash(request, f"「{item.working_title}」を保存しました（版{await _version_number(db, item)}）。")
    return see_other(request, _url(request, "content:edit", content_id=item.id))


async def _version_number(db, item: ContentItem) -> int:
    versions = await service.versions_of(db, item.id)
    return versions[0].number if versions else 0


@post("/admin/content", name="content:create", guards=OFFICE, request_max_body_size=UPLOAD_LIMIT)
async def create_content(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    return await _save(request, db, settings, None)


@get("/admin/content/{content_id:int}", name="content:edit", guards=OFFICE)
async def edit_content(request: Request, db: DbSession, content_id: FromPath[int]) -> Template:
    return await _form_page(request, db, await _item(db, content_id))


@post("/admin/content/{content_id:int}", name="content:save", guards=OFFICE, request_max_body_size=UPLOAD_LIMIT)
async def save_content(
    request: Request, db: DbSession, settings: AppSettings, content_id: FromPath[int]
) -> Template | Response:
    return await _save(request, db, settings, await _item(db, content_id))


def _refused(error: service.ContentError) -> HTTPException:
    return HTTPException(status_code=409, detail=error.message)


@post("/admin/content/{content_id:int}/submit", name="content:submit", guards=OFFICE)
async def submit_content(request: Request, db: DbSession, content_id: FromPath[int]) -> Response:
    item = await _item(db, content_id)
    try:
        await service.submit(db, item, _staff(request))
    except service.ContentError as error:
        raise _refused(error) from None
    flash(request, f"「{item.working_title}」を確認待ちにしました。別の事務局員が確認・承認します。")
    return see_other(request, _url(request, "content:edit", content_id=item.id))


async def _review_page(request: Request, db, item: ContentItem, *, errors=None, status_code: int = 200) -> Template:
    draft = await service.latest_data(db, item)
    published = await service.published_data(db, item)
    return render(
        request,
        "content/admin/review.html.jinja",
        {
            "item": item,
            "draft": draft,
            "changes": diff.field_changes(published, draft),
            "lines": diff.body_lines(published.get("body", ""), draft.get("body", "")),
            "first_publication": not published,
            "preview": render_markdown(draft.get("body", "")),
            "image": await service.image_by_id(db, draft.get("image_id")),
            "pending": states.has_pending(item),
            "own": item.submitted_by == _staff(request),
            "errors": errors or {},
            **_labels(),
            **image_helpers(request),
        },
        status_code=status_code,
    )


@get("/admin/content/{content_id:int}/review", name="content:review", guards=OFFICE)
async def review_content(request: Request, db: DbSession, content_id: FromPath[int]) -> Template:
    return await _review_page(request, db, await _item(db, content_id))


@post("/admin/content/{content_id:int}/approve", name="content:approve", guards=OFFICE)
async def approve_content(request: Request, db: DbSession, content_id: FromPath[int]) -> Response:
    item = await _item(db, content_id)
    try:
        await service.approve(db, item, _staff(request))
    except service.ContentError as error:
        raise _refused(error) from None
    if item.status == ContentStatus.SCHEDULED:
        flash(request, f"「{item.title}」を承認しました。公開予定に入りました。")
    else:
        flash(request, f"「{item.title}」を承認しました。公開中の内容に反映されました。")
    return see_other(request, _url(request, "content:edit", content_id=item.id))


@post("/admin/content/{content_id:int}/return", name="content:send_back", guards=OFFICE)
async def return_content(request: Request, db: DbSession, content_id: FromPath[int]) -> Template | Response:
    item = await _item(db, content_id)
    result = forms.parse_reason((await request.form()).dict())
    if not result.ok:
        return await _review_page(request, db, item, errors=result.errors, status_code=422)
    try:
        await service.send_back(db, item, _staff(request), result.values["reason"])
    except service.ContentError as error:
        raise _refused(error) from None
    flash(request, f"「{item.working_title}」を差し戻しました。")
    return see_other(request, _url(request, "content:edit", content_id=item.id))


@post("/admin/content/{content_id:int}/unpublish", name="content:unpublish", guards=OFFICE)
async def unpublish_content(request: Request, db: DbSession, content_id: FromPath[int]) -> Response:
    item = await _item(db, content_id)
    try:
        await service.unpublish(db, item, _staff(request))
    except service.ContentError as error:
        raise _refused(error) from None
    flash(request, f"「{item.title}」を非公開にしました。")
    return see_other(request, _url(request, "content:edit", content_id=item.id))


@post("/admin/content/{content_id:int}/republish", name="content:republish", guards=OFFICE)
async def republish_content(request: Request, db: DbSession, content_id: FromPath[int]) -> Response:
    item = await _item(db, content_id)
    try:
        await service.republish(db, item, _staff(request))
    except service.ContentError as error:
        raise _refused(error) from None
    flash(request, f"「{item.title}」を再公開しました。")
    return see_other(request, _url(request, "content:edit", content_id=item.id))


ROUTES = [
    list_content,
    new_content,
    create_content,
    edit_content,
    save_content,
    submit_content,
    review_content,
    approve_content,
    return_content,
    unpublish_content,
    republish_content,
]
