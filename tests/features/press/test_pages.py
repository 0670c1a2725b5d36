"""The lists' pages and their htmx fragments: the organization's own list and the secretariat's
tabs, each paged."""

from __future__ import annotations

from datetime import date

from features.press import service
from tests.features.postings.helpers import organization_for
from tests.features.press.helpers import ORG_A, as_office, as_organization, log_in_again, submitted_release
from tests.features.press.test_public import _many

HTMX = {"HX-Request": "true"}


async def test_own_list_page_and_fragment_are_paged(client, database, frozen_clock):
    await as_organization(client, database)
    organization = await organization_for(database, ORG_A)
    await _many(database, organization.id, service.PER_PAGE + 2, date(2026, 11, 1), "自団体の発表")
    page = await client.get("/mypage/press")
    assert page.status_code == 200 and "<html" in page.text and 'rel="next"' in page.text
    assert page.headers["cache-control"] == "no-store"
    fragment = await client.get("/mypage/press?page=2", headers={**HTMX, "HX-Target": "press-mine"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert fragment.text.count("<td>自団体の発表") == 2 and "公開中" in fragment.text
    assert "プレスリリースを作成する" not in fragment.text  # the block only


async def test_review_tabs_and_fragment(client, database, frozen_clock):
    pending = await submitted_release(client, database, title="審査待ちの発表")
    await as_office(client, database)
    page = await client.get("/admin/press")
    assert "審査待ちの発表" in page.text and "承認待ち（1件）" in page.text
    assert f'href="/admin/press/{pending}"' in page.text
    published_tab = await client.get("/admin/press?status=published", headers={**HTMX, "HX-Target": "review-list"})
    assert published_tab.status_code == 200 and "<html" not in published_tab.text
    assert "審査待ちの発表" not in published_tab.text and "公開中のプレスリリースはありません" in published_tab.text
    nonsense = await client.get("/admin/press?status=draft")  # 下書き is the organization's own business
    assert "審査待ちの発表" in nonsense.text
    await log_in_again(client, database, ORG_A)
    assert (await client.get("/admin/press")).status_code == 403
