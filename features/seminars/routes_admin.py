"""The secretariat's seminar pages (/admin/seminars…): planning, programme, speakers, counselors,
states, PDFs. Participants, bulk messages and 出欠確認 are in routes_admin_people.py.
Thin handlers: the rules are in the services."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import urls
from app.deps import AppSettings, DbSession
from app.forms import clean_text, first
from app.pagination import page_number
from app.sessions import flash
from app.templating import render, see_other
from features.seminars import forms, pdfs, people, service, states
from features.seminars.admin_pages import (
    OFFICE,
    admin_labels,
    pdf_response,
    refused,
    seminar_or_404,
    uid,
    url_for,
)
from features.seminars.models import (
    KIND_LABELS,
    Seminar,
    SeminarKind,
    SpeakerRequestStatus,
)
from features.seminars.states import Actor, Move, TransitionRefused

# -- list, create, edit ------------------------------------------------------------------------


@get("", name="seminars:admin_list", guards=OFFICE)
async def admin_list(
    request: Request, db: DbSession, status: FromQuery[str] = "", page: FromQuery[str | None] = None
) -> Template:
    status = status if status in states.STATUS_LABELS else ""
    result = await service.list_seminars(db, status=status, page=page_number(page))
    return render(
        request,
        "seminars/admin/list.html.jinja",
        {
            "page": result,
            "status": status,
            "statuses": list(states.STATUS_LABELS.items()),
            "counts": await service.registration_counts(db, [s.id for s in result.items]),
            **admin_labels(),
        },
        fragments={"seminar-list": "seminar_list"},
    )


def _form_page(
    request: Request, seminar: Seminar | None, values: dict, errors: dict, status_code: int = 200
) -> Template:
    return render(
        request,
        "seminars/admin/form.html.jinja",
        {
            "seminar": seminar,
            "values": values,
            "errors": errors,
            "kinds": list(KIND_LABELS.items()),
            **admin_labels(),
        },
        status_code=status_code,
    )


@get("/new", name="seminars:admin_new", guards=OFFICE)
async def admin_new(request: Request, settings: AppSettings) -> Template:
    return _form_page(
        request, None, {"kind": SeminarKind.TALENT, "fee": "無料", "reminder_days": settings.seminars.reminder_days}, {}
    )


@post("/new", name="seminars:admin_create", guards=OFFICE)
async def admin_create(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    form = forms.parse_seminar((await request.form()).dict())
    if not form.ok:
        return _form_page(request, None, form.values, form.errors, 422)
    seminar = await service.create_seminar(db, settings, form.values["clean"], uid(request))
    flash(request, f"「{seminar.title}」を作成しました（企画中）。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar.id))


@get("/{seminar_id:int}/edit", name="seminars:admin_edit", guards=OFFICE)
async def admin_edit(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    seminar = await seminar_or_404(db, seminar_id)
    return _form_page(request, seminar, forms.seminar_values(seminar), {})


@post("/{seminar_id:int}/edit", name="seminars:admin_update", guards=OFFICE)
async def admin_update(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    form = forms.parse_seminar((await request.form()).dict())
    if not form.ok:
        return _form_page(request, seminar, form.values, form.errors, 422)
    clean = dict(form.values["clean"])
    if seminar.status != states.S.PLANNING:
        clean.pop("kind")  # who may apply does not change once people have
    try:
        await service.update_seminar(db, seminar, clean, uid(request))
    except TransitionRefused as error:
        await db.rollback()
        seminar = await seminar_or_404(db, seminar_id)
        return _form_page(request, seminar, form.values, {"form": error.message}, 422)
    flash(request, "セミナーの内容を保存しました。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar.id))


async def _detail_page(request: Request, db, seminar: Seminar, values: dict, errors: dict, status_code=200) -> Template:
    sessions = await service.sessions_of(db, seminar.id)
    speakers = await people.speakers_of(db, seminar.id)
    counselors = await people.counselor_names(db)
    return render(
        request,
        "seminars/admin/detail.html.jinja",
        {
            "seminar": seminar,
            "moves": states.allowed(seminar),
            "move_names": MOVE_ROUTES,
            "problems": states.guard_problems(seminar, Move.ANNOUNCE),
            "counts": (await service.registration_counts(db, [seminar.id]))[seminar.id],
            "sessions": sessions,
            "session_counts": await service.session_counts(db, seminar.id),
            "speakers": speakers,
            "speaker_by_id": {s.id: s for s in speakers},
            "counselors": counselors,
            "counselor_options": [(str(uid), name) for uid, name in counselors.items()],
            "speaker_options": [(str(s.id), s.name) for s in speakers],
            "counselor_slots": await people.counselor_slots(db, seminar.id),
            "editable": seminar.status in states.EDITABLE_STATES,
            "tracks": forms.TRACKS,
            "values": values,
            "errors": errors,
            **admin_labels(),
        },
        status_code=status_code,
    )


@get("/{seminar_id:int}", name="seminars:admin_detail", guards=OFFICE)
async def admin_detail(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    return await _detail_page(request, db, await seminar_or_404(db, seminar_id), {}, {})


# -- states: one endpoint per button -------------------------------------------------------------

MOVE_ROUTES = {
    Move.ANNOUNCE: "seminars:admin_announce",
    Move.BACK_TO_PLANNING: "seminars:admin_back_to_planning",
    Move.CLOSE: "seminars:admin_close",
    Move.REOPEN: "seminars:admin_reopen",
    Move.HOLD: "seminars:admin_hold",
    Move.FINISH: "seminars:admin_finish",
}


async def _move(request: Request, db, settings, seminar_id: int, move: Move) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    try:
        await service.apply_move(db, settings, seminar, move, Actor.SECRETARIAT, actor_user_id=uid(request))
    except TransitionRefused as error:
        raise refused(error) from None
    flash(request, f"「{seminar.title}」を{states.label(seminar.status)}にしました。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar_id))


@post("/{seminar_id:int}/announce", name="seminars:admin_announce", guards=OFFICE)
async def admin_announce(request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]) -> Response:
    return await _move(request, db, settings, seminar_id, Move.ANNOUNCE)


@post("/{seminar_id:int}/back-to-planning", name="seminars:admin_back_to_planning", guards=OFFICE)
async def admin_back_to_planning(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]
) -> Response:
    return await _move(request, db, settings, seminar_id, Move.BACK_TO_PLANNING)


@post("/{seminar_id:int}/close", name="seminars:admin_close", guards=OFFICE)
async def admin_close(request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]) -> Response:
    return await _move(request, db, settings, seminar_id, Move.CLOSE)


@post("/{seminar_id:int}/reopen", name="seminars:admin_reopen", guards=OFFICE)
async def admin_reopen(request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]) -> Response:
    return await _move(request, db, settings, seminar_id, Move.REOPEN)


@post("/{seminar_id:int}/hold", name="seminars:admin_hold", guards=OFFICE)
async def admin_hold(request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]) -> Response:
    return await _move(request, db, settings, seminar_id, Move.HOLD)


@post("/{seminar_id:int}/finish", name="seminars:admin_finish", guards=OFFICE)
async def admin_finish(request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]) -> Response:
    return await _move(request, db, settings, seminar_id, Move.FINISH)


@get("/{seminar_id:int}/cancel", name="seminars:admin_cancel_form", guards=OFFICE)
async def admin_cancel_form(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    seminar = await seminar_or_404(db, seminar_id)
    counts = (await service.registration_counts(db, [seminar.id]))[seminar.id]
    return render(
        request,
        "seminars/admin/cancel.html.jinja",
        {"seminar": seminar, "counts": counts, "values": {}, "errors": {}, **admin_labels()},
    )


@post("/{seminar_id:int}/cancel", name="seminars:admin_cancel", guards=OFFICE)
async def admin_cancel(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]
) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    reason = clean_text(first((await request.form()).dict(), "reason"), multiline=True)
    if not reason or len(reason) > 1000:
        counts = (await service.registration_counts(db, [seminar.id]))[seminar.id]
        message = "中止の理由を入力してください。" if not reason else "中止の理由は1000文字以内で入力してください。"
        return render(
            request,
            "seminars/admin/cancel.html.jinja",
            {
                "seminar": seminar,
                "counts": counts,
                "values": {"reason": reason},
                "errors": {"reason": message},
                **admin_labels(),
            },
            status_code=422,
        )
    try:
        await service.apply_move(
            db, settings, seminar, Move.CANCEL, Actor.SECRETARIAT, actor_user_id=uid(request), reason=reason
        )
    except TransitionRefused as error:
        raise refused(error) from None
    flash(request, f"「{seminar.title}」を中止し、申込者にお知らせのメールを送りました。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar_id))


# -- programme, speakers, counselors ----------------------------------------------------------------


async def _detail_with_errors(request: Request, db, seminar: Seminar, values: dict, errors: dict) -> Template:
    """The detail page again, with the failed form's values and errors (422)."""
    return await _detail_page(request, db, seminar, values, errors, 422)


@post("/{seminar_id:int}/sessions", name="seminars:admin_add_session", guards=OFFICE)
async def admin_add_session(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    speakers = await people.speakers_of(db, seminar.id)
    form = forms.parse_session((await request.form()).dict(), {s.id for s in speakers})
    if not form.ok:
        return await _detail_with_errors(request, db, seminar, {"session": form.values}, {"session": form.errors})
    try:
        session = await service.save_session(db, seminar, form.values["clean"])
    except TransitionRefused as error:
        raise refused(error) from None
    flash(request, f"セッション「{session.title}」を追加しました。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar_id) + "#programme")


@get("/{seminar_id:int}/sessions/{session_id:int}", name="seminars:admin_session", guards=OFFICE)
async def admin_session(
    request: Request, db: DbSession, seminar_id: FromPath[int], session_id: FromPath[int]
) -> Template:
    seminar = await seminar_or_404(db, seminar_id)
    session = next((s for s in await service.sessions_of(db, seminar.id) if s.id == session_id), None)
    if session is None:
        raise NotFoundException("セッションが見つかりません。")
    values = {
        "title": session.title,
        "track": session.track,
        "capacity": str(session.capacity or ""),
        "speaker_id": str(session.speaker_id or ""),
    }
    forms.datetime_values(result := forms.FormResult(values=values), "starts_at", session.starts_at)
    forms.datetime_values(result, "ends_at", session.ends_at)
    return await _session_page(request, db, seminar, session, result.values, {})


async def _session_page(request, db, seminar, session, values, errors, status_code=200) -> Template:
    return render(
        request,
        "seminars/admin/session.html.jinja",
        {
            "seminar": seminar,
            "session": session,
            "values": values,
            "errors": errors,
            "speaker_options": [(str(s.id), s.name) for s in await people.speakers_of(db, seminar.id)],
            **admin_labels(),
        },
        status_code=status_code,
    )


@post("/{seminar_id:int}/sessions/{session_id:int}", name="seminars:admin_update_session", guards=OFFICE)
async def admin_update_session(
    request: Request, db: DbSession, seminar_id: FromPath[int], session_id: FromPath[int]
) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    session = next((s for s in await service.sessions_of(db, seminar.id) if s.id == session_id), None)
    if session is None:
        raise NotFoundException("セッションが見つかりません。")
    speakers = await people.speakers_of(db, seminar.id)
    form = forms.parse_session((await request.form()).dict(), {s.id for s in speakers})
    if not form.ok:
        return await _session_page(request, db, seminar, session, form.values, form.errors, 422)
    try:
        await service.save_session(db, seminar, form.values["clean"], session_id)
    except TransitionRefused as error:
        raise refused(error) from None
    flash(request, "セッションを保存しました。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar_id) + "#programme")


@post("/{seminar_id:int}/sessions/{session_id:int}/delete", name="seminars:admin_delete_session", guards=OFFICE)
async def admin_delete_session(
    request: Request, db: DbSession, seminar_id: FromPath[int], session_id: FromPath[int]
) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    try:
        await service.delete_session(db, seminar, session_id)
    except LookupError:
        raise NotFoundException("セッションが見つかりません。") from None
    except TransitionRefused as error:
        raise refused(error) from None
    flash(request, "セッションを削除しました。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar_id) + "#programme")


@post("/{seminar_id:int}/speakers", name="seminars:admin_add_speaker", guards=OFFICE)
async def admin_add_speaker(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    form = forms.parse_speaker((await request.form()).dict())
    if not form.ok:
        return await _detail_with_errors(request, db, seminar, {"speaker": form.values}, {"speaker": form.errors})
    try:
        speaker = await people.add_speaker(db, seminar, form.values["clean"])
    except TransitionRefused as error:
        raise refused(error) from None
    flash(request, f"講師「{speaker.name}」を依頼中として登録しました。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar_id) + "#speakers")


async def _speaker_status(request: Request, db, seminar_id: int, speaker_id: int, new_status: str) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    try:
        speaker = await people.set_speaker_status(db, seminar, speaker_id, new_status)
    except LookupError:
        raise NotFoundException("講師が見つかりません。") from None
    except TransitionRefused as error:
        raise refused(error) from None
    flash(request, f"講師「{speaker.name}」を{people.SPEAKER_STATUS_LABELS[new_status]}にしました。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar_id) + "#speakers")


@post("/{seminar_id:int}/speakers/{speaker_id:int}/accept", name="seminars:admin_speaker_accept", guards=OFFICE)
async def admin_speaker_accept(
    request: Request, db: DbSession, seminar_id: FromPath[int], speaker_id: FromPath[int]
) -> Response:
    return await _speaker_status(request, db, seminar_id, speaker_id, SpeakerRequestStatus.ACCEPTED)


@post("/{seminar_id:int}/speakers/{speaker_id:int}/decline", name="seminars:admin_speaker_decline", guards=OFFICE)
async def admin_speaker_decline(
    request: Request, db: DbSession, seminar_id: FromPath[int], speaker_id: FromPath[int]
) -> Response:
    return await _speaker_status(request, db, seminar_id, speaker_id, SpeakerRequestStatus.DECLINED)


@post("/{seminar_id:int}/speakers/{speaker_id:int}/request", name="seminars:admin_speaker_request", guards=OFFICE)
async def admin_speaker_request(
    request: Request, db: DbSession, seminar_id: FromPath[int], speaker_id: FromPath[int]
) -> Response:
    return await _speaker_status(request, db, seminar_id, speaker_id, SpeakerRequestStatus.REQUESTED)


@post("/{seminar_id:int}/speakers/{speaker_id:int}/delete", name="seminars:admin_delete_speaker", guards=OFFICE)
async def admin_delete_speaker(
    request: Request, db: DbSession, seminar_id: FromPath[int], speaker_id: FromPath[int]
) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    try:
        await people.delete_speaker(db, seminar, speaker_id)
    except LookupError:
        raise NotFoundException("講師が見つかりません。") from None
    except TransitionRefused as error:
        raise refused(error) from None
    flash(request, "講師を削除しました。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar_id) + "#speakers")


@get("/{seminar_id:int}/speakers/{speaker_id:int}/letter.pdf", name="seminars:admin_speaker_letter", guards=OFFICE)
async def admin_speaker_letter(
    request: Request, db: DbSession, seminar_id: FromPath[int], speaker_id: FromPath[int]
) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    try:
        speaker = await people.own_speaker(db, seminar, speaker_id)
    except LookupError:
        raise NotFoundException("講師が見つかりません。") from None
    sessions = [s for s in await service.sessions_of(db, seminar.id) if s.speaker_id == speaker.id]
    return pdf_response(pdfs.request_letter(seminar, speaker, sessions), f"講師依頼状_{speaker.name}.pdf")


@get("/{seminar_id:int}/flyer.pdf", name="seminars:admin_flyer", guards=OFFICE)
async def admin_flyer(request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    sessions = await service.sessions_of(db, seminar.id)
    speakers = {
        s.id: s for s in await people.speakers_of(db, seminar.id) if s.request_status == SpeakerRequestStatus.ACCEPTED
    }
    apply_url = urls.absolute_url(settings, "seminars:detail", seminar_id=seminar.id)
    return pdf_response(pdfs.flyer(seminar, sessions, speakers, apply_url), f"チラシ_{seminar.title}.pdf")


@post("/{seminar_id:int}/counselors", name="seminars:admin_add_counselor", guards=OFFICE)
async def admin_add_counselor(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template | Response:
    seminar = await seminar_or_404(db, seminar_id)
    names = await people.counselor_names(db)
    form = forms.parse_counselor((await request.form()).dict(), set(names))
    if form.ok:
        try:
            await people.assign_counselor(db, seminar, form.values["clean"])
        except TransitionRefused as error:
            form.error("counselor_user_id", error.message)
    if not form.ok:
        return await _detail_with_errors(request, db, seminar, {"counselor": form.values}, {"counselor": form.errors})
    flash(request, f"{names[form.values['clean']['counselor_user_id']]}さんを相談枠に割り当てました。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar_id) + "#counselors")


@post("/{seminar_id:int}/counselors/{slot_id:int}/delete", name="seminars:admin_delete_counselor", guards=OFFICE)
async def admin_delete_counselor(
    request: Request, db: DbSession, seminar_id: FromPath[int], slot_id: FromPath[int]
) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    try:
        await people.remove_counselor(db, seminar, slot_id)
    except TransitionRefused as error:
        raise refused(error) from None
    flash(request, "相談枠の割り当てを外しました。")
    return see_other(request, url_for(request, "seminars:admin_detail", seminar_id=seminar_id) + "#counselors")


admin_router = Router(
    path="/admin/seminars",
    route_handlers=[
        admin_list,
        admin_new,
        admin_create,
        admin_edit,
        admin_update,
        admin_detail,
        admin_announce,
        admin_back_to_planning,
        admin_close,
        admin_reopen,
        admin_hold,
        admin_finish,
        admin_cancel_form,
        admin_cancel,
        admin_add_session,
        admin_session,
        admin_update_session,
        admin_delete_session,
        admin_add_speaker,
        admin_speaker_accept,
        admin_speaker_decline,
        admin_speaker_request,
        admin_delete_speaker,
        admin_speaker_letter,
        admin_flyer,
        admin_add_counselor,
        admin_delete_counselor,
    ],
)
