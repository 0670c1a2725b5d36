"""The bounces slice's routes."""

from __future__ import annotations

from litestar import Router

router = Router(path="/", route_handlers=[])
