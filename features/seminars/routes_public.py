"""The public seminar pages (/seminars…), the registration form, e-mail verification, cancellation
by the mailed link, and the mypage list (セミナー申込). Thin handlers: the rules are in
registration.py and service.py."""

from __future__ import annotations

import hashlib

from litestar import Request, Router, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from app import clock, ratelimit
from app.deps import AppSettings, DbSession
from app.forms import first, normalize_email
from app.security import client_ip, require_login
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import api as accounts
from features.seminars import forms, people, registration, registration_reads, seminar_report, service, states
from features.seminars.models import (
    KIND_LABELS,
    REGISTRATION_STATUS_LABELS,
    RegistrationStatus,
    SeminarKind,
    SeminarSpeaker,
    SpeakerRequestStatus,
)
from features.seminars.registration import Applicant, RegistrationRefused

NOT_FOUND = "セミナーが見つかりません。"


def _url(request: Request, name: str, **params) -> str:
    return request.app.route_reverse(name, **params)


def slots(sessions) -> list[tuple[str, list]]:
    """The programme grouped by start time: parallel sessions (A–H) form one choice."""
    grouped: dict = {}
    for session in sessions:
        grouped.setdefault((session.starts_at, session.ends_at), []).append(session)
    return [(service.when_text(start, end), items) for (start, end), items in grouped.items()]


def _address_key(raw: str) -> str:
    """A fixed-length key of the canonical address (whatever length was typed)."""
    return hashlib.sha256(normalize_email(raw).encode()).hexdigest()[:40]


def labels() -> dict:
    return {
        "kind_labels": KIND_LABELS,
        "status_label": states.label,
        "registration_labels": REGISTRATION_STATUS_LABELS,
        "when_text": service.when_text,
        "place_text": service.place_text,
    }


@get("/seminars", name="seminars:list")
async def list_seminars(request: Request, db: DbSession) -> Template:
    now = clock.now()
    seminars = await service.public_seminars(db, now)
    return render(
        request,
        "seminars/public/list.html.jinja",
        {"seminars": seminars, "accepting": lambda s: service.accepts_registrations(s, now), **labels()},
    )


async def _public_speakers(db, seminar_id: int) -> dict[int, SeminarSpeaker]:
    return {
        s.id: s for s in await people.speakers_of(db, seminar_id) if s.request_status == SpeakerRequestStatus.ACCEPTED
    }


@get("/seminars/{seminar_id:int}", name="seminars:detail")
async def show_seminar(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    try:
        seminar = await service.public_seminar(db, seminar_id)
    except LookupError:
        raise NotFoundException(NOT_FOUND) from None
    sessions = await service.sessions_of(db, seminar.id)
    counts = (await service.registration_counts(db, [seminar.id]))[seminar.id]
    return render(
        request,
        "seminars/public/detail.html.jinja",
        {
            "seminar": seminar,
            "slots": slots(sessions),
            "speakers": await _public_speakers(db, seminar.id),
            "accepting": service.accepts_registrations(seminar, clock.now()),
            "full": counts[RegistrationStatus.CONFIRMED] >= seminar.capacity,
            "report_published": await seminar_report.published_report(db, seminar.id) is not None,
            **labels(),
        },
    )


async def _who(request: Request, db, seminar) -> tuple[str, dict]:
    """Who is applying: ("anonymous" | "individual" | "organization" | "refused: <message>") and
    the values to prefill from their account."""
    session = current_session(request)
    uid, role = session.get("uid"), session.get("role")
    if seminar.kind == SeminarKind.ORGANIZATION:
        if role != accounts.Role.ORGANIZATION:
            return "refused:国際協力団体セミナーには、団体のアカウントでログインしてお申し込みください。", {}
        organization = await accounts.organization_of(db, uid)
        if organization is None or organization.status != accounts.OrganizationStatus.APPROVED:
            return "refused:事務局の承認を受けた団体だけがお申し込みいただけます。", {}
        user = await accounts.user_by_id(db, uid)
        return "organization", {
            "name": organization.contact_name,
            "email": user.email,
            "occupation": organization.name,
            "organization_id": organization.id,
        }
    if uid is None:
        return "anonymous", {}
    if role != accounts.Role.INDIVIDUAL:
        return (
            "refused:国際協力人材セミナーには、個人のアカウントでログインするか、ログアウトしてお申し込みください。",
            {},
        )
    user = await accounts.user_by_id(db, uid)
    person = await accounts.individual_of(db, uid)
    values = {"name": user.display_name, "email": user.email}
    if person is not None:
        values["name"] = f"{person.family_name} {person.given_name}"
        values["age_band"] = accounts.age_band(person.birth_date, clock.today_jst())
    return "individual", values


async def _form_page(request: Request, db, seminar, who: str, values: dict, errors: dict, status_code=200) -> Template:
    sessions = await service.sessions_of(db, seminar.id)
    return render(
        request,
        "seminars/public/apply.html.jinja",
        {
            "seminar": seminar,
            "who": who,
            "values": values,
            "errors": errors,
            "slots": slots(sessions),
            "speakers": await _public_speakers(db, seminar.id),
            "session_counts": await service.session_counts(db, seminar.id),
            "options": {
                "age_bands": registration.AGE_BANDS,
                "interests": registration.INTERESTS,
                "experiences": registration.EXPERIENCES,
                "sources": registration.SOURCES,
            },
            **labels(),
        },
        fragments={"apply-form": "apply_form"},
        status_code=status_code,
    )


async def _open_seminar(db, seminar_id: int):
    try:
        seminar = await service.public_seminar(db, seminar_id)
    except LookupError:
        raise NotFoundException(NOT_FOUND) from None
    if not service.accepts_registrations(seminar, clock.now()):
        raise HTTPException(status_code=409, detail="このセミナーは現在申込を受け付けていません。")
    return seminar


@get("/seminars/{seminar_id:int}/apply", name="seminars:apply_form")
async def show_apply_form(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    seminar = await _open_seminar(db, seminar_id)
    who, values = await _who(request, db, seminar)
    if who.startswith("refused:"):
        raise HTTPException(status_code=403, detail=who.removeprefix("refused:"))
    return await _form_page(request, db, seminar, who, values, {})


@post("/seminars/{seminar_id:int}/apply", name="seminars:apply")
async def apply(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]
) -> Template | Response:
    data = (await request.form()).dict()
    if not current_session(request).get("uid"):
        # Without an account every address gets a mail: limits per address and per network keep
        # the form from being used to send mail. Counted before this request's transaction starts.
        await ratelimit.enforce(
            request.app.state.database,
            [
                (f"seminar-apply:{_address_key(str(first(data, 'email')))}", 5, 3600),
                (f"seminar-apply-ip:{client_ip(request.scope, settings)}", 30, 3600),
            ],
            "短時間に多くの申込が行われました。しばらく待ってからもう一度お試しください。",
        )
    seminar = await _open_seminar(db, seminar_id)
    who, account = await _who(request, db, seminar)
    if who.startswith("refused:"):
        raise HTTPException(status_code=403, detail=who.removeprefix("refused:"))
    sessions = await service.sessions_of(db, seminar.id)
    form = forms.parse_registration(data, {s.id for s in sessions}, ask_email=who == "anonymous")
    if not form.ok:
        return await _form_page(request, db, seminar, who, {**account, **form.values}, form.errors, 422)
    clean = form.values["clean"]
    applicant = Applicant(
        name=clean["name"],
        email=clean.get("email") or account["email"],
        age_band=clean["age_band"],
        occupation=clean["occupation"],
        interests=tuple(clean["interests"]),
        experience=clean["experience"],
        source=clean["source"],
        session_ids=clean["session_ids"],
        user_id=current_session(request).get("uid") if who != "anonymous" else None,
        organization_id=account.get("organization_id"),
    )
    try:
        outcome = await registration.register(db, settings, seminar.id, applicant, verified=who != "anonymous")
    except RegistrationRefused as error:
        errors = {error.field or "form": error.message}
        return await _form_page(request, db, seminar, who, {**account, **form.values}, errors, 422)
    if who == "anonymous":
        return see_other(request, _url(request, "seminars:applied", seminar_id=seminar.id))
    reg = outcome.registration
    if reg.status == RegistrationStatus.CONFIRMED:
        flash(request, f"「{seminar.title}」の申込を受け付けました。受付番号は {reg.receipt_no} です。")
    else:
        flash(
            request, f"定員に達しているため、キャンセル待ちで受け付けました。受付番号は {reg.receipt_no} です。", "info"
        )
    return see_other(request, _url(request, "seminars:my_registrations"))


@get("/seminars/{seminar_id:int}/applied", name="seminars:applied")
async def show_applied(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    try:
        seminar = await service.public_seminar(db, seminar_id)
    except LookupError:
        raise NotFoundException(NOT_FOUND) from None
    return render(request, "seminars/public/applied.html.jinja", {"seminar": seminar, **labels()})


async def _verify_context(db, token: str) -> dict:
    reg = await registration.by_verify_token(db, token)
    if reg is None:
        raise NotFoundException("このリンクは無効か、有効期限が切れています。もう一度お申し込みください。")
    seminar = await service.get_seminar(db, reg.seminar_id)
    return {
        "registration": reg,
        "seminar": seminar,
        "token": token,
        "rank": await registration_reads.waiting_rank(db, reg),
    }


@get("/seminars/verify/{token:str}", name="seminars:verify_page")
async def show_verify(request: Request, db: DbSession, token: FromPath[str]) -> Template:
    """No state change on GET (mail scanners follow links): the page has the button."""
    return render(request, "seminars/public/verify.html.jinja", {**await _verify_context(db, token), **labels()})


@post("/seminars/verify/{token:str}", name="seminars:verify")
async def verify(request: Request, db: DbSession, settings: AppSettings, token: FromPath[str]) -> Response:
    try:
        await registration.verify(db, settings, token)
    except RegistrationRefused as error:
        raise HTTPException(status_code=409, detail=error.message) from None
    return see_other(request, _url(request, "seminars:verify_page", token=token))


@get("/seminars/cancel/{token:str}", name="seminars:cancel_link")
async def show_cancel_link(request: Request, db: DbSession, token: FromPath[str]) -> Template:
    reg = await registration.by_cancel_token(db, token)
    if reg is None:
        raise NotFoundException("このキャンセル用リンクは無効です。")
    seminar = await service.get_seminar(db, reg.seminar_id)
    return render(
        request,
        "seminars/public/cancel.html.jinja",
        {"registration": reg, "seminar": seminar, "token": token, **labels()},
    )


@post("/seminars/cancel/{token:str}", name="seminars:cancel_by_link")
async def cancel_by_link(request: Request, db: DbSession, settings: AppSettings, token: FromPath[str]) -> Response:
    reg = await registration.by_cancel_token(db, token)
    if reg is None:
        raise NotFoundException("このキャンセル用リンクは無効です。")
    try:
        await registration.cancel(db, settings, reg.id)
    except RegistrationRefused as error:
        raise HTTPException(status_code=409, detail=error.message) from None
    return see_other(request, _url(request, "seminars:cancel_link", token=token))


@get("/mypage/seminars", name="seminars:my_registrations", guards=[require_login])
async def my_registrations(request: Request, db: DbSession) -> Template:
    uid = current_session(request)["uid"]
    return render(
        request,
        "seminars/public/mine.html.jinja",
        {"items": await registration_reads.registrations_of_user(db, uid), **labels()},
    )


@post("/mypage/seminars/{registration_id:int}/cancel", name="seminars:my_cancel", guards=[require_login])
async def my_cancel(request: Request, db: DbSession, settings: AppSettings, registration_id: FromPath[int]) -> Response:
    uid = current_session(request)["uid"]
    reg = await registration_reads.own_registration(db, uid, registration_id)
    if reg is None:
        raise NotFoundException("申込が見つかりません。")
    try:
        await registration.cancel(db, settings, reg.id)
    except RegistrationRefused as error:
        raise HTTPException(status_code=409, detail=error.message) from None
    flash(request, "セミナーの申込をキャンセルしました。")
    return see_other(request, _url(request, "seminars:my_registrations"))


public_router = Router(
    path="/",
    route_handlers=[
        list_seminars,
        show_seminar,
        show_apply_form,
        apply,
        show_applied,
        show_verify,
        verify,
        show_cancel_link,
        cancel_by_link,
        my_registrations,
        my_cancel,
    ],
)
