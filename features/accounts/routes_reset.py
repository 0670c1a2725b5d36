"""パスワード再発行 (001 §7)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import ClientException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import ratelimit
from app.deps import AppSettings, DbSession
from app.forms import FormResult, email_field
from app.security import client_ip
from app.sessions import flash
from app.templating import render, see_other
from features.accounts import forms, reset

KIND_LABELS = {"individual": "個人登録の方", "organization": "団体登録の方"}
RESET_LIMIT_PER_IP = (20, 3600)
RESET_LIMIT_PER_ADDRESS = (5, 3600)
EXPIRED = "このURLは無効か、有効期限が切れています。お手数ですが、もう一度パスワード再発行を行ってください。"


@get("/password/reset", name="accounts:reset")
async def show_reset_request(request: Request, kind: FromQuery[str] = "") -> Template:
    return render(
        request,
        "accounts/reset_request.html.jinja",
        {"kind": kind if kind in KIND_LABELS else "", "kind_labels": KIND_LABELS, "values": {}, "errors": {}},
    )


@post("/password/reset", name="accounts:request_reset")
async def request_reset(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    data = (await request.form()).dict()
    form = FormResult()
    email_field(form, data, "email", "ID（ご登録メールアドレス）")
    kind = (data.get("kind") or [""])[0]
    kind = kind if kind in KIND_LABELS else ""
    if not form.ok:
        return render(
            request,
            "accounts/reset_request.html.jinja",
            {"kind": kind, "kind_labels": KIND_LABELS, "values": form.values, "errors": form.errors},
            status_code=422,
        )
    await ratelimit.enforce(
        request.app.state.database,
        [
            (f"reset-ip:{client_ip(request.scope, settings)}", *RESET_LIMIT_PER_IP),
            (f"reset-address:{form.values['email']}", *RESET_LIMIT_PER_ADDRESS),
        ],
        "パスワード再発行の回数が上限に達しました。しばらく待ってからお試しください。",
    )
    await reset.request_reset(db, settings, form.values["email"], kind)
    return see_other(request, request.app.route_reverse("accounts:reset_sent"))


@get("/password/reset/sent", name="accounts:reset_sent")
async def show_reset_sent(request: Request) -> Template:
    return render(request, "accounts/reset_sent.html.jinja")


@get("/password/reset/{token:str}", name="accounts:reset_form")
async def show_reset_form(request: Request, db: DbSession, token: FromPath[str]) -> Template:
    if await reset.reset_token(db, token) is None:
        raise ClientException(EXPIRED)
    return render(request, "accounts/reset_form.html.jinja", {"token": token, "errors": {}})


@post("/password/reset/{token:str}", name="accounts:submit_reset")
async def submit_reset(
    request: Request, db: DbSession, settings: AppSettings, token: FromPath[str]
) -> Template | Response:
    found = await reset.reset_token(db, token)
    if found is None:
        raise ClientException(EXPIRED)
    form = FormResult()
    forms.new_password(form, (await request.form()).dict(), found.email)
    if not form.ok:
        return render(
            request, "accounts/reset_form.html.jinja", {"token": token, "errors": form.errors}, status_code=422
        )
    if await reset.complete_reset(db, settings, found, form.values["password"]) is None:
        raise ClientException(EXPIRED)
    flash(request, "パスワードの再設定が完了しました。新しいパスワードでログインしてください。")
    return see_other(request, request.app.route_reverse("accounts:login"))


@get("/org-code", name="accounts:org_code")
async def show_org_code_request(request: Request) -> Template:
    return render(request, "accounts/org_code.html.jinja", {"values": {}, "errors": {}})


@post("/org-code", name="accounts:request_org_code")
async def request_org_code(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    form = FormResult()
    email_field(form, (await request.form()).dict(), "email", "ID（ご登録メールアドレス）")
    if not form.ok:
        return render(
            request, "accounts/org_code.html.jinja", {"values": form.values, "errors": form.errors}, status_code=422
        )
    await ratelimit.enforce(
        request.app.state.database,
        [(f"org-code:{client_ip(request.scope, settings)}", *RESET_LIMIT_PER_IP)],
        "送信回数が上限に達しました。しばらく待ってからお試しください。",
    )
    await reset.resend_org_code(db, settings, form.values["email"])
    flash(request, "入力されたメールアドレスで団体登録がある場合、団体コードをメールでお送りしました。")
    return see_other(request, request.app.route_reverse("accounts:login"))


HANDLERS = [
    show_reset_request,
    request_reset,
    show_reset_sent,
    show_reset_form,
    submit_reset,
    show_org_code_request,
    request_org_code,
]
