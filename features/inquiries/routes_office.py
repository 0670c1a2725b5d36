"""The desk's 定型文 (reply templates) and its 集計 page (monthly counts by category and first-reply
times)."""

from __future__ import annotations

import re

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import clock
from app.deps import DbSession
from app.sessions import flash
from app.templating import render, see_other
from features.inquiries import forms, service, stats
from features.inquiries.routes import OFFICE

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


async def _templates_page(request: Request, db, *, values=None, errors=None, status_code: int = 200) -> Template:
    return render(
        request,
        "inquiries/templates.html.jinja",
        {"templates": await service.reply_templates(db), "values": values or {}, "errors": errors or {}},
        status_code=status_code,
    )


@get("/admin/inquiry-templates", name="inquiries:templates", guards=OFFICE)
async def list_templates(request: Request, db: DbSession) -> Template:
    return await _templates_page(request, db)


@post("/admin/inquiry-templates", name="inquiries:template_create", guards=OFFICE)
async def create_template(request: Request, db: DbSession) -> Template | Response:
    result = forms.parse_template((await request.form()).dict())
    if result.ok:
        try:
            await service.save_reply_template(db, None, result.values["name"], result.values["body"])
        except service.CaseError as error:
            result.error("name", error.message)
    if not result.ok:
        return await _templates_page(request, db, values=result.values, errors=result.errors, status_code=422)
    flash(request, "定型文を追加しました。")
    return see_other(request, request.app.route_reverse("inquiries:templates"))


async def _template(db, template_id: int):
    template = await service.reply_template(db, template_id)
    if template is None:
        raise NotFoundException("定型文が見つかりません。")
    return template


def _template_form(request: Request, template, values: dict, errors: dict, status_code: int = 200) -> Template:
    return render(
        request,
        "inquiries/template_edit.html.jinja",
        {"template": template, "values": values, "errors": errors},
        status_code=status_code,
    )


@get("/admin/inquiry-templates/{template_id:int}", name="inquiries:template_edit", guards=OFFICE)
async def edit_template(request: Request, db: DbSession, template_id: FromPath[int]) -> Template:
    template = await _template(db, template_id)
    return _template_form(request, template, {"name": template.name, "body": template.body}, {})


@post("/admin/inquiry-templates/{template_id:int}", name="inquiries:template_update", guards=OFFICE)
async def update_template(request: Request, db: DbSession, template_id: FromPath[int]) -> Template | Response:
    template = await _template(db, template_id)
    result = forms.parse_template((await request.form()).dict())
    if result.ok:
        try:
            await service.save_reply_template(db, template.id, result.values["name"], result.values["body"])
        except service.CaseError as error:
            result.error("name", error.message)
    if not result.ok:
        return _template_form(request, template, result.values, result.errors, status_code=422)
    flash(request, "定型文を更新しました。")
    return see_other(request, request.app.route_reverse("inquiries:templates"))


@post("/admin/inquiry-templates/{template_id:int}/delete", name="inquiries:template_delete", guards=OFFICE)
async def delete_template(request: Request, db: DbSession, template_id: FromPath[int]) -> Response:
    if not await service.delete_reply_template(db, template_id):
        raise NotFoundException("定型文が見つかりません。")
    flash(request, "定型文を削除しました。")
    return see_other(request, request.app.route_reverse("inquiries:templates"))


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
