"""Routes of the press slice: the organization's (routes_org), the secretariat's (routes_admin)
and the public プレスルーム (routes_public)."""

from litestar import Router

from features.press import routes_admin, routes_org, routes_public

router = Router(path="/", route_handlers=[*routes_org.ROUTES, *routes_admin.ROUTES, *routes_public.ROUTES])
