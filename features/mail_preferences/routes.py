"""メール配信設定 on the mypage (個人 and 団体), and the signed one-click unsubscribe page.

POST /unsubscribe/{token} is the RFC 8058 endpoint a mailbox provider calls: no login, no cookie,
no CSRF token (exempt through app.security.CSRF_EXEMPT) — the signed token is the proof. It only
ever switches one category off, so the worst a replay can do is repeat that.
"""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import ClientException
from litestar.params import FromPath
from litestar.response import Response, Template

from app.deps import AppSettings, DbSession
from app.security import CSRF_EXEMPT, require_role
from app.sessions import current_session, flash
from app.templating import render, see_other
from features.accounts.api import Role
from features.mail_preferences import forms, service
from features.mail_preferences.models import LABELS, Category

MEMBERS = [require_role(Role.INDIVIDUAL, Role.ORGANIZATION)]
BAD_TOKEN = (
    "配信停止のリンクが正しくありません。メールに記載されたURLを省略せずにお使いいただくか、"
    "ログインしてマイページの「メール配信設定」から変更してください。"
)
BAD_CATEGORY = "メールの種類が正しくありません。画面を再読み込みしてからもう一度お試しください。"
DESCRIPTIONS = {
    Category.GUIDE: "セミナー、相談デー、研修など、PARTNER事務局からのご案内です。",
    Category.NEWS: "毎週金曜日にお届けする、求人情報・研修・お知らせなどのまとめです。",
    Category.ALERTS: "保存した検索条件に合う新しい情報をお知らせします（検索条件を保存した場合のみ）。",
}


def _target(settings, token: str) -> tuple[int, Category]:
    target = service.token_target(settings, token)
    if target is None:
        raise ClientException(BAD_TOKEN)
    return target


@get("/mypage/mail-preferences", name="mail_preferences:edit", guards=MEMBERS)
async def edit_preferences(request: Request, db: DbSession, settings: AppSettings) -> Template:
    switches = await service.preferences_of(db, settings, current_session(request)["uid"])
    return render(
        request,
        "mail_preferences/edit.html.jinja",
        {"switches": switches, "labels": LABELS, "descriptions": DESCRIPTIONS, "field": forms.FIELD},
    )


@post("/mypage/mail-preferences", name="mail_preferences:save", guards=MEMBERS)
async def save_preferences(request: Request, db: DbSession) -> Response:
    checked = [str(v) for v in (await request.form()).getall(forms.FIELD, [])]
    try:
        switches = forms.parse_switches(checked)
    except forms.UnknownCategory:
        raise ClientException(BAD_CATEGORY) from None
    await service.save_preferences(db, current_session(request)["uid"], switches)
    flash(request, "メール配信設定を保存しました。")
    return see_other(request, request.app.route_reverse("mail_preferences:edit"))


@get("/unsubscribe/{token:str}", name="mail_preferences:unsubscribe")
async def confirm_unsubscribe(request: Request, settings: AppSettings, token: FromPath[str]) -> Template:
    """The link in the mail: what would stop, and one button. Changes nothing (a GET)."""
    _user_id, category = _target(settings, token)
    return render(
        request,
        "mail_preferences/unsubscribe.html.jinja",
        {"label": LABELS[category], "token": token},
        headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex"},
    )


@post(
    "/unsubscribe/{token:str}",
    name="mail_preferences:unsubscribe_now",
    opt={CSRF_EXEMPT: True},
    status_code=200,
)
async def unsubscribe_now(request: Request, db: DbSession, settings: AppSettings, token: FromPath[str]) -> Template:
    """One click (RFC 8058), from the provider or from the confirmation page: that category off,
    at once; the same answer however often it is sent."""
    _target(settings, token)
    category = await service.unsubscribe(db, settings, token)
    return render(
        request,
        "mail_preferences/unsubscribed.html.jinja",
        {"label": LABELS[category]},
        headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex"},
    )


router = Router(path="/", route_handlers=[edit_preferences, save_preferences, confirm_unsubscribe, unsubscribe_now])
