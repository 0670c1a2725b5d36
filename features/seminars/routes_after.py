"""The seminar's day and after: 申込者の分析 and its CSV, 当日配布資料 (staff upload, participants'
and guests' downloads), the check-in page and the 受付名簿 PDF. The 後処理 page (survey, its
results, the 報告書 PDF) is in routes_followup.py, the セミナーレポート with its review and the
public reports in routes_report.py; both share this module's helpers.
Thin handlers: the rules are in analysis, checkin and materials."""

from __future__ import annotations

import json
from urllib.parse import quote

from litestar import Request, Router, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import HTTPException, NoRouteMatchFoundException, NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, uploads
from app.deps import AppSettings, DbSession
from app.forms import clean_text
from app.security import client_ip, require_login
from app.sessions import current_session, flash
from app.templating import is_htmx, render, see_other
from features.seminars import analysis, checkin, documents_after, materials
from features.seminars.admin_pages import NOT_FOUND, OFFICE, seminar_or_404, url_for
from features.seminars.models import KIND_LABELS, STATUS_LABELS, Seminar

LOGGED_IN = [require_login]
UPLOAD_LIMIT = uploads.MAX_FILE_BYTES + 1024 * 1024  # one file and its form fields (413 above it)
CSS = "css/seminars-after.css"


def current_user_id(request: Request) -> int | None:
    return current_session(request).get("uid")


def current_role(request: Request) -> str:
    return current_session(request).get("role") or ""


TABS = (
    ("seminars:analysis", "申込者の分析"),
    ("seminars:materials_admin", "当日配布資料"),
    ("seminars:checkin", "当日受付"),
    ("seminars:after", "後処理（アンケート・報告書）"),
    ("seminars:report_edit", "セミナーレポート"),
)


def _tabs(request: Request, seminar: Seminar) -> list[tuple[str, str]]:
    """The day-and-after pages of this seminar (a part not installed has no tab)."""
    tabs = []
    for name, label in TABS:
        try:
            tabs.append((url_for(request, name, seminar_id=seminar.id), label))
        except NoRouteMatchFoundException:
            continue
    return tabs


def base_context(request: Request, seminar: Seminar) -> dict:
    return {
        "tabs": _tabs(request, seminar),
        "seminar": seminar,
        "kind_label": KIND_LABELS.get(seminar.kind, ""),
        "status_label": STATUS_LABELS.get(seminar.status, seminar.status),
        "when": documents_after.when_text(seminar.starts_at, seminar.ends_at),
        "css": CSS,
    }


def refusal(message: str, status_code: int = 409) -> HTTPException:
    return HTTPException(status_code=status_code, detail=message)


def form_text(form, name: str, *, multiline: bool = False) -> str:
    value = form.get(name)
    return clean_text(value if isinstance(value, str) else "", multiline=multiline)


# -- 申込者の分析 --------------------------------------------------------------------------------


@get("/admin/seminars/{seminar_id:int}/analysis", name="seminars:analysis", guards=OFFICE)
async def show_analysis(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    seminar = await seminar_or_404(db, seminar_id)
    result = await analysis.analyse(db, seminar, orders=await form_orders())
    return render(request, "seminars/after/analysis.html.jinja", {**base_context(request, seminar), "analysis": result})


async def form_orders() -> dict:
    """The registration form's choices, so a choice nobody picked still shows 0 in its place."""
    return analysis.FORM_ORDERS


@get(
    "/admin/seminars/{seminar_id:int}/registrations.csv",
    name="seminars:registrations_csv",
    guards=OFFICE,
    opt={"writes": True},  # the export's audit row
)
async def registrations_csv(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]
) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    rows = await analysis.registration_rows(db, seminar.id)
    await audit.record(
        db,
        "seminar_registrations_export",
        actor_user_id=current_user_id(request),
        target_type="seminar",
        target_id=seminar.id,
        detail=json.dumps({"rows": len(rows)}, ensure_ascii=False),
        client_ip=client_ip(request.scope, settings),
    )
    headers = uploads.attachment_headers(f"セミナー申込者_{seminar.id}.csv")
    return Response(analysis.csv_for(rows), media_type="text/csv; charset=utf-8", headers=headers)


# -- 当日配布資料 -------------------------------------------------------------------------------


async def _materials_page(
    request: Request, db, seminar: Seminar, *, errors: dict | None = None, values: dict | None = None, status_code=200
) -> Template:
    return render(
        request,
        "seminars/after/materials.html.jinja",
        {
            **base_context(request, seminar),
            "materials": await materials.list_materials(db, seminar.id),
            "errors": errors or {},
            "values": values or {},
        },
        status_code=status_code,
    )


@get("/admin/seminars/{seminar_id:int}/materials", name="seminars:materials_admin", guards=OFFICE)
async def materials_admin(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    return await _materials_page(request, db, await seminar_or_404(db, seminar_id))


@post(
    "/admin/seminars/{seminar_id:int}/materials",
    name="seminars:upload_material",
    guards=OFFICE,
    request_max_body_size=UPLOAD_LIMIT,
)
async def upload_material(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]
) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    form = await request.form()
    title = form_text(form, "title")
    upload = form.get("file")
    errors: dict[str, str] = {}
    if len(title) > 200:
        errors["title"] = "資料名は200文字以内で入力してください。"
    data, filename = b"", ""
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors["file"] = "資料のファイル（PDFまたはPowerPoint）を選択してください。"
    else:
        data, filename = await upload.read(uploads.MAX_FILE_BYTES + 1), upload.filename
        try:
            materials.check_file(data, filename)
        except materials.MaterialError as error:
            errors["file"] = error.message
    if errors:
        return await _materials_page(request, db, seminar, errors=errors, values={"title": title}, status_code=422)
    try:
        added = await materials.add_material(
            db, settings, seminar, title=title, data=data, filename=filename, actor_user_id=current_user_id(request)
        )
    except materials.MaterialError as error:
        if error.status_code == 422:
            return await _materials_page(
                request, db, seminar, errors={"file": error.message}, values={"title": title}, status_code=422
            )
        raise refusal(error.message, error.status_code) from None
    flash(request, f"資料「{added.title}」を追加しました。")
    return see_other(request, url_for(request, "seminars:materials_admin", seminar_id=seminar.id))


@post(
    "/admin/seminars/{seminar_id:int}/materials/{material_id:int}/delete",
    name="seminars:delete_material",
    guards=OFFICE,
)
async def delete_material(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int], material_id: FromPath[int]
) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    try:
        await materials.delete_material(db, settings, seminar.id, material_id)
    except LookupError:
        raise NotFoundException("資料が見つかりません。") from None
    flash(request, "資料を削除しました。")
    return see_other(request, url_for(request, "seminars:materials_admin", seminar_id=seminar.id))


async def _download(db, settings, seminar_id: int, material_id: int) -> Response:
    try:
        material, body = await materials.read_material(db, settings, seminar_id, material_id)
    except LookupError:
        raise NotFoundException("資料が見つかりません。") from None
    return Response(body, media_type=material.content_type, headers=uploads.attachment_headers(material.original_name))


@get("/admin/seminars/{seminar_id:int}/materials/{material_id:int}", name="seminars:staff_material", guards=OFFICE)
async def staff_material(
    db: DbSession, settings: AppSettings, seminar_id: FromPath[int], material_id: FromPath[int]
) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    return await _download(db, settings, seminar.id, material_id)


async def _participant(request: Request, db, seminar_id: int) -> Seminar:
    """A logged-in person's own confirmed registration of a shown seminar; anyone else gets 404."""
    seminar = await seminar_or_404(db, seminar_id)
    uid = current_user_id(request)
    if not materials.shown(seminar) or uid is None:
        raise NotFoundException(NOT_FOUND)
    if await materials.confirmed_registration_of_user(db, seminar.id, uid) is None:
        raise NotFoundException("このセミナーの参加確定者のみ資料をダウンロードできます。")
    return seminar


@get("/seminars/{seminar_id:int}/materials", name="seminars:my_materials", guards=LOGGED_IN)
async def my_materials(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    seminar = await _participant(request, db, seminar_id)
    items = await materials.list_materials(db, seminar.id)
    links = [(m, url_for(request, "seminars:my_material", seminar_id=seminar.id, material_id=m.id)) for m in items]
    return render(request, "seminars/after/my_materials.html.jinja", {**base_context(request, seminar), "links": links})


@get("/seminars/{seminar_id:int}/materials/{material_id:int}", name="seminars:my_material", guards=LOGGED_IN)
async def my_material(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int], material_id: FromPath[int]
) -> Response:
    seminar = await _participant(request, db, seminar_id)
    return await _download(db, settings, seminar.id, material_id)


async def _guest(db, settings, seminar_id: int, registration_id: int, signature: str) -> Seminar:
    seminar = await seminar_or_404(db, seminar_id)
    registration = await materials.guest_registration(db, settings, seminar.id, registration_id, signature)
    if registration is None or not materials.shown(seminar):
        raise NotFoundException("このリンクは無効です（参加確定の方のみ資料をダウンロードできます）。")
    return seminar


@get(
    "/seminars/{seminar_id:int}/materials/r/{registration_id:int}/{signature:str}",
    name="seminars:guest_materials",
)
async def guest_materials(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    seminar_id: FromPath[int],
    registration_id: FromPath[int],
    signature: FromPath[str],
) -> Template:
    seminar = await _guest(db, settings, seminar_id, registration_id, signature)
    items = await materials.list_materials(db, seminar.id)
    links = [
        (
            m,
            url_for(
                request,
                "seminars:guest_material",
                seminar_id=seminar.id,
                registration_id=registration_id,
                signature=signature,
                material_id=m.id,
            ),
        )
        for m in items
    ]
    return render(
        request,
        "seminars/after/my_materials.html.jinja",
        {**base_context(request, seminar), "links": links},
        headers={"Cache-Control": "no-store"},  # the site's Referrer-Policy keeps the signed link on-site
    )


@get(
    "/seminars/{seminar_id:int}/materials/r/{registration_id:int}/{signature:str}/{material_id:int}",
    name="seminars:guest_material",
)
async def guest_material(
    db: DbSession,
    settings: AppSettings,
    seminar_id: FromPath[int],
    registration_id: FromPath[int],
    signature: FromPath[str],
    material_id: FromPath[int],
) -> Response:
    seminar = await _guest(db, settings, seminar_id, registration_id, signature)
    return await _download(db, settings, seminar.id, material_id)


# -- 当日受付 ----------------------------------------------------------------------------------

CHECKIN_FRAGMENTS = {"checkin-panel": "checkin_panel"}


async def _checkin_page(
    request: Request, db, seminar: Seminar, query: str, *, announce: str = "", status_code: int = 200
) -> Template:
    return render(
        request,
        "seminars/after/checkin.html.jinja",
        {
            **base_context(request, seminar),
            "query": query,
            "people": await checkin.search(db, seminar.id, query),
            "count": await checkin.count(db, seminar.id),
            "open": seminar.status in checkin.CHECKIN_STATES,
            "announce": announce,
        },
        fragments=CHECKIN_FRAGMENTS,
        block="checkin_panel" if is_htmx(request) and request.method == "POST" else None,
        status_code=status_code,
    )


@get("/admin/seminars/{seminar_id:int}/checkin", name="seminars:checkin", guards=OFFICE)
async def show_checkin(request: Request, db: DbSession, seminar_id: FromPath[int], q: FromQuery[str] = "") -> Template:
    seminar = await seminar_or_404(db, seminar_id)
    return await _checkin_page(request, db, seminar, clean_text(q)[:100])


async def _mark(request: Request, db, seminar_id: int, registration_id: int, *, attended: bool) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    query = form_text(await request.form(), "q")[:100]
    try:
        person = await checkin.person(db, seminar.id, registration_id)
        action = checkin.mark_attended if attended else checkin.undo_attended
        changed = await action(db, seminar, registration_id, actor_user_id=current_user_id(request))
    except LookupError:
        raise NotFoundException("この受付番号の参加確定者が見つかりません。") from None
    except checkin.CheckinRefused as refused:
        raise refusal(refused.message, refused.status_code) from None
    if attended:
        message = (
            f"{person.name}さん（{person.receipt_no}）を出席にしました。"
            if changed
            else f"{person.name}さんは受付済みです。"
        )
    else:
        message = (
            f"{person.name}さん（{person.receipt_no}）の出席を取り消しました。"
            if changed
            else "出席は記録されていません。"
        )
    if is_htmx(request):
        count = await checkin.count(db, seminar.id)
        return await _checkin_page(
            request, db, seminar, query, announce=f"{message} 出席 {count.attended}名／申込 {count.registered}名"
        )
    flash(request, message)
    target = url_for(request, "seminars:checkin", seminar_id=seminar.id)
    return see_other(request, target + (f"?q={_quote(query)}" if query else ""))


def _quote(text: str) -> str:
    return quote(text, safe="")


@post("/admin/seminars/{seminar_id:int}/checkin/{registration_id:int}", name="seminars:mark_attended", guards=OFFICE)
async def mark_attended(
    request: Request, db: DbSession, seminar_id: FromPath[int], registration_id: FromPath[int]
) -> Template | Response:
    return await _mark(request, db, seminar_id, registration_id, attended=True)


@post(
    "/admin/seminars/{seminar_id:int}/checkin/{registration_id:int}/undo",
    name="seminars:undo_attended",
    guards=OFFICE,
)
async def undo_attended(
    request: Request, db: DbSession, seminar_id: FromPath[int], registration_id: FromPath[int]
) -> Template | Response:
    return await _mark(request, db, seminar_id, registration_id, attended=False)


@get("/admin/seminars/{seminar_id:int}/roster.pdf", name="seminars:roster_pdf", guards=OFFICE)
async def roster_pdf(db: DbSession, seminar_id: FromPath[int], order: FromQuery[str] = "receipt") -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    when = documents_after.when_text(seminar.starts_at, seminar.ends_at)
    body = await checkin.roster_pdf(db, seminar, when, order)
    return Response(
        body, media_type="application/pdf", headers=uploads.attachment_headers(f"受付名簿_{seminar.id}.pdf")
    )


after_router = Router(
    path="",
    route_handlers=[
        show_analysis,
        registrations_csv,
        materials_admin,
        upload_material,
        delete_material,
        staff_material,
        my_materials,
        my_material,
        guest_materials,
        guest_material,
        show_checkin,
        mark_attended,
        undo_attended,
        roster_pdf,
    ],
)
