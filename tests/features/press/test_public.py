"""The public プレスルーム: only approved releases of active organizations, newest 発表日 first, by
organization and by month (htmx fragment or whole page), paged; the Atom feed; the 登録団体一覧."""

from __future__ import annotations

import re
from datetime import date, timedelta
from xml.etree import ElementTree

from sqlalchemy import update

from app import clock
from features.accounts.models import AccountStatus, Organization, UserAccount
from features.press import public
from features.press.models import PressRelease, ReleaseStatus
from tests.conftest import use_session_cookie
from tests.features.postings.helpers import organization_for
from tests.features.press.helpers import ORG_A, ORG_B, as_organization, published_release, submitted_release

ATOM = "{http://www.w3.org/2005/Atom}"


async def _many(database, organization_id: int, count: int, start: date, title: str = "お知らせ") -> None:
    now = clock.now()
    async with database.session() as db:
        for n in range(count):
            db.add(
                PressRelease(
                    organization_id=organization_id,
                    status=ReleaseStatus.PUBLISHED,
                    title=f"{title}{n + 1:02d}",
                    announced_on=start - timedelta(days=n),
                    body="本文",
                    created_at=now,
                    updated_at=now,
                    approved_at=now + timedelta(minutes=n),
                )
            )


async def test_filters_by_organization_and_month_and_pages(client, database, frozen_clock):
    await as_organization(client, database, ORG_A)
    await as_organization(client, database, ORG_B)
    org_a, org_b = await organization_for(database, ORG_A), await organization_for(database, ORG_B)
    await _many(database, org_a.id, 12, date(2026, 11, 20), "A団体")  # 11-20 … 11-09
    await _many(database, org_b.id, 3, date(2026, 10, 31), "B団体")  # 10-31 … 10-29
    use_session_cookie(client, None)

    everything = await client.get("/press")
    assert "15</strong>件" in everything.text
    titles = re.findall(r'<a href="/press/\d+">([^<]+)</a>', everything.text)
    assert titles[:2] == ["A団体01", "A団体02"] and len(titles) == public.PER_PAGE
    assert 'rel="next"' in everything.text

    by_org = await client.get("/press", params={"organization": str(org_b.id)})
    assert re.findall(r'<a href="/press/\d+">([^<]+)</a>', by_org.text) == ["B団体01", "B団体02", "B団体03"]

    october = await client.get(
        "/press", params={"month": "2026-10"}, headers={"HX-Request": "true", "HX-Target": "press-results"}
    )
    assert october.status_code == 200 and "<html" not in october.text and "3</strong>件" in october.text
    assert "A団体" not in october.text
    assert october.headers["vary"] == "HX-Request"

    page_two = await client.get("/press", params={"organization": str(org_a.id), "page": "2"})
    assert re.findall(r'<a href="/press/\d+">([^<]+)</a>', page_two.text) == ["A団体11", "A団体12"]
    assert f"organization={org_a.id}" in re.search(r'<a href="([^"]+)" rel="prev"', page_two.text).group(1)

    junk = await client.get("/press", params={"organization": "x'--", "month": "2026-13", "page": "ゼロ"})
    assert junk.status_code == 200 and "15</strong>件" in junk.text
    months = re.findall(r'<option value="(\d{4}-\d{2})"', everything.text)
    assert months == ["2026-11", "2026-10"]


async def test_only_published_releases_of_active_organizations_are_public(client, database, frozen_clock):
    published = await published_release(client, database, title="公開された発表")
    pending = await submitted_release(client, database, ORG_B, title="承認待ちの発表")
    use_session_cookie(client, None)
    listing = (await client.get("/press")).text
    assert "公開された発表" in listing and "承認待ちの発表" not in listing
    assert (await client.get(f"/press/{pending}")).status_code == 404

    feed = await client.get("/press/feed.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(feed.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["公開された発表"]
    assert entries[0].find(f"{ATOM}link").get("href") == f"http://testserver.local/press/{published}"
    for element in ("id", "updated", "summary"):
        assert entries[0].findtext(f"{ATOM}{element}"), element

    # The organization's account suspended: its releases leave the プレスルーム at once.
    async with database.session() as db:
        org_a = await organization_for(database, ORG_A)
        await db.execute(
            update(UserAccount).where(UserAccount.id == org_a.user_id).values(status=AccountStatus.SUSPENDED)
        )
    assert (await client.get(f"/press/{published}")).status_code == 404
    assert "公開された発表" not in (await client.get("/press/feed.atom")).text


async def test_the_organization_list_shows_each_organizations_releases(client, database, frozen_clock):
    release_id = await published_release(client, database, title="登録団体一覧に出る発表")
    org_a = await organization_for(database, ORG_A)
    async with database.session() as db:
        await db.execute(update(Organization).where(Organization.id == org_a.id).values(list_publicly=True))
    await _many(database, org_a.id, 4, date(2026, 9, 30), "過去の発表")
    use_session_cookie(client, None)
    page = (await client.get("/organizations")).text
    assert "プレスリリース（5件）" in page
    assert f'<a href="/press/{release_id}">登録団体一覧に出る発表</a>' in page
    assert "過去の発表04" not in page  # only the newest three
    assert f'href="/press?organization={org_a.id}"' in page
    fragment = await client.get("/organizations", headers={"HX-Request": "true", "HX-Target": "organization-list"})
    assert "プレスリリース（5件）" in fragment.text
