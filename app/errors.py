"""Japanese error pages (never a traceback), logged with the request id."""

from __future__ import annotations

import logging
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from app.security import request_id
from app.templating import is_htmx, render, to_login

log = logging.getLogger("partner.errors")

TITLES = {
    400: "リクエストの内容に誤りがあります",
    401: "ログインが必要です",
    403: "このページを表示する権限がありません",
    404: "ページが見つかりません",
    405: "この操作はできません",
    413: "送信されたデータが大きすぎます",
    415: "この形式のデータは受け付けられません",
    422: "入力内容を確認してください",
    429: "しばらく待ってからお試しください",
    500: "システムエラーが発生しました",
    503: "ただいまサービスを利用できません",
}

MESSAGES = {
    400: "送信された内容を読み取れませんでした。入力内容を確認して、もう一度お試しください。",
    401: "このページを表示するにはログインしてください。",
    403: (
        "このページを表示する権限がないか、画面の有効期限が切れています。"
        "ページを再読み込みしてからもう一度お試しください。"
    ),
    404: "お探しのページは削除されたか、URLが変更された可能性があります。",
    405: "この方法ではこのページを利用できません。",
    413: "ファイルや入力内容のサイズが上限を超えています。",
    415: "送信されたデータの形式が正しくありません。",
    422: "入力内容に誤りがあります。",
    429: "短時間に多くの操作が行われました。しばらく待ってからもう一度お試しください。",
    500: (
        "申し訳ありません。時間をおいてもう一度お試しください。"
        "問題が続く場合は、下の番号を添えて事務局にお問い合わせください。"
    ),
    503: "メンテナンス中か、一時的に混み合っています。時間をおいてもう一度お試しください。",
}


def _japanese_detail(exc: Exception, status: int) -> str:
    """Our own exceptions carry Japanese details; framework ones get the standard text."""
    detail = getattr(exc, "detail", "") or ""
    if detail and any(ord(ch) > 0x3000 for ch in detail):
        return detail
    return MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])


def error_response(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    context = {
        "status": status,
        "title": TITLES.get(status, TITLES[500] if status >= 500 else TITLES[400]),
        "detail": detail,
        "request_id": request_id(request.scope),
    }
    response_headers = dict(headers or {})
    if is_htmx(request):
        # htmx swaps error responses (see responseHandling): the message replaces the main area.
        response_headers.update({"HX-Retarget": "#main", "HX-Reswap": "innerHTML"})
    return render(
        request, "errors/error.html.jinja", context, block="main", status_code=status, headers=response_headers
    )


def _to_login(request: Request) -> Response:
    """A page that needs a login sends the browser to the login form, and back afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    login = request.app.route_reverse("accounts:login")
    return to_login(request, f"{login}?next={quote(target, safe='')}")


def handle_http_exception(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    if status == 401 and request.method == "GET":
        return _to_login(request)
    if isinstance(exc, ValidationException):
        status = 400
    if status >= 500:
        log.error("request %s failed: %s", request_id(request.scope), exc, exc_info=exc)
    headers = dict(getattr(exc, "headers", None) or {})
    return error_response(request, status, _japanese_detail(exc, status), headers)


def handle_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("request %s failed with an unexpected error", request_id(request.scope), exc_info=exc)
    return error_response(request, HTTP_500_INTERNAL_SERVER_ERROR, MESSAGES[500])


# The widest id a row can have: ids are INTEGER columns (PostgreSQL's int32 is the narrower).
ID_MAX = 2**31 - 1


async def reject_impossible_ids(request: Request) -> None:
    """before_request: an {id:int} path parameter no row can have (past the integer range the
    driver would refuse with an error, i.e. a 500) is a 404 before any handler asks the database."""
    for value in request.path_params.values():
        if isinstance(value, int) and not isinstance(value, bool) and not -ID_MAX <= value <= ID_MAX:
            raise NotFoundException()


EXCEPTION_HANDLERS = {HTTPException: handle_http_exception, Exception: handle_unexpected}
