"""What each organization type may do."""

from __future__ import annotations

import pytest

from features.accounts.models import Organization, OrganizationStatus, OrganizationType
from features.accounts.service import may_browse_talent, may_request_expert_resume


@pytest.mark.parametrize(
    ("org_type", "browse", "expert"),
    [
        (OrganizationType.CORPORATE, True, False),
        (OrganizationType.NON_CORPORATE, False, False),
        (OrganizationType.PUBLIC, True, True),
        (OrganizationType.SIMPLE, False, False),
    ],
)
def test_permissions_by_type(org_type, browse, expert):
    organization = Organization(org_type=org_type, status=OrganizationStatus.APPROVED)
    assert may_browse_talent(organization) is browse
    assert may_request_expert_resume(organization) is expert


def test_an_unapproved_organization_browses_nothing():
    organization = Organization(org_type=OrganizationType.CORPORATE, status=OrganizationStatus.PENDING)
    assert may_browse_talent(organization) is False
