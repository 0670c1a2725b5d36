"""公示案件: 公示登録 / 公示一覧 (the JICA account), 公示の審査 / 公示代理登録 (the secretariat), and the
public 公示情報 (/koji, /koji/{id}, the files, the Atom feed). Thin handlers: parse → koji → render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from litestar import Request, Router, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, uploads
from app.deps import AppSettings, DbSession
from app.forms import first
from app.pagination import page_number
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
class _Editor:
    """Who is entering which notice: the JICA account (its own), or the secretariat for a JICA org."""

    actor: Actor
    organization: object | None  # OrganizationView; None: the secretariat has not chosen one yet
    koji: Koji | None

    @property
    def routes(self) -> dict[str, str]:
        return JICA_ROUTES if self.actor == Actor.JICA else PROXY_ROUTES


async def _jica(request: Request, db) -> object:
    return await accounts.jica_organization(request, db)  # 403 for any other organization


async def _own(request: Request, db, koji_id: int) -> tuple[object, Koji]:
    organization = await _jica(request, db)
    koji = await service.own(db, organization.id, koji_id)
    if koji is None:  # another organization's notice looks like a missing one
        if await service.get(db, koji_id) is not None:
            await audit.record_refused_access(request, db, "koji", koji_id)
        raise NotFoundException(NOT_FOUND)
    return organization, koji


async def _office_koji(db, koji_id: int) -> Koji:
    koji = await service.get(db, koji_id)
    if koji is None:
        raise NotFoundException(NOT_FOUND)
    return koji


async def _proxy_draft(db, koji_id: int) -> tuple[object, Koji]:
    """A draft the secretariat is entering (代理登録); JICA's own drafts stay JICA's."""
    koji = await _office_koji(db, koji_id)
    if koji.proxy_user_id is None or koji.status != "draft":
        raise NotFoundException("代理登録中の公示が見つかりません。")
    return await _organization(db, koji.organization_id), koji


async def _organization(db, organization_id: int):
    return (await accounts.organizations_by_ids(db, {organization_id}))[organization_id]


def _form_page(request: Request, editor: _Editor, values: dict, errors: dict, files, status_code: int = 200, **extra):
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


def _detail_context(values: dict, files: list, koji: Koji | None, organization, **extra) -> dict:
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


async def _parse(request: Request, *, complete: bool) -> tuple[forms.KojiForm, dict]:
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
    request: Request, db, settings, editor: _Editor, form: forms.KojiForm, status_code_on_error: int = 422
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
        return await _refused(request, db, editor, form)


async def _refused(request: Request, db, editor: _Editor, form: forms.KojiForm) -> Template:
    extra = {"jica_organizations": await service.jica_organizations(db)} if editor.actor == Actor.SECRETARIAT else {}
    return _form_page(request, editor, form.values, form.errors, await _files(db, editor.koji), 422, **extra)


async def _save(request, db, settings, editor: _Editor) -> Response | Template:
    form, _ = await _parse(request, complete=False)
    if not form.ok:
        return await _refused(request, db, editor, form)
    koji = await _store(request, db, settings, editor, form)
    if isinstance(koji, Template):
        return koji
    flash(request, "一時保存しました。")
    return see_other(request, request.app.route_reverse(editor.routes["edit"], koji_id=koji.id))


async def _preview(request, db, editor: _Editor) -> Template:
    """プレビュー: the public page of what was typed; nothing is stored (new files show once saved)."""
    form, _ = await _parse(request, complete=False)
    if not form.ok:
        return await _refused(request, db, editor, form)
    return render(
        request,
        "recruitment/koji/detail.html.jinja",
        _detail_context(
            form.clean,
            await _files(db, editor.koji),
            editor.koji,
            editor.organization,
            preview=True,
            file_route=editor.routes["file"],
            unsaved_files=[f.label for f in form.files],
        ),
    )


async def _confirm(request, db, settings, editor: _Editor) -> Template:
    """確認: a complete form is kept as the draft (with its files) and shown as it will be published,
    with 掲載依頼 (代理登録 for the secretariat) and 入力画面へ戻る."""
    form, _ = await _parse(request, complete=True)
    if not form.ok:
        return await _refused(request, db, editor, form)
    koji = await _store(request, db, settings, editor, form)
    if isinstance(koji, Template):
        return koji
    return render(
        request,
        "recruitment/koji/confirm.html.jinja",
        {
            **_detail_context(
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


def _incomplete(koji: Koji) -> forms.KojiForm:
    return forms.parse(_as_form_data(forms.values_for_form(service.values_of(koji))), complete=True)


def _as_form_data(values: dict) -> dict:
    data = {k: v for k, v in values.items() if k != "roles"}
    for i, row in enumerate(values.get("roles", [])):
        data[f"role-{i}"], data[f"grade-{i}"] = row.get("role", ""), row.get("grade", "")
    return data


# -- the JICA account: 公示登録, 公示一覧 -------------------------------------------------------


@get("/mypage/koji", name="recruitment:koji_list", guards=ORGANIZATION)
async def list_own(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    organization = await _jica(request, db)
    result = await service.own_list(db, organization.id, page_number(page))
    return render(
        request,
        "recruitment/koji/list.html.jinja",
        {"page": result, "phase": service.phase, "editable": service.editable_by_jica},
        fragments={"koji-list": "koji_list"},
    )


@get("/mypage/koji/new", name="recruitment:koji_new", guards=ORGANIZATION)
async def new_koji(request: Request, db: DbSession) -> Template:
    organization = await _jica(request, db)
    return _form_page(request, _Editor(Actor.JICA, organization, None), forms.blank_values(), {}, [])


@get("/mypage/koji/{koji_id:int}/edit", name="recruitment:koji_edit", guards=ORGANIZATION)
async def edit_koji(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    organization, koji = await _own(request, db, koji_id)
    if not service.editable_by_jica(koji):
        raise PermissionDeniedException(f"{service.phase(koji)}の公示は編集できません。")
    values = forms.values_for_form(service.values_of(koji))
    return _form_page(request, _Editor(Actor.JICA, organization, koji), values, {}, await service.files_of(db, koji.id))


async def _jica_editor(request: Request, db, koji_id: int | None) -> _Editor:
    if koji_id is None:
        return _Editor(Actor.JICA, await _jica(request, db), None)
    organization, koji = await _own(request, db, koji_id)
    return _Editor(Actor.JICA, organization, koji)


_BODY = {"request_max_body_size": forms.UPLOAD_LIMIT}


@post(
    ["/mypage/koji/save", "/mypage/koji/{koji_id:int}/save"], name="recruitment:koji_save", guards=ORGANIZATION, **_BODY
)
async def save_koji(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int | None] = None
) -> Response | Template:
    """一時保存: incomplete input is kept; only malformed values (and refused files) are refused."""
    return await _save(request, db, settings, await _jica_editor(request, db, koji_id))


@post(
    ["/mypage/koji/preview", "/mypage/koji/{koji_id:int}/preview"],
    name="recruitment:koji_preview_draft",
    guards=ORGANIZATION,
    **_BODY,
)
async def preview_koji(request: Request, db: DbSession, koji_id: FromPath[int | None] = None) -> Template:
    return await _preview(request, db, await _jica_editor(request, db, koji_id))


@post(
    ["/mypage/koji/confirm", "/mypage/koji/{koji_id:int}/confirm"],
    name="recruitment:koji_confirm",
    guards=ORGANIZATION,
    **_BODY,
)
async def confirm_koji(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int | None] = None
) -> Template:
    return await _confirm(request, db, settings, await _jica_editor(request, db, koji_id))


@post("/mypage/koji/{koji_id:int}/submit", name="recruitment:koji_submit", guards=ORGANIZATION)
async def submit_koji(request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int]) -> Response:
    """掲載依頼: the confirmed draft goes to the secretariat's 公示の審査."""
    organization, koji = await _own(request, db, koji_id)
    if not _incomplete(koji).ok:
        flash(request, "未入力の項目があります。入力内容を確認してください。", "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_edit", koji_id=koji.id))
    try:
        await service.submit(db, settings, organization, koji)
    except service.KojiError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, "掲載依頼を送りました。事務局の審査のあと掲載されます。")
    return see_other(request, request.app.route_reverse("recruitment:koji_list"))


@get("/mypage/koji/{koji_id:int}", name="recruitment:koji_show", guards=ORGANIZATION)
async def show_own(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    """The JICA account's view of its notice: as published, with its state, 結果 and 掲載中止."""
    organization, koji = await _own(request, db, koji_id)
    return await _manage_page(request, db, organization, koji, Actor.JICA)


async def _manage_page(request, db, organization, koji: Koji, actor: Actor, errors=None, values=None, status_code=200):
    jica = actor == Actor.JICA
    return render(
        request,
        "recruitment/koji/manage.html.jinja",
        {
            **_detail_context(
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


@get("/mypage/koji/{koji_id:int}/files/{file_id:int}", name="recruitment:koji_own_file", guards=ORGANIZATION)
async def own_file(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    _, koji = await _own(request, db, koji_id)
    return await _download(db, settings, koji, file_id)


@post("/mypage/koji/{koji_id:int}/files/{file_id:int}/delete", name="recruitment:koji_delete_file", guards=ORGANIZATION)
async def delete_own_file(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    _, koji = await _own(request, db, koji_id)
    return await _delete_file(request, db, settings, koji, file_id, "recruitment:koji_edit")


async def _delete_file(request, db, settings, koji: Koji, file_id: int, back: str) -> Response:
    try:
        removed = await service.remove_file(db, settings, koji, file_id)
    except LookupError:
        raise NotFoundException("ファイルが見つかりません。") from None
    except service.KojiError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, f"「{removed.label}」（{removed.original_name}）を削除しました。")
    return see_other(request, request.app.route_reverse(back, koji_id=koji.id))


@get("/mypage/koji/{koji_id:int}/stop", name="recruitment:koji_stop_confirm", guards=ORGANIZATION)
async def confirm_stop(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    _, koji = await _own(request, db, koji_id)
    return render(request, "recruitment/koji/stop.html.jinja", {"koji": koji, "errors": {}, "values": {}})


@post("/mypage/koji/{koji_id:int}/stop", name="recruitment:koji_stop", guards=ORGANIZATION)
async def stop_own(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int]
) -> Response | Template:
    _, koji = await _own(request, db, koji_id)
    result = forms.reason((await request.form()).dict(), "掲載中止の理由")
    if not result.ok:
        return render(
            request,
            "recruitment/koji/stop.html.jinja",
            {"koji": koji, "errors": result.errors, "values": result.values},
            status_code=422,
        )
    try:
        await service.stop(db, settings, koji, result.values["reason"], Actor.JICA)
    except service.KojiError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_show", koji_id=koji.id))
    flash(request, f"「{koji.title}」の掲載を中止しました。")
    return see_other(request, request.app.route_reverse("recruitment:koji_list"))


@post("/mypage/koji/{koji_id:int}/result", name="recruitment:koji_result", guards=ORGANIZATION)
async def result_own(request: Request, db: DbSession, koji_id: FromPath[int]) -> Response | Template:
    organization, koji = await _own(request, db, koji_id)
    return await _record_result(request, db, organization, koji, Actor.JICA, "recruitment:koji_show")


async def _record_result(request, db, organization, koji: Koji, actor: Actor, back: str) -> Response | Template:
    result, contractor, contracted_on = forms.parse_result((await request.form()).dict())
    if not result.ok:
        return await _manage_page(request, db, organization, koji, actor, result.errors, result.values, 422)
    try:
        await service.record_result(koji, contractor, contracted_on)
    except service.KojiError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, "結果（契約相手先・契約日）を登録しました。公示情報に表示されます。")
    return see_other(request, request.app.route_reverse(back, koji_id=koji.id))


# -- the secretariat: 公示の審査, 公示代理登録 ---------------------------------------------------


@get("/admin/koji", name="recruitment:koji_review_queue", guards=OFFICE)
async def review_queue(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    pending = await service.review_queue(db)
    drafts = await service.proxy_drafts(db)
    live = await service.published(db, page_number(page))
    ids = {k.organization_id for k in (*pending, *drafts, *live.items)}
    return render(
        request,
        "recruitment/koji/admin_queue.html.jinja",
        {
            "pending": pending,
            "drafts": drafts,
            "page": live,
            "organizations": await accounts.organizations_by_ids(db, ids),
        },
        fragments={"koji-published": "koji_published"},
    )


@get("/admin/koji/{koji_id:int}", name="recruitment:koji_review", guards=OFFICE)
async def review_koji(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    koji = await _office_koji(db, koji_id)
    return await _manage_page(request, db, await _organization(db, koji.organization_id), koji, Actor.SECRETARIAT)


@post("/admin/koji/{koji_id:int}/approve", name="recruitment:koji_approve", guards=OFFICE)
async def approve_koji(request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int]) -> Response:
    koji = await _office_koji(db, koji_id)
    try:
        await service.approve(db, settings, koji)
    except service.KojiError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_review", koji_id=koji.id))
    flash(request, f"「{koji.title}」を承認しました。公示情報に掲載されます。")
    return see_other(request, request.app.route_reverse("recruitment:koji_review_queue"))


@post("/admin/koji/{koji_id:int}/return", name="recruitment:koji_return", guards=OFFICE)
async def return_koji(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int]
) -> Response | Template:
    koji = await _office_koji(db, koji_id)
    result = forms.reason((await request.form()).dict(), "差戻しの理由")
    organization = await _organization(db, koji.organization_id)
    if not result.ok:
        return await _manage_page(request, db, organization, koji, Actor.SECRETARIAT, result.errors, result.values, 422)
    try:
        await service.return_koji(db, settings, koji, result.values["reason"])
    except service.KojiError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_review", koji_id=koji.id))
    flash(request, "差戻しました。理由をメールで送信しました。")
    return see_other(request, request.app.route_reverse("recruitment:koji_review_queue"))


@post("/admin/koji/{koji_id:int}/stop", name="recruitment:koji_admin_stop", guards=OFFICE)
async def stop_koji(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int]
) -> Response | Template:
    koji = await _office_koji(db, koji_id)
    result = forms.reason((await request.form()).dict(), "掲載中止の理由")
    organization = await _organization(db, koji.organization_id)
    if not result.ok:
        errors = {"stop_reason": result.errors["reason"]}
        return await _manage_page(request, db, organization, koji, Actor.SECRETARIAT, errors, {}, 422)
    try:
        await service.stop(db, settings, koji, result.values["reason"], Actor.SECRETARIAT)
    except service.KojiError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_review", koji_id=koji.id))
    flash(request, f"「{koji.title}」の掲載を中止しました。団体にメールでお知らせしました。")
    return see_other(request, request.app.route_reverse("recruitment:koji_review_queue"))


@post("/admin/koji/{koji_id:int}/result", name="recruitment:koji_admin_result", guards=OFFICE)
async def result_koji(request: Request, db: DbSession, koji_id: FromPath[int]) -> Response | Template:
    koji = await _office_koji(db, koji_id)
    organization = await _organization(db, koji.organization_id)
    return await _record_result(request, db, organization, koji, Actor.SECRETARIAT, "recruitment:koji_review")


@get("/admin/koji/{koji_id:int}/files/{file_id:int}", name="recruitment:koji_admin_file", guards=OFFICE)
async def admin_file(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    return await _download(db, settings, await _office_koji(db, koji_id), file_id)


async def _proxy_editor(request: Request, db, koji_id: int | None) -> _Editor:
    if koji_id is not None:
        organization, koji = await _proxy_draft(db, koji_id)
        return _Editor(Actor.SECRETARIAT, organization, koji)
    raw = first((await request.form()).dict(), "organization_id")
    chosen = next((o for o in await service.jica_organizations(db) if str(o.id) == str(raw).strip()), None)
    return _Editor(Actor.SECRETARIAT, chosen, None)


async def _proxy_without_organization(request: Request, db, editor: _Editor) -> Template | None:
    if editor.organization is not None:
        return None
    form, _ = await _parse(request, complete=False)
    form.result.errors = {"organization_id": "代理登録する団体（JICA）を選択してください。", **form.errors}
    return await _refused(request, db, editor, form)


@get("/admin/koji/new", name="recruitment:koji_proxy_new", guards=OFFICE)
async def proxy_new(request: Request, db: DbSession) -> Template:
    return _form_page(
        request,
        _Editor(Actor.SECRETARIAT, None, None),
        forms.blank_values(),
        {},
        [],
        jica_organizations=await service.jica_organizations(db),
    )


@get("/admin/koji/{koji_id:int}/edit", name="recruitment:koji_proxy_edit", guards=OFFICE)
async def proxy_edit(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    organization, koji = await _proxy_draft(db, koji_id)
    values = forms.values_for_form(service.values_of(koji))
    return _form_page(
        request,
        _Editor(Actor.SECRETARIAT, organization, koji),
        values,
        {},
        await service.files_of(db, koji.id),
        jica_organizations=await service.jica_organizations(db),
    )


@post(
    ["/admin/koji/save", "/admin/koji/{koji_id:int}/save"], name="recruitment:koji_proxy_save", guards=OFFICE, **_BODY
)
async def proxy_save(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int | None] = None
) -> Response | Template:
    editor = await _proxy_editor(request, db, koji_id)
    return await _proxy_without_organization(request, db, editor) or await _save(request, db, settings, editor)


@post(
    ["/admin/koji/preview", "/admin/koji/{koji_id:int}/preview"],
    name="recruitment:koji_proxy_preview",
    guards=OFFICE,
    **_BODY,
)
async def proxy_preview(request: Request, db: DbSession, koji_id: FromPath[int | None] = None) -> Template:
    editor = await _proxy_editor(request, db, koji_id)
    return await _proxy_without_organization(request, db, editor) or await _preview(request, db, editor)


@post(
    ["/admin/koji/confirm", "/admin/koji/{koji_id:int}/confirm"],
    name="recruitment:koji_proxy_confirm",
    guards=OFFICE,
    **_BODY,
)
async def proxy_confirm(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int | None] = None
) -> Template:
    editor = await _proxy_editor(request, db, koji_id)
    return await _proxy_without_organization(request, db, editor) or await _confirm(request, db, settings, editor)


@post("/admin/koji/{koji_id:int}/publish", name="recruitment:koji_proxy_publish", guards=OFFICE)
async def proxy_publish(request: Request, db: DbSession, koji_id: FromPath[int]) -> Response:
    """代理登録: the secretariat's confirmed draft is published at once."""
    _, koji = await _proxy_draft(db, koji_id)
    if not _incomplete(koji).ok:
        flash(request, "未入力の項目があります。入力内容を確認してください。", "error")
        return see_other(request, request.app.route_reverse("recruitment:koji_proxy_edit", koji_id=koji.id))
    try:
        await service.proxy_publish(db, koji)
    except service.KojiError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, f"「{koji.title}」を代理登録し、公示情報に掲載しました。")
    return see_other(request, request.app.route_reverse("recruitment:koji_review", koji_id=koji.id))


@post("/admin/koji/{koji_id:int}/files/{file_id:int}/delete", name="recruitment:koji_proxy_delete_file", guards=OFFICE)
async def proxy_delete_file(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    _, koji = await _proxy_draft(db, koji_id)
    return await _delete_file(request, db, settings, koji, file_id, "recruitment:koji_proxy_edit")


# -- the public: 公示情報 -----------------------------------------------------------------------


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


@get("/koji", name="recruitment:koji_search")
async def search_koji(
    request: Request,
    db: DbSession,
    keyword: FromQuery[str] = "",
    country: FromQuery[str] = "",
    work_type: FromQuery[str] = "",
    contract_type: FromQuery[str] = "",
    deadline_from: FromQuery[str] = "",
    deadline_to: FromQuery[str] = "",
    sort: FromQuery[str] = "new",
    page: FromQuery[str | None] = None,
) -> Template:
    filters = service.SearchFilters(
        keyword=keyword.strip()[:100],
        country=country if country in COUNTRY_LABELS else "",
        work_type=work_type if work_type in forms.WORK_TYPES else "",
        contract_type=contract_type if contract_type in forms.CONTRACT_TYPES else "",
        deadline_from=_day(deadline_from),
        deadline_to=_day(deadline_to),
        sort="deadline" if sort == "deadline" else "new",
        page=page_number(page),
    )
    result = await service.search(db, filters)
    params = {
        "keyword": filters.keyword,
        "country": filters.country,
        "work_type": filters.work_type,
        "contract_type": filters.contract_type,
        "deadline_from": filters.deadline_from.isoformat() if filters.deadline_from else "",
        "deadline_to": filters.deadline_to.isoformat() if filters.deadline_to else "",
        "sort": filters.sort,
    }  # for the pager: every filter is kept from page to page
    return render(
        request,
        "recruitment/koji/search.html.jinja",
        {
            "page": result,
            "filters": filters,
            "params": params,
            "choices": forms.CHOICES,
            "country_labels": COUNTRY_LABELS,
        },
        fragments={"search-results": "search_results"},
    )


@get("/koji/{koji_id:int}", name="recruitment:koji_detail")
async def show_koji(request: Request, db: DbSession, koji_id: FromPath[int]) -> Template:
    koji = await service.public(db, koji_id)
    if koji is None:  # a draft, one under review or stopped, or of an organization that left
        raise NotFoundException(NOT_PUBLIC)
    organization = await _organization(db, koji.organization_id)
    files = await service.files_of(db, koji.id)
    return render(
        request,
        "recruitment/koji/detail.html.jinja",
        _detail_context(service.values_of(koji), files, koji, organization),
    )


@get("/koji/{koji_id:int}/files/{file_id:int}", name="recruitment:koji_file")
async def public_file(
    request: Request, db: DbSession, settings: AppSettings, koji_id: FromPath[int], file_id: FromPath[int]
) -> Response:
    koji = await service.public(db, koji_id)
    if koji is None:
        raise NotFoundException(NOT_PUBLIC)
    return await _download(db, settings, koji, file_id)


async def _download(db, settings, koji: Koji, file_id: int) -> Response:
    found = await service.file_of(db, koji.id, file_id)
    if found is None:
        raise NotFoundException("ファイルが見つかりません。")
    try:
        body = uploads.read(settings, found.stored_name, service.FILES_AREA)
    except FileNotFoundError:
        raise NotFoundException("ファイルが見つかりません。") from None
    return Response(body, media_type=found.content_type, headers=uploads.attachment_headers(found.original_name))


@get("/koji/feed.atom", name="recruitment:koji_feed", media_type="application/atom+xml")
async def koji_feed(db: DbSession, settings: AppSettings) -> Response:
    notices = await service.newest_public(db)
    return Response(service.atom(notices, settings), media_type="application/atom+xml")


koji_router = Router(
    path="/",
    route_handlers=[
        list_own,
        new_koji,
        edit_koji,
        save_koji,
        preview_koji,
        confirm_koji,
        submit_koji,
        show_own,
        own_file,
        delete_own_file,
        confirm_stop,
        stop_own,
        result_own,
        review_queue,
        review_koji,
        approve_koji,
        return_koji,
        stop_koji,
        result_koji,
        admin_file,
        proxy_new,
        proxy_edit,
        proxy_save,
        proxy_preview,
        proxy_confirm,
        proxy_publish,
        proxy_delete_file,
        search_koji,
        show_koji,
        public_file,
        koji_feed,
    ],
)
