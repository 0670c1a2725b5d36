"""保存した検索条件 (mypage, 個人 and 団体) and the 条件を保存 form the search pages link to."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.forms import first
from app.pagination import page_number
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts.api import Role
from features.saved_searches import forms, service
from features.saved_searches.models import FREQUENCY_LABELS
from features.saved_searches.scopes import SCOPES, canonical_query

MEMBERS = [require_role(Role.INDIVIDUAL, Role.ORGANIZATION)]
NOT_SAVABLE = "この検索条件は保存できません。"
NOT_FOUND = "この検索条件はありません（削除されたか、ほかの方の検索条件です）。"
FORM_FRAGMENT = {"save-search-form": "save_form"}


def _user(request: Request) -> tuple[int, str]:
    session = current_session(request)
    return session["uid"], session.get("role")


def _scope(request: Request, key: str):
    scope = service.scope_for(key, _user(request)[1])
    if scope is None:
        raise NotFoundException(NOT_SAVABLE)
    return scope


async def _own(request: Request, db, search_id: int):
    search = await service.own(db, _user(request)[0], search_id)
    if search is None:
        raise NotFoundException(NOT_FOUND)
    return search


def _new_page(request, scope, query: str, values: dict, errors: dict, status_code: int = 200) -> Template:
    return render(
        request,
        "saved_searches/new.html.jinja",
        {
            "scope": scope,
            "query": query,
            "search_url": request.app.route_reverse(scope.route) + (f"?{query}" if query else ""),
            "values": values,
            "errors": errors,
            "frequencies": forms.frequency_choices(scope),
        },
        fragments=FORM_FRAGMENT,
        status_code=status_code,
    )


@get("/mypage/saved-searches", name="saved_searches:list", guards=MEMBERS)
async def list_searches(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    result = await service.list_page(db, _user(request)[0], page_number(page))
    return render(
        request,
        "saved_searches/list.html.jinja",
        {
            "page": result,
            "scopes": SCOPES,
            "labels": FREQUENCY_LABELS,
            "rerun": {s.id: service.rerun_path(s) for s in result.items},
        },
        fragments={"saved-search-rows": "saved_search_rows"},
    )


@get("/mypage/saved-searches/new", name="saved_searches:new", guards=MEMBERS)
async def new_search(request: Request) -> Template:
    """The 条件を保存 form, with the search page's current filters (changes nothing: a GET).
    ?scope= (read from the query: `scope` is a reserved Litestar kwarg) and ?q= the filters."""
    found = _scope(request, request.query_params.get("scope", ""))
    query = canonical_query(request.query_params.get("q", ""))
    return _new_page(request, found, query, {"name": "", "frequency": found.frequencies[0]}, {})


@post("/mypage/saved-searches", name="saved_searches:create", guards=MEMBERS)
async def create_search(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    data = (await request.form()).dict()
    scope = _scope(request, str(first(data, "scope")))
    query = canonical_query(str(first(data, "query")))
    values, errors = forms.parse(data, scope)
    if not errors:
        try:
            await service.create(db, settings, _user(request)[0], scope, values["name"], values["frequency"], query)
        except service.LimitReached:
            errors["name"] = (
                f"保存できる検索条件は{settings.saved_searches.max_per_user}件までです。"
                "マイページの「保存した検索条件」から不要なものを削除してください。"
            )
    if errors:
        return _new_page(request, scope, query, values, errors, status_code=422)
    flash(
        request,
        f"検索条件「{values['name']}」を保存しました。新着があれば{forms.FREQUENCY_LABELS[values['frequency']]}メールでお知らせします。",
    )
    return see_other(request, request.app.route_reverse("saved_searches:list"))


def _edit_page(request, search, values: dict, errors: dict, status_code: int = 200) -> Template:
    scope = SCOPES[search.scope]
    return render(
        request,
        "saved_searches/edit.html.jinja",
        {
            "search": search,
            "scope": scope,
            "rerun": service.rerun_path(search),
            "values": values,
            "errors": errors,
            "frequencies": forms.frequency_choices(scope),
        },
        fragments={"edit-form": "edit_form"},
        status_code=status_code,
    )


@get("/mypage/saved-searches/{search_id:int}", name="saved_searches:edit", guards=MEMBERS)
async def edit_search(request: Request, db: DbSession, search_id: FromPath[int]) -> Template:
    search = await _own(request, db, search_id)
    return _edit_page(request, search, {"name": search.name, "frequency": search.frequency}, {})


@post("/mypage/saved-searches/{search_id:int}", name="saved_searches:update", guards=MEMBERS)
async def update_search(request: Request, db: DbSession, search_id: FromPath[int]) -> Template | Response:
    search = await _own(request, db, search_id)
    data = (await request.form()).dict()
    values, errors = forms.parse(data, SCOPES[search.scope])
    if errors:
        return _edit_page(request, search, values, errors, status_code=422)
    await service.change(db, search, values["name"], values["frequency"])
    flash(request, f"検索条件「{values['name']}」を変更しました。")
    return see_other(request, request.app.route_reverse("saved_searches:list"))


@get("/mypage/saved-searches/{search_id:int}/delete", name="saved_searches:confirm_delete", guards=MEMBERS)
async def confirm_delete(request: Request, db: DbSession, search_id: FromPath[int]) -> Template:
    search = await _own(request, db, search_id)
    return render(request, "saved_searches/delete.html.jinja", {"search": search, "scope": SCOPES[search.scope]})


@post("/mypage/saved-searches/{search_id:int}/delete", name="saved_searches:delete", guards=MEMBERS)
async def delete_search(request: Request, db: DbSession, search_id: FromPath[int]) -> Response:
    search = await _own(request, db, search_id)
    name = search.name
    await service.remove(db, search)
    flash(request, f"検索条件「{name}」を削除しました。")
    return see_other(request, request.app.route_reverse("saved_searches:list"))


router = Router(
    path="/",
    route_handlers=[
        list_searches,
        new_search,
        create_search,
        edit_search,
        update_search,
        confirm_delete,
        delete_search,
    ],
)
