"""報告書 for the secretariat: 「報告書を作成」 for the period shown (htmx: the progress fragment
in place; without JavaScript: 303 to the document's page, which refreshes itself while it builds),
the document's page (htmx polls its status block) and the PDF and Excel downloads."""

from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from app import clock, uploads
from app.deps import AppSettings, DbSession
from app.security import require_role
from app.sessions import current_session
from app.templating import is_htmx, render, see_other
from features.accounts.api import Role
from features.reports import documents
from features.reports.periods import Period, PeriodKind

OFFICE = [require_role(Role.SECRETARIAT)]
CSS = "css/reports.css"
NOT_FOUND = "報告書が見つかりません。"
BAD_PERIOD = "報告書の期間を読み取れませんでした。報告のページで期間を選んでから「報告書を作成」を押してください。"
MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _period(kind: object, first: object, today: date) -> Period | None:
    """The form's period, exactly (no fallback: a button never asks for a default): a known kind,
    the first day of one of its periods, not in the future."""
    try:
        period = Period(PeriodKind(str(kind)), date.fromisoformat(str(first)))
    except ValueError:
        return None
    if Period.containing(period.kind, period.first) != period or period.first > today:
        return None
    return period


def _page(request: Request, context: dict, **options) -> Template:
    back = context.pop("back", None) or request.app.route_reverse("reports:overview")
    return render(
        request,
        "reports/document.html.jinja",
        {"css": CSS, "size_text": documents.size_text, "back": back, **context},
        **options,
    )


@post("/admin/reports/documents", name="reports:create_document", guards=OFFICE)
async def create_document(request: Request, db: DbSession, settings: AppSettings) -> Response | Template:
    form = await request.form()
    period = _period(form.get("kind"), form.get("period"), clock.today_jst())
    if period is None:
        return _page(request, {"document": None, "error": BAD_PERIOD}, status_code=422, block="document_error")
    document_id = await documents.request_document(db, settings, period, current_session(request).get("uid"))
    if is_htmx(request):
        document = await documents.document_view(db, document_id)
        return _page(request, {"document": document}, block="document_status")
    return see_other(request, request.app.route_reverse("reports:document", document_id=document_id))


@get("/admin/reports/documents/{document_id:int}", name="reports:document", guards=OFFICE)
async def show_document(request: Request, db: DbSession, document_id: FromPath[int]) -> Template:
    document = await documents.document_view(db, document_id)
    if document is None:
        raise NotFoundException(NOT_FOUND)
    period = document.period
    back = request.app.route_reverse("reports:overview") + f"?kind={period.kind}&period={period.key()}"
    return _page(request, {"document": document, "back": back}, fragments={"document-status": "document_status"})


async def _download(db, settings, document_id: int, extension: str) -> Response:
    found = await documents.document_file(db, settings, document_id, extension)
    if found is None:
        raise NotFoundException(NOT_FOUND)
    data, name = found
    return Response(data, media_type=MEDIA[extension], headers=uploads.attachment_headers(name))


@get("/admin/reports/documents/{document_id:int}/pdf", name="reports:download_pdf", guards=OFFICE)
async def download_pdf(db: DbSession, settings: AppSettings, document_id: FromPath[int]) -> Response:
    return await _download(db, settings, document_id, "pdf")


@get("/admin/reports/documents/{document_id:int}/xlsx", name="reports:download_xlsx", guards=OFFICE)
async def download_xlsx(db: DbSession, settings: AppSettings, document_id: FromPath[int]) -> Response:
    return await _download(db, settings, document_id, "xlsx")


ROUTES = [create_document, show_document, download_pdf, download_xlsx]
