"""The slice's router: one module per part (public pages, JICA's entry, the secretariat, applying)."""

from __future__ import annotations

from litestar import Router

from features.recruitment.routes_koji import koji_router

router = Router(path="", route_handlers=[koji_router])
