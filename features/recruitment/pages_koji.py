"""公示案件: what the JICA account's, the secretariat's and the public's 公示 pages share (the form
and its buttons, the detail and manage pages, file downloads and deletes)."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Response, Template

from app import audit, uploads
from app.forms import first
from app.reference import COUNTRIES
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import api as accounts
from features.accounts.api import Role
from features.recruitment import forms_koji as forms
from features.recruitment import koji as service
from features.recruitment.models import Koji
from features.recruitment.states import Actor

ORGANIZATION = [require_role(Role.ORGANIZATION)]
OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "公示が見つかりません。"
NOT_PUBLIC = "この公示は掲載されていないか、掲載を終了しました。"
COUNTRY_LABELS = dict(COUNTRIES)
FILE_KINDS = {
    uploads.CONTENT_TYPES["pdf"]: "PDF",
    uploads.CONTENT_TYPES["docx"]: "Word",
    uploads.CONTENT_TYPES["doc"]: "Word",
    uploads.CONTENT_TYPES["xlsx"]: "Excel",
    uploads.CONTENT_TYPES["xls"]: "Excel",
}

# The form's buttons, by who enters the notice: the JICA account, or the secretariat (代理登録).
JICA_ROUTES = {
    "save": "recruitment:koji_save",
    "preview": "recruitment:koji_preview_draft",
    "confirm": "recruitment:koji_confirm",
    "submit": "recruitment:koji_submit",
    "edit": "recruitment:koji_edit",
    "delete_file": "recruitment:koji_delete_file",
    "file": "recruitment:koji_own_file",
}
PROXY_ROUTES = {
    "save": "recruitment:koji_proxy_save",
    "preview": "recruitment:koji_proxy_preview",
    "confirm": "recruitment:koji_proxy_confirm",
    "submit": "recruitment:koji_proxy_publish",
    "edit": "recruitment:koji_proxy_edit",
    "delete_file": "recruitment:koji_proxy_delete_file",
    "file": "recruitment:koji_admin_file",
}


@dataclass(frozen=True)
class Editor:
    """Who is entering which notice: the JICA account (its own), or the secretariat for a JICA org."""

    actor: Actor
    organization: object | None  # OrganizationView; None: the secretariat has not chosen one yet
    koji: Koji | None

    @property
    def routes(self) -> dict[str, str]:
        return JICA_ROUTES if self.actor == Actor.JICA else PROXY_ROUTES


async def jica_organization(request: Request, db) -> object:
    return await accounts.jica_organization(request, db)  # 403 for any other organization


async def own_koji(request: Request, db, koji_id: int) -> tuple[object, Koji]:
    organization = await jica_organization(request, db)
    koji = await service.own(db, organization.id, koji_id)
    if koji is None:  # another organization's notice looks like a missing one
        if await service.get(db, koji_id) is not None:
            await audit.record_refused_access(request, db, "koji", koji_id)
        raise NotFoundException(NOT_FOUND)
    return organization, koji


async def office_koji(db, koji_id: int) -> Koji:
    koji = await service.get(db, koji_id)
    if koji is None:
        raise NotFoundException(NOT_FOUND)
    return koji


async def proxy_draft(db, koji_id: int) -> tuple[object, Koji]:
    """A draft the secretariat is entering (代理登録); JICA's own drafts stay JICA's."""
    koji = await office_koji(db, koji_id)
    if koji.proxy_user_id is None or koji.status != "draft":
        raise NotFoundException("代理登録中の公示が見つかりません。")
    return await organization_by_id(db, koji.organization_id), koji


async def organization_by_id(db, organization_id: int):
    return (await accounts.organizations_by_ids(db, {organization_id}))[organization_id]


def form_page(request: Request, editor: Editor, values: dict, errors: dict, files, status_code: int = 200, **extra):
    return render(
        request,
        "recruitment/koji/form.html.jinja",
        {
            "editor": editor,
            "koji": editor.koji,
            "organization": editor.organization,
            "values": values,
            "errors": errors,
            "files": files,
            "choices": forms.CHOICES,
            "labels": forms.LABELS,
            "role_rows": range(forms.ROLE_ROWS),
            "file_slots": range(forms.FILE_SLOTS),
            "file_label_defaults": forms.FILE_LABEL_DEFAULTS,
            "routes": editor.routes,
            "params": {} if editor.koji is None else {"koji_id": editor.koji.id},
            "proxy": editor.actor == Actor.SECRETARIAT,
            "jica_organizations": [(str(o.id), o.name) for o in extra.get("jica_organizations", [])],
        },
        status_code=status_code,
    )


async def _files(db, koji: Koji | None) -> list:
    return [] if koji is None else await service.files_of(db, koji.id)


def detail_context(values: dict, files: list, koji: Koji | None, organization, **extra) -> dict:
    return {
        "k": values,
        "koji": koji,
        "files": files,
        "organization": organization,
        "country_labels": COUNTRY_LABELS,
        "labels": forms.LABELS,
        "preview": False,
        "file_route": "recruitment:koji_file",
        "file_kinds": FILE_KINDS,
        **extra,
    }


async def parse_form(request: Request, *, complete: bool) -> tuple[forms.KojiForm, dict]:
    """The submitted form with its files (each checked by content, none stored yet)."""
    form_data = await request.form()
    data = form_data.dict()
    form = forms.parse(data, complete=complete)
    chosen = first(data, "organization_id")
    form.values["organization_id"] = chosen if isinstance(chosen, str) else ""
    entries = []
    for slot in range(forms.FILE_SLOTS):
        label = first(data, f"file_label-{slot}")
        form.values[f"file_label-{slot}"] = label if isinstance(label, str) else ""
        upload = form_data.get(f"file-{slot}")
        if isinstance(upload, UploadFile) and upload.filename:
            entries.append((slot, label, await upload.read(uploads.MAX_FILE_BYTES + 1), upload.filename))
    forms.check_files(form, entries)
    return form, data


async def _store(
    request: Request, db, settings, editor: Editor, form: forms.KojiForm, status_code_on_error: int = 422
) -> Koji | Template:
    """一時保存 (also done by 確認): the values and the new files, or the form again with why not."""
    proxy = current_session(request)["uid"] if editor.actor == Actor.SECRETARIAT else None
    try:
        return await service.save(
            db, settings, editor.organization.id, editor.koji, form.clean, form.files, proxy_user_id=proxy
        )
    except service.KojiError as error:
        if not error.field:
            raise PermissionDeniedException(error.message) from None
        form.result.error(error.field, error.message)
        return await refused_form(request, db, editor, form)


async def refused_form(request: Request, db, editor: Editor, form: forms.KojiForm) -> Template:
    extra = {"jica_organizations": await service.jica_organizations(db)} if editor.actor == Actor.SECRETARIAT else {}
    return form_page(request, editor, form.values, form.errors, await _files(db, editor.koji), 422, **extra)


async def save_draft(request, db, settings, editor: Editor) -> Response | Template:
    form, _ = await parse_form(request, complete=False)
    if not form.ok:
        return await refused_form(request, db, editor, form)
    koji = await _store(request, db, settings, editor, form)
    if isinstance(koji, Template):
        return koji
    flash(request, "一時保存しました。")
    return see_other(request, request.app.route_reverse(editor.routes["edit"], koji_id=koji.id))


async def preview_page(request, db, editor: Editor) -> Template:
    """プレビュー: the public page of what was typed; nothing is stored (new files show once saved)."""
    form, _ = await parse_form(request, complete=False)
    if not form.ok:
        return await refused_form(request, db, editor, form)
    return render(
        request,
        "recruitment/koji/detail.html.jinja",
        detail_context(
            form.clean,
            await _files(db, editor.koji),
            editor.koji,
            editor.organization,
            preview=True,
            file_route=editor.routes["file"],
            unsaved_files=[f.label for f in form.files],
        ),
    )


async def confirm_page(request, db, settings, editor: Editor) -> Template:
    """確認: a complete form is kept as the draft (with its files) and shown as it will be published,
    with 掲載依頼 (代理登録 for the secretariat) and 入力画面へ戻る."""
    form, _ = await parse_form(request, complete=True)
    if not form.ok:
        return await refused_form(request, db, editor, form)
    koji = await _store(request, db, settings, editor, form)
    if isinstance(koji, Template):
        return koji
    return render(
        request,
        "recruitment/koji/confirm.html.jinja",
        {
            **detail_context(
                service.values_of(koji),
                await service.files_of(db, koji.id),
                koji,
                editor.organization,
                file_route=editor.routes["file"],
            ),
            "routes": editor.routes,
            "proxy": editor.actor == Actor.SECRETARIAT,
        },
    )


def incomplete_form(koji: Koji) -> forms.KojiForm:
    return forms.parse(_as_form_data(forms.values_for_form(service.values_of(koji))), complete=True)


def _as_form_data(values: dict) -> dict:
    data = {k: v for k, v in values.items() if k != "roles"}
    for i, row in enumerate(values.get("roles", [])):
        data[f"role-{i}"], data[f"grade-{i}"] = row.get("role", ""), row.get("grade", "")
    return data


UPLOAD_BODY_LIMIT = {"request_max_body_size": forms.UPLOAD_LIMIT}


async def manage_page(request, db, organization, koji: Koji, actor: Actor, errors=None, values=None, status_code=200):
    jica = actor == Actor.JICA
    return render(
        request,
        "recruitment/koji/manage.html.jinja",
        {
            **detail_context(
                service.values_of(koji),
                await service.files_of(db, koji.id),
                koji,
                organization,
                file_route="recruitment:koji_own_file" if jica else "recruitment:koji_admin_file",
            ),
            "jica": jica,
            "phase": service.phase(koji),
            "moves": [m.value for m in service.buttons(koji, actor)],
            "editable": jica and service.editable_by_jica(koji),
            "errors": errors or {},
            "values": values or {},
        },
        status_code=status_code,
    )


async def delete_file(request, db, settings, koji: Koji, file_id: int, back: str) -> Response:
    try:
        removed = await service.remove_file(db, settings, koji, file_id)
    except LookupError:
        raise NotFoundException("ファイルが見つかりません。") from None
    except service.KojiError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, f"「{removed.label}」（{removed.original_name}）を削除しました。")
    return see_other(request, request.app.route_reverse(back, koji_id=koji.id))


async def record_result(request, db, organization, koji: Koji, actor: Actor, back: str) -> Response | Template:
    result, contractor, contracted_on = forms.parse_result((await request.form()).dict())
    if not result.ok:
        return await manage_page(request, db, organization, koji, actor, result.errors, result.values, 422)
    try:
        await service.record_result(koji, contractor, contracted_on)
    except service.KojiError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, "結果（契約相手先・契約日）を登録しました。公示情報に表示されます。")
    return see_other(request, request.app.route_reverse(back, koji_id=koji.id))


async def download_file(db, settings, koji: Koji, file_id: int) -> Response:
    found = await service.file_of(db, koji.id, file_id)
    if found is None:
        raise NotFoundException("ファイルが見つかりません。")
    try:
        body = uploads.read(settings, found.stored_name, service.FILES_AREA)
    except FileNotFoundError:
        raise NotFoundException("ファイルが見つかりません。") from None
    return Response(body, media_type=found.content_type, headers=uploads.attachment_headers(found.original_name))
