"""ログイン (password, then the mailed one-time code), ログアウト, マイページ."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Response, Template

from app import navigation, ratelimit, slices
from app.deps import AppSettings, DbSession
from app.security import client_ip, require_login
from app.sessions import current_session, end_session, flash, start_session
from app.templating import render, safe_next, see_other
from features.accounts import login, service
from features.accounts.forms import parse_code, parse_login
from features.accounts.models import AccountStatus, Role, UserAccount

PENDING_KEY = "pending_login"
LOGIN_LIMIT_PER_IP = (30, 900)  # attempts per 15 minutes from one address
LOGIN_LIMIT_PER_ACCOUNT = (10, 900)  # attempts per 15 minutes on one address
CODE_LIMIT_PER_IP = (30, 900)

NOT_ACTIVE_MESSAGES = {
    AccountStatus.PENDING: "団体登録は事務局の承認待ちです。承認されるとメールでお知らせします。",
    AccountStatus.SUSPENDED: "このアカウントは利用を停止しています。PARTNER事務局にお問い合わせください。",
    AccountStatus.WITHDRAWN: "このアカウントは退会済みです。",
}
MYPAGE_HEADINGS = {
    Role.INDIVIDUAL: "個人マイページ",
    Role.ORGANIZATION: "団体マイページ",
    Role.SECRETARIAT: "事務局マイページ",
    Role.COUNSELOR: "キャリア相談員マイページ",
}


LOGIN_LIMIT_MESSAGE = "ログインの試行回数が上限に達しました。しばらく待ってからもう一度お試しください。"


def _login_form(request: Request, *, next_path: str, values=None, errors=None, message="", status_code=200):
    context = {"values": values or {}, "errors": errors or {}, "message": message, "next": next_path}
    return render(
        request, "accounts/login.html.jinja", context, fragments={"login-form": "login_form"}, status_code=status_code
    )


@get("/login", name="accounts:login")
async def show_login(request: Request, next: FromQuery[str | None] = None) -> Template | Response:
    next_path = safe_next(next, request.app.route_reverse("accounts:mypage"))
    if current_session(request).get("uid"):
        return see_other(request, next_path)
    return _login_form(request, next_path=next_path)


@post("/login", name="accounts:submit_login")
async def submit_login(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    data = (await request.form()).dict()
    form = parse_login(data)
    next_path = safe_next(
        data.get("next", [""])[0] if data.get("next") else "", request.app.route_reverse("accounts:mypage")
    )
    if not form.ok:
        return _login_form(request, values=form.values, errors=form.errors, next_path=next_path, status_code=422)
    await ratelimit.enforce(
        request.app.state.database,
        [
            (f"login-ip:{client_ip(request.scope, settings)}", *LOGIN_LIMIT_PER_IP),
            (f"login-account:{form.values['email']}", *LOGIN_LIMIT_PER_ACCOUNT),
        ],
        LOGIN_LIMIT_MESSAGE,
    )
    result = await login.check_password(db, settings, form.values["email"], form.values["password"])
    if result.step == login.PasswordStep.REJECTED:
        return _login_form(
            request,
            values={"email": form.values["email"]},
            next_path=next_path,
            status_code=422,
            message="メールアドレスまたはパスワードが正しくありません。",
        )
    if result.step == login.PasswordStep.NOT_ACTIVE:
        return _login_form(
            request,
            values={"email": form.values["email"]},
            next_path=next_path,
            status_code=422,
            message=NOT_ACTIVE_MESSAGES.get(result.user.status, NOT_ACTIVE_MESSAGES[AccountStatus.SUSPENDED]),
        )
    session = current_session(request)
    session[PENDING_KEY] = {"challenge": result.challenge_id, "next": next_path}
    request.scope["session"] = session
    return see_other(request, request.app.route_reverse("accounts:code"))


def _pending(request: Request) -> dict:
    pending = current_session(request).get(PENDING_KEY)
    return pending if isinstance(pending, dict) else {}


def _code_form(request: Request, *, values=None, errors=None, status_code=200) -> Template:
    return render(
        request,
        "accounts/login_code.html.jinja",
        {"values": values or {}, "errors": errors or {}},
        fragments={"code-form": "code_form"},
        status_code=status_code,
    )


def _back_to_login(request: Request, message: str) -> Response:
    current_session(request).pop(PENDING_KEY, None)
    flash(request, message, "error")
    return see_other(request, request.app.route_reverse("accounts:login"))


@get("/login/code", name="accounts:code")
async def show_code_form(request: Request, db: DbSession) -> Template | Response:
    if not await login.challenge_is_open(db, _pending(request).get("challenge")):
        return _back_to_login(request, "ログインの有効期限が切れました。もう一度ログインしてください。")
    return _code_form(request)


@post("/login/code", name="accounts:submit_code")
async def submit_code(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    pending = _pending(request)
    form = parse_code((await request.form()).dict())
    if not form.ok:
        return _code_form(request, values=form.values, errors=form.errors, status_code=422)
    await ratelimit.enforce(
        request.app.state.database,
        [(f"code-ip:{client_ip(request.scope, settings)}", *CODE_LIMIT_PER_IP)],
        LOGIN_LIMIT_MESSAGE,
    )
    result = await login.check_code(db, settings, pending.get("challenge"), form.values["code"])
    if result.step == login.CodeStep.WRONG:
        message = f"ワンタイムパスワードが正しくありません。あと{result.attempts_left}回入力できます。"
        return _code_form(request, values={}, errors={"code": message}, status_code=422)
    if result.step == login.CodeStep.LOCKED:
        return _back_to_login(
            request,
            "ワンタイムパスワードを5回間違えたため、このログインは無効になりました。もう一度ログインしてください。",
        )
    if result.step == login.CodeStep.EXPIRED:
        return _back_to_login(request, "ワンタイムパスワードの有効期限が切れました。もう一度ログインしてください。")
    sign_in(request, result.user)
    return see_other(request, pending.get("next") or request.app.route_reverse("accounts:mypage"))


@post("/login/code/resend", name="accounts:resend_code")
async def resend_code(request: Request, db: DbSession, settings: AppSettings) -> Response:
    outcome = await login.resend_code(db, settings, _pending(request).get("challenge"))
    if outcome == "expired":
        return _back_to_login(request, "ログインの有効期限が切れました。もう一度ログインしてください。")
    if outcome == "too_soon":
        flash(request, "再送信は前回の送信から1分後にできます。", "error")
    else:
        flash(request, "ワンタイムパスワードを再送信しました。新しいワンタイムパスワードを入力してください。")
    return see_other(request, request.app.route_reverse("accounts:code"))


def sign_in(request: Request, user: UserAccount) -> None:
    """A fresh session id for the logged-in user (the pre-login session is discarded)."""
    start_session(
        request, {"uid": user.id, "role": user.role, "display_name": user.display_name, "counselor": user.is_counselor}
    )
    flash(request, "ログインしました。")


@post("/logout", name="accounts:logout")
async def logout(request: Request) -> Response:
    end_session(request)
    flash(request, "ログアウトしました。")
    return see_other(request, request.app.route_reverse("accounts:login"))


@get("/mypage", name="accounts:mypage", guards=[require_login])
async def show_mypage(request: Request, db: DbSession) -> Template:
    session = current_session(request)
    user = await service.user_by_id(db, session["uid"])
    role = session.get("role")
    organization = await service.organization_of(db, user.id) if role == Role.ORGANIZATION else None
    standings = frozenset({navigation.JICA}) if organization and service.is_jica(organization) else frozenset()
    context = {
        "user": user,
        "heading": MYPAGE_HEADINGS.get(role, "マイページ"),
        "individual": await service.individual_of(db, user.id) if role == Role.INDIVIDUAL else None,
        "organization": organization,
        "menu": navigation.mypage_items_for(role, standings),
        "notices": await _notices(db, user),
    }
    return render(request, "accounts/mypage.html.jinja", context)


async def _notices(db, user) -> list:
    """What higher slices ask the person to notice (hook "mypage_notices"(db, user) -> a
    MypageNotice, a list of them, or None), e.g. 不達: "ご登録のメールアドレスにメールが届きませんでした"."""
    notices = []
    for answer in await slices.ask_all("mypage_notices", db, user):
        notices.extend(answer if isinstance(answer, list | tuple) else [answer] if answer else [])
    return notices


HANDLERS = [show_login, submit_login, show_code_form, submit_code, resend_code, logout, show_mypage]
