"""セミナーレポート: the secretariat writes it (draft, photos), has it reviewed and publishes it;
the public list of published reports, each report and its photos. Thin handlers: the rules are in
seminar_report."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import uploads
from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.sessions import flash
from app.templating import render, see_other
from features.accounts.api import Role
from features.seminars import seminar_report
from features.seminars.models import Seminar
from features.seminars.routes_after import (
    CSS,
    OFFICE,
    UPLOAD_LIMIT,
    base_context,
    current_role,
    current_user_id,
    form_text,
    refusal,
    seminar_or_404,
    url_for,
)
from features.seminars.seminar_report import ReportError, ReportMove

# -- セミナーレポート -------------------------------------------------------------------------


async def _report_page(
    request: Request, db, seminar: Seminar, *, errors: dict | None = None, values: dict | None = None, status_code=200
) -> Template:
    report = await seminar_report.report_of(db, seminar.id)
    return render(
        request,
        "seminars/after/report_edit.html.jinja",
        {
            **base_context(request, seminar),
            "report": report,
            "report_label": seminar_report.status_label(report.status) if report else "下書き（未保存）",
            "photos": await seminar_report.photos_of(db, report.id if report else None),
            "moves": seminar_report.allowed_moves(report),
            "Move": ReportMove,
            "editable": seminar.status in seminar_report.REPORT_STATES and (report is None or report.status == "draft"),
            "writable": seminar.status in seminar_report.REPORT_STATES,
            "errors": errors or {},
            "values": values
            or {
                "title": report.title if report else f"{seminar.title} 開催レポート",
                "body": report.body if report else "",
            },
        },
        status_code=status_code,
    )


def _report_url(request: Request, seminar: Seminar) -> str:
    return url_for(request, "seminars:report_edit", seminar_id=seminar.id)


@get("/admin/seminars/{seminar_id:int}/report", name="seminars:report_edit", guards=OFFICE)
async def report_edit(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    return await _report_page(request, db, await seminar_or_404(db, seminar_id))


@post("/admin/seminars/{seminar_id:int}/report", name="seminars:report_save", guards=OFFICE)
async def report_save(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    form = await request.form()
    values = {"title": form_text(form, "title"), "body": form_text(form, "body", multiline=True)}
    if errors := seminar_report.validate(values["title"], values["body"]):
        return await _report_page(request, db, seminar, errors=errors, values=values, status_code=422)
    try:
        await seminar_report.save_draft(db, seminar, **values, actor_user_id=current_user_id(request))
    except ReportError as error:
        raise refusal(error.message, error.status_code) from None
    flash(request, "セミナーレポートを下書き保存しました。")
    return see_other(request, _report_url(request, seminar))


async def _move(request: Request, db, seminar_id: int, report_move: ReportMove, done: str) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    form = await request.form()
    try:
        if report_move == ReportMove.SUBMIT:
            # 確認を依頼する saves what is in the form first (one click, nothing typed is lost).
            values = {"title": form_text(form, "title"), "body": form_text(form, "body", multiline=True)}
            if values["title"] or values["body"]:
                if errors := seminar_report.validate(values["title"], values["body"]):
                    return await _report_page(request, db, seminar, errors=errors, values=values, status_code=422)
                await seminar_report.save_draft(db, seminar, **values, actor_user_id=current_user_id(request))
        await seminar_report.move(
            db,
            seminar,
            report_move,
            role=current_role(request),
            actor_user_id=current_user_id(request),
            comment=form_text(form, "comment", multiline=True)[:1000],
        )
    except ReportError as error:
        raise refusal(error.message, error.status_code) from None
    flash(request, done)
    return see_other(request, _report_url(request, seminar))


@post("/admin/seminars/{seminar_id:int}/report/submit", name="seminars:report_submit", guards=OFFICE)
async def report_submit(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Response:
    return await _move(request, db, seminar_id, ReportMove.SUBMIT, "確認を依頼しました（確認待ち）。")


@post("/admin/seminars/{seminar_id:int}/report/send-back", name="seminars:report_send_back", guards=OFFICE)
async def report_send_back(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Response:
    return await _move(request, db, seminar_id, ReportMove.SEND_BACK, "レポートを差し戻しました（下書き）。")


@post("/admin/seminars/{seminar_id:int}/report/publish", name="seminars:report_publish", guards=OFFICE)
async def report_publish(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Response:
    return await _move(request, db, seminar_id, ReportMove.PUBLISH, "セミナーレポートを公開しました。")


@post("/admin/seminars/{seminar_id:int}/report/withdraw", name="seminars:report_withdraw", guards=OFFICE)
async def report_withdraw(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Response:
    return await _move(request, db, seminar_id, ReportMove.WITHDRAW, "公開を取り下げました（下書き）。")


@post(
    "/admin/seminars/{seminar_id:int}/report/photos",
    name="seminars:report_add_photo",
    guards=OFFICE,
    request_max_body_size=UPLOAD_LIMIT,
)
async def report_add_photo(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]
) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    form = await request.form()
    alt_text, caption = form_text(form, "alt_text"), form_text(form, "caption")[:200]
    upload = form.get("photo")
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors = {"photo": "写真のファイル（JPEGまたはPNG）を選択してください。"}
        if not alt_text:
            errors["alt_text"] = "写真の代替テキスト（写っている内容の説明）を入力してください。"
        return await _report_page(request, db, seminar, errors=errors, status_code=422)
    data = await upload.read(uploads.MAX_FILE_BYTES + 1)
    if errors := seminar_report.check_photo(data, upload.filename, alt_text):
        return await _report_page(request, db, seminar, errors=errors, status_code=422)
    try:
        await seminar_report.add_photo(
            db, settings, seminar, data=data, filename=upload.filename, alt_text=alt_text, caption=caption
        )
    except ReportError as error:
        raise refusal(error.message, error.status_code) from None
    flash(request, "写真を追加しました。")
    return see_other(request, _report_url(request, seminar))


@post(
    "/admin/seminars/{seminar_id:int}/report/photos/{photo_id:int}/delete",
    name="seminars:report_remove_photo",
    guards=OFFICE,
)
async def report_remove_photo(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int], photo_id: FromPath[int]
) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    try:
        await seminar_report.remove_photo(db, settings, seminar, photo_id)
    except LookupError:
        raise NotFoundException("写真が見つかりません。") from None
    except ReportError as error:
        raise refusal(error.message, error.status_code) from None
    flash(request, "写真を削除しました。")
    return see_other(request, _report_url(request, seminar))


# -- public reports ------------------------------------------------------------------------


@get("/seminars/reports", name="seminars:reports")
async def list_reports(request: Request, db: DbSession, page: FromQuery[str] = "1") -> Template:
    result = await seminar_report.list_published(db, page_number(page))
    return render(request, "seminars/after/reports.html.jinja", {"page": result, "css": CSS})


@get("/seminars/{seminar_id:int}/report", name="seminars:report")
async def show_report(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    seminar = await seminar_or_404(db, seminar_id)
    report = await seminar_report.published_report(db, seminar.id)
    if report is None:
        raise NotFoundException("このセミナーのレポートは公開されていません。")
    return render(
        request,
        "seminars/after/report.html.jinja",
        {
            **base_context(request, seminar),
            "report": report,
            "paragraphs": seminar_report.paragraphs(report.body),
            "photos": await seminar_report.photos_of(db, report.id),
        },
    )


@get("/seminars/{seminar_id:int}/report/photos/{photo_id:int}", name="seminars:report_photo")
async def report_photo(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int], photo_id: FromPath[int]
) -> Response:
    staff = current_role(request) == Role.SECRETARIAT
    try:
        content_type, body = await seminar_report.photo_file(db, settings, seminar_id, photo_id, staff=staff)
    except LookupError:
        raise NotFoundException("写真が見つかりません。") from None
    cache = "no-store" if staff else "public, max-age=300"
    return Response(
        body, media_type=content_type, headers={"X-Content-Type-Options": "nosniff", "Cache-Control": cache}
    )


report_router = Router(
    path="",
    route_handlers=[
        report_edit,
        report_save,
        report_submit,
        report_send_back,
        report_publish,
        report_withdraw,
        report_add_photo,
        report_remove_photo,
        list_reports,
        show_report,
        report_photo,
    ],
)
