"""The slice's router: one module per part (public pages, JICA's entry, the secretariat, applying)."""

from __future__ import annotations

from litestar import Router

from features.recruitment.routes_pre import router as pre_router

router = Router(path="", route_handlers=[pre_router])
