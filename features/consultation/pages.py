"""対面相談: what the page modules share: role guards, the signed-in user, refusals as HTTP
errors, and the week view (seven days of slots from a chosen day)."""

from __future__ import annotations

from datetime import date, timedelta

from litestar import Request
from litestar.exceptions import HTTPException

from app import clock
from app.forms import first
from app.security import require_role
from app.sessions import current_session
from features.accounts.api import Role
from features.consultation.basics import WEEKDAYS, ConsultationError
from features.consultation.slots import SlotView

INDIVIDUAL = [require_role(Role.INDIVIDUAL)]
COUNSELORS = [require_role(Role.COUNSELOR)]
STAFF = [require_role(Role.COUNSELOR, Role.SECRETARIAT)]
OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "相談予約が見つかりません。"


def uid(request: Request) -> int:
    return int(current_session(request)["uid"])


def role_of(request: Request) -> str | None:
    return current_session(request).get("role")


def refused(error: ConsultationError) -> HTTPException:
    return HTTPException(status_code=error.status, detail=error.message)


def week_from(raw: str | None) -> date:
    """The first day of the seven shown (?week=YYYY-MM-DD): today by default or when malformed."""
    today = clock.today_jst()
    try:
        day = date.fromisoformat(raw) if raw else today
    except ValueError:
        day = today
    if abs((day - today).days) > 800:  # far outside any slot: back to now
        day = today
    return day


def _days(start: date, slots: list[SlotView]) -> list[tuple[date, list[SlotView]]]:
    days = [(start + timedelta(days=i), []) for i in range(7)]
    for slot in slots:
        offset = (clock.to_jst(slot.starts_at).date() - start).days
        if 0 <= offset < 7:
            days[offset][1].append(slot)
    return days


def week_context(start: date, slots: list[SlotView], route: str, **params: int) -> dict:
    return {
        "week_route": route,
        "week_params": params,
        "week": start,
        "days": _days(start, slots),
        "previous_week": (start - timedelta(days=7)).isoformat(),
        "next_week": (start + timedelta(days=7)).isoformat(),
        "this_week": clock.today_jst(),
        "weekdays": WEEKDAYS,
    }


def chosen_slot_id(data: dict) -> int:
    raw = str(first(data, "slot_id"))
    if not raw.isdigit() or len(raw) > 12:
        raise HTTPException(status_code=422, detail="変更先の相談枠を選んでください。")
    return int(raw)
