"""よくある質問 for the secretariat (/admin/faq…): the list with the vote figures and the
役に立たなかった回答 view, writing an entry, 公開 / 非公開, and the order within a category.
Thin handlers: the rules are in service.py and states.py."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import DbSession
from app.forms import first
from app.pagination import page_number
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import is_htmx, render, see_other
from features.accounts.api import Role
from features.faq import forms, service, states
from features.faq.models import STATUS_LABELS, FaqEntry
from features.faq.routes_public import labels

OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "よくある質問の項目が見つかりません。"
VIEWS = {"all": "すべての項目", "failing": "役に立たなかった回答"}


def _uid(request: Request) -> int:
    return current_session(request)["uid"]


async def _entry(db, entry_id: int) -> FaqEntry:
    entry = await service.get_entry(db, entry_id)
    if entry is None:
        raise NotFoundException(NOT_FOUND)
    return entry


def admin_labels() -> dict:
    return {
        **labels(),
        "status_labels": STATUS_LABELS,
        "views": VIEWS,
        "share_of": service.share_unhelpful,
        "is_failing": service.is_failing,
        "failing_min_votes": service.FAILING_MIN_VOTES,
        "failing_share": service.FAILING_SHARE,
    }


async def _list_page(request: Request, db, filters: service.AdminFilters, announce: str = "") -> Template:
    result = await service.admin_page(db, filters)
    return render(
        request,
        "faq/admin_list.html.jinja",
        {
            "page": result,
            "filters": filters,
            "params": {
                "view": filters.view,
                "category": filters.category,
                "status": filters.status,
                "q": filters.keyword,
            },
            "figures": await service.vote_figures(db),
            "announce": announce,
            **admin_labels(),
        },
        fragments={"faq-admin-list": "faq_admin_list"},
    )


def _filters(view: str, category: str, status: str, q: str, page: str | None) -> service.AdminFilters:
    return service.AdminFilters(
        view=view if view in VIEWS else "all",
        category=category if category in service.CATEGORIES else "",
        status=status if status in STATUS_LABELS else "",
        keyword=q.strip()[:100],
        page=page_number(page),
    )


@get("/admin/faq", name="faq:admin_list", guards=OFFICE)
async def admin_list(
    request: Request,
    db: DbSession,
    view: FromQuery[str] = "all",
    category: FromQuery[str] = "",
    status: FromQuery[str] = "",
    q: FromQuery[str] = "",
    page: FromQuery[str | None] = None,
) -> Template:
    return await _list_page(request, db, _filters(view, category, status, q, page))


def _form_page(
    request: Request, entry: FaqEntry | None, values: dict, errors: dict, status_code: int = 200
) -> Template:
    return render(
        request,
        "faq/admin_form.html.jinja",
        {
            "entry": entry,
            "values": values,
            "errors": errors,
            "moves": states.moves_from(entry) if entry else [],
            "warning": states.REDACTION_WARNING,
            **admin_labels(),
        },
        status_code=status_code,
    )


@get("/admin/faq/new", name="faq:admin_new", guards=OFFICE)
async def admin_new(request: Request, category: FromQuery[str] = "") -> Template:
    values = {"category": category if category in service.CATEGORIES else "", "audience": "both"}
    return _form_page(request, None, values, {})


@post("/admin/faq/new", name="faq:admin_create", guards=OFFICE)
async def admin_create(request: Request, db: DbSession) -> Template | Response:
    form = forms.parse_entry((await request.form()).dict())
    if not form.ok:
        return _form_page(request, None, form.values, form.errors, 422)
    entry = await service.create_entry(db, form.values, _uid(request))
    flash(request, "よくある質問を下書きとして作成しました。内容を確認して公開してください。")
    return see_other(request, request.app.route_reverse("faq:admin_edit", entry_id=entry.id))


@get("/admin/faq/{entry_id:int}", name="faq:admin_edit", guards=OFFICE)
async def admin_edit(request: Request, db: DbSession, entry_id: FromPath[int]) -> Template:
    entry = await _entry(db, entry_id)
    return _form_page(request, entry, forms.entry_values(entry), {})


@post("/admin/faq/{entry_id:int}", name="faq:admin_update", guards=OFFICE)
async def admin_update(request: Request, db: DbSession, entry_id: FromPath[int]) -> Template | Response:
    entry = await _entry(db, entry_id)
    form = forms.parse_entry((await request.form()).dict())
    if not form.ok:
        return _form_page(request, entry, form.values, form.errors, 422)
    cleared = await service.update_entry(db, entry, form.values, _uid(request))
    flash(request, "保存しました。" + ("個人情報の確認が済んだため、公開できるようになりました。" if cleared else ""))
    return see_other(request, request.app.route_reverse("faq:admin_edit", entry_id=entry.id))


async def _transition(request: Request, db, entry_id: int, move: states.Move) -> Template | Response:
    entry = await _entry(db, entry_id)
    try:
        await service.transition(db, entry, move, _uid(request))
    except states.TransitionRefused as refused:
        return _form_page(request, entry, forms.entry_values(entry), {"publish": refused.message}, 409)
    flash(request, f"「{entry.question}」を{states.label(entry.status)}にしました。")
    return see_other(request, request.app.route_reverse("faq:admin_edit", entry_id=entry.id))


@post("/admin/faq/{entry_id:int}/publish", name="faq:admin_publish", guards=OFFICE)
async def publish_entry(request: Request, db: DbSession, entry_id: FromPath[int]) -> Template | Response:
    return await _transition(request, db, entry_id, states.Move.PUBLISH)


@post("/admin/faq/{entry_id:int}/unpublish", name="faq:admin_unpublish", guards=OFFICE)
async def unpublish_entry(request: Request, db: DbSession, entry_id: FromPath[int]) -> Template | Response:
    return await _transition(request, db, entry_id, states.Move.UNPUBLISH)


async def _move(request: Request, db, entry_id: int, step: int) -> Template | Response:
    entry = await _entry(db, entry_id)
    moved = await service.move_entry(db, entry, step, _uid(request))
    where = "上" if step < 0 else "下"
    message = (
        f"「{entry.question}」を{where}へ移動しました。"
        if moved
        else f"「{entry.question}」はこれ以上{where}へ移動できません。"
    )
    data = (await request.form()).dict()
    filters = _filters(*(str(first(data, name)) for name in ("view", "category", "status", "q", "page")))
    if is_htmx(request):
        return await _list_page(request, db, filters, announce=message)
    flash(request, message)
    query = {
        k: v for k, v in {"category": filters.category, "status": filters.status, "q": filters.keyword}.items() if v
    }
    url = request.app.route_reverse("faq:admin_list")
    return see_other(request, url + ("?" + urlencode(query) if query else "") + f"#entry-{entry.id}")


@post("/admin/faq/{entry_id:int}/up", name="faq:admin_move_up", guards=OFFICE)
async def move_entry_up(request: Request, db: DbSession, entry_id: FromPath[int]) -> Template | Response:
    return await _move(request, db, entry_id, -1)


@post("/admin/faq/{entry_id:int}/down", name="faq:admin_move_down", guards=OFFICE)
async def move_entry_down(request: Request, db: DbSession, entry_id: FromPath[int]) -> Template | Response:
    return await _move(request, db, entry_id, 1)


ROUTES = [
    admin_list,
    admin_new,
    admin_create,
    admin_edit,
    admin_update,
    publish_entry,
    unpublish_entry,
    move_entry_up,
    move_entry_down,
]
