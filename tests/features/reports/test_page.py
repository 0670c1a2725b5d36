"""The report page over HTTP: the default period (the last complete month), the three columns and
their change, the chart (CSP-safe SVG described by its table), the links to the counted lists,
前へ/次へ, the period kinds, the htmx fragment, and the staff-only guard."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from app.clock import JST
from features.accounts.models import Role
from tests.features.accounts.helpers import make_user
from tests.features.library.helpers import as_office, as_persona, personas

FRAGMENT = {"HX-Request": "true", "HX-Target": "report-body"}


def _section(page: str, key: str) -> str:
    match = re.search(rf'<section aria-labelledby="h-{key}".*?</section>', page, re.S)
    assert match, key
    return match.group(0)


def _row(section: str, label: str) -> list[str]:
    match = re.search(rf"<tr><th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", section, re.S)
    assert match, label
    return re.findall(r"<td>(.*?)</td>", match.group(1))


async def _registrants(database, frozen_clock) -> None:
    """Two registrations in November 2026 (JST), one in October 2026, one in November 2025."""
    for n, moment in enumerate(
        (
            datetime(2026, 11, 2, 9, tzinfo=JST),
            datetime(2026, 11, 30, 23, 59, tzinfo=JST),  # the month's last minute in Japan
            datetime(2026, 10, 15, 9, tzinfo=JST),
            datetime(2025, 11, 20, 9, tzinfo=JST),
        )
    ):
        frozen_clock.current = moment.astimezone(UTC)
        await make_user(database, f"person{n}@example.jp", Role.INDIVIDUAL)
    frozen_clock.current = datetime(2026, 12, 7, 10, tzinfo=JST).astimezone(UTC)  # a Monday


async def test_the_default_is_last_month_beside_the_previous_and_a_year_earlier(client, database, frozen_clock):
    await _registrants(database, frozen_clock)
    await as_office(client, database)
    response = await client.get("/admin/reports")
    assert response.status_code == 200
    page = response.text
    assert '<h2 id="report-period">2026年11月</h2>' in page
    registrations = _section(page, "registrations")
    # 当期, 前期, 前期比, 前年同期, 前年同期比
    assert _row(registrations, "新規登録（国際協力人材登録）") == [
        "2人",
        "1人",
        "+1人（+100%）",
        "1人",
        "+1人（+100%）",
    ]
    assert _row(registrations, "新規登録（簡易登録）") == ["0人", "0人", "±0", "0人", "±0"]
    assert _row(registrations, "有効登録者数（期末）")[0] == "4人"  # the November 2025 one is still valid
    assert "日時が記録されていないため" not in registrations  # 延長登録 and 退会 are counted now
    # The chart: inline SVG without style or script, an image titled and described by the table.
    svg = re.search(r"<svg.*?</svg>", registrations, re.S).group(0)
    assert 'role="img"' in svg and 'aria-describedby="table-registrations"' in svg
    assert "<style" not in svg and "<script" not in svg
    assert 'id="table-registrations"' in registrations
    assert 'href="/admin/accounts"' in registrations
    # Every published counter has its section, and each links to its list.
    for key, href in (
        ("organizations", "/admin/organizations"),
        ("postings", "/admin/postings"),
        ("approval-days", "/admin/postings"),
        ("seminars", "/admin/seminars"),
        ("mail-consultations", "/admin/mail-consultations"),
        ("inquiries", "/admin/inquiries"),
        ("press", "/admin/press"),
    ):
        assert f'href="{href}' in _section(page, key), key
    assert "目標：申請から3営業日以内" in page
    assert "採用" in _section(page, "applications") and "返信" in _section(page, "offers")  # no staff list to link
    # 前へ is October; 次へ is December, still in progress.
    assert 'href="/admin/reports?kind=month&amp;period=2026-10-01"' in page
    assert 'href="/admin/reports?kind=month&amp;period=2026-12-01"' in page
    december = (await client.get("/admin/reports?kind=month&period=2026-12-01")).text
    assert "2026年12月（集計中）" in december
    assert 'id="period-next"' not in december  # nothing after the current month


async def test_period_kinds_and_the_htmx_fragment(client, database, frozen_clock):
    await _registrants(database, frozen_clock)
    await as_office(client, database)
    quarter = (await client.get("/admin/reports?kind=quarter")).text
    assert "2026年度 第2四半期（7月〜9月）" in quarter
    fragment = await client.get("/admin/reports?kind=week&period=2026-11-26", headers=FRAGMENT)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "<form" not in fragment.text
    assert "2026年11月23日〜2026年11月29日の週" in fragment.text
    # The week of the 30 November 23:59 registration: Monday 30 November – Sunday 6 December.
    week = (await client.get("/admin/reports?kind=week&period=2026-11-30", headers=FRAGMENT)).text
    assert _row(_section(week, "registrations"), "新規登録（国際協力人材登録）")[0] == "1人"
    year = (await client.get("/admin/reports?kind=year")).text
    assert "2025年度（2025年4月〜2026年3月）" in year
    # Rubbish falls back to the default instead of failing.
    assert "2026年11月" in (await client.get("/admin/reports?kind=x&period=2099-01-01")).text


async def test_only_the_secretariat_sees_the_report(client, database):
    cookies = await personas(client, database, ("individual", "organization", "counselor", "secretariat"))
    for name in ("individual", "organization", "counselor"):
        await as_persona(client, cookies, name)
        assert (await client.get("/admin/reports")).status_code == 403
    await as_persona(client, cookies, "secretariat")
    assert (await client.get("/admin/reports")).status_code == 200
