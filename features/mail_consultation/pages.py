"""メール相談: what the page modules share: role guards, the signed-in user, refusals as HTTP
errors, the audited read, the attachment download, and drafting the 回答案 (the secretariat's and
the counselor's case pages)."""

from __future__ import annotations

from litestar import Request
from litestar.exceptions import HTTPException, NotFoundException
from litestar.response import Response

from app import audit, uploads
from app.forms import clean_text, first
from app.security import client_ip, require_role
from app.sessions import current_session
from features.accounts.api import Role
from features.mail_consultation import service, states
from features.mail_consultation.models import MailConsultation
from features.mail_consultation.states import Actor, TransitionRefused

INDIVIDUAL = [require_role(Role.INDIVIDUAL)]
OFFICE = [require_role(Role.SECRETARIAT)]
STAFF = [require_role(Role.SECRETARIAT, Role.COUNSELOR)]
NOT_FOUND = "メール相談が見つかりません。"
UPLOAD_LIMIT = uploads.MAX_FILE_BYTES + 1024 * 1024  # one file and the text (413 above it)


def uid(request: Request) -> int:
    return current_session(request)["uid"]


def staff_name(request: Request) -> str:
    return current_session(request).get("display_name") or "事務局"


def conflict(error: TransitionRefused | service.CaseError) -> HTTPException:
    return HTTPException(status_code=409, detail=error.message)


async def audit_read(request: Request, db, case: MailConsultation, action: str = "mail_consultation_read") -> None:
    await audit.record(
        db,
        action,
        actor_user_id=current_session(request).get("uid"),
        target_type="mail_consultation",
        target_id=case.id,
        detail=f"{request.method} {request.url.path}",
        client_ip=client_ip(request.scope, request.app.state.settings),
    )


def attachment(settings, case: MailConsultation) -> Response:
    if not case.attachment_stored:
        raise NotFoundException("添付ファイルはありません。")
    try:
        body = uploads.read(settings, case.attachment_stored, area=service.UPLOAD_AREA)
    except FileNotFoundError:
        raise NotFoundException("添付ファイルが見つかりません。") from None
    return Response(body, media_type=case.attachment_type, headers=uploads.attachment_headers(case.attachment_name))


async def posted_text(request: Request, name: str) -> str:
    """The posted multi-line text field `name`, cleaned ("" when it is missing)."""
    return clean_text(first((await request.form()).dict(), name), multiline=True)


async def drafting_context(
    db, case: MailConsultation, actor: Actor, *, errors: dict | None, values: dict | None, template_id: str
) -> dict:
    """What a page drafting the 回答案 shows (the secretariat's and the counselor's case pages): the
    case, its moves for `actor`, the 回答テンプレート and the internal notes. The draft field holds the
    posted text when the form comes back, else the chosen template's text, else the stored draft."""
    templates, chosen = await service.REPLY_TEMPLATES.offered(db, template_id)
    values = dict(values or {})
    if "draft" not in values:
        values["draft"] = chosen.body if chosen else case.draft
    return {
        "case": case,
        "label": states.label(case.status),
        "moves": [m.value for m in states.allowed(case.status, actor)],
        "age": service.age_in_business_days(case),
        "templates": templates,
        "notes": await service.notes_of(db, case.id),
        "errors": errors or {},
        "values": values,
    }


async def store_draft(
    request: Request, db, settings, case: MailConsultation, actor: Actor, name: str, *, submit: bool
) -> tuple[str, str]:
    """Save the posted 回答案, or submit it for the secretariat's review: (the text, "" or the Japanese
    reason it was refused, for the form to show with 422). A refused move is a 409."""
    text = await posted_text(request, "draft")
    try:
        if submit:
            await service.submit_draft(db, settings, case, actor, text, name)
        else:
            await service.save_draft(db, case, actor, text, name)
    except service.CaseError as error:
        return text, error.message
    except TransitionRefused as error:
        raise conflict(error) from None
    return text, ""
