"""メールテンプレート (secretariat): the library, a template with its version history, 復元."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import DbSession
from app.pagination import page_number
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import api as accounts
from features.accounts.api import Role
from features.mailings import forms, library
from features.mailings.library import TemplateValues
from features.mailings.models import MailingTemplate
from features.mailings.states import TransitionRefused

OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "テンプレートが見つかりません。"


def _values(result) -> TemplateValues:
    v = result.values
    return TemplateValues(v["name"], v["category"], v["subject"], v["body"])


@get("/admin/mailing-templates", name="mailings:templates", guards=OFFICE)
async def list_templates(request: Request, db: DbSession, page: FromQuery[str] = "1") -> Template:
    result = await library.listing(db, page_number(page))
    return render(
        request,
        "mailings/templates.html.jinja",
        {"page": result, "categories": dict(forms.CATEGORIES)},
        fragments={"template-rows": "template_rows"},
    )


def _form(request: Request, template: MailingTemplate | None, values: dict, errors: dict, **extra) -> Template:
    return render(
        request,
        "mailings/template.html.jinja",
        {"template": template, "values": values, "errors": errors, "choices": forms.CHOICES, **extra},
        status_code=422 if errors else 200,
    )


@get("/admin/mailing-templates/new", name="mailings:template_new", guards=OFFICE)
async def new_template(request: Request) -> Template:
    return _form(request, None, {"category": "guide"}, {})


@post("/admin/mailing-templates", name="mailings:template_create", guards=OFFICE)
async def create_template(request: Request, db: DbSession) -> Template | Response:
    result = forms.parse_template((await request.form()).dict())
    if not result.ok:
        return _form(request, None, result.values, result.errors)
    template = await library.create(db, current_session(request)["uid"], _values(result))
    flash(request, f"テンプレート「{template.name}」を作成しました。")
    return see_other(request, request.app.route_reverse("mailings:template", template_id=template.id))


async def _template(db, template_id: int) -> MailingTemplate:
    template = await library.template_by_id(db, template_id)
    if template is None:
        raise NotFoundException(NOT_FOUND)
    return template


async def _page(request: Request, db, template: MailingTemplate, values=None, errors=None) -> Template:
    versions = await library.versions(db, template.id)
    names = await accounts.display_names(db, {v.changed_by for v in versions})
    values = values or {
        "name": template.name,
        "category": template.category,
        "subject": template.subject,
        "body": template.body,
    }
    return _form(request, template, values, errors or {}, versions=versions, names=names)


@get("/admin/mailing-templates/{template_id:int}", name="mailings:template", guards=OFFICE)
async def show_template(request: Request, db: DbSession, template_id: FromPath[int]) -> Template:
    return await _page(request, db, await _template(db, template_id))


@post("/admin/mailing-templates/{template_id:int}", name="mailings:template_update", guards=OFFICE)
async def update_template(request: Request, db: DbSession, template_id: FromPath[int]) -> Template | Response:
    template = await _template(db, template_id)
    result = forms.parse_template((await request.form()).dict())
    if not result.ok:
        return await _page(request, db, template, result.values, result.errors)
    try:
        changed = await library.update(db, template.id, current_session(request)["uid"], _values(result))
    except TransitionRefused as error:
        return await _page(request, db, template, result.values, {"body": error.message})
    flash(request, f"第{template.version}版として保存しました。" if changed else "変更はありません。")
    return see_other(request, request.app.route_reverse("mailings:template", template_id=template.id))


@post(
    "/admin/mailing-templates/{template_id:int}/versions/{version:int}/restore",
    name="mailings:template_restore",
    guards=OFFICE,
)
async def restore_template(
    request: Request, db: DbSession, template_id: FromPath[int], version: FromPath[int]
) -> Response:
    template = await _template(db, template_id)
    try:
        new_version = await library.restore(db, template.id, version, current_session(request)["uid"])
    except LookupError as error:
        raise NotFoundException("その版は見つかりません。") from error
    flash(request, f"第{version}版の内容を第{new_version}版として復元しました。")
    return see_other(request, request.app.route_reverse("mailings:template", template_id=template.id))


template_routes = [list_templates, new_template, create_template, show_template, update_template, restore_template]
