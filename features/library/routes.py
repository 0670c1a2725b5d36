"""Routes of the library slice."""

from litestar import Router

router = Router(path="/", route_handlers=[])
