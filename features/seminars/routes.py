"""The slice's router: one module per part, each adding its router to PARTS with one line.
Public pages (routes_public), the secretariat's planning (routes_admin) and participants
(routes_admin_people), the day and after (routes_after, routes_followup, routes_report)."""

from __future__ import annotations

from litestar import Router

from features.seminars.routes_admin import admin_router
from features.seminars.routes_admin_people import admin_people_router
from features.seminars.routes_after import after_router
from features.seminars.routes_followup import followup_router
from features.seminars.routes_public import public_router
from features.seminars.routes_report import report_router

PARTS: list[Router] = [
    public_router,
    admin_router,
    admin_people_router,
    after_router,
    followup_router,
    report_router,
]

router = Router(path="", route_handlers=PARTS)
