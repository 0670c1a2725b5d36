"""axe-core on every page of the accounts slice (and the mail pages), as the role that can open it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_accounts_flow import log_in_by_keyboard

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "partner-demo-2026"

PAGES_BY_ACCOUNT = {
    "admin@example.org": [
        "/mypage",
        "/mypage/profile",
        "/admin/organizations",
        "/admin/organizations?status=承認済み",
        "/admin/accounts",
        "/admin/accounts?role=organization",
        "/admin/jocv",
        "/admin/staff",
        "/admin/deactivations",
        "/admin/organization-changes",
        "/admin/organizations/stale",
        "/admin/operations",
        "/admin/operations/audit",
        "/admin/operations/audit?since=2026-01-01",
    ],
    "talent2@example.org": [
        "/mypage",
        "/mypage/profile?section=basic",
        "/mypage/profile/basic/edit",
        "/mypage/profile?section=registration",
        "/mypage/profile/registration/edit",
        "/mypage/extend",
        "/mypage/withdraw",
        "/mailbox",
        "/mailbox?box=sent",
        "/mailbox/blocks",
    ],
    "org@example.org": [
        "/mypage/profile?section=activity",
        "/mypage/profile/activity/edit",
        "/mypage/profile/basic/edit",
        "/mypage/deactivate",
        "/postings/jobs",
        "/postings/events",
        "/postings/events/new",
        "/postings/notices",
        "/postings/notices/new",
        "/applications",
        "/talent/favorites",
        "/mail/templates",
        "/mailbox",
        "/mailbox?box=sent",
    ],
}


@pytest.mark.parametrize("email", list(PAGES_BY_ACCOUNT))
def test_pages_of_each_role_have_no_axe_violations(page, smtp_server, email):
    log_in_by_keyboard(page, smtp_server, email, DEMO_PASSWORD)
    for path in PAGES_BY_ACCOUNT[email]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_no_axe_violations(page, f"{email} {path}")


@pytest.mark.parametrize(
    "path",
    [
        "/org-code",
        "/register/individual/sent",
        "/password/reset/sent",
        "/events",
        "/events?event_type=セミナー",
        "/notices",
        "/jobs?sort=deadline",
    ],
)
def test_public_pages_have_no_axe_violations(page, path):
    page.goto(path)
    assert_no_axe_violations(page, path)


@pytest.mark.parametrize("listing", ["/events", "/notices"])
def test_public_event_and_notice_details_have_no_axe_violations(page, listing):
    page.goto(listing)
    link = page.locator(f"main a[href^='{listing}/']").first
    with page.expect_navigation():
        link.click()
    assert_no_axe_violations(page, page.url)
