"""対面相談: thin handlers. The slot list and booking (registrants) and 相談予約 (mypage) here;
the counselor's 相談枠の管理 / 相談予約一覧 with the 相談記録 in routes_counselor.py, the
secretariat's overview in routes_admin.py. `router` joins the three."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, clock
from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts.api import Role
from features.consultation import forms, service, slots
from features.consultation.basics import CATEGORIES, ConsultationError
from features.consultation.pages import (
    INDIVIDUAL,
    NOT_FOUND,
    chosen_slot_id,
    refused,
    uid,
    week_context,
    week_from,
)
from features.consultation.routes_admin import admin_router
from features.consultation.routes_counselor import counselor_router
from features.consultation.service import PERSON

# -- registrants ---------------------------------------------------------------------------------


@get("/consultation", name="consultation:slots")
async def list_slots(request: Request, db: DbSession, week: FromQuery[str | None] = None) -> Template:
    """空き枠 by week: open to everyone; only 国際協力人材登録 registrants get 予約する buttons."""
    start = week_from(week)
    session = current_session(request)
    may_book = session.get("role") == Role.INDIVIDUAL and await service.may_book(db, session.get("uid"))
    context = week_context(start, await slots.free_slots_of_week(db, start), "consultation:slots")
    return render(
        request,
        "consultation/slots.html.jinja",
        {**context, "may_book": may_book, "role": session.get("role")},
        fragments={"week-slots": "week_slots"},
    )


async def _book_page(request: Request, db, settings, slot_id: int, values: dict, errors: dict, status_code: int = 200):
    if not await service.may_book(db, uid(request)):
        return render(request, "consultation/not_eligible.html.jinja", {}, status_code=403)
    slot = await slots.bookable_slot(db, slot_id)
    if slot is None:
        raise NotFoundException("この相談枠は予約できません（既に予約済み、または受付を終了しています）。")
    return render(
        request,
        "consultation/book.html.jinja",
        {
            "slot": slot,
            "values": values,
            "errors": errors,
            "categories": CATEGORIES,
            "sheet_max_length": settings.consultation.sheet_max_length,
        },
        fragments={"book-form": "book_form"},
        status_code=status_code,
    )


@get("/consultation/slots/{slot_id:int}", name="consultation:book_form", guards=INDIVIDUAL)
async def show_book_form(request: Request, db: DbSession, settings: AppSettings, slot_id: FromPath[int]) -> Template:
    return await _book_page(request, db, settings, slot_id, {}, {})


@post("/consultation/slots/{slot_id:int}", name="consultation:book", guards=INDIVIDUAL)
async def book_slot(request: Request, db: DbSession, settings: AppSettings, slot_id: FromPath[int]) -> Response:
    form = forms.parse_booking((await request.form()).dict(), settings.consultation.sheet_max_length)
    if not form.ok:
        return await _book_page(request, db, settings, slot_id, form.values, form.errors, status_code=422)
    try:
        booking = await service.book(
            db,
            settings,
            user_id=uid(request),
            slot_id=slot_id,
            category=form.values["category"],
            sheet=form.values["sheet"],
            share_resume=form.values["share_resume"],
        )
    except ConsultationError as error:
        if error.status == 403:
            return render(request, "consultation/not_eligible.html.jinja", {}, status_code=403)
        raise refused(error) from None
    flash(request, "相談を予約しました。確認メールをお送りしました。")
    return see_other(request, request.app.route_reverse("consultation:my_booking", booking_id=booking.id))


@get("/mypage/consultations", name="consultation:mine", guards=INDIVIDUAL)
async def list_my_bookings(
    request: Request, db: DbSession, settings: AppSettings, page: FromQuery[str | None] = None
) -> Template:
    bookings = await service.bookings_of_person(db, settings, uid(request), page_number(page))
    return render(
        request,
        "consultation/mine.html.jinja",
        {"page": bookings, "may_book": await service.may_book(db, uid(request))},
    )


async def _my_booking(request: Request, db, booking_id: int):
    booking = await service.own_booking(db, uid(request), booking_id)
    if booking is None:
        if await service.booking_exists(db, booking_id):
            await audit.record_refused_access(request, db, "consultation_booking", booking_id)
        raise NotFoundException(NOT_FOUND)
    return booking


@get("/mypage/consultations/{booking_id:int}", name="consultation:my_booking", guards=INDIVIDUAL)
async def show_my_booking(
    request: Request, db: DbSession, settings: AppSettings, booking_id: FromPath[int]
) -> Template:
    booking = await _my_booking(request, db, booking_id)
    return render(
        request,
        "consultation/my_booking.html.jinja",
        {
            "booking": booking,
            "view": await service.booking_view(db, settings, booking),
            "cancel_until_hours": settings.consultation.cancel_until_hours,
        },
    )


@post("/mypage/consultations/{booking_id:int}/cancel", name="consultation:cancel", guards=INDIVIDUAL)
async def cancel_my_booking(
    request: Request, db: DbSession, settings: AppSettings, booking_id: FromPath[int]
) -> Response:
    await _my_booking(request, db, booking_id)
    try:
        await service.cancel_by_person(db, settings, uid(request), booking_id)
    except ConsultationError as error:
        raise refused(error) from None
    flash(request, "相談予約をキャンセルしました。")
    return see_other(request, request.app.route_reverse("consultation:mine"))


@get("/mypage/consultations/{booking_id:int}/reschedule", name="consultation:reschedule_form", guards=INDIVIDUAL)
async def show_reschedule(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    booking_id: FromPath[int],
    week: FromQuery[str | None] = None,
) -> Template:
    booking = await _my_booking(request, db, booking_id)
    view = await service.booking_view(db, settings, booking)
    if not view.changeable:
        raise HTTPException(
            status_code=409,
            detail=f"日時の変更は相談開始の{settings.consultation.cancel_until_hours}時間前までです。",
        )
    start = week_from(week or clock.to_jst(booking.starts_at).date().isoformat())
    return render(
        request,
        "consultation/reschedule.html.jinja",
        {
            **week_context(
                start,
                await slots.free_slots_of_week(db, start),
                "consultation:reschedule_form",
                booking_id=booking.id,
            ),
            "booking": booking,
            "view": view,
        },
        fragments={"week-slots": "week_slots"},
    )


@post("/mypage/consultations/{booking_id:int}/reschedule", name="consultation:reschedule", guards=INDIVIDUAL)
async def reschedule_my_booking(
    request: Request, db: DbSession, settings: AppSettings, booking_id: FromPath[int]
) -> Response:
    await _my_booking(request, db, booking_id)
    slot_id = chosen_slot_id((await request.form()).dict())
    try:
        await service.reschedule(db, settings, PERSON, uid(request), booking_id, slot_id)
    except ConsultationError as error:
        raise refused(error) from None
    flash(request, "相談の日時を変更しました。確認メールをお送りしました。")
    return see_other(request, request.app.route_reverse("consultation:my_booking", booking_id=booking_id))


registrant_router = Router(
    path="",
    route_handlers=[
        list_slots,
        show_book_form,
        book_slot,
        list_my_bookings,
        show_my_booking,
        cancel_my_booking,
        show_reschedule,
        reschedule_my_booking,
    ],
)

router = Router(path="", route_handlers=[registrant_router, counselor_router, admin_router])
