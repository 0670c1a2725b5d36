"""Applying to a 公募: only 国際協力人材登録, the deadline to the minute, documents, one application
per person, JICA's selection with its mails, isolation from every other organization, the
access counts, and erasing a person."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from sqlalchemy import func, select, update

from app import clock, uploads
from app.audit import AuditEvent
from app.clock import JST
from app.mail import OutboxMail
from features.accounts.models import Individual, OrganizationType, RegistrationKind
from features.recruitment import SLICE, applying
from features.recruitment.models import (
    KouboApplication,
    KouboApplicationEvent,
    KouboApplicationFile,
    KouboDailyCount,
)
from features.recruitment.models import KouboApplicationStatus as S
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, mails_to, make_user
from tests.features.applications.helpers import PDF
from tests.features.recruitment.helpers import JICA_EMAIL, PUBLIC_BODY_EMAIL, make_jica, make_koubo, make_organization
from tests.features.talent.helpers import build_resume

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
TALENT = "talent@example.jp"
NOON = datetime(2026, 11, 21, 12, 0, tzinfo=JST)  # the frozen clock starts here (03:00 UTC)


async def open_koubo(database, **values):
    _, jica = await make_jica(database)
    values.setdefault("required_documents", '["業務企画書"]')
    values.setdefault("optional_documents", '["語学証明書"]')
    return await make_koubo(database, jica.id, **values)


def documents(**overrides):
    chosen = {
        "file-required-0": ("業務企画書_山田.pdf", PDF, "application/pdf"),
        "file-optional-0": ("語学証明書.pdf", PDF, "application/pdf"),
    }
    chosen.update(overrides)
    return {k: v for k, v in chosen.items() if v is not None}


async def confirm(client, koubo_id: int, **overrides):
    await client.get(f"/koubo/{koubo_id}/apply?back=1")  # a CSRF cookie, no click counted
    return await client.post(
        f"/koubo/{koubo_id}/apply",
        files=documents(**overrides),
        data={"message": "よろしくお願いいたします。"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )


async def submit(client, koubo_id: int):
    return await client.post(f"/koubo/{koubo_id}/apply/submit", headers=csrf_headers(client), follow_redirects=False)


async def applications(database) -> list[KouboApplication]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(KouboApplication).order_by(KouboApplication.id))).scalars())


async def counts(database, koubo_id: int) -> KouboDailyCount | None:
    async with database.session(write=False) as db:
        return (
            await db.execute(select(KouboDailyCount).where(KouboDailyCount.koubo_id == koubo_id))
        ).scalar_one_or_none()


async def applied(client, database, koubo, email: str = TALENT) -> KouboApplication:
    user = await make_user(database, email)
    await log_in(client, database, email)
    assert (await confirm(client, koubo.id)).status_code == 200
    assert (await submit(client, koubo.id)).status_code == 303
    await client.post("/logout", headers=csrf_headers(client))
    return next(a for a in await applications(database) if a.user_id == user.id and a.koubo_id == koubo.id)


def upload_area(settings):
    return uploads.upload_dir(settings, applying.FILES_AREA)


async def test_an_expert_applies_and_jica_moves_the_application(client, database, settings, frozen_clock):
    client.headers["user-agent"] = BROWSER
    koubo = await open_koubo(database)
    await make_user(database, TALENT)
    await log_in(client, database, TALENT)
    form = await client.get(f"/koubo/{koubo.id}/apply")
    assert form.status_code == 200
    assert "専門家履歴書" in form.text and "業務企画書" in form.text and "語学証明書" in form.text
    assert 'href="/mypage/resume"' in form.text and 'enctype="multipart/form-data"' in form.text
    assert (await counts(database, koubo.id)).apply_clicks == 1

    shown = await confirm(client, koubo.id)
    assert shown.status_code == 200 and "応募内容の確認" in shown.text and "業務企画書_山田.pdf" in shown.text
    await confirm(client, koubo.id)  # a second 確認 replaces the draft's files, and is no second start
    async with database.session(write=False) as db:
        stored = list((await db.execute(select(KouboApplicationFile.stored_name))).scalars())
    assert len(stored) == 2 and sorted(os.listdir(upload_area(settings))) == sorted(stored)
    assert (await counts(database, koubo.id)).started == 1
    assert (await mails_to(database, TALENT))[
        -1
    ].subject == "【PARTNER】ワンタイムパスワードのお知らせ"  # nothing sent yet

    done = await submit(client, koubo.id)
    assert done.status_code == 303 and done.headers["location"] == "/mypage/koubo-applications"
    row = await counts(database, koubo.id)
    assert (row.apply_clicks, row.started, row.submitted) == (1, 1, 1)
    assert "公募に応募しました" in (await mails_to(database, TALENT))[-1].subject
    assert "公募に応募がありました" in (await mails_to(database, JICA_EMAIL))[-1].subject
    mine = await client.get("/mypage/koubo-applications")
    assert "応募受付" in mine.text and koubo.title in mine.text and "辞退する" in mine.text
    again = await client.get(f"/koubo/{koubo.id}/apply")
    assert again.status_code == 403 and "すでに応募しています" in again.text
    assert (await confirm(client, koubo.id)).status_code == 403  # one application per person
    assert len(await applications(database)) == 1
    await client.post("/logout", headers=csrf_headers(client))

    await log_in(client, database, JICA_EMAIL)
    listing = await client.get(f"/jica/koubo/{koubo.id}/applications")
    assert listing.status_code == 200 and "応募一覧" in listing.text and "山田 太郎" in listing.text
    [application] = await applications(database)
    edit = await client.get(f"/jica/koubo-applications/{application.id}")
    assert "応募編集" in edit.text and "よろしくお願いいたします。" in edit.text
    file_id = re.search(rf"/jica/koubo-applications/{application.id}/files/(\d+)\">業務企画書_山田.pdf", edit.text)
    download = await client.get(f"/jica/koubo-applications/{application.id}/files/{file_id.group(1)}")
    assert download.content == PDF and download.headers["content-type"] == "application/pdf"
    assert f"filename*=UTF-8''{quote('業務企画書_山田.pdf')}" in download.headers["content-disposition"]
    resume = await client.get(f"/jica/koubo-applications/{application.id}/resume.pdf")
    assert resume.content.startswith(b"%PDF") and quote("専門家履歴書_") in resume.headers["content-disposition"]

    async def move(status: str):
        return await client.post(
            f"/jica/koubo-applications/{application.id}/status",
            data={"status": status},
            headers=csrf_headers(client),
            follow_redirects=True,
        )

    skipped = await move(S.ACCEPTED)  # no 合格 before 書類選考 and 面接
    assert "「応募受付」から「合格」には変更できません" in skipped.text
    assert (await applications(database))[0].status == S.RECEIVED
    await move(S.SCREENING_PASSED)
    mail = (await mails_to(database, TALENT))[-1]
    assert "書類選考の結果" in mail.subject and "合格されました" in mail.body
    await move(S.INTERVIEW)
    assert "面接のお知らせ" in (await mails_to(database, TALENT))[-1].subject
    await move(S.REJECTED)
    mail = (await mails_to(database, TALENT))[-1]
    assert "選考結果のお知らせ" in mail.subject and "ご期待に沿えない" in mail.body and "理由" not in mail.body
    after = await move(S.DECLINED)  # a result is final
    assert "「不合格」から「辞退」には変更できません" in after.text
    note = await client.post(
        f"/jica/koubo-applications/{application.id}/note",
        data={"note": "面接官の所感：良好"},
        headers=csrf_headers(client),
        follow_redirects=True,
    )
    assert "面接官の所感：良好" in note.text
    async with database.session(write=False) as db:
        history = list(
            (await db.execute(select(KouboApplicationEvent.status).order_by(KouboApplicationEvent.id))).scalars()
        )
    assert history == [S.RECEIVED, S.SCREENING_PASSED, S.INTERVIEW, S.REJECTED]
    await client.post("/logout", headers=csrf_headers(client))
    await log_in(client, database, TALENT)
    mine = await client.get("/mypage/koubo-applications")
    assert "不合格" in mine.text and "面接官の所感" not in mine.text and "辞退する" not in mine.text


async def test_the_deadline_holds_to_the_minute(client, database, frozen_clock):
    koubo = await open_koubo(database, deadline_at=NOON)
    await make_user(database, TALENT)
    await make_user(database, "late@example.jp")
    await log_in(client, database, TALENT)
    assert (await confirm(client, koubo.id)).status_code == 200
    frozen_clock.advance(seconds=59)  # 12:00:59
    assert (await submit(client, koubo.id)).status_code == 303
    await client.post("/logout", headers=csrf_headers(client))

    frozen_clock.current = NOON.astimezone(UTC)
    await log_in(client, database, "late@example.jp")
    assert (await confirm(client, koubo.id)).status_code == 200
    frozen_clock.advance(seconds=60)  # 12:01:00
    mails_before = await _mail_count(database)
    late = await submit(client, koubo.id)
    assert late.status_code == 422 and "応募締切（2026年11月21日 12:00）を過ぎたため、応募できません" in late.text
    statuses = sorted(a.status for a in await applications(database))
    assert statuses == sorted([S.RECEIVED, S.DRAFT])  # the late one stays a draft
    assert await _mail_count(database) == mails_before
    async with database.session(write=False) as db:
        assert (await db.execute(select(func.count()).select_from(KouboApplicationEvent))).scalar_one() == 1
    again = await confirm(client, koubo.id)
    assert again.status_code == 422 and "締切後の応募は受け付けていません" in again.text
    closed = await client.get(f"/koubo/{koubo.id}/apply")
    assert closed.status_code == 410 and "応募締切" in closed.text


async def _mail_count(database) -> int:
    async with database.session(write=False) as db:
        return (await db.execute(select(func.count()).select_from(OutboxMail))).scalar_one()


async def test_documents_are_required_and_checked_by_content(client, database, settings, frozen_clock):
    koubo = await open_koubo(database)
    await make_user(database, TALENT)
    await log_in(client, database, TALENT)
    missing = await confirm(client, koubo.id, **{"file-required-0": None})
    assert missing.status_code == 422 and "「業務企画書」のファイルを選択してください。" in missing.text
    fake = await confirm(
        client, koubo.id, **{"file-optional-0": ("語学証明書.pdf", b"<html><script>x</script>", "application/pdf")}
    )
    assert (
        fake.status_code == 422
        and "「語学証明書」：PDF・Word・Excel・JPEG・PNGのファイルを選択してください" in fake.text
    )
    assert await applications(database) == []
    assert not upload_area(settings).exists() or os.listdir(upload_area(settings)) == []
    assert (await submit(client, koubo.id)).status_code == 404  # nothing prepared, nothing to send


async def test_only_a_full_registration_may_apply(client, database, frozen_clock):
    koubo = await open_koubo(database)
    anonymous = await client.get(f"/koubo/{koubo.id}/apply", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == f"/login?next={quote(f'/koubo/{koubo.id}/apply', safe='')}"

    simple = await make_user(database, "simple@example.jp")
    async with database.session() as db:
        await db.execute(update(Individual).where(Individual.user_id == simple.id).values(kind=RegistrationKind.SIMPLE))
    await log_in(client, database, "simple@example.jp")
    refused = await client.get(f"/koubo/{koubo.id}/apply")
    assert refused.status_code == 403 and "国際協力人材登録" in refused.text
    assert 'href="/mypage/profile/registration/edit"' in refused.text
    posted = await client.post(
        f"/koubo/{koubo.id}/apply", files=documents(), headers=csrf_headers(client), follow_redirects=False
    )
    assert posted.status_code == 403 and await applications(database) == []
    await client.post("/logout", headers=csrf_headers(client))

    await make_user(database, "org@example.jp", "organization")
    await log_in(client, database, "org@example.jp")
    assert (await client.get(f"/koubo/{koubo.id}/apply")).status_code == 403
    assert (await client.post(f"/koubo/{koubo.id}/apply", headers=csrf_headers(client))).status_code == 403


async def test_a_draft_or_stopped_koubo_cannot_be_applied_to(client, database, frozen_clock):
    _, jica = await make_jica(database)
    draft = await make_koubo(database, jica.id, status="draft", serial=2)
    stopped = await make_koubo(database, jica.id, status="stopped", serial=3)
    screening = await make_koubo(database, jica.id, status="screening", serial=4)
    await make_user(database, TALENT)
    await log_in(client, database, TALENT)
    assert (await client.get(f"/koubo/{draft.id}/apply")).status_code == 404
    assert (await client.get(f"/koubo/{stopped.id}/apply")).status_code == 404
    assert (await client.get(f"/koubo/{screening.id}/apply")).status_code == 410
    assert (await confirm(client, screening.id)).status_code == 422
    assert await applications(database) == []


async def test_the_applicant_declines_before_a_result(client, database, frozen_clock):
    koubo = await open_koubo(database)
    application = await applied(client, database, koubo)
    await make_user(database, "other@example.jp")
    await log_in(client, database, "other@example.jp")
    stranger = await client.post(
        f"/mypage/koubo-applications/{application.id}/decline", headers=csrf_headers(client), follow_redirects=False
    )
    assert stranger.status_code == 404
    await client.post("/logout", headers=csrf_headers(client))
    await log_in(client, database, TALENT)
    await client.post(f"/mypage/koubo-applications/{application.id}/decline", headers=csrf_headers(client))
    assert (await applications(database))[0].status == S.DECLINED
    assert "辞退を受け付けました" in (await mails_to(database, TALENT))[-1].subject
    assert "辞退されました" in (await mails_to(database, JICA_EMAIL))[-1].subject
    twice = await client.post(
        f"/mypage/koubo-applications/{application.id}/decline", headers=csrf_headers(client), follow_redirects=True
    )
    assert "「辞退」から「辞退」には変更できません" in twice.text


async def test_no_other_organization_sees_or_changes_jica_applicants(client, database, frozen_clock):
    koubo = await open_koubo(database)
    application = await applied(client, database, koubo)
    async with database.session(write=False) as db:
        file_id = (await db.execute(select(KouboApplicationFile.id))).scalars().first()
    base = f"/jica/koubo-applications/{application.id}"
    reads = [
        f"/jica/koubo/{koubo.id}/applications",
        f"/jica/koubo/{koubo.id}/applications.csv",
        base,
        f"{base}/files/{file_id}",
        f"{base}/resume.pdf",
    ]
    writes = [f"{base}/status", f"{base}/note"]
    await make_user(database, "corp@example.jp", "organization")  # an ordinary organization
    await make_organization(database, PUBLIC_BODY_EMAIL, org_type=OrganizationType.PUBLIC)  # public body, no flag
    await make_organization(database, "jica-other@example.jp", jica=True)  # flagged, but not the owner
    for email, expected in (("corp@example.jp", 403), (PUBLIC_BODY_EMAIL, 403), ("jica-other@example.jp", 404)):
        await log_in(client, database, email)
        for path in reads:
            assert (await client.get(path, follow_redirects=False)).status_code == expected, (email, path)
        for path in writes:
            response = await client.post(
                path, data={"status": S.SCREENING_PASSED, "note": "x"}, headers=csrf_headers(client)
            )
            assert response.status_code == expected, (email, path)
        await client.post("/logout", headers=csrf_headers(client))
    [unchanged] = await applications(database)
    assert unchanged.status == S.RECEIVED and unchanged.note == ""
    async with database.session(write=False) as db:
        refused = list(
            (await db.execute(select(AuditEvent.action).where(AuditEvent.action.like("foreign_koubo%")))).scalars()
        )
    assert len(refused) == len(reads) + len(writes)  # each 404 of the other JICA account is audited


async def test_the_list_filters_by_status_and_exports_safe_csv(client, database, frozen_clock):
    koubo = await open_koubo(database)
    first = await applied(client, database, koubo)
    await applied(client, database, koubo, email="second@example.jp")
    async with database.session() as db:
        await db.execute(update(KouboApplication).where(KouboApplication.id == first.id).values(status=S.INTERVIEW))
        await db.execute(update(Individual).values(family_name="=HYPERLINK(1)"))
    await log_in(client, database, JICA_EMAIL)
    interview = await client.get(f"/jica/koubo/{koubo.id}/applications?status={quote(S.INTERVIEW)}")
    assert interview.text.count("応募編集<span") == 1
    everyone = await client.get(f"/jica/koubo/{koubo.id}/applications")
    assert everyone.text.count("応募編集<span") == 2
    fragment = await client.get(
        f"/jica/koubo/{koubo.id}/applications?status={quote(S.RECEIVED)}",
        headers={"HX-Request": "true", "HX-Target": "applicant-rows"},
    )
    assert "<h1>" not in fragment.text and fragment.text.count("応募編集<span") == 1
    csv = await client.get(f"/jica/koubo/{koubo.id}/applications.csv")
    text = csv.content.decode("utf-8-sig")
    assert csv.headers["content-type"].startswith("text/csv") and text.startswith("公募番号,案件名,登録コード")
    assert "'=HYPERLINK(1) 太郎" in text and text.count("\r\n") == 3
    async with database.session(write=False) as db:
        assert (await db.execute(select(AuditEvent).where(AuditEvent.action == "koubo_applicants_export"))).scalar_one()


async def test_counts_skip_crawlers(client, database, frozen_clock):
    koubo = await open_koubo(database)
    client.headers["user-agent"] = "Googlebot/2.1 (+http://www.google.com/bot.html)"
    await client.get(f"/koubo/{koubo.id}/apply")
    assert await counts(database, koubo.id) is None
    client.headers["user-agent"] = BROWSER
    await client.get(f"/koubo/{koubo.id}/apply")  # anonymous: counted, then sent to the login form
    assert (await counts(database, koubo.id)).apply_clicks == 1


async def test_erasing_a_person_removes_applications_and_files(client, database, settings, frozen_clock):
    koubo = await open_koubo(database)
    application = await applied(client, database, koubo)
    other = await applied(client, database, koubo, email="stays@example.jp")
    assert len(os.listdir(upload_area(settings))) == 4
    assert applying.erase_applications in SLICE.person_erasers
    async with database.session() as db:
        await applying.erase_applications(db, settings, application.user_id)
    remaining = await applications(database)
    assert [a.id for a in remaining] == [other.id]
    async with database.session(write=False) as db:
        files = list((await db.execute(select(KouboApplicationFile))).scalars())
        events = list((await db.execute(select(KouboApplicationEvent.application_id))).scalars())
    assert {f.application_id for f in files} == {other.id} and events == [other.id]
    assert sorted(os.listdir(upload_area(settings))) == sorted(f.stored_name for f in files)


async def test_the_sweep_takes_only_old_orphans_of_its_own_area(client, database, settings, frozen_clock):
    from features.applications import service as web_applications

    koubo = await open_koubo(database)
    await applied(client, database, koubo)
    area = upload_area(settings)
    kept = set(os.listdir(area))
    orphan = area / "0123456789abcdef0123456789abcdef"
    fresh = area / "fedcba9876543210fedcba9876543210"
    orphan.write_bytes(b"x")
    fresh.write_bytes(b"x")
    old = (clock.now() - timedelta(days=2)).timestamp()
    for path in [orphan, *(area / name for name in kept)]:
        os.utime(path, (old, old))
    os.utime(fresh, (clock.now().timestamp(), clock.now().timestamp()))
    async with database.session() as db:
        assert await web_applications.sweep_orphan_files(db, settings) == 0  # Web応募's sweep never looks here
        assert await applying.sweep_orphan_files(db, settings) == 1
    assert set(os.listdir(area)) == kept | {fresh.name}
    assert any(job.run is applying.sweep_orphan_files for job in SLICE.jobs)


async def test_the_apply_button_explains_the_rules(database, settings, frozen_clock):
    from app.templating import create_environment

    koubo = await open_koubo(database)
    template = create_environment(settings).get_template("recruitment/apply/_apply_button.html.jinja")
    url_for = lambda name, **params: f"/{name}/{params['koubo_id']}"  # noqa: E731
    open_box = template.render(koubo=koubo, accepting=True, url_for=url_for)
    assert f'href="/recruitment:apply/{koubo.id}">この案件に応募する</a>' in open_box
    assert "電子メール" in open_box and "1分でも過ぎた応募は受け付けません" in open_box and "専門家履歴書" in open_box
    closed = template.render(koubo=koubo, accepting=False, url_for=url_for)
    assert "この案件に応募する</a>" not in closed and "締切を過ぎました" in closed


async def test_the_form_warns_while_the_expert_resume_has_no_project(client, database, frozen_clock):
    koubo = await open_koubo(database)
    await make_user(database, "blank@example.jp")
    await log_in(client, database, "blank@example.jp")
    blank = await client.get(f"/koubo/{koubo.id}/apply?back=1")
    assert blank.status_code == 200 and "業務経験（案件）」がまだ1件も入力されていません" in blank.text
    client.cookies.clear()
    await build_resume(client, database, TALENT)  # with a 案件
    await log_in(client, database, TALENT)
    ready = await client.get(f"/koubo/{koubo.id}/apply?back=1")
    assert ready.status_code == 200 and "まだ1件も入力されていません" not in ready.text
