"""対面相談: the secretariat's overview of every counselor's week."""

from __future__ import annotations

from litestar import Request, Router, get
from litestar.params import FromQuery
from litestar.response import Template

from app.deps import DbSession
from app.templating import render
from features.consultation import slots
from features.consultation.pages import (
    OFFICE,
    week_context,
    week_from,
)

# -- the secretariat -----------------------------------------------------------------------------


@get("/admin/consultation", name="consultation:admin", guards=OFFICE)
async def show_admin(request: Request, db: DbSession, week: FromQuery[str | None] = None) -> Template:
    start = week_from(week)
    return render(
        request,
        "consultation/admin.html.jinja",
        week_context(start, await slots.slots_of_week(db, start), "consultation:admin"),
        fragments={"week-slots": "week_slots"},
    )


admin_router = Router(
    path="",
    route_handlers=[
        show_admin,
    ],
)
