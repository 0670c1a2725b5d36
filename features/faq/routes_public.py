"""よくある質問 for everyone: the list grouped by category (filter by audience and category,
search as you type), one entry's page, and the はい / いいえ vote (no login; the site's CSRF token
as every anonymous form; one vote per browser per entry per day)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.browser_voter import new_token
from app.config import Settings
from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.richtext import render_markdown
from app.sessions import flash
from app.templating import is_htmx, render, see_other
from features.faq import service, votes
from features.faq.models import AUDIENCE_LABELS, Audience, FaqEntry

NOT_FOUND = "よくある質問が見つかりません。"
AUDIENCE_CHOICES = ((Audience.INDIVIDUAL.value, "個人の方向け"), (Audience.ORGANIZATION.value, "団体の方向け"))
THANKS = "ご回答ありがとうございました。"
ALREADY = "本日はすでにこの回答にご回答いただいています。ありがとうございました。"


def labels() -> dict:
    return {"audience_labels": AUDIENCE_LABELS, "categories": service.CATEGORIES, "markdown": render_markdown}


@get("/faq", name="faq:index")
async def list_faq(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    q: FromQuery[str] = "",
    audience: FromQuery[str] = "",
    category: FromQuery[str] = "",
    page: FromQuery[str | None] = None,
) -> Template:
    filters = service.PublicFilters(
        keyword=q.strip()[:100],
        audience=audience if audience in service.AUDIENCE_FILTER else "",
        category=category if category in service.CATEGORIES else "",
        page=page_number(page),
    )
    result = await service.public_page(db, filters)
    voted = await votes.voted_today(db, votes.VOTER.voter(request, settings), [e.id for e in result.items])
    return render(
        request,
        "faq/index.html.jinja",
        {
            "page": result,
            "groups": service.groups_of(result.items),
            "filters": filters,
            "params": {"q": filters.keyword, "audience": filters.audience, "category": filters.category},
            "audience_choices": AUDIENCE_CHOICES,
            "voted": voted,
            **labels(),
        },
        fragments={"faq-results": "faq_results"},
    )


async def _public(db, entry_id: int) -> FaqEntry:
    entry = await service.public_entry(db, entry_id)
    if entry is None:
        raise NotFoundException(NOT_FOUND)
    return entry


def _entry_page(request: Request, entry: FaqEntry, related: list, vote: dict, *, block: str | None = None) -> Template:
    return render(
        request,
        "faq/show.html.jinja",
        {"entry": entry, "related": related, "vote": vote, **labels()},
        block=block,
    )


@get("/faq/{entry_id:int}", name="faq:show")
async def show_faq(request: Request, db: DbSession, settings: AppSettings, entry_id: FromPath[int]) -> Template:
    entry = await _public(db, entry_id)
    voted = entry.id in await votes.voted_today(db, votes.VOTER.voter(request, settings), [entry.id])
    vote = {"state": "voted" if voted else "", "message": ""}
    return _entry_page(request, entry, await service.related_entries(db, entry), vote)


async def _vote(request: Request, db, settings: Settings, entry_id: int, helpful: bool) -> Response:
    entry = await _public(db, entry_id)
    token = votes.VOTER.token(request, settings)
    fresh = token is None
    token = token or new_token()
    counted = await votes.record_vote(db, entry, votes.VOTER.voter_of(settings, token), helpful)
    vote = {"state": "thanks" if counted else "already", "message": THANKS if counted else ALREADY}
    if is_htmx(request):
        response: Response = _entry_page(request, entry, [], vote, block="vote_box")
    elif counted:
        flash(request, THANKS)
        response = see_other(request, request.app.route_reverse("faq:show", entry_id=entry.id))
    else:  # without JavaScript, the entry's page says so (200: nothing went wrong)
        response = _entry_page(request, entry, await service.related_entries(db, entry), vote)
    if fresh:
        votes.VOTER.remember(response, settings, token)
    return response


@post("/faq/{entry_id:int}/helpful", name="faq:vote_helpful")
async def vote_helpful(request: Request, db: DbSession, settings: AppSettings, entry_id: FromPath[int]) -> Response:
    return await _vote(request, db, settings, entry_id, True)


@post("/faq/{entry_id:int}/unhelpful", name="faq:vote_unhelpful")
async def vote_unhelpful(request: Request, db: DbSession, settings: AppSettings, entry_id: FromPath[int]) -> Response:
    return await _vote(request, db, settings, entry_id, False)


ROUTES = [list_faq, show_faq, vote_helpful, vote_unhelpful]
