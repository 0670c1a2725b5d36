"""Routes of the faq slice."""

from litestar import Router

router = Router(path="/", route_handlers=[])
