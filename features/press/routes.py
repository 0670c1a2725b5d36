"""Routes of the press slice."""

from litestar import Router

router = Router(path="/", route_handlers=[])
