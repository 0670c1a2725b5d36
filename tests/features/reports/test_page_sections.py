"""The report page over HTTP with the sections the slices' newer counters feed: 延長登録・退会,
団体の延長登録, 公募案件アクセス数 and its top 公募, 対面相談, メール相談 against its target, メール配信
with 不達率・配信停止率 — each a table, a chart described by it and a link to the list it counts;
and a counter two sections read measured once per report build."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime

from app.clock import JST
from app.mail import MailStatus, OutboxMail
from features.accounts import api as accounts
from features.accounts.counters import record_event
from features.accounts.models import AccountEventKind, OrganizationType, RegistrationKind
from features.bounces import api as bounces
from features.bounces.models import BounceEvent, BounceKind
from features.consultation import api as consultation
from features.mail_preferences.counters import record_unsubscribe
from features.mail_preferences.models import Category
from features.postings import api as postings
from features.recruitment import api as recruitment
from features.recruitment import counts
from features.reports.periods import Period, PeriodKind
from features.reports.sections import BUILDERS
from features.reports.service import build_report
from tests.features.library.helpers import as_office
from tests.features.recruitment.helpers import make_jica, make_koubo
from tests.features.reports.test_page import FRAGMENT, _row, _section

NOVEMBER = datetime(2026, 11, 10, 9, tzinfo=JST).astimezone(UTC)


async def _history(database) -> None:
    _, jica = await make_jica(database)
    koubo = await make_koubo(database, jica.id, serial=7, title="教育行政アドバイザー")
    async with database.session() as db:
        await record_event(db, AccountEventKind.INDIVIDUAL_EXTENDED, RegistrationKind.FULL, NOVEMBER)
        await record_event(db, AccountEventKind.INDIVIDUAL_WITHDRAWN, RegistrationKind.SIMPLE, NOVEMBER)
        await record_event(db, AccountEventKind.ORGANIZATION_EXTENDED, OrganizationType.PUBLIC, NOVEMBER)
        await counts.add_count(db, koubo.id, date(2026, 11, 15), counts.Measure.VIEWS, 12)
        mails = [
            OutboxMail(
                to_address=f"r{n}@example.jp",
                subject="案内",
                body="本文",
                message_id=f"<bulk{n}@example.jp>",
                status=MailStatus.SENT,
                created_at=NOVEMBER,
                campaign="mailing:1",
            )
            for n in range(4)
        ]
        db.add_all(mails)
        await db.flush()
        for mail, kind in ((mails[0], BounceKind.HARD), (mails[1], BounceKind.SOFT)):
            db.add(BounceEvent(outbox_id=mail.id, address=mail.to_address, kind=kind, received_at=NOVEMBER))
        await record_unsubscribe(db, Category.GUIDE, date(2026, 11, 10))


async def test_the_new_sections_with_their_tables_charts_and_links(client, database, frozen_clock):
    await _history(database)
    frozen_clock.current = datetime(2026, 12, 7, 10, tzinfo=JST).astimezone(UTC)
    await as_office(client, database)
    page = (await client.get("/admin/reports?kind=month&period=2026-11-01")).text

    registrations = _section(page, "registrations")
    assert _row(registrations, "延長登録（国際協力人材登録）")[0] == "1人"
    assert _row(registrations, "退会")[0] == "1人"
    assert "日時が記録されていない" not in registrations
    assert _row(_section(page, "organization-renewals"), f"延長登録（{OrganizationType.PUBLIC}）")[0] == "1団体"
    assert _row(_section(page, "koubo-access"), "詳細表示")[:2] == ["12回", "0回"]
    top = _section(page, "koubo-top")
    assert _row(top, "2026-JE-0007 教育行政アドバイザー") == ["12回", "0回", "+12回", "0回", "+12回"]
    rates = _section(page, "mail-rates")
    assert _row(rates, "不達率")[0] == "50%"
    assert _row(rates, "うちハードバウンス")[0] == "25%"
    assert _row(rates, "配信停止率")[0] == "25%"
    assert _row(_section(page, "mailings"), "一斉配信メールの送信（合計）")[0] == "4通"
    mail_consultations = _section(page, "mail-consultations")
    assert _row(mail_consultations, "同（90パーセンタイル）")[0] == "—"
    assert "目標：受付から5営業日以内に回答" in mail_consultations
    for key, href in (
        ("organization-renewals", "/admin/organizations/expiring"),
        ("koubo-access", "/admin/koubo/access"),
        ("koubo-top", "/admin/koubo/access"),
        ("consultations", "/admin/consultation"),
        ("consultation-breakdown", "/admin/consultation"),
        ("mailings", "/admin/mailings"),
        ("mail-rates", "/admin/bounces"),
    ):
        section = _section(page, key)
        assert f'id="table-{key}"' in section, key
        assert f'href="{href}"' in section, key
        svg = re.search(r"<svg.*?</svg>", section, re.S)
        assert svg and f'aria-describedby="table-{key}"' in svg.group(0), key

    # The htmx fragment carries them too; a month without 公募 views has no top list.
    fragment = (await client.get("/admin/reports?kind=month&period=2026-10-01", headers=FRAGMENT)).text
    assert 'id="table-mail-rates"' in fragment and 'id="table-koubo-access"' in fragment
    assert 'id="h-koubo-top"' not in fragment
    assert _row(_section(fragment, "mail-rates"), "不達率")[0] == "—"  # nothing sent: no rate


def _counting(original, name: str, calls: Counter):
    async def counted(db, start, end, **options):
        calls[name] += 1
        return await original(db, start, end, **options)

    return counted


async def test_a_counter_two_sections_read_is_measured_once_per_report(database, frozen_clock, monkeypatch):
    shared = (
        (accounts, "count_account_events"),  # 個人の登録, 団体の延長登録
        (consultation, "count_consultation_figures"),  # 対面相談, its breakdown
        (bounces, "count_bulk_bounces"),  # メール配信, 不達率・配信停止率
        (postings, "count_postings"),  # 掲載情報, 承認までの営業日数
        (recruitment, "count_koubo_access"),  # 公募案件アクセス数, its top 公募 (current period)
    )
    calls: Counter[str] = Counter()
    for module, name in shared:
        monkeypatch.setattr(module, name, _counting(getattr(module, name), name, calls))
    await _history(database)
    frozen_clock.current = datetime(2026, 12, 7, 9, tzinfo=JST).astimezone(UTC)
    november = Period.containing(PeriodKind.MONTH, date(2026, 11, 1))
    async with database.session(write=False) as db:
        first = await build_report(db, november, BUILDERS)
        second = await build_report(db, november, BUILDERS)
    assert any(s.key == "koubo-top" for s in first)  # its earlier periods are asked for its 公募 only
    expected = {name: 2 * 3 for _, name in shared}  # two builds, three periods each
    expected["count_koubo_access"] += 2 * 2
    assert calls == expected
    assert [(s.key, s.figures) for s in first] == [(s.key, s.figures) for s in second]
