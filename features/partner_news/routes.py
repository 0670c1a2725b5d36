"""PARTNERニュース for the secretariat: the list of issues, one issue's editing page (リード文, 上へ/下へ,
削除, プレビュー, 承認 / 承認取消). Every button is its own POST handler; each works without
JavaScript (flash + 303) and, from htmx, answers with the re-rendered sections."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import DbSession
from app.pagination import page_number
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import is_htmx, render, see_other
from features.accounts.api import Role
from features.mail_preferences.api import Category
from features.mailings import api as mailings
from features.partner_news import forms, sending, service
from features.partner_news.models import STATUS_LABELS, IssueStatus, NewsIssue
from features.partner_news.routes_public import ROUTES as PUBLIC

OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "PARTNERニュースの号が見つかりません。"


def _staff(request: Request) -> int:
    return current_session(request)["uid"]


async def _issue(db, issue_id: int) -> NewsIssue:
    issue = await service.issue_by_id(db, issue_id)
    if issue is None:
        raise NotFoundException(NOT_FOUND)
    return issue


def _label(issue: NewsIssue) -> str:
    return f"第{issue.number}号" if issue.number else f"{issue.week_of.month}月{issue.week_of.day}日週の号"


@get("/admin/partner-news", name="partner_news:admin_list", guards=OFFICE)
async def list_issues(request: Request, db: DbSession, page: FromQuery[str] = "1") -> Template:
    result = await service.issues_page(db, page_number(page))
    issues = result.items
    return render(
        request,
        "partner_news/admin_list.html.jinja",
        {
            "page": result,
            "issues": issues,
            "counts": await service.item_counts(db, [i.id for i in issues]),
            "figures": await service.figures_of(db, issues),
            "labels": STATUS_LABELS,
            "label": _label,
        },
    )


async def _page(
    request: Request, db, issue: NewsIssue, *, errors=None, values=None, template_id: int | None = None, status_code=200
) -> Template:
    templates = await mailings.list_templates(db, Category.NEWS.value)
    values = dict(values or {})
    chosen = next((t for t in templates if t.id == template_id), None)
    if chosen is not None and "lead" not in values:
        values["lead"] = chosen.body
    figures = await service.figures_of(db, [issue])
    return render(
        request,
        "partner_news/admin_issue.html.jinja",
        {
            "issue": issue,
            "title": _label(issue),
            "sections": await service.sections_of(db, issue.id),
            "labels": STATUS_LABELS,
            "editable": issue.status == IssueStatus.DRAFT,
            "errors": errors or {},
            "values": values,
            "templates": templates,
            "template_id": template_id,
            "figures": figures.get(issue.id),
            "due": sending.due_text(issue),
            "lead_max": service.LEAD_MAX,
        },
        fragments={"issue-sections": "issue_sections"},
        status_code=status_code,
    )


@get("/admin/partner-news/{issue_id:int}", name="partner_news:admin_issue", guards=OFFICE)
async def show_issue(
    request: Request, db: DbSession, issue_id: FromPath[int], template: FromQuery[int | None] = None
) -> Template:
    return await _page(request, db, await _issue(db, issue_id), template_id=template)


@get("/admin/partner-news/{issue_id:int}/preview", name="partner_news:preview", guards=OFFICE)
async def preview_issue(request: Request, db: DbSession, issue_id: FromPath[int]) -> Template:
    issue = await _issue(db, issue_id)
    subject, body = await sending.compose(db, request.app.state.settings, issue)
    return render(
        request,
        "partner_news/preview.html.jinja",
        {"issue": issue, "title": _label(issue), "subject": subject, "body": body},
    )


def _refused(error: service.IssueError) -> HTTPException:
    return HTTPException(status_code=409, detail=error.message)


@post("/admin/partner-news/{issue_id:int}/lead", name="partner_news:save_lead", guards=OFFICE)
async def save_lead(request: Request, db: DbSession, issue_id: FromPath[int]) -> Template | Response:
    issue = await _issue(db, issue_id)
    result = forms.parse_lead((await request.form()).dict())
    if not result.ok:
        return await _page(request, db, issue, errors=result.errors, values=result.values, status_code=422)
    try:
        await service.save_lead(db, issue, result.values["lead"], _staff(request))
    except service.IssueError as error:
        raise _refused(error) from None
    flash(request, f"{_label(issue)}のリード文を保存しました。")
    return see_other(request, request.app.route_reverse("partner_news:admin_issue", issue_id=issue.id))


async def _after_move(request: Request, db, issue: NewsIssue, message: str) -> Template | Response:
    if is_htmx(request):
        return await _page(request, db, issue, values={"announce": message})
    flash(request, message)
    return see_other(
        request, request.app.route_reverse("partner_news:admin_issue", issue_id=issue.id) + "#issue-sections"
    )


async def _move_item(request: Request, db, issue_id: int, item_id: int, step: int) -> Template | Response:
    issue = await _issue(db, issue_id)
    try:
        item = await service.move_item(db, issue, item_id, step, _staff(request))
    except LookupError:
        raise NotFoundException("項目が見つかりません。") from None
    except service.IssueError as error:
        raise _refused(error) from None
    return await _after_move(request, db, issue, f"「{item.title}」を{'上' if step < 0 else '下'}へ移動しました。")


@post("/admin/partner-news/{issue_id:int}/items/{item_id:int}/up", name="partner_news:item_up", guards=OFFICE)
async def move_item_up(
    request: Request, db: DbSession, issue_id: FromPath[int], item_id: FromPath[int]
) -> Template | Response:
    return await _move_item(request, db, issue_id, item_id, -1)


@post("/admin/partner-news/{issue_id:int}/items/{item_id:int}/down", name="partner_news:item_down", guards=OFFICE)
async def move_item_down(
    request: Request, db: DbSession, issue_id: FromPath[int], item_id: FromPath[int]
) -> Template | Response:
    return await _move_item(request, db, issue_id, item_id, 1)


@post("/admin/partner-news/{issue_id:int}/items/{item_id:int}/remove", name="partner_news:item_remove", guards=OFFICE)
async def remove_item(
    request: Request, db: DbSession, issue_id: FromPath[int], item_id: FromPath[int]
) -> Template | Response:
    issue = await _issue(db, issue_id)
    try:
        item = await service.remove_item(db, issue, item_id, _staff(request))
    except LookupError:
        raise NotFoundException("項目が見つかりません。") from None
    except service.IssueError as error:
        raise _refused(error) from None
    return await _after_move(request, db, issue, f"「{item.title}」をこの号から削除しました。")


async def _move_section(request: Request, db, issue_id: int, key: str, step: int) -> Template | Response:
    issue = await _issue(db, issue_id)
    try:
        section = await service.move_section(db, issue, key, step, _staff(request))
    except LookupError:
        raise NotFoundException("欄が見つかりません。") from None
    except service.IssueError as error:
        raise _refused(error) from None
    return await _after_move(
        request, db, issue, f"「{section.title}」の欄を{'上' if step < 0 else '下'}へ移動しました。"
    )


@post("/admin/partner-news/{issue_id:int}/sections/{key:str}/up", name="partner_news:section_up", guards=OFFICE)
async def move_section_up(
    request: Request, db: DbSession, issue_id: FromPath[int], key: FromPath[str]
) -> Template | Response:
    return await _move_section(request, db, issue_id, key, -1)


@post("/admin/partner-news/{issue_id:int}/sections/{key:str}/down", name="partner_news:section_down", guards=OFFICE)
async def move_section_down(
    request: Request, db: DbSession, issue_id: FromPath[int], key: FromPath[str]
) -> Template | Response:
    return await _move_section(request, db, issue_id, key, 1)


@post("/admin/partner-news/{issue_id:int}/approve", name="partner_news:approve", guards=OFFICE)
async def approve_issue(request: Request, db: DbSession, issue_id: FromPath[int]) -> Template | Response:
    issue = await _issue(db, issue_id)
    try:
        await service.approve(db, issue, _staff(request))
    except service.IssueError as error:
        if not error.field:  # not a 下書き (any more)
            raise _refused(error) from None
        return await _page(request, db, issue, errors={error.field: error.message}, status_code=422)
    flash(request, f"{_label(issue)}を承認しました。{sending.due_text(issue)}に配信されます。")
    return see_other(request, request.app.route_reverse("partner_news:admin_issue", issue_id=issue.id))


@post("/admin/partner-news/{issue_id:int}/unapprove", name="partner_news:unapprove", guards=OFFICE)
async def unapprove_issue(request: Request, db: DbSession, issue_id: FromPath[int]) -> Response:
    issue = await _issue(db, issue_id)
    try:
        await service.unapprove(db, issue, _staff(request))
    except service.IssueError as error:
        raise _refused(error) from None
    flash(request, f"{_label(issue)}の承認を取り消しました。下書きに戻りました。")
    return see_other(request, request.app.route_reverse("partner_news:admin_issue", issue_id=issue.id))


router = Router(
    path="/",
    route_handlers=[
        list_issues,
        show_issue,
        preview_issue,
        save_lead,
        move_item_up,
        move_item_down,
        remove_item,
        move_section_up,
        move_section_down,
        approve_issue,
        unapprove_issue,
        *PUBLIC,
    ],
)
