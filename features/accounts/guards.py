"""For other slices' routes: who the logged-in organization is, once the secretariat approved it."""

from __future__ import annotations

from litestar import Request
from litestar.exceptions import PermissionDeniedException
from sqlalchemy.ext.asyncio import AsyncSession

from app.sessions import current_session
from features.accounts import service
from features.accounts.models import Organization, OrganizationStatus


async def approved_organization(request: Request, db: AsyncSession) -> Organization:
    organization = await service.organization_of(db, current_session(request)["uid"])
    if organization is None or organization.status != OrganizationStatus.APPROVED:
        raise PermissionDeniedException("事務局の承認を受けた団体だけが利用できます。")
    return organization


async def jica_organization(request: Request, db: AsyncSession) -> Organization:
    """JICA itself: an approved JICA・政府機関・学校法人・地方自治体 organization the secretariat
    flagged as JICA. Any other organization (even a public body without the flag) is refused."""
    organization = await approved_organization(request, db)
    if not service.is_jica(organization):
        raise PermissionDeniedException("JICAの団体アカウントだけが利用できます。")
    return organization
