"""不達メールアドレス (secretariat): the list with filters, one address's notifications (the raw
text readable), 解除 with a reason (audited), and bounce rates per mailing."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit
from app.deps import DbSession
from app.security import client_ip, require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts.api import Role
from features.bounces import forms, service
from features.bounces.models import BouncedAddress

OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "不達メールアドレスが見つかりません。"
KIND_LABELS = {"hard": "ハードバウンス", "soft": "ソフトバウンス", "forged": "偽装（無視）"}


async def _audit(request: Request, db, action: str, row: BouncedAddress, detail: str) -> None:
    await audit.record(
        db,
        action,
        actor_user_id=current_session(request).get("uid"),
        target_type="bounced_address",
        target_id=row.id,
        detail=detail,
        client_ip=client_ip(request.scope, request.app.state.settings),
    )


@get("/admin/bounces", name="bounces:list", guards=OFFICE)
async def list_bounces(
    request: Request, db: DbSession, kind: FromQuery[str] = "", stop: FromQuery[str] = "", q: FromQuery[str] = ""
) -> Template:
    chosen = forms.filters(kind, stop, q)
    rows = await service.addresses(db, kind=chosen["kind"], state=chosen["stop"], contains=chosen["q"])
    return render(
        request,
        "bounces/list.html.jinja",
        {
            "rows": rows,
            "filters": chosen,
            "kinds": forms.KINDS,
            "states": forms.STATES,
            "labels": KIND_LABELS,
            "rates": await service.bounce_rates(db),
            "forged": await service.forged_count(db),
        },
        fragments={"bounce-rows": "bounce_rows"},
    )


async def _row(db, address_id: int) -> BouncedAddress:
    row = await service.address_by_id(db, address_id)
    if row is None:
        raise NotFoundException(NOT_FOUND)
    return row


async def _detail(request: Request, db, row: BouncedAddress, *, errors=None, values=None, status_code=200) -> Template:
    return render(
        request,
        "bounces/detail.html.jinja",
        {
            "row": row,
            "events": await service.events_of(db, row.address),
            "labels": KIND_LABELS,
            "errors": errors or {},
            "values": values or {},
            "reason_max": forms.REASON_MAX,
        },
        status_code=status_code,
    )


@get("/admin/bounces/{address_id:int}", name="bounces:detail", guards=OFFICE, opt={"writes": True})
async def show_bounce(request: Request, db: DbSession, address_id: FromPath[int]) -> Template:
    row = await _row(db, address_id)
    await _audit(request, db, "bounce_read", row, f"{request.method} {request.url.path}")
    return await _detail(request, db, row)


@post("/admin/bounces/{address_id:int}/release", name="bounces:release", guards=OFFICE)
async def release_bounce(request: Request, db: DbSession, address_id: FromPath[int]) -> Template | Response:
    row = await _row(db, address_id)
    result = forms.parse_release((await request.form()).dict())
    if result.ok:
        try:
            await service.release(db, row, current_session(request)["uid"], result.values["reason"])
        except service.ReleaseError as error:
            result.error("reason", error.message)
    if not result.ok:
        return await _detail(request, db, row, errors=result.errors, values=result.values, status_code=422)
    await _audit(request, db, "bounce_release", row, f"{row.address}: {result.values['reason']}")
    flash(request, f"{row.address} の配信停止を解除しました。")
    return see_other(request, request.app.route_reverse("bounces:detail", address_id=row.id))


router = Router(path="/", route_handlers=[list_bounces, show_bounce, release_bounce])
