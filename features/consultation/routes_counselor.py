"""対面相談: the counselor's pages: 相談枠の管理 (one slot, a weekly pattern, removal), 相談予約一覧
and each booking with its 相談記録, 無断欠席, cancellation, rescheduling and the résumé download
(the secretariat reads the bookings too)."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request, Router, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, clock
from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.security import client_ip
from app.sessions import flash
from app.templating import render, see_other
from features.accounts.api import Role
from features.consultation import forms, service, slots
from features.consultation.basics import CATEGORIES, PLACES, ConsultationError, jst_datetime
from features.consultation.pages import (
    COUNSELORS,
    NOT_FOUND,
    STAFF,
    chosen_slot_id,
    refused,
    role_of,
    uid,
    week_context,
    week_from,
)
from features.consultation.service import COUNSELOR
from features.talent import api as talent

# -- counselors ----------------------------------------------------------------------------------


async def _slots_page(request: Request, db, week: str | None, forms_state: dict | None = None, status_code: int = 200):
    start = week_from(week)
    context = week_context(
        start, await slots.slots_of_week(db, start, counselor_id=uid(request)), "consultation:counselor_slots"
    )
    state = {
        "slot_values": {"minutes": "60", "place": "本部"},
        "slot_errors": {},
        "pattern_values": {"pattern_minutes": "60", "pattern_place": "本部"},
        "pattern_errors": {},
    }
    state.update(forms_state or {})
    return render(
        request,
        "consultation/counselor_slots.html.jinja",
        {
            **context,
            **state,
            "lengths": forms.LENGTH_CHOICES,
            "places": PLACES,
            "weekday_choices": forms.WEEKDAY_CHOICES,
        },
        fragments={"week-slots": "week_slots"},
        status_code=status_code,
    )


@get("/counselor/slots", name="consultation:counselor_slots", guards=COUNSELORS)
async def show_counselor_slots(request: Request, db: DbSession, week: FromQuery[str | None] = None) -> Template:
    return await _slots_page(request, db, week)


@post("/counselor/slots", name="consultation:add_slot", guards=COUNSELORS)
async def add_slot(request: Request, db: DbSession) -> Response:
    form = forms.parse_slot((await request.form()).dict())
    v = form.values
    if form.ok:
        try:
            slot = await slots.add_slot(db, uid(request), jst_datetime(v["_day"], v["_at"]), v["_minutes"], v["_place"])
        except ConsultationError as error:
            form.error("day", error.message)
        else:
            flash(request, "相談枠を追加しました。")
            week = clock.to_jst(slot.starts_at).date().isoformat()
            return see_other(request, request.app.route_reverse("consultation:counselor_slots") + f"?week={week}")
    values = {k: val for k, val in v.items() if not k.startswith("_")}
    week = values.get("day") if v.get("_day") else None
    return await _slots_page(request, db, week, {"slot_values": values, "slot_errors": form.errors}, status_code=422)


@post("/counselor/slots/pattern", name="consultation:add_pattern", guards=COUNSELORS)
async def add_pattern(request: Request, db: DbSession) -> Response:
    form = forms.parse_pattern((await request.form()).dict())
    v = form.values
    if form.ok:
        try:
            outcome = await slots.add_weekly_pattern(
                db,
                uid(request),
                weekday=v["_weekday"],
                at=v["_at"],
                minutes=v["_minutes"],
                place=v["_place"],
                first=v["_first"],
                last=v["_last"],
            )
        except ConsultationError as error:
            form.error("first", error.message)
        else:
            message = f"毎週の相談枠を{outcome.created}件追加しました。"
            if outcome.holidays:
                message += f"祝日の{len(outcome.holidays)}日は除きました。"
            if outcome.taken:
                message += f"既に枠がある、または過ぎた{outcome.taken}件は追加していません。"
            flash(request, message)
            week = v["_first"].isoformat()
            return see_other(request, request.app.route_reverse("consultation:counselor_slots") + f"?week={week}")
    values = {k: val for k, val in v.items() if not k.startswith("_")}
    return await _slots_page(
        request, db, None, {"pattern_values": values, "pattern_errors": form.errors}, status_code=422
    )


@post("/counselor/slots/{slot_id:int}/delete", name="consultation:delete_slot", guards=COUNSELORS)
async def delete_slot(request: Request, db: DbSession, slot_id: FromPath[int]) -> Response:
    try:
        await slots.delete_slot(db, uid(request), slot_id)
    except ConsultationError as error:
        raise refused(error) from None
    flash(request, "相談枠を削除しました。")
    return see_other(request, request.app.route_reverse("consultation:counselor_slots"))


@get("/counselor/bookings", name="consultation:counselor_bookings", guards=STAFF)
async def list_counselor_bookings(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    past: FromQuery[str | None] = None,
    page: FromQuery[str | None] = None,
) -> Template:
    """相談予約一覧: a counselor's own bookings; the secretariat sees every counselor's."""
    is_past = past == "1"
    number = page_number(page)
    counselor_id = uid(request) if role_of(request) == Role.COUNSELOR else None
    rows, total = await service.bookings_for_staff(db, settings, counselor_id=counselor_id, past=is_past, page=number)
    return render(
        request,
        "consultation/counselor_bookings.html.jinja",
        {
            "bookings": rows,
            "total": total,
            "past": is_past,
            "page": number,
            "pages": max(1, -(-total // service.PER_PAGE)),
            "all_counselors": counselor_id is None,
        },
    )


async def _staff_booking(request: Request, db, booking_id: int):
    counselor_id = uid(request) if role_of(request) == Role.COUNSELOR else None
    booking = await service.counselor_booking(db, counselor_id, booking_id)
    if booking is None:
        if await service.booking_exists(db, booking_id):
            await audit.record_refused_access(request, db, "consultation_booking", booking_id)
        raise NotFoundException(NOT_FOUND)
    return booking


async def _staff_page(request: Request, db, settings, booking, *, record_values=None, errors=None, status_code=200):
    record = await service.record_of(db, booking.id)
    if record is not None:  # every read of a 相談記録 leaves an audit row
        await audit.record(
            db,
            "consultation_record_read",
            actor_user_id=uid(request),
            target_type="consultation_record",
            target_id=record.id,
            detail=f"booking:{booking.id}",
            client_ip=client_ip(request.scope, settings),
        )
    values = record_values
    if values is None:
        values = (
            {"category": record.category, "content": record.content, "next_steps": record.next_steps}
            if record
            else {"category": booking.category}
        )
    own_slots = []
    if role_of(request) == Role.COUNSELOR:
        own_slots = await slots.free_slots_of_counselor(db, uid(request))
    return render(
        request,
        "consultation/staff_booking.html.jinja",
        {
            "booking": booking,
            "view": await service.booking_view(db, settings, booking),
            "record": record,
            "values": values,
            "errors": errors or {},
            "categories": CATEGORIES,
            "is_counselor": role_of(request) == Role.COUNSELOR,
            "started": service.has_started(booking),
            "ended": service.has_ended(booking),
            "own_slots": own_slots,
        },
        fragments={"record-form": "record_form"},
        status_code=status_code,
    )


@get("/counselor/bookings/{booking_id:int}", name="consultation:staff_booking", guards=STAFF, opt={"writes": True})
async def show_staff_booking(
    request: Request, db: DbSession, settings: AppSettings, booking_id: FromPath[int]
) -> Template:
    booking = await _staff_booking(request, db, booking_id)
    return await _staff_page(request, db, settings, booking)


@post("/counselor/bookings/{booking_id:int}/record", name="consultation:save_record", guards=COUNSELORS)
async def save_record(request: Request, db: DbSession, settings: AppSettings, booking_id: FromPath[int]) -> Response:
    booking = await _staff_booking(request, db, booking_id)
    form = forms.parse_record((await request.form()).dict())
    if not form.ok:
        return await _staff_page(
            request, db, settings, booking, record_values=form.values, errors=form.errors, status_code=422
        )
    try:
        await service.save_record(
            db,
            settings,
            uid(request),
            booking_id,
            category=form.values["category"],
            content=form.values["content"],
            next_steps=form.values["next_steps"],
        )
    except ConsultationError as error:
        raise refused(error) from None
    flash(request, "相談記録を保存しました。")
    return see_other(request, request.app.route_reverse("consultation:staff_booking", booking_id=booking_id))


@post("/counselor/bookings/{booking_id:int}/no-show", name="consultation:mark_no_show", guards=COUNSELORS)
async def mark_no_show(request: Request, db: DbSession, settings: AppSettings, booking_id: FromPath[int]) -> Response:
    await _staff_booking(request, db, booking_id)
    try:
        await service.mark_no_show(db, settings, uid(request), booking_id)
    except ConsultationError as error:
        raise refused(error) from None
    flash(request, "無断欠席として記録しました。")
    return see_other(request, request.app.route_reverse("consultation:staff_booking", booking_id=booking_id))


@post("/counselor/bookings/{booking_id:int}/cancel", name="consultation:counselor_cancel", guards=COUNSELORS)
async def cancel_as_counselor(
    request: Request, db: DbSession, settings: AppSettings, booking_id: FromPath[int]
) -> Response:
    await _staff_booking(request, db, booking_id)
    form = forms.parse_reason((await request.form()).dict())
    if not form.ok:
        raise HTTPException(status_code=422, detail=form.errors["reason"])
    try:
        await service.cancel_by_counselor(db, settings, uid(request), booking_id, form.values["reason"])
    except ConsultationError as error:
        raise refused(error) from None
    flash(request, "相談予約をキャンセルし、相談者にメールでお知らせしました。")
    return see_other(request, request.app.route_reverse("consultation:counselor_bookings"))


@post("/counselor/bookings/{booking_id:int}/reschedule", name="consultation:counselor_reschedule", guards=COUNSELORS)
async def reschedule_as_counselor(
    request: Request, db: DbSession, settings: AppSettings, booking_id: FromPath[int]
) -> Response:
    await _staff_booking(request, db, booking_id)
    slot_id = chosen_slot_id((await request.form()).dict())
    try:
        await service.reschedule(db, settings, COUNSELOR, uid(request), booking_id, slot_id)
    except ConsultationError as error:
        raise refused(error) from None
    flash(request, "相談の日時を変更し、相談者にメールでお知らせしました。")
    return see_other(request, request.app.route_reverse("consultation:staff_booking", booking_id=booking_id))


@get("/counselor/bookings/{booking_id:int}/resume", name="consultation:resume", guards=STAFF, opt={"writes": True})
async def download_resume(
    request: Request, db: DbSession, settings: AppSettings, booking_id: FromPath[int]
) -> Response:
    """The person's PARTNER résumé, only when they agreed at booking; each download audited."""
    booking = await _staff_booking(request, db, booking_id)
    if not booking.share_resume:
        raise HTTPException(status_code=403, detail="相談者は履歴書の閲覧に同意していません。")
    expert = await talent.has_expert_resume(db, booking.user_id)
    # The PDF 人材閲覧 gives (登録コード, 年齢帯, 居住地 and the résumé): the counselor knows the name already.
    body, code = await talent.resume_pdf_for_organization(db, booking.user_id, expert=expert, contact=False)
    await audit.record(
        db,
        "consultation_resume_view",
        actor_user_id=uid(request),
        target_type="individual",
        target_id=booking.user_id,
        detail=f"consultation_booking:{booking.id}",
        client_ip=client_ip(request.scope, settings),
    )
    name = f"{'専門家履歴書' if expert else '一般履歴書'}_{code}.pdf"
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


counselor_router = Router(
    path="",
    route_handlers=[
        show_counselor_slots,
        add_slot,
        add_pattern,
        delete_slot,
        list_counselor_bookings,
        show_staff_booking,
        save_record,
        mark_no_show,
        cancel_as_counselor,
        reschedule_as_counselor,
        download_resume,
    ],
)
