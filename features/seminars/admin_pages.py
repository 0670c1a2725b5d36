"""What the secretariat's seminar pages (routes_admin.py, routes_admin_people.py) share: the guard,
the seminar-or-404 lookup, the 409 for a refused transition, the PDF response and the labels."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request
from litestar.exceptions import HTTPException, NotFoundException
from litestar.response import Response

from app.security import require_role
from app.sessions import current_session
from features.accounts.api import Role
from features.seminars import messaging, people, service
from features.seminars.models import ORG_ANSWER_LABELS, Seminar, SpeakerKind
from features.seminars.routes_public import labels
from features.seminars.states import TransitionRefused

OFFICE = [require_role(Role.SECRETARIAT)]
NOT_FOUND = "セミナーが見つかりません。"


def url_for(request: Request, name: str, **params) -> str:
    return request.app.route_reverse(name, **params)


def uid(request: Request) -> int:
    return current_session(request)["uid"]


async def seminar_or_404(db, seminar_id: int) -> Seminar:
    try:
        return await service.get_seminar(db, seminar_id)
    except LookupError:
        raise NotFoundException(NOT_FOUND) from None


def refused(error: TransitionRefused) -> HTTPException:
    return HTTPException(status_code=409, detail=error.message)


def pdf_response(data: bytes, filename: str) -> Response:
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f"attachment; filename=\"seminar.pdf\"; filename*=UTF-8''{quote(filename)}",
            "X-Content-Type-Options": "nosniff",
        },
    )


def admin_labels() -> dict:
    return {
        **labels(),
        "speaker_labels": people.SPEAKER_STATUS_LABELS,
        "speaker_kinds": {SpeakerKind.JICA: "JICA", SpeakerKind.EXTERNAL: "外部"},
        "answer_labels": ORG_ANSWER_LABELS,
        "audience_labels": messaging.AUDIENCE_LABELS,
    }
