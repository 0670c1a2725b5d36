"""公募案件アクセス数 (secretariat only): a period's table, chart and CSV."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from litestar import Request, Router, get
from litestar.params import FromQuery
from litestar.response import Response, Template

from app import audit, clock
from app.deps import AppSettings, DbSession
from app.security import client_ip, require_role
from app.sessions import current_session
from app.templating import render
from features.accounts.api import Role
from features.recruitment import report

OFFICE = [require_role(Role.SECRETARIAT)]


def _sorting(sort: str, direction: str) -> tuple[str, bool]:
    key = sort if sort in report.SORT_KEYS else "views"
    default_descending = key not in ("number", "title")
    descending = {"desc": True, "asc": False}.get(direction, default_descending)
    return key, descending


@get("/admin/koubo/access", name="recruitment:access_report", guards=OFFICE)
async def access_report(
    request: Request,
    db: DbSession,
    month: FromQuery[str] = "",
    sort: FromQuery[str] = "views",
    direction: FromQuery[str] = "",
) -> Template:
    # ?from=…&to=… ("from" is a Python keyword: read from the query directly)
    start = request.query_params.get("from", "")
    end = request.query_params.get("to", "")
    period, error = report.parse_period(month, start, end, clock.today_jst())
    key, descending = _sorting(sort, direction)
    rows = report.sort_rows(await report.rows_for(db, period), key, descending)
    days = await report.daily_totals(db, period)
    path = request.app.route_reverse("recruitment:access_report")

    def sort_link(column: str) -> str:
        """The current column turns round; another one sorts numbers high to low, names A to Z."""
        desc = not descending if column == key else column not in ("number", "title")
        return path + "?" + urlencode({**period.query, "sort": column, "direction": "desc" if desc else "asc"})

    return render(
        request,
        "recruitment/report/access.html.jinja",
        {
            "period": period,
            "error": error,
            "rows": rows,
            "total": report.totals(rows),
            "days": days,
            "chart": report.chart_svg(days, period),
            "columns": report.COLUMNS,
            "sort_key": key,
            "descending": descending,
            "sort_link": sort_link,
            "csv_url": request.app.route_reverse("recruitment:access_report_csv") + "?" + urlencode(period.query),
            "month_value": period.month or f"{period.start:%Y-%m}",
            "months": report.recent_months(clock.today_jst(), period),
        },
        status_code=400 if error else 200,
    )


@get("/admin/koubo/access.csv", name="recruitment:access_report_csv", guards=OFFICE, opt={"writes": True})  # audit
async def access_report_csv(
    request: Request, db: DbSession, settings: AppSettings, month: FromQuery[str] = "", sort: FromQuery[str] = "views"
) -> Response:
    start = request.query_params.get("from", "")
    end = request.query_params.get("to", "")
    period, error = report.parse_period(month, start, end, clock.today_jst())
    if error:
        return Response(error, status_code=400, media_type="text/plain; charset=utf-8")
    key, descending = _sorting(sort, request.query_params.get("direction", ""))
    rows = report.sort_rows(await report.rows_for(db, period), key, descending)
    await audit.record(
        db,
        "koubo_access_export",
        actor_user_id=current_session(request).get("uid"),
        target_type="koubo_access",
        detail=json.dumps({**period.query, "rows": len(rows)}, ensure_ascii=False),
        client_ip=client_ip(request.scope, settings),
    )
    return Response(
        report.csv_for(rows, period),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(report.csv_filename(period))}",
            "Cache-Control": "no-store",
        },
    )


report_router = Router(path="/", route_handlers=[access_report, access_report_csv])
