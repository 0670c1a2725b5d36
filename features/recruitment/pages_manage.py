"""公募案件 management: what JICA's own screens and the secretariat's share (the form and its buttons,
the draft, プレビュー / 確認 pages, the reason fields)."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Template

from app import audit
from app.forms import FormResult, text_field
from app.security import require_role
from app.templating import render
from features.accounts import api as accounts
from features.accounts.api import OrganizationView, Role
from features.recruitment import forms_koubo, koubo_views
from features.recruitment import koubo as service
from features.recruitment.models import Koubo
from features.recruitment.states import EDITABLE_BY_JICA

ORGANIZATION = [require_role(Role.ORGANIZATION)]
OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "公募が見つかりません。"


def route_url(request: Request, name: str, **params) -> str:
    return request.app.route_reverse(name, **{k: v for k, v in params.items() if v is not None})


async def own_koubo(request: Request, db, koubo_id: int) -> tuple[OrganizationView, Koubo]:
    """JICA's own 公募; anyone else's looks like a missing one (404, with an audit row)."""
    organization = await accounts.jica_organization(request, db)
    try:
        return organization, await service.own_koubo(db, organization.id, koubo_id)
    except LookupError:
        if await service.exists(db, koubo_id):
            await audit.record_refused_access(request, db, "koubo", koubo_id)
        raise NotFoundException(NOT_FOUND) from None


def _buttons(request: Request, koubo_id: int | None, *, proxy: bool) -> dict[str, str | None]:
    """One endpoint per button (formaction): 確認, 一時保存, プレビュー, 掲載依頼, 入力画面へ戻る."""
    if proxy:
        names = ("admin_proxy_confirm", None, "admin_proxy_preview", "admin_proxy_publish", "admin_proxy_back")
        return {
            key: (route_url(request, f"recruitment:{name}") if name else None)
            for key, name in zip(("confirm", "save", "preview", "submit", "back"), names, strict=True)
        }
    return {
        key: route_url(request, f"recruitment:manage_{key}", koubo_id=koubo_id)
        for key in ("confirm", "save", "preview", "submit", "back")
    }


async def form_page(
    request: Request,
    db,
    *,
    koubo: Koubo | None,
    values: dict,
    errors: dict,
    proxy: bool = False,
    organization_id: int | None = None,
    status_code: int = 200,
) -> Template:
    current_type = values.get("koubo_type") or (koubo.koubo_type if koubo else "")
    repeat = await _repeat_choices(db, koubo, organization_id)
    return render(
        request,
        "recruitment/manage/form.html.jinja",
        {
            "koubo": koubo,
            "values": values,
            "errors": errors,
            "proxy": proxy,
            "types": await service.type_names(db, current_type),
            "repeat_choices": {str(k): v for k, v in repeat.items()},
            "organizations": {str(k): v for k, v in (await service.jica_organizations(db)).items()} if proxy else {},
            "choices": forms_koubo.CHOICES,
            "labels": forms_koubo.LABELS,
            "language_rows": range(forms_koubo.language_rows(values)),
            "resume": forms_koubo.RESUME,
            "buttons": _buttons(request, koubo.id if koubo else None, proxy=proxy),
        },
        fragments={"koubo-form": "koubo_form"},
        status_code=status_code,
    )


async def _repeat_choices(db, koubo: Koubo | None, organization_id: int | None) -> dict[int, str]:
    owner = koubo.organization_id if koubo else organization_id
    if owner is None:
        return {}
    return await service.repeat_choices(db, owner, koubo.id if koubo else None)


@dataclass(frozen=True)
class _Draft:
    organization: OrganizationView
    koubo: Koubo | None
    form: forms_koubo.KouboForm


async def read_draft(request: Request, db, koubo_id: int | None, *, complete: bool) -> _Draft:
    if koubo_id is None:
        organization, koubo = await accounts.jica_organization(request, db), None
    else:
        organization, koubo = await own_koubo(request, db, koubo_id)
    data = (await request.form()).dict()
    form = forms_koubo.parse(
        data,
        complete=complete,
        types=await service.type_names(db, koubo.koubo_type if koubo else ""),
        repeat_choices=await service.repeat_choices(db, organization.id, koubo_id),
    )
    return _Draft(organization, koubo, form)


def mark_number_taken(form: forms_koubo.KouboForm) -> None:
    form.result.error(
        "number", f"公募番号「{form.values.get('number')}」はすでに使われています。別の番号を入力してください。"
    )


def refused_form(request: Request, db, draft: _Draft):
    return form_page(
        request,
        db,
        koubo=draft.koubo,
        values=draft.form.values,
        errors=draft.form.errors,
        organization_id=draft.organization.id,
        status_code=422,
    )


def ensure_editable(koubo: Koubo) -> None:
    if koubo.status not in EDITABLE_BY_JICA:
        raise PermissionDeniedException("下書きと差戻しの公募だけが編集できます。")


def preview_page(request: Request, koubo: Koubo) -> Template:
    return render(request, "recruitment/manage/preview.html.jinja", {"koubo": koubo_views.view(koubo)})


def confirm_page(request: Request, koubo: Koubo, form: forms_koubo.KouboForm, *, proxy: bool = False, **extra):
    return render(
        request,
        "recruitment/manage/confirm.html.jinja",
        {
            "koubo": koubo_views.view(koubo),
            "form_values": form.values,
            "proxy": proxy,
            "buttons": _buttons(request, None if proxy else koubo_id_of(request), proxy=proxy),
            **extra,
        },
    )


def koubo_id_of(request: Request) -> int | None:
    return request.path_params.get("koubo_id")


def reason_form(data: dict, label: str, name: str = "reason") -> FormResult:
    form = FormResult()
    text_field(form, data, name, label, required=True, max_length=2000, multiline=True)
    return form
