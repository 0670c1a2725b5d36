"""PARTNERニュースのバックナンバー: the public archive of sent issues (newest first) and each issue."""

from __future__ import annotations

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from app.deps import DbSession
from app.pagination import page_number
from app.templating import render
from features.partner_news import sending, service


@get("/news/partner-news", name="partner_news:archive")
async def list_back_issues(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    issues = await service.back_issues(db, page_number(page))
    return render(
        request,
        "partner_news/archive.html.jinja",
        {"page": issues, "subject_of": sending.subject_of},
        fragments={"issue-list": "issue_list"},
    )


@get("/news/partner-news/{number:int}", name="partner_news:issue")
async def show_back_issue(request: Request, db: DbSession, number: FromPath[int]) -> Template:
    issue = await service.back_issue(db, number)
    if issue is None:
        raise NotFoundException("PARTNERニュースの号が見つかりません。")
    return render(
        request,
        "partner_news/issue.html.jinja",
        {
            "issue": issue,
            "title": sending.subject_of(issue),
            "lead": service.public_lead(issue.lead),
            "sections": await service.sections_of(db, issue.id),
        },
    )


ROUTES = [list_back_issues, show_back_issue]
