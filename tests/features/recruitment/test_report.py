"""公募案件アクセス数: the numbers of a period, sorting, totals, the CSV, the chart's text
alternative, and the monthly mail: once per month and recipient, with the CSV, on the first
working day in Japan only."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlalchemy import select

from app import mail
from app.audit import AuditEvent
from app.mail import OutboxMail
from features.accounts.models import Role
from features.recruitment import report
from features.recruitment.models import KouboDailyCount
from tests.features.accounts.helpers import log_in, make_user
from tests.features.recruitment.helpers import make_jica, make_koubo

RECIPIENTS = ["jinji@jica.example", "kouhou@jica.example"]


async def seed_counts(database):
    """Two 公募 with counts in October and November 2026 (and one day in December)."""
    _, jica = await make_jica(database)
    first = await make_koubo(database, jica.id, serial=1, title="=1+1")  # a formula in a cell
    second = await make_koubo(database, jica.id, serial=2, title="ラオス教育アドバイザー")
    rows = [
        (first.id, date(2026, 10, 31), 50, 5, 3, 1),
        (first.id, date(2026, 11, 1), 10, 2, 1, 1),
        (first.id, date(2026, 11, 20), 30, 4, 2, 1),
        (second.id, date(2026, 11, 5), 100, 9, 4, 2),
        (second.id, date(2026, 12, 1), 7, 0, 0, 0),
    ]
    async with database.session() as db:
        for koubo_id, day, views, clicks, started, submitted in rows:
            db.add(
                KouboDailyCount(
                    koubo_id=koubo_id, day=day, views=views, apply_clicks=clicks, started=started, submitted=submitted
                )
            )
    return first, second


async def as_secretariat(client, database):
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")


def table_rows(page: str) -> list[list[str]]:
    body = re.search(r'<table id="access-table">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


async def test_numbers_of_a_period_with_totals(client, database, frozen_clock):
    await seed_counts(database)
    await as_secretariat(client, database)
    page = (await client.get("/admin/koubo/access")).text  # this month (November 2026, Japan) by default
    assert "2026年11月の集計" in page
    assert table_rows(page) == [
        ["2026-JE-0002", "ラオス教育アドバイザー", "100", "9", "4", "2", "2.0%"],
        ["2026-JE-0001", "=1+1", "40", "6", "3", "2", "5.0%"],
    ]
    tfoot = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", tfoot) == ["140", "15", "7", "4", "2.9%"]
    october = (await client.get("/admin/koubo/access?month=2026-10")).text
    assert table_rows(october) == [["2026-JE-0001", "=1+1", "50", "5", "3", "1", "2.0%"]]
    custom = (await client.get("/admin/koubo/access?from=2026-10-31&to=2026-11-01")).text
    assert "2026年10月31日〜2026年11月1日" in custom
    assert table_rows(custom) == [["2026-JE-0001", "=1+1", "60", "7", "4", "2", "3.3%"]]
    empty = (await client.get("/admin/koubo/access?month=2026-01")).text
    assert "この期間のアクセスはありません。" in empty


async def test_bad_periods_are_refused_in_japanese(client, database, frozen_clock):
    await as_secretariat(client, database)
    for query, message in (
        ("month=2026-13", "月は「2026-11」の形で指定してください。"),
        ("from=2026-11-10&to=2026-11-01", "終了日は開始日より後"),
        ("from=yesterday&to=2026-11-01", "どちらも日付で"),
        ("from=2020-01-01&to=2026-11-01", "366日以内"),
    ):
        response = await client.get(f"/admin/koubo/access?{query}")
        assert response.status_code == 400 and message in response.text, query
    assert (await client.get("/admin/koubo/access.csv?month=nope")).status_code == 400


async def test_sorting_by_each_column_keeps_the_period(client, database, frozen_clock):
    await seed_counts(database)
    await as_secretariat(client, database)
    page = (await client.get("/admin/koubo/access?month=2026-11&sort=rate")).text
    assert [r[0] for r in table_rows(page)] == ["2026-JE-0001", "2026-JE-0002"]  # 5.0% before 2.0%
    assert 'aria-sort="descending"' in page
    ascending = (await client.get("/admin/koubo/access?month=2026-11&sort=views&direction=asc")).text
    assert [r[0] for r in table_rows(ascending)] == ["2026-JE-0001", "2026-JE-0002"]
    by_number = (await client.get("/admin/koubo/access?month=2026-11&sort=number")).text
    assert [r[0] for r in table_rows(by_number)] == ["2026-JE-0001", "2026-JE-0002"]
    links = re.findall(r'<th scope="col"[^>]*>\s*<a href="([^"]+)"', page)
    assert len(links) == 7
    for link in links:
        assert "month=2026-11" in link and "sort=" in link
    custom = (await client.get("/admin/koubo/access?from=2026-11-01&to=2026-11-10")).text
    for link in re.findall(r'<th scope="col"[^>]*>\s*<a href="([^"]+)"', custom):
        assert "from=2026-11-01" in link and "to=2026-11-10" in link
    assert 'href="/admin/koubo/access.csv?from=2026-11-01&amp;to=2026-11-10"' in custom


async def test_csv_is_excel_ready_formula_safe_and_audited(client, database, frozen_clock):
    await seed_counts(database)
    await as_secretariat(client, database)
    response = await client.get("/admin/koubo/access.csv?month=2026-11")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "公募番号,案件名,詳細表示数,応募ボタンクリック数,応募開始数,応募完了数,応募率"
    assert "2026-JE-0001,'=1+1,40,6,3,2,5.0%" in lines
    assert lines[-2] == "合計,期間：2026年11月,140,15,7,4,2.9%"
    async with database.session(write=False) as db:
        event = (await db.execute(select(AuditEvent).where(AuditEvent.action == "koubo_access_export"))).scalar_one()
    assert '"month": "2026-11"' in event.detail and '"rows": 2' in event.detail


async def test_chart_is_inline_svg_with_a_text_alternative_and_no_script(client, database, frozen_clock):
    await seed_counts(database)
    await as_secretariat(client, database)
    page = (await client.get("/admin/koubo/access?month=2026-11")).text
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="access-chart-title"' in svg
    assert 'aria-describedby="access-chart-desc access-daily"' in svg
    assert '<title id="access-chart-title">2026年11月の日別アクセス数' in svg
    assert "<script" not in page.split("</svg>")[0].split("<svg")[1] and "<style" not in svg
    assert 'id="access-chart-desc"' in page and "詳細表示数 140" in page
    daily = re.search(r'<table id="access-daily">.*?</table>', page, re.S).group(0)
    assert daily.count('<tr><th scope="row">') == 30 and "<td>100</td>" in daily  # every day of November, 11/5 had 100


async def test_the_report_is_for_the_secretariat_only(client, database, frozen_clock):
    _, jica = await make_jica(database)
    await log_in(client, database, "jica@example.jp")
    assert (await client.get("/admin/koubo/access")).status_code == 403
    assert (await client.get("/admin/koubo/access.csv")).status_code == 403


def test_working_days_in_japan():
    assert report.first_working_day(2027, 1) == date(2027, 1, 4)  # 1/1 holiday, then a weekend
    assert report.first_working_day(2026, 8) == date(2026, 8, 3)  # Saturday the 1st
    assert report.first_working_day(2027, 5) == date(2027, 5, 6)  # the weekend, then Golden Week
    assert report.first_working_day(2026, 12) == date(2026, 12, 1)
    assert report.first_working_day(2031, 1) == date(2031, 1, 6)  # 1/1–1/3 off even on weekdays; then the weekend
    assert not report.is_working_day(date(2026, 11, 3))  # 文化の日


async def test_monthly_mail_once_with_the_csv_to_the_recipients(database, settings, frozen_clock, smtp):
    await seed_counts(database)
    settings.recruitment.report_recipients = [*RECIPIENTS, RECIPIENTS[0]]  # a duplicate gets one mail
    frozen_clock.current = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)  # Tuesday 1 December, 09:30 in Japan
    async with database.session() as db:
        assert await report.send_monthly_report(db, settings) == 2
    async with database.session() as db:
        assert await report.send_monthly_report(db, settings) == 0  # the job ran twice: no second mail
    frozen_clock.current = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # a retry later the same day
    async with database.session() as db:
        assert await report.send_monthly_report(db, settings) == 0
    async with database.session(write=False) as db:
        rows = list((await db.execute(select(OutboxMail).order_by(OutboxMail.id))).scalars())
    assert sorted(r.to_address for r in rows) == sorted(RECIPIENTS)
    assert all("公募案件アクセス数 2026年11月" in r.subject for r in rows)
    assert "140" in rows[0].body and "http://testserver.local/admin/koubo/access?month=2026-11" in rows[0].body
    settings.mail.transport = "smtp"
    settings.mail.smtp_port = smtp.port
    settings.mail.smtp_timeout = 5
    await mail.deliver(database, settings, [r.id for r in rows])
    assert sorted(m.message["To"] for m in smtp.messages) == sorted(RECIPIENTS)
    for received in smtp.messages:
        assert "2026年11月" in received.message.get_body(("plain",)).get_content()
        (attachment,) = list(received.message.iter_attachments())
        assert attachment.get_filename() == "公募案件アクセス数_2026-11.csv"
        csv_text = attachment.get_content()
        csv_text = csv_text.decode("utf-8-sig") if isinstance(csv_text, bytes) else csv_text.lstrip("\ufeff")
        assert "2026-JE-0002,ラオス教育アドバイザー,100,9,4,2,2.0%" in csv_text and "'=1+1" in csv_text
        assert "2026-10" not in csv_text and ",7," not in csv_text.split("合計")[0]  # only November's numbers


async def test_a_missed_first_working_day_is_made_up_the_next_day_and_only_once(database, settings, frozen_clock):
    await seed_counts(database)
    settings.recruitment.report_recipients = RECIPIENTS
    frozen_clock.current = datetime(2026, 12, 2, 0, 30, tzinfo=UTC)  # the worker was down on 1 December
    async with database.session() as db:
        assert await report.send_monthly_report(db, settings) == 2
    frozen_clock.current = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)
    async with database.session() as db:
        assert await report.send_monthly_report(db, settings) == 0


async def test_no_mail_before_the_first_working_day(database, settings, frozen_clock):
    await seed_counts(database)
    settings.recruitment.report_recipients = RECIPIENTS
    for moment in (
        datetime(2026, 12, 31, 16, 0, tzinfo=UTC),  # 1 January 2027 in Japan (a holiday)
        datetime(2027, 1, 2, 0, 30, tzinfo=UTC),  # Saturday, New Year
        datetime(2026, 8, 1, 0, 30, tzinfo=UTC),  # Saturday the 1st
    ):
        frozen_clock.current = moment
        async with database.session() as db:
            assert await report.send_monthly_report(db, settings) == 0, moment
    frozen_clock.current = datetime(2027, 1, 4, 0, 30, tzinfo=UTC)  # Monday 4 January: December's report
    async with database.session() as db:
        assert await report.send_monthly_report(db, settings) == 2
    async with database.session(write=False) as db:
        subjects = list((await db.execute(select(OutboxMail.subject))).scalars())
    assert subjects == ["【PARTNER】公募案件アクセス数 2026年12月"] * 2


async def test_no_recipients_no_mail(database, settings, frozen_clock):
    settings.recruitment.report_recipients = []
    frozen_clock.current = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)
    async with database.session() as db:
        assert await report.send_monthly_report(db, settings) == 0


async def test_two_runs_at_once_cannot_both_queue_the_month(database, settings, frozen_clock):
    """The Message-ID is the month's key: a second row with it is refused by the database itself."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    period = report.month_period(2026, 11)
    key = report.report_message_id(settings, period, RECIPIENTS[0])
    assert key == report.report_message_id(settings, period, " JINJI@jica.example ")
    async with database.session() as db:
        await mail.queue_mail(db, settings, to=RECIPIENTS[0], subject="s", body="b", message_id=key)
    with pytest.raises(IntegrityError):
        async with database.session() as db:
            await mail.queue_mail(db, settings, to=RECIPIENTS[0], subject="s", body="b", message_id=key)
