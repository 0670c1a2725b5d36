"""Page 2 of every search keeps every filter (one helper, app.pagination.page_query, behind the
pager of every list). The postings searches are walked in tests/features/postings/test_search.py."""

from __future__ import annotations

import html as html_module
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import update

from app import clock
from features.accounts import service as accounts
from features.accounts import staff
from features.accounts.models import AccountStatus, Individual, Role
from features.talent import search as talent  # the search (and its PER_PAGE) lives here
from tests.features.accounts.helpers import log_in, make_user
from tests.features.talent.helpers import build_resume


def pager_link(html: str, rel: str) -> str:
    """The pager's 前へ/次へ link; it is also what htmx requests and pushes to the address bar."""
    match = re.search(rf'<a href="([^"]+)" rel="{rel}" hx-get="([^"]+)" hx-target="#[\w-]+" hx-push-url="true">', html)
    assert match and match.group(1) == match.group(2), f"no {rel} link with hx-push-url"
    return html_module.unescape(match.group(1))


def query_of(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


async def person(client, database, email: str, *, years: str, flexible: list[str]) -> str:
    """A 国際協力人材登録 registrant matching every talent filter but 多様な働き方, which is given."""
    code = await build_resume(
        client,
        database,
        email,
        years=years,
        profile={"education_level": "修士", "wish_employment": ["正職員"], "wish_flexible": flexible},
    )
    async with database.session() as db:
        await db.execute(
            update(Individual)
            .where(Individual.registration_code == code)
            .values(jocv_declared=True, jocv_verified_at=clock.now())
        )
    return code


async def test_page_two_of_talent_keeps_every_filter_including_two_flexible_values(client, database, monkeypatch):
    monkeypatch.setattr(talent, "PER_PAGE", 1)
    both = ["remote", "short_hours"]
    eight = await person(client, database, "eight@example.jp", years="8", flexible=both)
    seven = await person(client, database, "seven@example.jp", years="7", flexible=both)
    await person(
        client, database, "remote-only@example.jp", years="9", flexible=["remote"]
    )  # first, if a value were lost
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    await log_in(client, database, "org@example.jp")
    decade = accounts.age_band(date(1990, 4, 1), clock.now().date()).removesuffix("代")  # make_user's birth date
    filters = {
        "keyword": ["母子保健"],
        "sector": ["health"],
        "min_years": ["5"],
        "language": ["fr"],
        "min_level": ["B"],
        "country": ["SN"],
        "age_band": [decade],
        "education_level": ["修士"],
        "prefecture": ["東京都"],
        "wish_location": ["海外"],
        "employment": ["正職員"],
        "flexible": both,
        "jocv": ["1"],
        "sort": ["experience"],
    }
    first = await client.get("/talent", params=[(k, v) for k, values in filters.items() for v in values])
    codes = lambda html: re.findall(r'<td><a href="/talent/(P\d{7})">', html)  # noqa: E731
    assert codes(first.text) == [eight]
    link = pager_link(first.text, "next")
    assert query_of(link) == {**filters, "page": ["2"]}
    for headers in ({}, {"HX-Request": "true", "HX-Target": "talent-results"}):
        second = await client.get(link, headers=headers)
        assert codes(second.text) == [seven]
        assert query_of(pager_link(second.text, "prev")) == {**filters, "page": ["1"]}


async def test_page_two_of_the_account_search_keeps_every_filter(client, database, monkeypatch):
    monkeypatch.setattr(staff, "PER_PAGE", 1)
    for email in ("paging-a@example.jp", "paging-b@example.jp", "paging-c@example.jp"):
        await make_user(database, email, Role.ORGANIZATION)
    await make_user(database, "paging-person@example.jp")  # another role
    await make_user(database, "paging-stopped@example.jp", Role.ORGANIZATION, status=AccountStatus.SUSPENDED)
    await make_user(database, "other@example.jp", Role.ORGANIZATION)  # another name
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    filters = {"q": ["paging"], "role": [Role.ORGANIZATION.value], "status": [AccountStatus.ACTIVE.value]}
    first = await client.get("/admin/accounts", params={k: v[0] for k, v in filters.items()})
    link = pager_link(first.text, "next")
    assert query_of(link) == {**filters, "page": ["2"]}
    second = await client.get(link)
    assert "paging-b@example.jp" in second.text
    assert not any(
        f"{name}@example.jp" in second.text
        for name in ("paging-a", "paging-c", "paging-person", "paging-stopped", "other")
    )
