"""求人情報掲載 / 求人情報一覧 (organizations) and the secretariat's review; the public pages are in
routes_public.py."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit, clock, slices
from app.deps import AppSettings, DbSession
from app.forms import FormResult, text_field
from app.pagination import page_number
from app.security import require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import api as accounts
from features.accounts.api import OrganizationStatus, OrganizationView, Role
from features.postings import display, forms, service
from features.postings.kinds import BY_SLUG, KINDS, KindSpec
from features.postings.models import Posting, PostingKind
from features.postings.routes_public import public_router

ORGANIZATION = [require_role(Role.ORGANIZATION)]
OFFICE = [require_role(Role.SECRETARIAT)]


def _spec(slug: str) -> KindSpec:
    if slug not in BY_SLUG:
        raise NotFoundException("ページが見つかりません。")
    return BY_SLUG[slug]


async def _organization(request: Request, db, *, publishing: bool = False):
    """The approved organization; `publishing` (a new posting, a copy, 申請) also needs its
    registration in force — after it ends, what is published runs to the end of its 募集期間."""
    organization = await accounts.organization_of(db, current_session(request)["uid"])
    if organization is None or organization.status != OrganizationStatus.APPROVED:
        raise PermissionDeniedException("求人情報を掲載できるのは、事務局の承認を受けた団体だけです。")
    if publishing and not accounts.registration_current(organization):
        raise PermissionDeniedException(accounts.ORGANIZATION_EXPIRED_MESSAGE)
    return organization


async def _own(request: Request, db, spec: KindSpec, posting_id: int):
    organization = await _organization(request, db)
    posting = await service.own_posting(db, organization.id, posting_id)
    if posting is None or posting.kind != spec.kind:  # another organization's posting looks like a missing one
        if posting is None and await service.exists(db, posting_id):
            await audit.record_refused_access(request, db, "posting", posting_id)
        raise NotFoundException(f"{spec.noun}が見つかりません。")
    return organization, posting


def _form(
    request: Request,
    spec: KindSpec,
    organization,
    posting: Posting | None,
    values: dict,
    errors: dict,
    status_code: int = 200,
):
    return render(
        request,
        f"postings/form_{spec.kind}.html.jinja",
        {
            "spec": spec,
            "posting": posting,
            "values": values,
            "errors": errors,
            "choices": forms.CHOICES,
            "labels": spec.labels,
            "may_request_expert": accounts.may_request_expert_resume(organization),
            "slots": range(forms.DOCUMENT_SLOTS),
            "form_params": _form_params(spec, posting),
        },
        fragments={"posting-form": "posting_form"},
        status_code=status_code,
    )


def _form_params(spec: KindSpec, posting: Posting | None) -> dict:
    """The path parameters of the form's buttons: a new posting's paths have no id."""
    return {"slug": spec.slug} if posting is None else {"slug": spec.slug, "posting_id": posting.id}


@get("/postings/{slug:str}/new", name="postings:new", guards=ORGANIZATION)
async def new_posting(request: Request, db: DbSession, slug: FromPath[str]) -> Template:
    spec = _spec(slug)
    organization = await _organization(request, db, publishing=True)
    defaults = {"application_method": "web", "resume_type": "general"} if spec.kind != PostingKind.NOTICE else {}
    return _form(request, spec, organization, None, defaults, {})


@get("/postings/{slug:str}/{posting_id:int}/edit", name="postings:edit", guards=ORGANIZATION)
async def edit_posting(request: Request, db: DbSession, slug: FromPath[str], posting_id: FromPath[int]) -> Template:
    spec = _spec(slug)
    organization, posting = await _own(request, db, spec, posting_id)
    return _form(request, spec, organization, posting, service.values_of(posting), {})


# -- the form's buttons: one endpoint each, on two paths: a new posting's (no id yet) and one's own ------


@dataclass(frozen=True)
class _Draft:
    spec: KindSpec
    organization: OrganizationView
    posting: Posting | None
    form: FormResult


async def _draft(request: Request, db, slug: str, posting_id: int | None, *, complete: bool) -> _Draft:
    """The submitted form, parsed (complete: every required field), for an approved organization's
    new posting or its own one (another organization's is a 404 with an audit row)."""
    spec = _spec(slug)
    if posting_id is None:
        organization, posting = await _organization(request, db), None
    else:
        organization, posting = await _own(request, db, spec, posting_id)
    data = (await request.form()).dict()
    may_expert = accounts.may_request_expert_resume(organization)
    return _Draft(spec, organization, posting, spec.parse(data, complete=complete, may_request_expert=may_expert))


def _refused(request: Request, draft: _Draft) -> Template:
    """The form again, values kept and an error under each field: 422."""
    return _form(
        request, draft.spec, draft.organization, draft.posting, draft.form.values, draft.form.errors, status_code=422
    )


@post(
    ["/postings/{slug:str}/save", "/postings/{slug:str}/{posting_id:int}/save"],
    name="postings:save_draft",
    guards=ORGANIZATION,
)
async def save_draft(
    request: Request, db: DbSession, slug: FromPath[str], posting_id: FromPath[int | None] = None
) -> Template | Response:
    """一時保存: incomplete input is kept; only malformed values are refused."""
    draft = await _draft(request, db, slug, posting_id, complete=False)
    if not draft.form.ok:
        return _refused(request, draft)
    try:
        posting = await service.save_draft(db, draft.organization, draft.posting, draft.form.values, draft.spec.kind)
    except service.TransitionError as error:
        raise PermissionDeniedException(error.message) from None
    flash(request, "一時保存しました。")
    return see_other(request, request.app.route_reverse("postings:edit", slug=slug, posting_id=posting.id))


@post(
    ["/postings/{slug:str}/preview", "/postings/{slug:str}/{posting_id:int}/preview"],
    name="postings:preview_draft",
    guards=ORGANIZATION,
)
async def preview_draft(
    request: Request, db: DbSession, slug: FromPath[str], posting_id: FromPath[int | None] = None
) -> Template:
    """掲載後に表示される内容を確認する: the public page of what was typed; nothing is stored."""
    draft = await _draft(request, db, slug, posting_id, complete=False)
    if not draft.form.ok:
        return _refused(request, draft)
    return render(
        request,
        "postings/detail.html.jinja",
        display.detail_context(draft.spec, draft.form.values, draft.organization, draft.posting, preview=True),
    )


@post(
    ["/postings/{slug:str}/confirm", "/postings/{slug:str}/{posting_id:int}/confirm"],
    name="postings:confirm",
    guards=ORGANIZATION,
)
async def confirm_posting(
    request: Request, db: DbSession, slug: FromPath[str], posting_id: FromPath[int | None] = None
) -> Template:
    """確認: a complete form shown as it will be published, with 登録 and 入力画面へ戻る; nothing is stored."""
    draft = await _draft(request, db, slug, posting_id, complete=True)
    if not draft.form.ok:
        return _refused(request, draft)
    return render(
        request,
        "postings/confirm.html.jinja",
        {
            **display.detail_context(draft.spec, draft.form.values, draft.organization, draft.posting),
            "form_values": draft.form.values,
            "form_params": _form_params(draft.spec, draft.posting),
        },
    )


@post(
    ["/postings/{slug:str}/submit", "/postings/{slug:str}/{posting_id:int}/submit"],
    name="postings:submit",
    guards=ORGANIZATION,
)
async def submit_posting(
    request: Request, db: DbSession, settings: AppSettings, slug: FromPath[str], posting_id: FromPath[int | None] = None
) -> Template | Response:
    """登録 (お知らせ: 掲載申請する): to the secretariat's review."""
    await _organization(request, db, publishing=True)
    draft = await _draft(request, db, slug, posting_id, complete=True)
    if not draft.form.ok:
        return _refused(request, draft)
    try:
        posting = await service.submit(
            db, settings, draft.organization, draft.posting, draft.form.values, draft.spec.kind
        )
    except service.TransitionError as error:
        raise PermissionDeniedException(error.message) from None
    return see_other(request, request.app.route_reverse("postings:done", slug=slug, posting_id=posting.id))


@post(
    ["/postings/{slug:str}/back", "/postings/{slug:str}/{posting_id:int}/back"],
    name="postings:back",
    guards=ORGANIZATION,
)
async def back_to_form(
    request: Request, db: DbSession, slug: FromPath[str], posting_id: FromPath[int | None] = None
) -> Template:
    """入力画面へ戻る: the form with the confirmed values, nothing stored."""
    draft = await _draft(request, db, slug, posting_id, complete=False)
    if not draft.form.ok:
        return _refused(request, draft)
    return _form(request, draft.spec, draft.organization, draft.posting, draft.form.values, {})


@get("/postings/{slug:str}/{posting_id:int}/done", name="postings:done", guards=ORGANIZATION)
async def posting_done(request: Request, db: DbSession, slug: FromPath[str], posting_id: FromPath[int]) -> Template:
    spec = _spec(slug)
    _, posting = await _own(request, db, spec, posting_id)
    return render(
        request,
        "postings/done.html.jinja",
        {
            "spec": spec,
            "posting": posting,
            "values": service.values_of(posting),
            "target": service.business_days_after(clock.today_jst()),
        },
    )


@get("/postings/{slug:str}/{posting_id:int}/preview", name="postings:preview", guards=ORGANIZATION)
async def preview_posting(request: Request, db: DbSession, slug: FromPath[str], posting_id: FromPath[int]) -> Template:
    spec = _spec(slug)
    organization, posting = await _own(request, db, spec, posting_id)
    return render(
        request,
        "postings/detail.html.jinja",
        display.detail_context(spec, service.values_of(posting), organization, posting, preview=True),
    )


@get("/postings/{slug:str}", name="postings:list", guards=ORGANIZATION)
async def list_postings(
    request: Request, db: DbSession, slug: FromPath[str], page: FromQuery[str | None] = None
) -> Template:
    spec = _spec(slug)
    organization = await _organization(request, db)
    result = await service.own_postings(db, organization.id, spec.kind, page_number(page))
    rows = [(p, display.display_status(p)) for p in result.items]
    return render(
        request,
        "postings/list.html.jinja",
        {
            "spec": spec,
            "page": result,
            "rows": rows,
            "labels": display.STATUS_LABELS,
            "tones": display.STATUS_TONES,
            # 応募件数 belongs to the applications slice, above this one: asked for, not imported.
            "counts": await slices.ask("application_counts", db, [p.id for p in result.items], default={}),
        },
        fragments={"posting-list": "posting_list"},
    )


@post("/postings/{slug:str}/{posting_id:int}/copy", name="postings:copy", guards=ORGANIZATION)
async def copy_posting(request: Request, db: DbSession, slug: FromPath[str], posting_id: FromPath[int]) -> Response:
    spec = _spec(slug)
    await _organization(request, db, publishing=True)
    organization, posting = await _own(request, db, spec, posting_id)
    copied = await service.copy(db, organization, posting)
    flash(request, f"{spec.noun}をコピーしました。期間や日時を入力してください。")
    return see_other(request, request.app.route_reverse("postings:edit", slug=spec.slug, posting_id=copied.id))


@get("/postings/{slug:str}/{posting_id:int}/stop", name="postings:stop_confirm", guards=ORGANIZATION)
async def confirm_stop(request: Request, db: DbSession, slug: FromPath[str], posting_id: FromPath[int]) -> Template:
    spec = _spec(slug)
    _, posting = await _own(request, db, spec, posting_id)
    return render(request, "postings/stop.html.jinja", {"spec": spec, "posting": posting})


@post("/postings/{slug:str}/{posting_id:int}/stop", name="postings:stop", guards=ORGANIZATION)
async def stop_posting(
    request: Request, db: DbSession, settings: AppSettings, slug: FromPath[str], posting_id: FromPath[int]
) -> Response:
    spec = _spec(slug)
    organization, posting = await _own(request, db, spec, posting_id)
    try:
        await service.stop(db, settings, organization, posting)
    except service.TransitionError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("postings:list", slug=spec.slug))
    flash(request, f"「{posting.title}」の掲載を中止しました。")
    return see_other(request, request.app.route_reverse("postings:list", slug=spec.slug))


# -- the secretariat ----------------------------------------------------------------------


@get("/admin/postings", name="postings:review_queue", guards=OFFICE)
async def review_queue(request: Request, db: DbSession) -> Template:
    postings = await service.review_queue(db)
    organizations = await accounts.organizations_by_ids(db, {p.organization_id for p in postings})
    rows = [
        (
            p,
            organizations[p.organization_id],
            service.values_of(p),
            KINDS[p.kind],
            service.business_days_after(clock.to_jst(p.submitted_at).date()),
        )
        for p in postings
    ]
    return render(request, "postings/admin_queue.html.jinja", {"rows": rows})


async def _review_page(request: Request, db, posting_id: int, errors=None, status_code=200) -> Template:
    posting = await db.get(Posting, posting_id)
    if posting is None:
        raise NotFoundException("求人情報が見つかりません。")
    organization = (await accounts.organizations_by_ids(db, {posting.organization_id}))[posting.organization_id]
    draft = service.values_of(posting)
    revision = posting.revision_state == "pending"
    spec = KINDS[posting.kind]
    return render(
        request,
        "postings/admin_posting.html.jinja",
        {
            **display.detail_context(spec, draft, organization, posting),
            "revision": revision,
            "diff": display.differences(service.values_of(posting, "content"), draft, spec.labels) if revision else [],
            "pending": posting.status == "pending" or revision,
            "errors": errors or {},
        },
        status_code=status_code,
    )


@get("/admin/postings/{posting_id:int}", name="postings:review", guards=OFFICE)
async def review_posting(request: Request, db: DbSession, posting_id: FromPath[int]) -> Template:
    return await _review_page(request, db, posting_id)


@post("/admin/postings/{posting_id:int}/approve", name="postings:approve", guards=OFFICE)
async def approve_posting(
    request: Request, db: DbSession, settings: AppSettings, posting_id: FromPath[int]
) -> Response:
    posting = await db.get(Posting, posting_id)
    if posting is None:
        raise NotFoundException("求人情報が見つかりません。")
    try:
        await service.approve(db, settings, posting)
    except service.TransitionError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("postings:review", posting_id=posting_id))
    flash(request, f"「{posting.title}」を承認しました。")
    return see_other(request, request.app.route_reverse("postings:review_queue"))


@post("/admin/postings/{posting_id:int}/return", name="postings:return", guards=OFFICE)
async def return_posting(
    request: Request, db: DbSession, settings: AppSettings, posting_id: FromPath[int]
) -> Template | Response:
    form = FormResult()
    reason = text_field(
        form, (await request.form()).dict(), "reason", "差戻しの理由", required=True, max_length=2000, multiline=True
    )
    if not form.ok:
        return await _review_page(request, db, posting_id, form.errors, status_code=422)
    posting = await db.get(Posting, posting_id)
    if posting is None:
        raise NotFoundException("求人情報が見つかりません。")
    try:
        await service.return_posting(db, settings, posting, reason)
    except service.TransitionError as error:
        flash(request, error.message, "error")
        return see_other(request, request.app.route_reverse("postings:review", posting_id=posting_id))
    flash(request, "差戻しました。理由をメールで送信しました。")
    return see_other(request, request.app.route_reverse("postings:review_queue"))


router = Router(
    path="/",
    route_handlers=[
        new_posting,
        edit_posting,
        save_draft,
        preview_draft,
        confirm_posting,
        submit_posting,
        back_to_form,
        posting_done,
        preview_posting,
        list_postings,
        copy_posting,
        confirm_stop,
        stop_posting,
        review_queue,
        review_posting,
        approve_posting,
        return_posting,
        public_router,
    ],
)
