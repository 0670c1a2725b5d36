"""The slice's router: one module per part (public pages, JICA's entry, the secretariat, applying)."""

from __future__ import annotations

from litestar import Router

from features.recruitment.routes_apply import router as apply_router
from features.recruitment.routes_koji import koji_router
from features.recruitment.routes_manage import manage_router
from features.recruitment.routes_pre import router as pre_router
from features.recruitment.routes_public import public_router
from features.recruitment.routes_report import report_router

router = Router(
    path="", route_handlers=[public_router, pre_router, apply_router, manage_router, koji_router, report_router]
)
