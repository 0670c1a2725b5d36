"""対面相談: thin handlers. The slot list and booking (registrants), 相談予約 (mypage), the
counselor's 相談枠の管理 / 相談予約一覧 with the 相談記録, and the secretariat's overview."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

from litestar import Request, Router, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, clock
from app.deps import AppSettings, DbSession
from app.forms import first
from app.pagination import page_number
from app.security import client_ip, require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts.api import Role
from features.consultation import forms, service
from features.consultation.service import COUNSELOR, PERSON, ConsultationError
from features.talent import api as talent

INDIVIDUAL = [require_role(Role.INDIVIDUAL)]
COUNSELORS = [require_role(Role.COUNSELOR)]
STAFF = [require_role(Role.COUNSELOR, Role.SECRETARIAT)]
OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "相談予約が見つかりません。"


def _uid(request: Request) -> int:
    return int(current_session(request)["uid"])


def _role(request: Request) -> str | None:
    return current_session(request).get("role")


def _refused(error: ConsultationError) -> HTTPException:
    return HTTPException(status_code=error.status, detail=error.message)


def _week(raw: str | None) -> date:
    """The first day of the seven shown (?week=YYYY-MM-DD): today by default or when malformed."""
    today = clock.today_jst()
    try:
        day = date.fromisoformat(raw) if raw else today
    except ValueError:
        day = today
    if abs((day - today).days) > 800:  # far outside any slot: back to now
        day = today
    return day


def _days(start: date, slots: list[service.SlotView]) -> list[tuple[date, list[service.SlotView]]]:
    days = [(start + timedelta(days=i), []) for i in range(7)]
    for slot in slots:
        offset = (clock.to_jst(slot.starts_at).date() - start).days
        if 0 <= offset < 7:
            days[offset][1].append(slot)
    return days


def _week_context(start: date, slots: list[service.SlotView], route: str, **params: int) -> dict:
    return {
        "week_route": route,
        "week_params": params,
        "week": start,
        "days": _days(start, slots),
        "previous_week": (start - timedelta(days=7)).isoformat(),
        "next_week": (start + timedelta(days=7)).isoformat(),
        "this_week": clock.today_jst(),
        "weekdays": service.WEEKDAYS,
    }


# -- registrants ---------------------------------------------------------------------------------


@get("/consultation", name="consultation:slots")
async def list_slots(request: Request, db: DbSession, week: FromQuery[str | None] = None) -> Template:
    """空き枠 by week: open to everyone; only 国際協力人材登録 registrants get 予約する buttons."""
    start = _week(week)
    session = current_session(request)
    may_book = session.get("role") == Role.INDIVIDUAL and await service.may_book(db, session.get("uid"))
    context = _week_context(start, await service.free_slots_of_week(db, start), "consultation:slots")
    return render(
        request,
        "consultation/slots.html.jinja",
        {**context, "may_book": may_book, "role": session.get("role")},
        fragments={"week-slots": "week_slots"},
    )


async def _book_page(request: Request, db, settings, slot_id: int, values: dict, errors: dict, status_code: int = 200):
    if not await service.may_book(db, _uid(request)):
        return render(request, "consultation/not_eligible.html.jinja", {}, status_code=403)
    slot = await service.bookable_slot(db, slot_id)
    if slot is None:
        raise NotFoundException("この相談枠は予約できません（既に予約済み、または受付を終了しています）。")
    return render(
        request,
        "consultation/book.html.jinja",
        {
            "slot": slot,
            "values": values,
            "errors": errors,
            "categories": service.CATEGORIES,
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
            user_id=_uid(request),
            slot_id=slot_id,
            category=form.values["category"],
            sheet=form.values["sheet"],
            share_resume=form.values["share_resume"],
        )
    except ConsultationError as error:
        if error.status == 403:
            return render(request, "consultation/not_eligible.html.jinja", {}, status_code=403)
        raise _refused(error) from None
    flash(request, "相談を予約しました。確認メールをお送りしました。")
    return see_other(request, request.app.route_reverse("consultation:my_booking", booking_id=booking.id))


@get("/mypage/consultations", name="consultation:mine", guards=INDIVIDUAL)
async def list_my_bookings(
    request: Request, db: DbSession, settings: AppSettings, page: FromQuery[str | None] = None
) -> Template:
    bookings = await service.bookings_of_person(db, settings, _uid(request), page_number(page))
    return render(
        request,
        "consultation/mine.html.jinja",
        {"page": bookings, "may_book": await service.may_book(db, _uid(request))},
    )


async def _my_booking(request: Request, db, booking_id: int):
    booking = await service.own_booking(db, _uid(request), booking_id)
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
        await service.cancel_by_person(db, settings, _uid(request), booking_id)
    except ConsultationError as error:
        raise _refused(error) from None
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
    start = _week(week or clock.to_jst(booking.starts_at).date().isoformat())
    return render(
        request,
        "consultation/reschedule.html.jinja",
        {
            **_week_context(
                start,
                await service.free_slots_of_week(db, start),
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
    slot_id = _slot_id((await request.form()).dict())
    try:
        await service.reschedule(db, settings, PERSON, _uid(request), booking_id, slot_id)
    except ConsultationError as error:
        raise _refused(error) from None
    flash(request, "相談の日時を変更しました。確認メールをお送りしました。")
    return see_other(request, request.app.route_reverse("consultation:my_booking", booking_id=booking_id))


def _slot_id(data: dict) -> int:
    raw = str(first(data, "slot_id"))
    if not raw.isdigit() or len(raw) > 12:
        raise HTTPException(status_code=422, detail="変更先の相談枠を選んでください。")
    return int(raw)


# -- counselors ----------------------------------------------------------------------------------


async def _slots_page(request: Request, db, week: str | None, forms_state: dict | None = None, status_code: int = 200):
    start = _week(week)
    context = _week_context(
        start, await service.slots_of_week(db, start, counselor_id=_uid(request)), "consultation:counselor_slots"
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
            "places": service.PLACES,
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
            slot = await service.add_slot(
                db, _uid(request), service.jst_datetime(v["_day"], v["_at"]), v["_minutes"], v["_place"]
            )
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
            outcome = await service.add_weekly_pattern(
                db,
                _uid(request),
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
        await service.delete_slot(db, _uid(request), slot_id)
    except ConsultationError as error:
        raise _refused(error) from None
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
    counselor_id = _uid(request) if _role(request) == Role.COUNSELOR else None
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
    counselor_id = _uid(request) if _role(request) == Role.COUNSELOR else None
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
            actor_user_id=_uid(request),
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
    if _role(request) == Role.COUNSELOR:
        own_slots = await service.free_slots_of_counselor(db, _uid(request))
    return render(
        request,
        "consultation/staff_booking.html.jinja",
        {
            "booking": booking,
            "view": await service.booking_view(db, settings, booking),
            "record": record,
            "values": values,
            "errors": errors or {},
            "categories": service.CATEGORIES,
            "is_counselor": _role(request) == Role.COUNSELOR,
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
            _uid(request),
            booking_id,
            category=form.values["category"],
            content=form.values["content"],
            next_steps=form.values["next_steps"],
        )
    except ConsultationError as error:
        raise _refused(error) from None
    flash(request, "相談記録を保存しました。")
    return see_other(request, request.app.route_reverse("consultation:staff_booking", booking_id=booking_id))


@post("/counselor/bookings/{booking_id:int}/no-show", name="consultation:mark_no_show", guards=COUNSELORS)
async def mark_no_show(request: Request, db: DbSession, settings: AppSettings, booking_id: FromPath[int]) -> Response:
    await _staff_booking(request, db, booking_id)
    try:
        await service.mark_no_show(db, settings, _uid(request), booking_id)
    except ConsultationError as error:
        raise _refused(error) from None
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
        await service.cancel_by_counselor(db, settings, _uid(request), booking_id, form.values["reason"])
    except ConsultationError as error:
        raise _refused(error) from None
    flash(request, "相談予約をキャンセルし、相談者にメールでお知らせしました。")
    return see_other(request, request.app.route_reverse("consultation:counselor_bookings"))


@post("/counselor/bookings/{booking_id:int}/reschedule", name="consultation:counselor_reschedule", guards=COUNSELORS)
async def reschedule_as_counselor(
    request: Request, db: DbSession, settings: AppSettings, booking_id: FromPath[int]
) -> Response:
    await _staff_booking(request, db, booking_id)
    slot_id = _slot_id((await request.form()).dict())
    try:
        await service.reschedule(db, settings, COUNSELOR, _uid(request), booking_id, slot_id)
    except ConsultationError as error:
        raise _refused(error) from None
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
        actor_user_id=_uid(request),
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


# -- the secretariat -----------------------------------------------------------------------------


@get("/admin/consultation", name="consultation:admin", guards=OFFICE)
async def show_admin(request: Request, db: DbSession, week: FromQuery[str | None] = None) -> Template:
    start = _week(week)
    return render(
        request,
        "consultation/admin.html.jinja",
        _week_context(start, await service.slots_of_week(db, start), "consultation:admin"),
        fragments={"week-slots": "week_slots"},
    )


router = Router(
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
        show_admin,
    ],
)
