"""申込者の分析: counts per attribute (a multiple-choice one counts each answer), per day, per
session, attendance once held; the page's table has the chart's numbers; the CSV is formula-safe
and audited."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from sqlalchemy import select

from app.audit import AuditEvent
from features.accounts.models import Role
from features.seminars import analysis
from tests.features.accounts.helpers import log_in, make_user
from tests.features.seminars.after_helpers import DAY, make_seminar, make_session, register


async def seed(database, status="held"):
    seminar = await make_seminar(database, status=status)
    a = await make_session(database, seminar.id, track="A", title="基調講演", capacity=3)
    b = await make_session(database, seminar.id, track="B", title="分科会 保健医療")
    await register(database, seminar.id, 1, age_band="20代", interests="教育,保健医療", attended=True, sessions=(a.id,))
    await register(database, seminar.id, 2, age_band="30代", interests="教育", attended=True, sessions=(a.id, b.id))
    await register(
        database, seminar.id, 3, age_band="30代", interests="", sessions=(b.id,), created_at=DAY - timedelta(days=8)
    )
    await register(
        database, seminar.id, 4, status="waiting", age_band="40代", sessions=(a.id,), created_at=DAY - timedelta(days=8)
    )
    await register(database, seminar.id, 5, status="cancelled", age_band="50代", name="=HYPERLINK(\"http://x\")")
    return seminar, a, b


async def test_counts_per_attribute_day_session_and_attendance(database):
    seminar, a, b = await seed(database)
    async with database.session(write=False) as db:
        result = await analysis.analyse(db, seminar, orders={"age_band": ["10代", "20代", "30代", "40代"]})
    assert result.total == 4  # the cancelled one is not an applicant any more
    ages = {row.label: (row.count, row.percent_text) for row in result.attributes[0].rows}
    assert ages == {"10代": (0, "0.0%"), "20代": (1, "25.0%"), "30代": (2, "50.0%"), "40代": (1, "25.0%")}
    interests = {row.label: row.count for row in result.attributes[2].rows}
    assert interests == {"教育": 3, "保健医療": 1, "未回答": 1}  # 1 person with two answers counts in both
    assert [(d.day.day, d.count, d.cumulative) for d in result.days] == [(11, 2, 2), (12, 0, 2), (13, 2, 4)]
    loads = {s.session_id: (s.confirmed, s.waiting, s.attended, s.fill_text) for s in result.sessions}
    assert loads == {a.id: (2, 1, 2, "66.7%"), b.id: (2, 0, 1, "—")}
    att = result.attendance
    assert (att.confirmed, att.attended, att.absent, att.waiting, att.cancelled, att.rate_text) == (
        3,
        2,
        1,
        1,
        1,
        "66.7%",
    )


def test_tally_keeps_the_form_order_and_puts_unanswered_last():
    counted = analysis.tally("source", "きっかけ", ["SNS", "", "知人", "SNS", None], order=["知人", "SNS", "チラシ"])
    assert [(r.label, r.count) for r in counted.rows] == [("知人", 1), ("SNS", 2), ("チラシ", 0), ("未回答", 2)]


def test_a_chart_is_csp_safe_svg_with_a_title_and_its_table():
    counted = analysis.tally("age_band", "年齢帯", ["20代", "30代", "30代"])
    svg = counted.chart_svg()
    assert svg.startswith("<svg") and "<style" not in svg and "<script" not in svg
    assert 'role="img"' in svg and 'aria-describedby="table-age-band"' in svg
    assert "年齢帯別の申込者数" in svg


async def as_secretariat(client, database):
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")


async def test_the_page_shows_the_numbers_in_tables_next_to_the_charts(client, database, frozen_clock):
    seminar, _a, _b = await seed(database)
    await as_secretariat(client, database)
    page = await client.get(f"/admin/seminars/{seminar.id}/analysis")
    assert page.status_code == 200
    body = re.search(r'<table id="table-age-band">.*?</table>', page.text, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)]
    assert ["30代", "2", "50.0%"] == cells[cells.index("30代") : cells.index("30代") + 3]
    assert page.text.count('role="img"') >= 6  # five attributes, per day, sessions
    assert "出席率（出席／参加確定）" in page.text and "66.7%" in page.text


async def test_the_csv_is_formula_safe_and_audited(client, database, frozen_clock):
    seminar, _a, _b = await seed(database)
    await as_secretariat(client, database)
    response = await client.get(f"/admin/seminars/{seminar.id}/registrations.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["受付番号", "氏名", "メールアドレス", "状態"]
    by_no = {row[0]: row for row in rows[1:]}
    assert by_no[f"S{seminar.id}-0005"][1] == "'=HYPERLINK(\"http://x\")"  # neutralized
    assert by_no[f"S{seminar.id}-0005"][3] == "キャンセル"
    assert by_no[f"S{seminar.id}-0001"][11] == "出席"
    assert by_no[f"S{seminar.id}-0002"][10] == "A 基調講演、B 分科会 保健医療"
    async with database.session(write=False) as db:
        events = (await db.scalars(select(AuditEvent).where(AuditEvent.action == "seminar_registrations_export"))).all()
    assert len(events) == 1 and '"rows": 5' in events[0].detail
