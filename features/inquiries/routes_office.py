"""The desk's 定型文 (reply templates) and its 集計 page (monthly counts by category and first-reply
times)."""

from __future__ import annotations

import re

from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Template

from app import clock
from app.deps import DbSession
from app.reply_templates import template_routes
from app.templating import render
from features.inquiries import service, stats
from features.inquiries.routes import OFFICE

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


TEMPLATE_ROUTES = template_routes(
    service.REPLY_TEMPLATES,
    path="/admin/inquiry-templates",
    slice_name="inquiries",
    pages=("inquiries/templates.html.jinja", "inquiries/template_edit.html.jinja"),
    guards=OFFICE,
)


@get("/admin/inquiries/stats", name="inquiries:stats", guards=OFFICE)
async def show_stats(request: Request, db: DbSession, month: FromQuery[str] = "") -> Template:
    today = clock.today_jst()
    found = _MONTH.match(month)
    year, number = (int(found[1]), int(found[2])) if found and 1 <= int(found[2]) <= 12 else (today.year, today.month)
    if not 2000 <= year <= 2100:
        year, number = today.year, today.month
    start, end = stats.month_bounds(year, number)
    months = [stats.months_back(today, back) for back in range(12)]
    return render(
        request,
        "inquiries/stats.html.jinja",
        {
            "month": f"{year:04d}-{number:02d}",
            "month_label": f"{year}年{number}月",
            "months": [(f"{y:04d}-{m:02d}", f"{y}年{m}月") for y, m in months],
            "counts": await stats.count_cases(db, start, end),
            "times": await stats.response_times(db, start, end),
            "forged": await stats.forged_replies(db, start, end),
        },
        fragments={"stats-body": "stats_body"},
    )
