"""プレスリリース on the organization's mypage: its own releases, the form (一時保存, プレビュー),
the preview with 申請, and 取り下げ. Another organization's release is a 404 with an audit row."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, uploads
from app.deps import AppSettings, DbSession
from app.forms import FormResult
from app.pagination import page_number
from app.richtext import render_markdown
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import api as accounts
from features.accounts.api import Role
from features.press import forms, service
from features.press.models import STATUS_LABELS, PressRelease

ORGANIZATION = [require_role(Role.ORGANIZATION)]
# The form: a PDF and three images of up to 10 MB each, and the text (413 above it).
UPLOAD_LIMIT = (1 + forms.MAX_IMAGES) * uploads.MAX_FILE_BYTES + 1024 * 1024
NOT_FOUND = "プレスリリースが見つかりません。"


async def _organization(request: Request, db):
    return await accounts.approved_organization(request, db)


async def _own(request: Request, db, release_id: int) -> tuple[object, PressRelease]:
    organization = await _organization(request, db)
    release = await service.own_release(db, organization.id, release_id)
    if release is None:  # another organization's release looks like a missing one
        if await service.exists(db, release_id):
            await audit.record_refused_access(request, db, "press_release", release_id)
        raise NotFoundException(NOT_FOUND)
    return organization, release


async def _form_page(
    request: Request, db, release: PressRelease | None, values: dict, errors: dict, status_code: int = 200
) -> Template:
    image_rows = await service.images_of(db, release.id) if release is not None else []
    for image in image_rows:
        values.setdefault(f"alt_existing_{image.id}", image.alt)
    return render(
        request,
        "press/form.html.jinja",
        {
            "release": release,
            "values": values,
            "errors": errors,
            "images": image_rows,
            "new_slots": range(1, forms.MAX_IMAGES - len(image_rows) + 1),
            "params": {} if release is None else {"release_id": release.id},
            "labels": STATUS_LABELS,
        },
        fragments={"press-form": "press_form"},
        status_code=status_code,
    )


@get("/mypage/press", name="press:mine", guards=ORGANIZATION)
async def list_own_releases(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    organization = await _organization(request, db)
    result = await service.own_releases(db, organization.id, page_number(page))
    return render(
        request,
        "press/mine.html.jinja",
        {"page": result, "labels": STATUS_LABELS},
        fragments={"press-mine": "press_mine"},
    )


@get("/mypage/press/new", name="press:new", guards=ORGANIZATION)
async def new_release(request: Request, db: DbSession) -> Template:
    organization = await _organization(request, db)
    defaults = {"contact_name": organization.contact_name, "contact_phone": organization.contact_phone}
    return await _form_page(request, db, None, defaults, {})


@get("/mypage/press/{release_id:int}/edit", name="press:edit", guards=ORGANIZATION)
async def edit_release(request: Request, db: DbSession, release_id: FromPath[int]) -> Template:
    _, release = await _own(request, db, release_id)
    if not service.may(release, "save"):
        raise PermissionDeniedException(f"{service.label(release.status)}のプレスリリースは編集できません。")
    return await _form_page(request, db, release, service.values_of(release), {})


async def _save(request: Request, db, settings, release_id: int | None) -> PressRelease | Template:
    """The form's values and files kept as a draft; the form again (422) when something is wrong."""
    organization, release = (
        (await _organization(request, db), None) if release_id is None else await _own(request, db, release_id)
    )
    if release is not None and not service.may(release, "save"):
        raise PermissionDeniedException(f"{service.label(release.status)}のプレスリリースは編集できません。")
    data = (await request.form()).dict()
    form: FormResult = forms.parse_fields(data)
    existing = [image.id for image in await service.images_of(db, release.id)] if release is not None else []
    files = await forms.parse_files(form, data, existing)
    if not form.ok:
        return await _form_page(request, db, release, form.values, form.errors, status_code=422)
    return await service.save_draft(
        db, settings, organization.id, current_session(request)["uid"], release, form.values, files
    )


@post(
    ["/mypage/press/save", "/mypage/press/{release_id:int}/save"],
    name="press:save_draft",
    guards=ORGANIZATION,
    request_max_body_size=UPLOAD_LIMIT,
)
async def save_draft(
    request: Request, db: DbSession, settings: AppSettings, release_id: FromPath[int | None] = None
) -> Template | Response:
    """一時保存."""
    saved = await _save(request, db, settings, release_id)
    if isinstance(saved, Template):
        return saved
    flash(request, "一時保存しました。")
    return see_other(request, request.app.route_reverse("press:edit", release_id=saved.id))


@post(
    ["/mypage/press/preview", "/mypage/press/{release_id:int}/preview"],
    name="press:preview_draft",
    guards=ORGANIZATION,
    request_max_body_size=UPLOAD_LIMIT,
)
async def preview_draft(
    request: Request, db: DbSession, settings: AppSettings, release_id: FromPath[int | None] = None
) -> Template | Response:
    """プレビュー: kept as a draft (the files need a place), then shown as the プレスルーム will show it."""
    saved = await _save(request, db, settings, release_id)
    if isinstance(saved, Template):
        return saved
    return see_other(request, request.app.route_reverse("press:preview", release_id=saved.id))


@get("/mypage/press/{release_id:int}", name="press:preview", guards=ORGANIZATION)
async def show_own_release(request: Request, db: DbSession, release_id: FromPath[int]) -> Template:
    organization, release = await _own(request, db, release_id)
    return render(
        request,
        "press/preview.html.jinja",
        {
            "release": release,
            "organization": organization,
            "body": render_markdown(release.body),
            "images": await service.images_of(db, release.id),
            "labels": STATUS_LABELS,
            "may_submit": service.may(release, "submit"),
            "may_edit": service.may(release, "save"),
            "may_withdraw": service.may(release, "withdraw"),
            "errors": {},
        },
    )


@post("/mypage/press/{release_id:int}/submit", name="press:submit", guards=ORGANIZATION)
async def submit_release(request: Request, db: DbSession, release_id: FromPath[int]) -> Template | Response:
    """申請: the stored draft goes to the secretariat; what it still lacks is shown on the form (422)."""
    _, release = await _own(request, db, release_id)
    try:
        await service.submit(db, release)
    except service.TransitionError as error:
        raise PermissionDeniedException(error.message) from None
    except service.IncompleteRelease as incomplete:
        return await _form_page(request, db, release, service.values_of(release), incomplete.errors, status_code=422)
    flash(request, f"「{release.title}」を申請しました。事務局の承認後にプレスルームに掲載されます。")
    return see_other(request, request.app.route_reverse("press:mine"))


@post("/mypage/press/{release_id:int}/withdraw", name="press:withdraw", guards=ORGANIZATION)
async def withdraw_release(request: Request, db: DbSession, release_id: FromPath[int]) -> Response:
    """取り下げ: off the プレスルーム at once."""
    _, release = await _own(request, db, release_id)
    try:
        await service.withdraw(db, release)
    except service.TransitionError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, f"「{release.title}」を取り下げました。プレスルームには表示されません。")
    return see_other(request, request.app.route_reverse("press:mine"))


ROUTES = [
    list_own_releases,
    new_release,
    edit_release,
    save_draft,
    preview_draft,
    show_own_release,
    submit_release,
    withdraw_release,
]
