"""メール配信 (secretariat): the archive, compose with a live count, the mailing's page (progress,
送信テスト, 承認 by a second person, 一時停止/再開/中止). Thin: parse → service → render / redirect;
the メールテンプレート pages are routes_templates.py."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.pagination import page_number
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import is_htmx, render, see_other
from features.accounts.api import Role
from features.bounces import api as bounces
from features.mailings import audience as audiences
from features.mailings import engine, forms, library, service, states
from features.mailings.models import Mailing, MailingStatus
from features.mailings.routes_templates import template_routes
from features.mailings.states import TransitionRefused

OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "配信が見つかりません。"
PROGRESS = {"mailing-progress": "mailing_progress"}


def _uid(request: Request) -> int:
    return current_session(request)["uid"]


def _detail_url(request: Request, mailing: Mailing) -> str:
    return request.app.route_reverse("mailings:detail", mailing_id=mailing.id)


async def _mailing(db, mailing_id: int) -> Mailing:
    mailing = await service.mailing_by_id(db, mailing_id)
    if mailing is None:
        raise NotFoundException(NOT_FOUND)
    return mailing


# -- the archive ---------------------------------------------------------------------------------


@get("/admin/mailings", name="mailings:list", guards=OFFICE)
async def list_mailings(request: Request, db: DbSession, page: FromQuery[str] = "1") -> Template:
    result = await service.archive(db, page_number(page))
    ids = [m.id for m in result.items]
    rates = {r.campaign: r for r in await bounces.bounce_rates(db, [engine.campaign(i) for i in ids])}
    return render(
        request,
        "mailings/list.html.jinja",
        {
            "page": result,
            "figures": await engine.figures(db, ids),
            "rates": {m.id: rates.get(engine.campaign(m.id)) for m in result.items},
            "labels": states.STATUS_LABELS,
            "tones": states.TONES,
        },
        fragments={"mailing-rows": "mailing_rows"},
    )


# -- composing ---------------------------------------------------------------------------------------


async def _compose_context(db, values: dict, audience, errors: dict) -> dict:
    return {
        "values": values,
        "audience": audience,
        "errors": errors,
        "choices": forms.CHOICES,
        "count": await audiences.count(db, audience),
        "templates": await library.all_templates(db),
    }


@get("/admin/mailings/new", name="mailings:new", guards=OFFICE)
async def new_mailing(request: Request, db: DbSession, template_id: FromQuery[str] = "") -> Template:
    values = {"category": "guide", "audience_kind": "individuals"}
    wanted = template_id.strip()
    template = await library.template_by_id(db, int(wanted)) if forms.is_id(wanted) else None
    if template is not None:
        values.update(subject=template.subject, body=template.body, category=template.category, template_id=template.id)
    context = await _compose_context(db, values, audiences.Audience(), {})
    return render(request, "mailings/compose.html.jinja", context)


@post("/admin/mailings", name="mailings:create", guards=OFFICE)
async def create_mailing(request: Request, db: DbSession) -> Template | Response:
    result, audience = forms.parse_mailing((await request.form()).dict())
    if not result.ok:
        context = await _compose_context(db, result.values, audience, result.errors)
        return render(request, "mailings/compose.html.jinja", context, status_code=422)
    mailing = await service.create_draft(db, _uid(request), _draft(result, audience))
    flash(request, "下書きを保存しました。内容を確かめて「承認を依頼」してください。")
    return see_other(request, _detail_url(request, mailing))


def _draft(result, audience) -> service.Draft:
    v = result.values
    return service.Draft(v["subject"], v["body"], v["category"], audience, v.get("template_id"))


@get("/admin/mailings/audience-count", name="mailings:count", guards=OFFICE)
async def count_audience(request: Request, db: DbSession) -> Template:
    """The live count as the filters change (htmx sends the audience fieldset)."""
    audience, result = forms.parse_audience(request.query_params.dict())
    count = 0 if result.errors else await audiences.count(db, audience)
    return render(
        request,
        "mailings/count.html.jinja",
        {"count": count, "audience": audience, "errors": result.errors, "description": audiences.describe(audience)},
        fragments={"audience-count": "audience_count"},
    )


# -- one mailing ------------------------------------------------------------------------------------


async def _detail(
    request: Request,
    db,
    mailing: Mailing,
    *,
    values: dict | None = None,
    errors: dict | None = None,
    refused: str = "",
    status_code: int = 200,
    audience=None,
    headers: dict[str, str] | None = None,
) -> Template:
    audience = audience or service.audience_of(mailing)
    figures = (await engine.figures(db, [mailing.id]))[mailing.id]
    rate = next(iter(await bounces.bounce_rates(db, [engine.campaign(mailing.id)])), None)
    names = await service.staff_names(db, [mailing])
    uid = _uid(request)
    polling = mailing.status in states.ACTIVE_STATES or (
        mailing.status in (MailingStatus.DONE, MailingStatus.PAUSED, MailingStatus.CANCELLED)
        and figures.waiting > figures.failed
    )
    form_values = values or {
        "subject": mailing.subject,
        "body": mailing.body,
        "category": mailing.category,
        "audience_kind": mailing.audience_kind,
        "template_id": mailing.template_id,
    }
    context = {
        "mailing": mailing,
        "status_label": states.label(mailing.status),
        "figures": figures,
        "exclusions": await engine.exclusion_counts(db, mailing.id),
        "exclusion_labels": audiences.EXCLUSION_LABELS,
        "rate": rate,
        "names": names,
        "moves": {m.name for m in states.allowed(mailing.status)},
        "may_approve": uid not in service.authors(mailing),
        "polling": polling,
        "values": form_values,
        "audience": audience,
        "errors": errors or {},
        "refused": refused,
        "choices": forms.CHOICES,
        "count": await audiences.count(db, audience) if mailing.status in (MailingStatus.DRAFT, "pending") else None,
        "templates": await library.all_templates(db) if mailing.status == MailingStatus.DRAFT else [],
    }
    return render(
        request, "mailings/detail.html.jinja", context, fragments=PROGRESS, status_code=status_code, headers=headers
    )


@get("/admin/mailings/{mailing_id:int}", name="mailings:detail", guards=OFFICE)
async def show_mailing(
    request: Request, db: DbSession, mailing_id: FromPath[int], shown: FromQuery[str] = ""
) -> Template:
    """The mailing's page; polled by its progress fragment (?shown= the state the page shows: when
    the state has moved on — 配信完了, 一時停止 from another screen — htmx reloads the whole page,
    so the 状態 and the buttons outside the fragment are never stale)."""
    mailing = await _mailing(db, mailing_id)
    stale = is_htmx(request) and shown and shown != mailing.status
    return await _detail(request, db, mailing, headers={"HX-Refresh": "true"} if stale else None)


async def _refused(request: Request, db, mailing: Mailing, error: TransitionRefused) -> Template:
    mailing_id = mailing.id
    await db.rollback()  # whatever the refused move wrote goes
    mailing = await db.get(Mailing, mailing_id, populate_existing=True)
    return await _detail(request, db, mailing, refused=error.message, status_code=409)


async def _save(request: Request, db, mailing: Mailing, then, message: str) -> Template | Response:
    """The edit form's buttons: parse, save the draft, then the button's own move."""
    result, audience = forms.parse_mailing((await request.form()).dict())
    if not result.ok:
        return await _detail(
            request, db, mailing, values=result.values, errors=result.errors, audience=audience, status_code=422
        )
    try:
        await then(_draft(result, audience))
    except TransitionRefused as error:
        return await _refused(request, db, mailing, error)
    if message:
        flash(request, message)
    return see_other(request, _detail_url(request, mailing))


@post("/admin/mailings/{mailing_id:int}", name="mailings:update", guards=OFFICE)
async def update_mailing(request: Request, db: DbSession, mailing_id: FromPath[int]) -> Template | Response:
    mailing = await _mailing(db, mailing_id)

    async def save(draft):
        await service.save_draft(db, mailing, _uid(request), draft)

    return await _save(request, db, mailing, save, "下書きを保存しました。")


@post("/admin/mailings/{mailing_id:int}/submit", name="mailings:submit", guards=OFFICE)
async def submit_mailing(request: Request, db: DbSession, mailing_id: FromPath[int]) -> Template | Response:
    mailing = await _mailing(db, mailing_id)

    async def submit(draft):
        await service.submit(db, mailing, _uid(request), draft)

    return await _save(request, db, mailing, submit, "承認を依頼しました。別の事務局員が承認すると配信できます。")


@post("/admin/mailings/{mailing_id:int}/test", name="mailings:test", guards=OFFICE)
async def test_mailing(
    request: Request, db: DbSession, settings: AppSettings, mailing_id: FromPath[int]
) -> Template | Response:
    """送信テスト: a draft is saved from the form first; the mail goes to the staff member's own address."""
    mailing = await _mailing(db, mailing_id)
    if mailing.status == MailingStatus.DRAFT:

        async def save_and_send(draft):
            await service.save_draft(db, mailing, _uid(request), draft)
            address = await service.send_test(db, settings, mailing, _uid(request))
            flash(request, f"下書きを保存し、送信テストを {address} に送りました。")

        return await _save(request, db, mailing, save_and_send, "")
    try:
        address = await service.send_test(db, settings, mailing, _uid(request))
    except TransitionRefused as error:
        return await _refused(request, db, mailing, error)
    flash(request, f"送信テストを {address} に送りました。")
    return see_other(request, _detail_url(request, mailing))


async def _act(request: Request, db, mailing: Mailing, action, message: str) -> Template | Response:
    try:
        await action()
    except TransitionRefused as error:
        return await _refused(request, db, mailing, error)
    flash(request, message)
    return see_other(request, _detail_url(request, mailing))


@post("/admin/mailings/{mailing_id:int}/send-back", name="mailings:send_back", guards=OFFICE)
async def send_back_mailing(request: Request, db: DbSession, mailing_id: FromPath[int]) -> Template | Response:
    mailing = await _mailing(db, mailing_id)
    return await _act(request, db, mailing, lambda: service.send_back(db, mailing), "下書きに差し戻しました。")


@post("/admin/mailings/{mailing_id:int}/approve-now", name="mailings:approve_now", guards=OFFICE)
async def approve_now(
    request: Request, db: DbSession, settings: AppSettings, mailing_id: FromPath[int]
) -> Template | Response:
    mailing = await _mailing(db, mailing_id)
    return await _act(
        request,
        db,
        mailing,
        lambda: service.approve(db, settings, mailing, _uid(request), None),
        "承認しました。配信を始めます。",
    )


@post("/admin/mailings/{mailing_id:int}/approve-schedule", name="mailings:approve_schedule", guards=OFFICE)
async def approve_schedule(
    request: Request, db: DbSession, settings: AppSettings, mailing_id: FromPath[int]
) -> Template | Response:
    mailing = await _mailing(db, mailing_id)
    result = forms.parse_schedule((await request.form()).dict())
    if not result.ok:
        values = {**result.values, "subject": mailing.subject, "body": mailing.body}
        return await _detail(request, db, mailing, values=values, errors=result.errors, status_code=422)
    return await _act(
        request,
        db,
        mailing,
        lambda: service.approve(db, settings, mailing, _uid(request), result.values["at"]),
        "承認しました。指定の日時に配信します。",
    )


@post("/admin/mailings/{mailing_id:int}/pause", name="mailings:pause", guards=OFFICE)
async def pause_mailing(request: Request, db: DbSession, mailing_id: FromPath[int]) -> Template | Response:
    mailing = await _mailing(db, mailing_id)
    return await _act(request, db, mailing, lambda: service.pause(db, mailing), "配信を一時停止しました。")


@post("/admin/mailings/{mailing_id:int}/resume", name="mailings:resume", guards=OFFICE)
async def resume_mailing(
    request: Request, db: DbSession, settings: AppSettings, mailing_id: FromPath[int]
) -> Template | Response:
    mailing = await _mailing(db, mailing_id)
    return await _act(request, db, mailing, lambda: service.resume(db, settings, mailing), "配信を再開しました。")


@post("/admin/mailings/{mailing_id:int}/cancel", name="mailings:cancel", guards=OFFICE)
async def cancel_mailing(request: Request, db: DbSession, mailing_id: FromPath[int]) -> Template | Response:
    mailing = await _mailing(db, mailing_id)
    return await _act(request, db, mailing, lambda: service.cancel(db, mailing), "配信を中止しました。")


router = Router(
    path="/",
    route_handlers=[
        list_mailings,
        new_mailing,
        create_mailing,
        count_audience,
        show_mailing,
        update_mailing,
        submit_mailing,
        test_mailing,
        send_back_mailing,
        approve_now,
        approve_schedule,
        pause_mailing,
        resume_mailing,
        cancel_mailing,
        *template_routes,
    ],
)
