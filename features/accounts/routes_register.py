"""新規個人登録・新規団体登録: e-mail first, then the form reached from the mailed link."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import ClientException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import ratelimit
from app.deps import AppSettings, DbSession
from app.forms import first
from app.reference import COUNTRIES, REGIONS, SECTORS
from app.security import client_ip
from app.sessions import flash
from app.templating import render, see_other
from features.accounts import forms, registration, service

KINDS = ("individual", "organization")
SIGNUP_LIMIT_PER_IP = (20, 3600)
SIGNUP_LIMIT_PER_ADDRESS = (3, 3600)
EXPIRED_LINK = "このURLは無効か、有効期限が切れています。お手数ですが、はじめから登録をやり直してください。"
COUNTRY_LABELS = dict(COUNTRIES)


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ClientException("登録の種類が正しくありません。")
    return kind


def _email_page(request: Request, kind: str, values=None, errors=None, status_code=200) -> Template:
    return render(
        request,
        "accounts/register_email.html.jinja",
        {"kind": kind, "title": registration.KIND_LABEL[kind], "values": values or {}, "errors": errors or {}},
        fragments={"signup-form": "signup_form"},
        status_code=status_code,
    )


@get("/register/{kind:str}", name="accounts:register")
async def show_signup(request: Request, kind: FromPath[str]) -> Template:
    return _email_page(request, _kind(kind))


@post("/register/{kind:str}", name="accounts:request_signup")
async def request_signup(
    request: Request, db: DbSession, settings: AppSettings, kind: FromPath[str]
) -> Template | Response:
    kind = _kind(kind)
    form = forms.parse_email_only((await request.form()).dict())
    if not form.ok:
        return _email_page(request, kind, form.values, form.errors, status_code=422)
    email = form.values["email"]
    await ratelimit.enforce(
        request.app.state.database,
        [
            (f"signup-ip:{client_ip(request.scope, settings)}", *SIGNUP_LIMIT_PER_IP),
            (f"signup-address:{email}", *SIGNUP_LIMIT_PER_ADDRESS),
        ],
        "確認メールの送信回数が上限に達しました。しばらく待ってからもう一度お試しください。",
    )
    await registration.request_signup(db, settings, kind, email)
    return see_other(request, request.app.route_reverse("accounts:signup_sent", kind=kind))


@get("/register/{kind:str}/sent", name="accounts:signup_sent")
async def show_signup_sent(request: Request, kind: FromPath[str]) -> Template:
    kind = _kind(kind)
    return render(request, "accounts/register_sent.html.jinja", {"title": registration.KIND_LABEL[kind]})


def _form_context(kind: str, token: str, values: dict, errors: dict) -> dict:
    return {
        "kind": kind,
        "token": token,
        "values": values,
        "errors": errors,
        "kinds": forms.KINDS,
        "genders": forms.GENDERS,
        "countries": COUNTRIES,
        "regions": REGIONS,
        "country_labels": COUNTRY_LABELS,
        "prefectures": forms.PREFECTURE_CHOICES,
        "sectors": SECTORS,
        "org_types": forms.ORG_TYPES,
    }


def _registration_form(
    request: Request, kind: str, token: str, values=None, errors=None, status_code=200, **extra
) -> Template:
    context = {**_form_context(kind, token, values or {}, errors or {}), **extra}
    return render(
        request,
        f"accounts/register_{kind}.html.jinja",
        context,
        fragments={"registration-form": "registration_form"},
        status_code=status_code,
    )


async def _existing_organization_values(db, token) -> dict:
    organization = await service.organization_of(db, token.user_id)
    values = {name: getattr(organization, name) for name in forms.ORGANIZATION_FIELDS}
    values["activity_fields"] = [v for v in organization.activity_fields.split(",") if v]
    values["activity_countries"] = [v for v in organization.activity_countries.split(",") if v]
    return values


@get("/register/{kind:str}/form", name="accounts:registration_form")
async def show_registration_form(
    request: Request, db: DbSession, kind: FromPath[str], token: FromQuery[str] = ""
) -> Template:
    kind = _kind(kind)
    found = await registration.signup_token(db, kind, token)
    if found is None:
        raise ClientException(EXPIRED_LINK)
    values = {"list_publicly": True} if kind == "organization" else {}
    resubmission = found.user_id is not None
    if resubmission:
        values = await _existing_organization_values(db, found)
    return _registration_form(
        request,
        kind,
        token,
        values,
        email=found.email,
        resubmission=resubmission,
        return_reason=(await service.organization_of(db, found.user_id)).return_reason if resubmission else "",
    )


@post("/register/{kind:str}/form", name="accounts:submit_registration")
async def submit_registration(
    request: Request, db: DbSession, settings: AppSettings, kind: FromPath[str]
) -> Template | Response:
    kind = _kind(kind)
    data = (await request.form()).dict()
    token_value = str(first(data, "token"))
    token = await registration.signup_token(db, kind, token_value)
    if token is None:
        raise ClientException(EXPIRED_LINK)
    resubmission = token.user_id is not None
    if kind == "individual":
        form = forms.parse_individual(data, token.email)
    else:
        form = forms.parse_organization(data, token.email, with_password=not resubmission)
    if not form.ok:
        return _registration_form(
            request,
            kind,
            token_value,
            form.values,
            form.errors,
            status_code=422,
            email=token.email,
            resubmission=resubmission,
            return_reason="",
        )
    try:
        if kind == "individual":
            await registration.complete_individual(
                db, settings, token, forms.individual_values(form), form.values["password"]
            )
            flash(request, "登録が完了しました。登録コードをメールでお送りしました。ログインしてください。")
        else:
            await registration.complete_organization(
                db, settings, token, forms.organization_values(form), form.values.get("password")
            )
            flash(request, "団体登録の申請を受け付けました。事務局の承認後、メールでお知らせします。")
    except registration.AlreadyRegistered:
        raise ClientException("このメールアドレスはすでに登録されています。ログインしてください。") from None
    return see_other(request, request.app.route_reverse("accounts:registration_done", kind=kind))


@get("/register/{kind:str}/done", name="accounts:registration_done")
async def show_registration_done(request: Request, kind: FromPath[str]) -> Template:
    kind = _kind(kind)
    return render(request, "accounts/register_done.html.jinja", {"kind": kind})


HANDLERS = [
    show_signup,
    request_signup,
    show_signup_sent,
    show_registration_form,
    submit_registration,
    show_registration_done,
]
