"""The slice's router: one module per part. The follow-up part (analysis, check-in, materials,
survey, report: routes_after.py) adds its router to PARTS with one line."""

from __future__ import annotations

from litestar import Router

from features.seminars.routes_admin import admin_router
from features.seminars.routes_admin_people import admin_people_router
from features.seminars.routes_after import after_router
from features.seminars.routes_followup import followup_router
from features.seminars.routes_public import public_router

PARTS: list[Router] = [
    public_router,
    admin_router,
    admin_people_router,
    after_router,
    followup_router,
]

router = Router(path="", route_handlers=PARTS)
