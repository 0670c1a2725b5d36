"""定型文 / 回答テンプレート: named texts the secretariat keeps and inserts into a reply. Two desks keep
their own, in their own tables (問い合わせ対応 and メール相談); the keeping — a list by name, a name
used once, edit, delete — and its pages are the same, so they are written here once and each slice
makes its book and its routes from it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.deps import DbSession
from app.forms import FormResult, text_field
from app.sessions import flash
from app.templating import render, see_other


class TemplateRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TemplateBook:
    """One desk's templates: `model` is its table (id, name unique, body, created_at, updated_at)."""

    model: Any
    noun: str  # 定型文, 回答テンプレート: in every message and flash
    name_label: str
    body_max: int
    # A problem with a body the desk cannot send (e.g. an unknown merge field), or None.
    body_problem: Callable[[str], str | None] = lambda body: None

    async def all(self, db: AsyncSession) -> list:
        return list((await db.execute(select(self.model).order_by(self.model.name))).scalars())

    async def get(self, db: AsyncSession, template_id: int):
        return await db.get(self.model, template_id)

    async def offered(self, db: AsyncSession, template_id: str) -> tuple[list, Any | None]:
        """Every template (the choice on a reply form) and the one `template_id` names (the page's
        ?template= value), or None when it names none."""
        templates = await self.all(db)
        return templates, next((t for t in templates if str(t.id) == template_id), None)

    async def save(self, db: AsyncSession, template_id: int | None, name: str, body: str):
        if problem := self.body_problem(body):
            raise TemplateRefused(problem)
        same_name = await db.scalar(select(self.model.id).where(self.model.name == name))
        if same_name is not None and same_name != template_id:
            raise TemplateRefused(f"同じ名前の{self.noun}があります。")
        now = clock.now()
        if template_id is None:
            template = self.model(name=name, body=body, created_at=now, updated_at=now)
            db.add(template)
        else:
            template = await db.get(self.model, template_id)
            if template is None:
                raise TemplateRefused(f"{self.noun}が見つかりません。")
            template.name, template.body, template.updated_at = name, body, now
        await db.flush()
        return template

    async def delete(self, db: AsyncSession, template_id: int) -> bool:
        result = await db.execute(delete(self.model).where(self.model.id == template_id))
        return result.rowcount == 1

    def parse(self, data: Mapping[str, Any]) -> FormResult:
        result = FormResult()
        text_field(result, data, "name", self.name_label, required=True, max_length=100)
        text_field(result, data, "body", "本文", required=True, max_length=self.body_max, multiline=True)
        if "body" not in result.errors and (problem := self.body_problem(result.values["body"])):
            result.error("body", problem)
        return result


def template_routes(book: TemplateBook, *, path: str, slice_name: str, pages: tuple[str, str], guards: list) -> list:
    """The list (with the add form), edit and delete pages of `book` under `path`, named
    `<slice_name>:templates`, `:template_create`, `:template_edit`, `:template_update`,
    `:template_delete`; `pages` names the slice's list and edit templates."""
    list_page, edit_page_template = pages
    listing = f"{slice_name}:templates"
    missing = f"{book.noun}が見つかりません。"

    async def templates_page(request: Request, db, values=None, errors=None, status_code: int = 200) -> Template:
        context = {"templates": await book.all(db), "values": values or {}, "errors": errors or {}}
        return render(request, list_page, context, status_code=status_code)

    def edit_page(request: Request, template, values: dict, errors: dict, status_code: int = 200) -> Template:
        context = {"template": template, "values": values, "errors": errors}
        return render(request, edit_page_template, context, status_code=status_code)

    async def existing(db, template_id: int):
        if (template := await book.get(db, template_id)) is None:
            raise NotFoundException(missing)
        return template

    async def saved(request: Request, db, template_id: int | None) -> FormResult:
        result = book.parse((await request.form()).dict())
        if result.ok:
            try:
                await book.save(db, template_id, result.values["name"], result.values["body"])
            except TemplateRefused as refused:
                result.error("name", refused.message)
        return result

    @get(path, name=listing, guards=guards)
    async def list_templates(request: Request, db: DbSession) -> Template:
        return await templates_page(request, db)

    @post(path, name=f"{slice_name}:template_create", guards=guards)
    async def create_template(request: Request, db: DbSession) -> Template | Response:
        result = await saved(request, db, None)
        if not result.ok:
            return await templates_page(request, db, result.values, result.errors, status_code=422)
        flash(request, f"{book.noun}を追加しました。")
        return see_other(request, request.app.route_reverse(listing))

    @get(f"{path}/{{template_id:int}}", name=f"{slice_name}:template_edit", guards=guards)
    async def edit_template(request: Request, db: DbSession, template_id: FromPath[int]) -> Template:
        template = await existing(db, template_id)
        return edit_page(request, template, {"name": template.name, "body": template.body}, {})

    @post(f"{path}/{{template_id:int}}", name=f"{slice_name}:template_update", guards=guards)
    async def update_template(request: Request, db: DbSession, template_id: FromPath[int]) -> Template | Response:
        template = await existing(db, template_id)
        result = await saved(request, db, template.id)
        if not result.ok:
            return edit_page(request, template, result.values, result.errors, status_code=422)
        flash(request, f"{book.noun}を更新しました。")
        return see_other(request, request.app.route_reverse(listing))

    @post(f"{path}/{{template_id:int}}/delete", name=f"{slice_name}:template_delete", guards=guards)
    async def delete_template(request: Request, db: DbSession, template_id: FromPath[int]) -> Response:
        if not await book.delete(db, template_id):
            raise NotFoundException(missing)
        flash(request, f"{book.noun}を削除しました。")
        return see_other(request, request.app.route_reverse(listing))

    return [list_templates, create_template, edit_template, update_template, delete_template]
