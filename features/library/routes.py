"""Routes of the library slice: the secretariat's pages (routes_admin) and the files, the public
広報ツール page and 団体向け資料 (routes_public)."""

from litestar import Router

from features.library.routes_admin import ROUTES as ADMIN
from features.library.routes_public import ROUTES as PUBLIC

router = Router(path="/", route_handlers=[*ADMIN, *PUBLIC])
