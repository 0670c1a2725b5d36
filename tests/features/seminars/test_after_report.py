"""セミナーレポート: 下書き → 確認待ち → 公開 by the secretariat only, editing only as 下書き, a
comment to send back, photos images-only with alt text, public only once published (page,
photos, list, the seminar page redirecting to it), and 後処理完了 needing it published."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from features.accounts.models import Role
from features.seminars import seminar_report, service
from features.seminars.seminar_report import ReportError, ReportMove
from features.seminars.states import TransitionRefused
from tests.conftest import csrf_headers, use_session_cookie
from tests.features.accounts.helpers import log_in, make_user
from tests.features.seminars.after_helpers import make_seminar


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


async def test_the_review_states_and_their_guards(database, settings, frozen_clock):
    seminar = await make_seminar(database, status="held")
    async with database.session() as db:
        await seminar_report.save_draft(db, seminar, title="開催レポート", body="", actor_user_id=None)
        with pytest.raises(ReportError, match="本文を入力"):
            await seminar_report.move(db, seminar, ReportMove.SUBMIT, role="secretariat", actor_user_id=None)
    async with database.session() as db:
        await seminar_report.save_draft(db, seminar, title="開催レポート", body="本文です。", actor_user_id=None)
        with pytest.raises(ReportError, match="下書きのレポートは「公開する」"):
            await seminar_report.move(db, seminar, ReportMove.PUBLISH, role="secretariat", actor_user_id=None)
        report = await seminar_report.move(db, seminar, ReportMove.SUBMIT, role="secretariat", actor_user_id=None)
        assert report.status == "review"
    async with database.session() as db:
        with pytest.raises(ReportError, match="確認待ちのレポートは編集できません"):
            await seminar_report.save_draft(db, seminar, title="x", body="y", actor_user_id=None)
        with pytest.raises(ReportError, match="差し戻す理由"):
            await seminar_report.move(db, seminar, ReportMove.SEND_BACK, role="secretariat", actor_user_id=None)
        with pytest.raises(ReportError) as refused:
            await seminar_report.move(db, seminar, ReportMove.PUBLISH, role="counselor", actor_user_id=None)
        assert refused.value.status_code == 403
        back = await seminar_report.move(
            db, seminar, ReportMove.SEND_BACK, role="secretariat", actor_user_id=None, comment="写真を追加してください"
        )
        assert (back.status, back.review_comment) == ("draft", "写真を追加してください")
    async with database.session() as db:
        with pytest.raises(TransitionRefused, match="セミナーレポートを公開"):
            await service.transition(db, settings, seminar, "done")
    async with database.session() as db:
        await seminar_report.move(db, seminar, ReportMove.SUBMIT, role="secretariat", actor_user_id=None)
        published = await seminar_report.move(db, seminar, ReportMove.PUBLISH, role="secretariat", actor_user_id=None)
        assert published.status == "published" and published.published_at is not None
    async with database.session() as db:
        fresh = await service.get_seminar(db, seminar.id)
        assert (await service.transition(db, settings, fresh, "done")).status == "done"


async def test_a_report_needs_a_held_seminar(database):
    seminar = await make_seminar(database, status="closed")
    async with database.session() as db:
        with pytest.raises(ReportError, match="開催済"):
            await seminar_report.save_draft(db, seminar, title="t", body="b", actor_user_id=None)


async def test_the_office_flow_photos_and_the_public_side(client, database, frozen_clock):
    seminar = await make_seminar(database, status="held")
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    base = f"/admin/seminars/{seminar.id}/report"
    editor = await client.get(base)
    assert editor.status_code == 200 and "下書き（未保存）" in editor.text
    empty = await client.post(base, data={"title": "", "body": ""}, headers=csrf_headers(client))
    assert empty.status_code == 422 and "タイトルを入力" in empty.text
    saved = await client.post(
        base,
        data={"title": "東京セミナー開催報告", "body": "約120名が参加しました。\n\n<script>alert(1)</script>"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert saved.status_code == 303
    no_alt = await client.post(
        f"{base}/photos",
        data={"alt_text": ""},
        files={"photo": ("会場.png", png_bytes(), "image/png")},
        headers=csrf_headers(client),
    )
    assert no_alt.status_code == 422 and "代替テキスト" in no_alt.text
    not_image = await client.post(
        f"{base}/photos",
        data={"alt_text": "会場"},
        files={"photo": ("a.pdf", b"%PDF-1.4 x", "application/pdf")},
        headers=csrf_headers(client),
    )
    assert not_image.status_code == 422
    ok = await client.post(
        f"{base}/photos",
        data={"alt_text": "満席の会場で講演を聞く参加者", "caption": "基調講演"},
        files={"photo": ("会場.png", png_bytes(), "image/png")},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert ok.status_code == 303
    async with database.session(write=False) as db:
        report = await seminar_report.report_of(db, seminar.id)
        (photo,) = await seminar_report.photos_of(db, report.id)
    photo_url = f"/seminars/{seminar.id}/report/photos/{photo.id}"
    assert (await client.get(photo_url)).status_code == 200  # staff see the draft's photo
    assert (
        await client.post(f"{base}/submit", data={}, headers=csrf_headers(client), follow_redirects=False)
    ).status_code == 303
    locked = await client.post(base, data={"title": "x", "body": "y"}, headers=csrf_headers(client))
    assert locked.status_code == 409 and "編集できません" in locked.text
    use_session_cookie(client, None)
    assert (await client.get(f"/seminars/{seminar.id}/report")).status_code == 404
    assert (await client.get(photo_url)).status_code == 404
    await make_user(database, "person@example.jp", Role.INDIVIDUAL)
    await log_in(client, database, "person@example.jp")
    assert (await client.post(f"{base}/publish", data={}, headers=csrf_headers(client))).status_code == 403
    use_session_cookie(client, None)
    await log_in(client, database, "office@example.jp")
    assert (
        await client.post(f"{base}/publish", data={}, headers=csrf_headers(client), follow_redirects=False)
    ).status_code == 303
    use_session_cookie(client, None)
    public = await client.get(f"/seminars/{seminar.id}/report")
    assert public.status_code == 200 and "約120名が参加しました。" in public.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in public.text and "<script>alert" not in public.text
    assert 'alt="満席の会場で講演を聞く参加者"' in public.text
    assert (await client.get(photo_url)).headers["content-type"] == "image/png"
    assert "東京セミナー開催報告" in (await client.get("/seminars/reports")).text
    detail = await client.get(f"/seminars/{seminar.id}")
    assert detail.status_code == 200 and f'href="/seminars/{seminar.id}/report"' in detail.text
