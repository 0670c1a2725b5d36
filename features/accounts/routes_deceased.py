"""物故者管理 (secretariat): record from the account page, import a list to match and confirm, the
records with 取消 (a mistaken record restores the account)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from app import uploads
from app.deps import AppSettings, DbSession
from app.forms import FormResult, clean_text, date_field, first, text_field
from app.security import client_ip, require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts import deceased, routes_staff
from features.accounts.models import Role

STAFF = [require_role(Role.SECRETARIAT)]
LIST_LIMIT = 256 * 1024  # a list of 1,000 names is far below this


def _source(result: FormResult, data) -> str:
    return text_field(result, data, "source", "情報源", required=True, max_length=100)


async def _page(request: Request, db, *, values=None, errors=None, status_code=200) -> Template:
    return render(
        request,
        "accounts/admin_deceased.html.jinja",
        {
            "records": await deceased.records(db),
            "values": values or {"source": deceased.DEFAULT_SOURCE},
            "errors": errors or {},
        },
        status_code=status_code,
    )


@get("/admin/deceased", name="accounts:admin_deceased", guards=STAFF)
async def list_deceased(request: Request, db: DbSession) -> Template:
    return await _page(request, db)


@post("/admin/deceased/match", name="accounts:match_deceased", guards=STAFF, request_max_body_size=LIST_LIMIT)
async def match_deceased_list(request: Request, db: DbSession) -> Template:
    form = await request.form()
    result = FormResult()
    source = _source(result, form)
    upload = form.get("list")
    people, problems = [], []
    if not isinstance(upload, UploadFile) or not upload.filename:
        result.error("list", "照合するCSVファイルを選択してください。")
    else:
        try:
            people, problems = deceased.parse_list(
                uploads.text_upload(await upload.read(LIST_LIMIT + 1), max_bytes=LIST_LIMIT)
            )
        except uploads.UploadRejected as error:
            problems = [error.message]
        if problems:
            result.error("list", "ファイルの内容を確認してください：" + " ".join(problems[:5]))
    if not result.ok:
        return await _page(request, db, values=result.values, errors=result.errors, status_code=422)
    return render(
        request,
        "accounts/admin_deceased_match.html.jinja",
        {"results": await deceased.match_list(db, people), "source": source},
    )


@post("/admin/deceased/confirm", name="accounts:confirm_deceased", guards=STAFF)
async def confirm_deceased_list(request: Request, db: DbSession) -> Response | Template:
    form = await request.form()
    result = FormResult()
    source = _source(result, form)
    chosen = sorted({int(v) for v in form.getall("user_id", []) if str(v).isdigit()})
    if not chosen:
        result.error("list", "物故として記録する人が選択されていません。")
    if not result.ok:
        return await _page(request, db, values=result.values, errors=result.errors, status_code=422)
    recorded, skipped = 0, 0
    for user_id in chosen:
        try:
            await deceased.record_death(
                db,
                user_id,
                died_on=None,
                source=source,
                note="一覧の照合から記録",
                actor_id=current_session(request)["uid"],
                client_ip=client_ip(request.scope, request.app.state.settings),
            )
            recorded += 1
        except deceased.DeceasedError:
            skipped += 1  # recorded meanwhile (another staff member, or twice in the list)
    message = f"{recorded}人を物故として記録しました。"
    if skipped:
        message += f"（{skipped}人はすでに記録済みなどのため記録していません）"
    flash(request, message)
    return see_other(request, request.app.route_reverse("accounts:admin_deceased"))


@post("/admin/accounts/{user_id:int}/deceased", name="accounts:record_deceased", guards=STAFF)
async def record_deceased(
    request: Request, db: DbSession, settings: AppSettings, user_id: FromPath[int]
) -> Response | Template:
    form = (await request.form()).dict()
    result = FormResult()
    source = _source(result, form)
    died_on = date_field(result, form, "died_on", "死亡日", required=False)
    note = clean_text(first(form, "note"), multiline=True)[:500]
    if not result.ok:
        return await routes_staff.account_page(
            request, db, user_id, values=result.values, errors=result.errors, status_code=422
        )
    try:
        await deceased.record_death(
            db,
            user_id,
            died_on=died_on,
            source=source,
            note=note,
            actor_id=current_session(request)["uid"],
            client_ip=client_ip(request.scope, settings),
        )
        flash(request, "物故として記録しました。ログインとすべてのメールを止め、団体からは見えなくなりました。")
    except deceased.DeceasedError as error:
        return await routes_staff.account_page(
            request, db, user_id, values=result.values, errors={"source": error.message}, status_code=409
        )
    return see_other(request, request.app.route_reverse("accounts:admin_account", user_id=user_id))


@post("/admin/deceased/{record_id:int}/revoke", name="accounts:revoke_deceased", guards=STAFF)
async def revoke_deceased(request: Request, db: DbSession, record_id: FromPath[int]) -> Response | Template:
    form = (await request.form()).dict()
    result = FormResult()
    reason = text_field(result, form, "reason", "取消の理由", required=True, max_length=500)
    field = f"reason-{record_id}"  # each record's form has its own reason field
    if not result.ok:
        return await _page(request, db, errors={field: result.errors["reason"]}, status_code=422)
    try:
        await deceased.revoke_record(
            db,
            record_id,
            reason=reason,
            actor_id=current_session(request)["uid"],
            client_ip=client_ip(request.scope, request.app.state.settings),
        )
    except deceased.NotFound as missing:
        raise NotFoundException(missing.message) from None
    except deceased.DeceasedError as error:
        return await _page(request, db, errors={field: error.message}, status_code=409)
    flash(request, "物故の記録を取り消し、アカウントを元の状態に戻しました。")
    return see_other(request, request.app.route_reverse("accounts:admin_deceased"))


HANDLERS = [list_deceased, match_deceased_list, confirm_deceased_list, record_deceased, revoke_deceased]
