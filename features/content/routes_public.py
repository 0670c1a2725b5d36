"""The public pages: /content (filters by 対象, 種別 and タグ; htmx swaps the list), one article
with related articles, the Atom feed, the lead images, and the 個人の方へ / 団体の方へ pages."""

from __future__ import annotations

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.atom import FeedEntry, build_feed, feed_response
from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.richtext import plain_text, render_markdown
from app.sessions import current_session
from app.templating import render
from app.urls import absolute_url
from features.accounts.api import Role
from features.content import api, images, public
from features.content.models import AUDIENCES, KINDS

NOT_FOUND = "記事が見つかりません。"
ENTRY = {
    "individual": ("個人の方へ", "国際協力の仕事を目指す方、帰国後の進路を考える方に向けた記事・案内です。"),
    "organization": ("団体の方へ", "国際協力人材を募集する団体の方に向けた記事・PARTNERの活用法です。"),
}


def image_helpers(request: Request) -> dict:
    def url_of(image_id: int):  # noqa: ANN202
        return lambda width: request.app.route_reverse("content:image", image_id=image_id, width=width)

    return {
        "image_srcset": lambda image: images.srcset(image, url_of(image.id)),
        "image_src": lambda image, width: url_of(image.id)(width),
        "image_height": images.height_at,
        "image_pick": images.pick,
        "kinds": KINDS,
        "audiences": AUDIENCES,
        "title_of": api.title_of,
    }


@get("/content", name="content:list")
async def list_articles(
    request: Request,
    db: DbSession,
    audience: FromQuery[str | None] = None,
    kind: FromQuery[str | None] = None,
    tag: FromQuery[str | None] = None,
    page: FromQuery[str | None] = None,
) -> Template:
    filters = public.Filters.parse(audience, kind, tag)
    result = await public.articles_page(db, filters, page_number(page))
    return render(
        request,
        "content/public/list.html.jinja",
        {
            "page": result,
            "filters": filters,
            "params": filters.as_params(),
            "tags": await public.popular_tags(db),
            "images": await public.images_of(db, result.items),
            **image_helpers(request),
        },
        fragments={"content-results": "content_results"},
    )


@get("/content/feed.atom", name="content:feed")
async def content_feed(db: DbSession, settings: AppSettings) -> Response:
    entries = [
        FeedEntry(
            id=absolute_url(settings, "content:article", key=str(item.id)),
            title=api.title_of(item),
            url=absolute_url(settings, "content:article", key=item.slug or str(item.id)),
            updated=item.published_at,
            summary=item.summary or plain_text(item.body, 200),
            author=item.author,
        )
        for item in await public.newest(db)
    ]
    return feed_response(
        build_feed(
            feed_id=absolute_url(settings, "content:list"),
            title="PARTNER コラム・特集・進路情報",
            site_url=absolute_url(settings, "content:list"),
            self_url=absolute_url(settings, "content:feed"),
            entries=entries,
        )
    )


@get("/content/{key:str}", name="content:article")
async def show_article(request: Request, db: DbSession, key: FromPath[str]) -> Template:
    item = await public.article(db, key)
    if item is None:
        raise NotFoundException(NOT_FOUND)
    related = await public.related(db, item)
    return render(
        request,
        "content/public/article.html.jinja",
        {
            "item": item,
            "body": render_markdown(item.body),
            "tag_list": [t for t in item.tags.split("、") if t],
            "related": related,
            "images": await public.images_of(db, [item, *related]),
            **image_helpers(request),
        },
    )


@get("/content/images/{image_id:int}/{width:int}", name="content:image")
async def show_image(
    request: Request, db: DbSession, settings: AppSettings, image_id: FromPath[int], width: FromPath[int]
) -> Response:
    staff = current_session(request).get("role") == Role.SECRETARIAT
    image = await images.image_row(db, image_id) if staff else await public.public_image(db, image_id)
    data = images.read(settings, image, width) if image is not None else None
    if data is None:
        raise NotFoundException("画像が見つかりません。")
    cache = "private, no-store" if staff else "public, max-age=86400"
    return Response(
        data, media_type="image/jpeg", headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
    )


async def _entry(request: Request, db, audience: str) -> Template:
    title, lead = ENTRY[audience]
    sections = await public.entry_sections(db, audience)
    return render(
        request,
        "content/public/entry.html.jinja",
        {
            "title": title,
            "lead": lead,
            "audience": audience,
            "sections": sections,
            "images": await public.images_of(db, [i for _k, _l, items in sections for i in items]),
            **image_helpers(request),
        },
    )


@get("/for-individuals", name="content:for_individuals")
async def show_for_individuals(request: Request, db: DbSession) -> Template:
    return await _entry(request, db, "individual")


@get("/for-organizations", name="content:for_organizations")
async def show_for_organizations(request: Request, db: DbSession) -> Template:
    return await _entry(request, db, "organization")


ROUTES = [list_articles, content_feed, show_article, show_image, show_for_individuals, show_for_organizations]
