from __future__ import annotations

from litestar import Request, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from app import clock
from app.deps import DbSession
from app.pagination import page_number
from app.reference import country_name
from app.templating import render
from features.home import service
from features.recruitment import api as recruitment


@get("/", name="home:index")
async def show_top(request: Request, db: DbSession) -> Template:
    return render(
        request,
        "home/index.html.jinja",
        {
            "news": await service.latest_news(db),
            "koubo": await recruitment.latest_koubo(db, clock.now(), limit=5),
            "country_name": country_name,
        },
    )


@get("/news", name="home:news_list")
async def list_news(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    news = await service.news_page(db, page_number(page))
    return render(request, "home/news_list.html.jinja", {"page": news}, fragments={"news-list": "news_list"})


@get("/news/{news_id:int}", name="home:news_detail")
async def show_news(request: Request, db: DbSession, news_id: FromPath[int]) -> Template:
    item = await service.get_news(db, news_id)
    if item is None:
        raise NotFoundException("お知らせが見つかりません。")
    return render(request, "home/news_detail.html.jinja", {"item": item})


router = Router(path="/", route_handlers=[show_top, list_news, show_news])
