"""Routes of the inquiries slice."""

from litestar import Router

router = Router(path="/", route_handlers=[])
