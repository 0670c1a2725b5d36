"""The demo's 18 months of history (issue 16 item 7), as `litestar demo load` makes it: every one of
the last six months has new registrations, 延長登録, postings, applications, offers, inquiries, 公募
views and メール配信 in the report (and bulk mail sent, bounces, 退会 and 団体の延長登録), the months
differ (the charts have a shape, with the seasons: April and October above August), the comparison
with a year earlier is filled, nothing lies after the clock, the demo accounts are untouched, and a
second `demo load --if-empty` adds nothing."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from statistics import mean

from click.testing import CliRunner
from sqlalchemy import func, select

from app import clock
from app.db import create_database, import_all_models
from app.demo_calendar import HISTORY_DAYS
from app.mail import OutboxMail
from features.accounts.models import AccountEvent, Individual, UserAccount
from features.applications.models import Application, ApplicationEvent
from features.bounces.models import BounceEvent
from features.inquiries.models import InquiryCase
from features.mail_consultation.models import MailConsultation
from features.mailings.models import Mailing
from features.messages.models import Message
from features.postings.models import Posting
from features.reports import sections
from features.reports.periods import Period, PeriodKind
from features.reports.service import build_report
from features.seminars.models import SeminarRegistration

NEW_FULL = "新規登録（国際協力人材登録）"
MONTHLY = (  # (section key, figure) that must move every month
    ("registrations", NEW_FULL),
    ("registrations", "延長登録（国際協力人材登録）"),
    ("postings", "申請（求人情報）"),
    ("applications", "応募"),
    ("offers", "送信"),
    ("inquiries", "受付（合計）"),
    ("mail-consultations", "受付"),
    ("koubo-access", "詳細表示"),
    ("mailings", "配信開始（案内メール）"),
    ("mailings", "一斉配信メールの送信（合計）"),
)
# Figures that must be there every month, if not always with a shape (a handful a month).
EVERY_MONTH = (("mail-rates", "不達率"),)


def _figure(report, key: str, label: str):
    section = next(s for s in report if s.key == key)
    return next(f for f in section.figures if f.label == label)


async def _facts(settings) -> dict:
    database = create_database(settings)
    now, today = clock.now(), clock.today_jst()
    last = Period.last_complete(PeriodKind.MONTH, today)
    facts: dict = {"monthly": {pair: [] for pair in MONTHLY}, "every": {k: [] for k in EVERY_MONTH}, "approval": []}
    facts["attended"], facts["withdrawals"] = 0, []
    extensions: list[int] = []
    try:
        async with database.session(write=False) as db:
            for back in range(6):
                report = await build_report(db, last.shifted(-back), sections.BUILDERS)
                for key, label in MONTHLY:
                    facts["monthly"][key, label].append(_figure(report, key, label).current)
                for key, label in EVERY_MONTH:
                    facts["every"][key, label].append(_figure(report, key, label).current)
                renewals = next(s for s in report if s.key == "organization-renewals")
                facts["withdrawals"].append(_figure(report, "registrations", "退会").current)
                extensions.append(sum(f.current for f in renewals.figures if f.label.startswith("延長登録")))
                facts["approval"].append(_figure(report, "approval-days", "中央値").current)
                facts["attended"] += _figure(report, "seminars", "出席").current
            facts["year_ago"] = _figure(report, "registrations", NEW_FULL).year_ago
            facts["organization_extensions"] = extensions
            # The seasons, as averages over the history's complete Aprils, Augusts and Octobers.
            seasons: dict[int, list[int]] = {4: [], 8: [], 10: []}
            for year in (today.year - 2, today.year - 1, today.year):
                for month in seasons:
                    period = Period(PeriodKind.MONTH, date(year, month, 1))
                    if now - timedelta(days=HISTORY_DAYS) <= period.start and period.end <= now:
                        report = await build_report(db, period, sections.BUILDERS[:1])
                        seasons[month].append(_figure(report, "registrations", NEW_FULL).current)
            facts["seasons"] = {month: mean(values) for month, values in seasons.items()}
            facts["latest"] = [
                (str(column), await db.scalar(select(func.max(column)).where(*where)))
                for column, *where in (
                    (Individual.registered_at,),
                    (Posting.approved_at,),
                    (Posting.stopped_at,),
                    (Application.submitted_at,),
                    (ApplicationEvent.created_at,),
                    (Message.created_at,),
                    (SeminarRegistration.checked_in_at,),
                    (MailConsultation.answered_at,),
                    # The history's own cases (the desk's demo dates a reply or two later today).
                    (InquiryCase.first_replied_at, InquiryCase.email.like("inquiry%@example.jp")),
                    (AccountEvent.occurred_at,),
                    (Mailing.finished_at,),
                    (OutboxMail.sent_at,),
                    (BounceEvent.received_at,),
                )
            ]
            talent = await db.scalar(select(UserAccount.id).where(UserAccount.email == "talent@example.org"))
            facts["talent_applications"] = await db.scalar(
                select(func.count()).select_from(Application).where(Application.user_id == talent)
            )
            facts["rows"] = {
                table.name: await db.scalar(select(func.count()).select_from(table))
                for table in import_all_models().metadata.sorted_tables
            }
    finally:
        await database.dispose()
    return facts


def test_demo_load_makes_eighteen_months_with_a_shape_once(settings, monkeypatch, frozen_clock):
    from app import cli, config

    monkeypatch.setattr(config, "get_settings", lambda: settings)
    runner = CliRunner()
    first = runner.invoke(cli.demo_group, ["load", "--if-empty"])
    assert first.exit_code == 0 and "デモデータを投入しました。" in first.output, first.output
    facts = asyncio.run(_facts(settings))
    for key, values in facts["monthly"].items():
        assert all(v > 0 for v in values), (key, values)
        assert len(set(values)) > 1, (key, values)  # not a flat chart
    for key, values in facts["every"].items():
        assert all(v for v in values), (key, values)
    assert sum(facts["withdrawals"]) > 0
    assert sum(facts["organization_extensions"]) > 0 and len(set(facts["organization_extensions"])) > 1
    assert all(a is not None and 0 <= a <= 7 for a in facts["approval"]), facts["approval"]
    assert facts["attended"] > 0
    assert facts["year_ago"] > 0  # the comparison with a year earlier is filled too
    seasons = facts["seasons"]
    assert seasons[4] > seasons[8] and seasons[10] > seasons[8], seasons
    now = clock.to_jst(clock.now())
    late = [(column, s) for column, s in facts["latest"] if s is not None and clock.to_jst(s) > now]
    assert late == []
    assert facts["talent_applications"] == 0  # the demo accounts keep the state the other loaders gave them

    second = runner.invoke(cli.demo_group, ["load", "--if-empty"])
    assert second.exit_code == 0 and "投入しませんでした" in second.output
    assert asyncio.run(_facts(settings))["rows"] == facts["rows"]
