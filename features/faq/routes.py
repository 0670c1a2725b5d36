"""Routes of the faq slice: the public よくある質問 and the secretariat's pages."""

from litestar import Router

from features.faq.routes_admin import ROUTES as ADMIN
from features.faq.routes_public import ROUTES as PUBLIC

router = Router(path="/", route_handlers=[*PUBLIC, *ADMIN])
