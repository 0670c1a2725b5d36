"""登録内容の確認/更新 (001 §2) for organizations and individuals, password and e-mail
changes, and the secretariat's side: 変更承認, 登録情報確認 (stale data)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import ratelimit
from app.deps import AppSettings, DbSession
from app.forms import FormResult, email_field, first, text_field
from app.reference import COUNTRIES, REGIONS, SECTORS
from app.security import require_login, require_role
from app.sessions import current_session, flash, start_session
from app.templating import render, see_other
from features.accounts import forms, passwords, profile, reset, service
from features.accounts.forms import raw_password
from features.accounts.models import Role
from features.accounts.routes_login import LOGIN_LIMIT_PER_ACCOUNT

OFFICE = [require_role(Role.SECRETARIAT)]
EMAIL_PASSWORD = "email_current_password"  # not "current_password": the password form on the same page has that
CHOICES = {
    "org_types": forms.ORG_TYPES,
    "prefectures": forms.PREFECTURE_CHOICES,
    "sectors": SECTORS,
    "genders": forms.GENDERS,
    "countries": COUNTRIES,
    "kinds": forms.KINDS,
}


def _who(request: Request) -> tuple[int, str]:
    session = current_session(request)
    return session["uid"], session.get("role", "")


def _section(role: str, key: str) -> profile.Section:
    section = profile.section_for(role, key)
    if section is None or not section.fields:
        raise NotFoundException("この項目は変更できません。")
    return section


@get("/mypage/profile", name="accounts:profile", guards=[require_login])
async def show_profile(
    request: Request, db: DbSession, section: FromQuery[str] = "account", changed: FromQuery[str] = ""
) -> Template:
    user_id, role = _who(request)
    sections = profile.sections_for(role)
    current = profile.section_for(role, section) or sections[0]
    user = await service.user_by_id(db, user_id)
    context = {
        "sections": sections,
        "section": current,
        "user": user,
        "password_changed": changed == "password",
        "errors": {},
        "values": {},
        "pending": {},
        "rows": [],
    }
    if current.fields:
        values = await profile.current_values(db, role, user_id)
        context["rows"] = [(spec, profile.display(spec, values.get(spec.name))) for spec in current.fields]
    if role == Role.ORGANIZATION:
        organization = await service.organization_of(db, user_id)
        labels = {f.name: f.label for s in sections for f in s.fields}
        context["pending"] = {labels[k]: v for k, v in profile.pending_changes(organization).items()}
    return render(request, "accounts/profile.html.jinja", context)


def _edit_page(
    request: Request, role: str, section: profile.Section, values: dict, errors: dict, status_code: int = 200
) -> Template:
    return render(
        request,
        "accounts/profile_edit.html.jinja",
        {
            "sections": profile.sections_for(role),
            "section": section,
            "values": values,
            "errors": errors,
            "choices": CHOICES,
            "regions": REGIONS,
            "country_labels": dict(COUNTRIES),
            "approval_fields": profile.APPROVAL_FIELDS if role == Role.ORGANIZATION else set(),
        },
        fragments={"profile-form": "profile_form"},
        status_code=status_code,
    )


@get("/mypage/profile/{key:str}/edit", name="accounts:profile_edit", guards=[require_login])
async def edit_profile(request: Request, db: DbSession, key: FromPath[str]) -> Template:
    user_id, role = _who(request)
    section = _section(role, key)
    return _edit_page(request, role, section, await profile.current_values(db, role, user_id), {})


@post("/mypage/profile/{key:str}/confirm", name="accounts:profile_confirm", guards=[require_login])
async def confirm_profile(request: Request, db: DbSession, key: FromPath[str]) -> Template:
    user_id, role = _who(request)
    section = _section(role, key)
    current = await profile.current_values(db, role, user_id)
    form = profile.parse_section(role, section, (await request.form()).dict(), current)
    if not form.ok:
        return _edit_page(request, role, section, {**current, **form.values}, form.errors, status_code=422)
    changes = profile.compare(role, section, current, form.values)
    return render(
        request,
        "accounts/profile_confirm.html.jinja",
        {
            "sections": profile.sections_for(role),
            "section": section,
            "changes": changes,
            "values": form.values,
            "any_change": any(c.changed for c in changes),
        },
    )


@post("/mypage/profile/{key:str}/update", name="accounts:profile_update", guards=[require_login])
async def update_profile(
    request: Request, db: DbSession, settings: AppSettings, key: FromPath[str]
) -> Template | Response:
    user_id, role = _who(request)
    section = _section(role, key)
    data = (await request.form()).dict()
    current = await profile.current_values(db, role, user_id)
    form = profile.parse_section(role, section, data, current)
    if first(data, "back") or not form.ok:  # 入力画面へ戻る, values kept
        return _edit_page(
            request, role, section, {**current, **form.values}, form.errors, status_code=422 if not form.ok else 200
        )
    waiting = await profile.apply(db, settings, role, user_id, section, form.values)
    if role == Role.INDIVIDUAL and key == "basic":
        session = current_session(request)
        session["display_name"] = f"{form.values['family_name']} {form.values['given_name']}"
    message = "登録内容を更新しました。"
    if waiting:
        message += f"{'・'.join(waiting)}の変更は事務局の承認後に反映されます。"
    flash(request, message)
    return see_other(request, request.app.route_reverse("accounts:profile") + f"?section={key}")


async def _count_password_guess(request: Request, user_id: int) -> None:
    """Password guesses with an open session (password and e-mail change share one count) are
    limited per account like the login's; 429 past the limit. Counted before this request's own
    transaction writes: on SQLite the counter's write would wait for it."""
    await ratelimit.enforce(
        request.app.state.database,
        [(f"reauth-account:{user_id}", *LOGIN_LIMIT_PER_ACCOUNT)],
        "パスワードの入力回数が上限に達しました。しばらく待ってからもう一度お試しください。",
    )


@post("/mypage/password", name="accounts:change_password", guards=[require_login])
async def change_password(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    user_id, role = _who(request)
    await _count_password_guess(request, user_id)
    user = await service.user_by_id(db, user_id)
    data = (await request.form()).dict()
    form = FormResult()
    if not await passwords.verify_password(user.password_hash, raw_password(data, "current_password")):
        form.error("current_password", "現在のパスワードが正しくありません。")
    forms.new_password(form, data, user.email, name="new_password")
    if not form.ok:
        sections = profile.sections_for(role)
        return render(
            request,
            "accounts/profile.html.jinja",
            {
                "sections": sections,
                "section": sections[0],
                "user": user,
                "password_changed": False,
                "errors": form.errors,
                "values": {},
                "pending": {},
                "rows": [],
            },
            status_code=422,
        )
    await reset.set_new_password(db, settings, user, form.values["new_password"])
    # Every session ended, this one too; the person stays in under a fresh session id.
    session = current_session(request)
    start_session(request, {k: v for k, v in session.items() if not k.startswith("_")})
    return see_other(request, request.app.route_reverse("accounts:profile") + "?section=account&changed=password")


def _email_form_again(request: Request, role: str, user, form: FormResult) -> Template:
    sections = profile.sections_for(role)
    return render(
        request,
        "accounts/profile.html.jinja",
        {  # the password is not in form.values: never echoed
            "sections": sections,
            "section": sections[0],
            "user": user,
            "password_changed": False,
            "errors": form.errors,
            "values": form.values,
            "pending": {},
            "rows": [],
        },
        status_code=422,
    )


@post("/mypage/email", name="accounts:change_email", guards=[require_login])
async def change_email(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    user_id, role = _who(request)
    data = (await request.form()).dict()
    form = FormResult()
    email_field(form, data, "new_email", "新しいメールアドレス")
    password = raw_password(data, EMAIL_PASSWORD)
    if not password:
        form.error(EMAIL_PASSWORD, "現在のパスワードを入力してください。")
    if not form.ok:
        return _email_form_again(request, role, await service.user_by_id(db, user_id), form)
    await _count_password_guess(request, user_id)
    if not await profile.request_email_change(db, settings, user_id, form.values["new_email"], password):
        form.error(EMAIL_PASSWORD, "現在のパスワードが正しくありません。")
        return _email_form_again(request, role, await service.user_by_id(db, user_id), form)
    flash(request, "新しいメールアドレスに確認メールを送信しました。メールのURLを開くと変更が完了します。")
    return see_other(request, request.app.route_reverse("accounts:profile") + "?section=account")


@get("/mypage/email/verify/{token:str}", name="accounts:email_verify")
async def show_email_verification(request: Request, token: FromPath[str]) -> Template:
    return render(request, "accounts/email_verify.html.jinja", {"token": token})


@post("/mypage/email/verify/{token:str}", name="accounts:confirm_email")
async def confirm_email(request: Request, db: DbSession, settings: AppSettings, token: FromPath[str]) -> Response:
    user_id = await profile.confirm_email_change(db, settings, token)
    if user_id is None:
        raise ClientException("このURLは無効か、有効期限が切れています。もう一度メールアドレスの変更を行ってください。")
    session = current_session(request)
    if session.get("uid") == user_id:
        # Every session of the account ended, this one too; the person stays in under a fresh id.
        start_session(request, {k: v for k, v in session.items() if not k.startswith("_")})
    flash(request, "メールアドレスを変更しました。")
    if session.get("uid") == user_id:
        return see_other(request, request.app.route_reverse("accounts:profile") + "?section=account")
    return see_other(request, request.app.route_reverse("accounts:login"))


@get("/admin/organization-changes", name="accounts:admin_changes", guards=OFFICE)
async def list_changes(request: Request, db: DbSession) -> Template:
    organizations = await profile.organizations_with_pending_changes(db)
    labels = {"name": "団体名", "org_type": "団体種別", "corporate_number": "法人番号"}
    items = [(o, [(labels[k], getattr(o, k), v) for k, v in profile.pending_changes(o).items()]) for o in organizations]
    return render(request, "accounts/admin_changes.html.jinja", {"items": items, "errors": {}})


@post("/admin/organization-changes/{organization_id:int}", name="accounts:decide_changes", guards=OFFICE)
async def decide_changes(
    request: Request, db: DbSession, settings: AppSettings, organization_id: FromPath[int]
) -> Response:
    data = (await request.form()).dict()
    approve = first(data, "decision") == "approve"
    form = FormResult()
    reason = text_field(form, data, "reason", "差戻しの理由", required=not approve, max_length=2000, multiline=True)
    if not form.ok:
        flash(request, form.errors["reason"], "error")
        return see_other(request, request.app.route_reverse("accounts:admin_changes"))
    organization = await profile.decide_changes(db, settings, organization_id, approve, reason)
    if organization is None:
        raise NotFoundException("変更申請が見つかりません。")
    flash(request, f"{organization.name}の変更申請を{'承認' if approve else '差戻し'}しました。")
    return see_other(request, request.app.route_reverse("accounts:admin_changes"))


@get("/admin/organizations/stale", name="accounts:admin_stale", guards=OFFICE)
async def list_stale(request: Request, db: DbSession) -> Template:
    return render(request, "accounts/admin_stale.html.jinja", {"organizations": await profile.stale_organizations(db)})


@post("/admin/organizations/{organization_id:int}/ask-update", name="accounts:ask_update", guards=OFFICE)
async def ask_update(
    request: Request, db: DbSession, settings: AppSettings, organization_id: FromPath[int]
) -> Response:
    organization = await profile.ask_for_update(db, settings, organization_id)
    if organization is None:
        raise NotFoundException("団体が見つかりません。")
    flash(request, f"{organization.name}に登録情報の確認・更新をお願いするメールを送信しました。")
    return see_other(request, request.app.route_reverse("accounts:admin_stale"))


HANDLERS = [
    show_profile,
    edit_profile,
    confirm_profile,
    update_profile,
    change_password,
    change_email,
    show_email_verification,
    confirm_email,
    list_changes,
    decide_changes,
    list_stale,
    ask_update,
]
