"""The report page for the secretariat: a period (週・月・四半期・年度, the last complete one by
default) and its figures; htmx swaps the figures (#report-body), plain links and a GET form work
without JavaScript. Thin: parse the period → build the sections → render."""

from __future__ import annotations

from litestar import Request, Router, get
from litestar.params import FromQuery
from litestar.response import Template

from app import clock
from app.deps import DbSession
from app.security import require_role
from app.templating import render
from features.accounts.api import Role
from features.reports import documents, periods, service
from features.reports.routes_documents import ROUTES as DOCUMENT_ROUTES
from features.reports.sections import BUILDERS

OFFICE = [require_role(Role.SECRETARIAT)]
CSS = "css/reports.css"


@get("/admin/reports", name="reports:overview", guards=OFFICE)
async def show_report(
    request: Request, db: DbSession, kind: FromQuery[str | None] = None, period: FromQuery[str | None] = None
) -> Template:
    today = clock.today_jst()
    chosen = periods.parse(kind, period, today)
    following = chosen.shifted(1)
    return render(
        request,
        "reports/overview.html.jinja",
        {
            "css": CSS,
            "period": chosen,
            "kinds": list(periods.KIND_LABELS.items()),
            "previous": chosen.previous(),
            "following": following if following.first <= today else None,
            "complete": service.is_complete(chosen, today),
            "sections": await service.build_report(db, chosen, BUILDERS),
            "document": await documents.document_for_period(db, chosen),
            "documents": await documents.recent_documents(db),
            "size_text": documents.size_text,
        },
        fragments={"report-body": "report_body"},
    )


router = Router(path="/", route_handlers=[show_report, *DOCUMENT_ROUTES])
