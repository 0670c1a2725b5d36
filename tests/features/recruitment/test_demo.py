"""The demo 公募・公示 of jica@example.org: every state with the counts the demo promises, one 公募
closing today at 12:00 Japan time, a 再公募 chain of three, 20 公示 each with a real PDF, sixty days
of access counts, every date following the clock; and the demo loads once."""

from __future__ import annotations

import asyncio
import io
import json
import re
from collections import Counter
from datetime import datetime, time, timedelta

from click.testing import CliRunner
from pypdf import PdfReader
from sqlalchemy import func, select

from app import clock, uploads
from app.clock import JST
from app.db import create_database
from features.accounts.models import Individual, Organization, RegistrationKind, UserAccount
from features.recruitment.models import (
    Koji,
    KojiFile,
    Koubo,
    KouboApplication,
    KouboApplicationEvent,
    KouboApplicationStatus,
    KouboDailyCount,
    NoticeStatus,
    PreKoubo,
    PreKouboFollower,
)
from features.recruitment.states import Phase, phase

EXPECTED_PHASES = {
    Phase.DRAFT: 3,
    Phase.PENDING: 2,
    Phase.RETURNED: 2,
    Phase.SCHEDULED: 2,
    Phase.OPEN: 8,
    Phase.CLOSED: 3,
    Phase.SCREENING: 3,
    Phase.FINISHED: 2,
    Phase.STOPPED: 2,
    Phase.ARCHIVED: 15,
}


async def rows(db, model, *where):
    return list((await db.execute(select(model).where(*where))).scalars())


async def jica_org_id(db) -> int:
    statement = select(Organization.id).join(UserAccount, UserAccount.id == Organization.user_id)
    return (await db.execute(statement.where(UserAccount.email == "jica@example.org"))).scalar_one()


_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}


def _literal_strings(content: bytes):
    """The (…) strings of a content stream, unescaped."""
    i = 0
    while (i := content.find(b"(", i)) != -1:
        out, depth, i = bytearray(), 1, i + 1
        while depth:
            ch = content[i]
            if ch == 0x5C:  # backslash
                nxt = content[i + 1]
                if 0x30 <= nxt <= 0x37:
                    digits = re.match(rb"[0-7]{1,3}", content[i + 1 : i + 4]).group()
                    out.append(int(digits, 8))
                    i += 1 + len(digits)
                    continue
                out += _ESCAPES.get(nxt, bytes([nxt]))
                i += 2
                continue
            depth += {0x28: 1, 0x29: -1}.get(ch, 0)
            if depth:
                out.append(ch)
            i += 1
        yield bytes(out)


def page_text(page) -> str:
    """The page's text read through its font's ToUnicode map (two-byte codes, as fpdf2 writes them;
    pypdf's own extraction garbles codes above 0xFF)."""
    font = next(iter(page["/Resources"]["/Font"].values())).get_object()
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    to_unicode = {int(a, 16): chr(int(b, 16)) for a, b in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4,})>", cmap)}
    return "".join(
        "".join(to_unicode.get(int.from_bytes(raw[i : i + 2], "big"), "?") for i in range(0, len(raw), 2))
        for raw in _literal_strings(page.get_contents().get_data())
    )


def stamps_of(row, *names):
    return [getattr(row, name) for name in names if getattr(row, name) is not None]


async def test_demo_recruitment_data(demo_copy, database, settings, frozen_clock):
    """One load (it takes seconds), three sets of checks."""
    frozen_clock.advance(days=1000)  # another year than the demo was written in: every date follows the clock
    await demo_copy(database, settings)
    await check_koubo_states(database)
    await check_chain_applicants_and_pre_koubo(database)
    await check_koji_and_counts(database, settings)


async def check_koubo_states(database):
    now = clock.now()
    today = now.astimezone(JST).date()
    async with database.session(write=False) as db:
        org_id = await jica_org_id(db)
        koubo = await rows(db, Koubo)
    assert {k.organization_id for k in koubo} == {org_id}
    phases = Counter(phase(k.status, k.publish_at, k.deadline_at, now) for k in koubo)
    assert phases == EXPECTED_PHASES

    noon_today = datetime.combine(today, time(12), tzinfo=JST)
    closing_today = [k for k in koubo if k.deadline_at and clock.to_jst(k.deadline_at) == noon_today]
    assert len(closing_today) == 1
    assert phase(closing_today[0].status, closing_today[0].publish_at, closing_today[0].deadline_at, now) == Phase.OPEN
    later = now + timedelta(minutes=1)  # 12:01: closed
    assert phase(closing_today[0].status, closing_today[0].publish_at, closing_today[0].deadline_at, later) == (
        Phase.CLOSED
    )

    archived = [k for k in koubo if k.status == NoticeStatus.ARCHIVED]
    assert sum(k.hidden for k in archived) == 1
    assert all(k.archived_at and k.closed_at and k.published_at for k in archived)
    assert all(k.return_reason for k in koubo if k.status == NoticeStatus.RETURNED)
    assert all(k.stop_reason and k.stopped_at for k in koubo if k.status == NoticeStatus.STOPPED)
    assert all(k.published_at for k in koubo if phase(k.status, k.publish_at, k.deadline_at, now) == Phase.OPEN)
    assert sum(k.proxy_user_id is not None for k in koubo) == 1  # 代理登録 by the secretariat

    assert len({k.koubo_type for k in koubo}) == 7
    assert {k.domestic for k in koubo} == {True, False}
    assert all(k.prefecture and not k.country for k in koubo if k.domestic)
    assert all(k.country and not k.prefecture for k in koubo if not k.domestic)
    assert {k.long_term for k in koubo} == {True, False}
    for k in koubo:
        stamps = stamps_of(
            k, "created_at", "updated_at", "submitted_at", "approved_at", "published_at", "closed_at", "archived_at"
        )
        assert all(clock.to_jst(s) <= now for s in stamps), (k.title, stamps)
        assert clock.to_jst(k.created_at) <= clock.to_jst(k.updated_at)
        deadline = clock.to_jst(k.deadline_at)
        assert (deadline.minute, deadline.second) == (0, 0)  # entered on a whole Japan-time hour
        assert k.long_term == ((k.period_end - k.period_start).days >= 364)
        languages = json.loads(k.languages)
        assert k.language_codes.split() == [entry["language"] for entry in languages]
        assert all(entry["need"] in ("必須", "望ましい") and entry["level"] in "SABC" for entry in languages)
        assert isinstance(json.loads(k.required_qualifications), list)
        assert isinstance(json.loads(k.required_documents), list) and json.loads(k.optional_documents)
        if k.status != NoticeStatus.DRAFT:
            assert re.fullmatch(r"\d{4}-[A-Z]{2}-\d{4}", k.number), k.number
        assert k.title.lower() in k.search_text and (k.number or "").lower() in k.search_text  # lower case, as searched
        for year in re.findall(r"(\d{4})年", k.title + k.duties):
            assert abs(int(year) - today.year) <= 1
    numbers = [k.number for k in koubo if k.number]
    assert len(numbers) == len(set(numbers))
    titles = Counter(k.title for k in koubo if k.repeat_of_id is None and not k.pre_koubo_id)
    assert max(titles.values()) <= 2  # the chain aside, no title twice


async def check_chain_applicants_and_pre_koubo(database):
    now = clock.now()
    async with database.session(write=False) as db:
        koubo = {k.id: k for k in await rows(db, Koubo)}
        applications = await rows(db, KouboApplication)
        events = await rows(db, KouboApplicationEvent)
        full = set(
            (await db.execute(select(Individual.user_id).where(Individual.kind == RegistrationKind.FULL))).scalars()
        )
        talent = (await db.execute(select(UserAccount.id).where(UserAccount.email == "talent@example.org"))).scalar()
        pre_koubo = await rows(db, PreKoubo)
        followers = await rows(db, PreKouboFollower)

    # 再公募: C (open) repeats B, which repeats A; both earlier ones are in the archive.
    chains = []
    for c in koubo.values():
        if c.repeat_of_id and koubo[c.repeat_of_id].repeat_of_id:
            b = koubo[c.repeat_of_id]
            chains.append((koubo[b.repeat_of_id], b, c))
    assert len(chains) == 1
    a, b, c = chains[0]
    assert a.repeat_of_id is None and a.status == b.status == NoticeStatus.ARCHIVED
    assert phase(c.status, c.publish_at, c.deadline_at, now) == Phase.OPEN
    assert a.title == b.title == c.title and len({a.number, b.number, c.number}) == 3
    assert a.deadline_at < b.deadline_at < c.deadline_at

    # Applicants: 国際協力人材登録 individuals, on 公募 that have been open, with their history.
    assert len(applications) >= 30
    assert {x.user_id for x in applications} <= full
    statuses = Counter(x.status for x in applications)
    assert set(statuses) == set(KouboApplicationStatus)
    history: dict[int, list] = {}
    for event in sorted(events, key=lambda e: (e.created_at, e.id)):
        history.setdefault(event.application_id, []).append(event)
    for application in applications:
        target = koubo[application.koubo_id]
        assert target.published_at is not None and application.organization_id == target.organization_id
        if application.status == KouboApplicationStatus.DRAFT:
            assert application.submitted_at is None and application.id not in history
            continue
        path = history[application.id]
        assert path[0].status == KouboApplicationStatus.RECEIVED and path[-1].status == application.status
        assert application.submitted_at <= target.deadline_at
        assert all(clock.to_jst(e.created_at) <= now for e in path)
        if application.status in (KouboApplicationStatus.RECEIVED, KouboApplicationStatus.DRAFT):
            continue
        assert target.status != NoticeStatus.APPROVED or application.status == KouboApplicationStatus.DECLINED
    finished = [k for k in koubo.values() if k.status == NoticeStatus.CLOSED]
    for k in finished:  # 選考終了: somebody was chosen
        assert any(x.koubo_id == k.id and x.status == KouboApplicationStatus.ACCEPTED for x in applications)
    assert {x.status for x in applications if x.user_id == talent} == {
        KouboApplicationStatus.RECEIVED,
        KouboApplicationStatus.INTERVIEW,
        KouboApplicationStatus.DRAFT,
    }

    # プレ公募: six approved, one already turned into a 公募 draft that points back to it.
    assert len(pre_koubo) == 6 and {p.status for p in pre_koubo} == {NoticeStatus.APPROVED}
    assert all(p.planned_year and (p.planned_month or p.planned_quarter) for p in pre_koubo)
    assert {bool(p.planned_month) for p in pre_koubo} == {True, False}
    converted = [p for p in pre_koubo if p.koubo_id]
    assert len(converted) == 1
    draft = koubo[converted[0].koubo_id]
    assert draft.status == NoticeStatus.DRAFT and draft.pre_koubo_id == converted[0].id
    assert draft.title == converted[0].title
    assert len(followers) >= 12 and {f.user_id for f in followers} <= full
    assert talent in {f.user_id for f in followers}
    assert all(f.notified_at is None for f in followers)


async def check_koji_and_counts(database, settings):
    now = clock.now()
    today = now.astimezone(JST).date()
    async with database.session(write=False) as db:
        kojis = await rows(db, Koji)
        files = await rows(db, KojiFile)
        koubo = {k.id: k for k in await rows(db, Koubo)}
        counts = await rows(db, KouboDailyCount)

    assert len(kojis) == 20
    assert Counter(k.status for k in kojis) == {
        NoticeStatus.APPROVED: 18,
        NoticeStatus.DRAFT: 1,
        NoticeStatus.PENDING: 1,
    }
    assert len({k.procurement_number for k in kojis}) == 20
    assert {k.contract_type for k in kojis} == {"業務実施契約", "業務実施契約（単独型）"}
    assert {k.selection_method for k in kojis} == {"企画競争", "総合評価落札方式"}
    with_results = [k for k in kojis if k.contractor]
    assert len(with_results) >= 3
    assert all(k.status == NoticeStatus.APPROVED and k.contracted_on < today for k in with_results)
    by_koji = {f.koji_id: f for f in files}
    assert len(files) == len(by_koji) == 20
    for koji in kojis:
        assert re.fullmatch(r"\d{2}[ab]\d{5}", koji.procurement_number)
        assert koji.jica_url.startswith("https://www.jica.go.jp/")
        roles = json.loads(koji.roles)
        assert roles and all(r["role"] and r["grade"].endswith("号") for r in roles)
        assert koji.period_start < koji.period_end and koji.mm_field > 0 and koji.mm_domestic > 0
        assert koji.question_deadline_at < koji.submission_deadline_at
        assert clock.to_jst(koji.submission_deadline_at).hour == 12
        if koji.status == NoticeStatus.APPROVED:
            assert koji.notice_on <= today and clock.to_jst(koji.approved_at) <= now
        stored = by_koji[koji.id]
        assert stored.label == "説明書" and stored.content_type == "application/pdf"
        assert stored.original_name.startswith(koji.procurement_number) and stored.original_name.endswith("説明書.pdf")
        data = uploads.read(settings, stored.stored_name, "koji")
        assert len(data) == stored.size
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == 1
        assert koji.title in reader.metadata.title
        text = page_text(reader.pages[0])
        assert f"調達管理番号：{koji.procurement_number}" in text and f"業務名称：{koji.title}" in text

    # 公募案件アクセス数: sixty Japan-time days ending today, for the 公募 seen in public only.
    days = {c.day for c in counts}
    assert len(days) == 60 and min(days) == today - timedelta(days=59) and max(days) == today
    seen = {NoticeStatus.APPROVED, NoticeStatus.SCREENING, NoticeStatus.CLOSED, NoticeStatus.ARCHIVED}
    for c in counts:
        k = koubo[c.koubo_id]
        assert k.status in seen and clock.to_jst(k.published_at).date() <= c.day
        assert c.views >= c.apply_clicks >= c.started >= c.submitted >= 0 and c.views > 0
        if c.day > clock.to_jst(k.deadline_at).date():
            assert c.started == c.submitted == 0  # nobody applies after the deadline
    totals = [sum(getattr(c, m) for c in counts) for m in ("views", "apply_clicks", "started", "submitted")]
    assert totals[0] > totals[1] > totals[2] > totals[3] > 0
    assert len({c.koubo_id for c in counts}) == sum(
        k.status in seen and k.published_at is not None for k in koubo.values()
    )


def test_demo_load_if_empty_loads_once_and_a_second_load_is_refused(settings, monkeypatch):
    """A migrated database is empty (the 公募種別 the migration seeds are no demo data), so
    `demo load --if-empty` loads; then --if-empty leaves it, and a plain second load fails whole."""
    from app import cli, config

    monkeypatch.setattr(config, "get_settings", lambda: settings)
    runner = CliRunner()
    first = runner.invoke(cli.demo_group, ["load", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "デモデータを投入しました。" in first.output
    second = runner.invoke(cli.demo_group, ["load", "--if-empty"])
    assert second.exit_code == 0 and "投入しませんでした" in second.output
    third = runner.invoke(cli.demo_group, ["load"])
    assert third.exit_code != 0  # the database refuses a second set of demo accounts

    async def count() -> tuple[int, int, int]:
        database = create_database(settings)
        try:
            async with database.session(write=False) as db:
                return tuple(
                    [
                        (await db.execute(select(func.count()).select_from(model))).scalar_one()
                        for model in (Koubo, Koji, KojiFile)
                    ]
                )
        finally:
            await database.dispose()

    assert asyncio.run(count()) == (42, 20, 20)
    assert len(list(uploads.upload_dir(settings, "koji").iterdir())) == 20
