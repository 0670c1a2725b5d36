"""Routes of the content slice: the public pages (routes_public) and the secretariat's (routes_admin)."""

from litestar import Router

from features.content.routes_admin import ROUTES as ADMIN
from features.content.routes_public import ROUTES as PUBLIC

router = Router(path="/", route_handlers=[*PUBLIC, *ADMIN])
